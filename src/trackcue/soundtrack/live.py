"""Real sound for a live run: the output opened from ``--audio``, speech prepared, cues placed.

The player gets this object as its cue sink. ``prepare`` (slow: speech pre-render) runs before
the get-ready countdown — on a worker thread under the screen — and after it ``timeline`` is the
re-timed one to play. Until then nothing is queued.
"""

from __future__ import annotations

import threading
import sys
from typing import Callable

from trackcue.audio.select import open_output
from trackcue.soundtrack.prepare import prepare
from trackcue.soundtrack.sink import AudioCueSink
from trackcue.speech.prerender import RenderProgress
from trackcue.timeline import Cue, Timeline

Progress = Callable[[int, int, str], None]
DRAIN_S = 10.0  # the longest close() waits for queued sound to finish


class LiveSoundtrack:
    """A ``CueSink`` with ``prepare``, ``status``, ``speech_status`` and ``close`` for the player."""

    def __init__(self, timeline: Timeline, clock, audio: str = "auto", speech: str = "auto",
                 voice: str | None = None, words_per_minute: int | None = None, latency_s: float | None = None,
                 log: Callable[[str], None] | None = None) -> None:
        self.timeline = timeline
        self.clock = clock
        self._speech = (speech, voice, words_per_minute)
        self._log = log or (lambda _msg: None)
        self.output = open_output(audio, clock, latency_s, self._log)  # a bad --audio fails before the start
        # The device callback runs Python: it must get the GIL within a millisecond, not after the
        # default 5 ms switch interval, or onsets wander by what it waited.
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
        self.output.start()  # running (silent) during the speech pre-render: its clock is learnt by the first cue
        self.speech_status = ""
        self.notes: list[str] = []
        self._sink: AudioCueSink | None = None

    @property
    def status(self) -> str:
        """``audio: <backend> …`` as the output describes itself now (it may have failed over)."""
        text = self.output.status
        return text if text.startswith("audio") else f"audio: {text}"

    def prepare(self, progress: Progress | None = None) -> Timeline:
        """Pre-render speech and plan the cues; return the timeline to play. Idempotent."""
        if self._sink is not None:
            return self.timeline

        def report(p: RenderProgress) -> None:
            if progress is not None:
                progress(p.done, p.total, p.text)

        speech, voice, wpm = self._speech
        track = prepare(self.timeline, self.output.rate, speech, voice, wpm, report)
        self.timeline = track.timeline
        self.speech_status = track.speech.status
        self.notes = list(track.notes)
        for note in self.notes:
            self._log(note)
        self._sink = AudioCueSink(track, self.output, self.clock)
        return self.timeline

    @property
    def muted(self) -> bool:
        return bool(self._sink and self._sink.muted)

    @muted.setter
    def muted(self, value: bool) -> None:
        if self._sink is not None:
            self._sink.muted = value

    def queue(self, cue: Cue, at_clock_t: float) -> None:
        """Hand ``cue`` to the output at ``at_clock_t`` (ignored before ``prepare``)."""
        if self._sink is not None:
            self._sink.queue(cue, at_clock_t)

    def cancel_from(self, clock_t: float) -> None:
        """Forget what has not started by ``clock_t``."""
        self.output.cancel_from(clock_t)

    def close(self) -> None:
        """Let what is still queued play out (the closing "well done"), then close the output.

        The wait is bounded by ``DRAIN_S``; a second Ctrl-C cuts it short. After an abort the
        player has already cancelled what had not started, so only the sounding clip finishes.
        """
        if self._sink is not None:
            self._sink.close()
            try:
                threading.Event().wait(min(self.output.pending_s(), DRAIN_S))
            except KeyboardInterrupt:
                pass
        self.output.close()
