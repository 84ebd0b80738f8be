"""Loaded by ``bench/e2e_pulse.py --trace`` into the ``trackcue run`` it starts (via PYTHONPATH).

Notes, for the bench to read afterwards, what the output stream saw: every device callback as
(frames handed so far, monotonic seconds) and every clip placed as (name, frame). Appending to
two lists is all it does inside the callback. Nothing here is part of trackcue.
"""

import atexit
import json
import os
import time

_PATH = os.environ.get("TRACKCUE_BENCH_TRACE")

if _PATH:
    from trackcue.audio import mixer, stream

    _log = {"callbacks": [], "placed": []}
    _fill, _schedule = stream.StreamOutput.fill, mixer.Mixer.schedule

    def fill(self, nframes):
        _log["callbacks"].append((self._written, time.monotonic()))
        return _fill(self, nframes)

    def schedule(self, clip, frame, gain=1.0, peak=None):
        _log["placed"].append((clip.name, int(frame)))
        return _schedule(self, clip, frame, gain, peak)

    stream.StreamOutput.fill = fill
    mixer.Mixer.schedule = schedule

    @atexit.register
    def _dump():
        with open(_PATH, "w") as out:
            json.dump(_log, out)
