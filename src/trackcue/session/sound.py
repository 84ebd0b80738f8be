"""The sound of a live session: the one place ``--audio``/``--speech`` become a ``LiveSink``."""

from __future__ import annotations

from collections.abc import Sequence

from trackcue.audio.output import PlayListener
from trackcue.engine.clock import Clock
from trackcue.hearing import ASKED_SILENCE, Hearing
from trackcue.session.options import PlayOptions
from trackcue.session.protocols import LiveSink, Notify, Progress
from trackcue.timeline import Cue, Timeline


class SilentSound:
    """A ``LiveSink`` that plays nothing (``--audio null``, or the sound could not be prepared).

    The cue events still come at their exact times; ``status`` says why nothing sounds.
    """

    def __init__(self, timeline: Timeline, why: str = "--audio null") -> None:
        self.timeline = timeline
        self.why = why

    @property
    def status(self) -> str:
        return f"audio: off ({self.why})"

    @property
    def speech_status(self) -> str:
        return ""

    @property
    def notes(self) -> Sequence[str]:
        return ()

    def hearing(self) -> Hearing:
        if self.why == "--audio null":
            return ASKED_SILENCE
        return Hearing("none", False, self.why, "see trackcue doctor")

    def prepare(self, progress: Progress | None = None) -> Timeline:
        return self.timeline

    def start_now(self) -> None:
        pass  # nothing to wait for

    def queue(self, cue: Cue, at_clock_t: float) -> None:
        pass

    def cancel_from(self, clock_t: float) -> None:
        pass

    def close(self) -> None:
        pass


def open_sound(options: PlayOptions, timeline: Timeline, clock: Clock, notify: Notify,
               listener: PlayListener | None = None) -> LiveSink:
    """The output ``options.audio`` names, started (silent) and ready for ``prepare``.

    A device call: not on the UI thread. Raises ``UserError`` when a named output cannot open;
    ``auto`` always opens something (at worst silence, said through ``notify``). Without
    ``--latency`` each backend takes what ``trackcue calibrate`` measured for it on the sink it
    plays to. ``listener`` is told of every clip placed (the music ducker).
    """
    if options.audio == "null":
        return SilentSound(timeline)
    from trackcue.soundtrack.live import LiveSoundtrack

    calibrated = calibrated_latencies(notify) if options.latency_s is None else {}
    return LiveSoundtrack(timeline, clock, options.audio, options.speech, options.voice, options.words_per_minute,
                          options.latency_s, notify, calibrated=calibrated, listener=listener)


def calibrated_latencies(notify: Notify) -> dict[str, float]:
    """Backend name → seconds, as calibrated for the sink a stream would play to now ({} if none).

    Asks the sound server for its default sink only when something was calibrated. A damaged
    ``outputs.yaml`` is said through ``notify`` and ignored.
    """
    from trackcue.handsfree.latencies import OutputsFileError, for_sink, load
    from trackcue.handsfree.pulse_client import default_sink

    try:
        found = load()
    except OutputsFileError as err:
        notify(f"latency: {err}; the output's own estimate is used (trackcue calibrate)")
        return {}
    return for_sink(found, default_sink()) if found else {}
