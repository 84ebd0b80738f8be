"""One workout being played on the screen: the player, its cue hand-off, its recorder, its status.

``Playback`` is what the outside supplies (clock, sink, recorder — real ones from the command line,
fakes in tests); ``Session`` wires them to a ``Player`` and owns their shutdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from trackcue.engine.offthread import OffThreadSink
from trackcue.engine.player import FINISHED, IDLE, Player
from trackcue.engine.sink import CueSink
from trackcue.timeline import Timeline

# prepare(progress) renders the speech before the start; progress(done, total, phrase).
Prepare = Callable[[Callable[[int, int, str], None]], None]


@dataclass
class Playback:
    """The clock, the cue sink and the recorder a session plays with, and how they are doing.

    ``recorder`` needs ``record(event)`` and ``close()`` (``path`` and ``session_id`` if it has
    them are shown in the summary). ``notices`` collects one-line messages (history falling back
    to another file, audio failing over) for the status line.
    """

    clock: Any
    sink: CueSink
    recorder: Any | None = None
    get_ready_s: float | None = None
    audio_status: str = "audio: off"
    speech_status: str = ""
    prepare: Prepare | None = None
    close: Callable[[], None] | None = None
    notices: list[str] = field(default_factory=list)


class Session:
    """A ``Player`` over ``timeline`` whose cues go to ``playback.sink`` through a worker thread."""

    def __init__(self, timeline: Timeline, playback: Playback, units: str = "metric") -> None:
        self.timeline = timeline
        self.playback = playback
        self.units = units
        self.sink = OffThreadSink(playback.sink, playback.clock, on_error=self._sink_failed)
        self._sink_error: str | None = None
        recorder = playback.recorder
        self.player = Player(timeline, playback.clock, self.sink, get_ready_s=playback.get_ready_s,
                             on_event=recorder.record if recorder is not None else None)
        self.prepare = playback.prepare
        self._closed = False

    @property
    def muted(self) -> bool:
        return self.sink.muted

    def toggle_mute(self) -> bool:
        """Mute or unmute the cues; return whether they are muted now."""
        return self.sink.toggle_mute()

    def _sink_failed(self, why: str) -> None:  # on the cue thread: only a string is stored
        self._sink_error = why

    def status_line(self) -> str:
        """``audio: miniaudio · speech: espeak-ng`` — or what is silent and why, and the latest notice."""
        parts = [self.playback.audio_status]
        if self.playback.speech_status:
            parts.append(self.playback.speech_status)
        if self._sink_error:
            parts.append(f"audio error ({self._sink_error})")
        if self.playback.notices:
            parts.append(self.playback.notices[-1])
        return " · ".join(p for p in parts if p)

    def saved_line(self) -> str:
        """Where the run was recorded, for the summary."""
        rec = self.playback.recorder
        if rec is None:
            return "not recorded (no history for this run)"
        path = getattr(rec, "path", None)
        sid = getattr(rec, "session_id", None)
        where = f" in {path}" if path else ""
        return f"saved as session {sid}{where}" if sid is not None else f"saved{where}"

    def close(self) -> None:
        """Stop: an unfinished run is recorded as aborted (laps kept); then every output closes."""
        if self._closed:
            return
        self._closed = True
        if self.player.state not in (IDLE, FINISHED):
            self.player.abort()
        self.sink.close()
        for closer in (self.playback.close, getattr(self.playback.recorder, "close", None)):
            if closer is not None:
                try:
                    closer()
                except Exception as err:  # noqa: BLE001 — closing one output must not lose the others
                    self.playback.notices.append(f"while closing: {err}")
