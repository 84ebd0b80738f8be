"""The sound of a live session: the one place ``--audio``/``--speech`` become a ``LiveSink``."""

from __future__ import annotations

from collections.abc import Sequence

from trackcue.engine.clock import Clock
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


def open_sound(options: PlayOptions, timeline: Timeline, clock: Clock, notify: Notify) -> LiveSink:
    """The output ``options.audio`` names, started (silent) and ready for ``prepare``.

    A device call: not on the UI thread. Raises ``UserError`` when a named output cannot open;
    ``auto`` always opens something (at worst silence, said through ``notify``).
    """
    if options.audio == "null":
        return SilentSound(timeline)
    from trackcue.soundtrack.live import LiveSoundtrack

    return LiveSoundtrack(timeline, clock, options.audio, options.speech, options.voice, options.words_per_minute,
                          options.latency_s, notify)
