"""One workout being played on the screen: the player, its cue hand-off, its recorder, its status.

``Playback`` is what the outside supplies (clock, sink, recorder — real ones from the command line,
fakes in tests); ``Session`` wires them to a ``Player`` and owns their shutdown.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from trackcue.engine.offthread import OffThreadSink
from trackcue.engine.player import FINISHED, IDLE, Player
from trackcue.engine.sink import CueSink
from trackcue.history.summary import fold
from trackcue.timeline import Timeline

# prepare(progress) renders the speech before the start and may return a re-timed timeline to
# play instead (its cues moved where the speech fits); progress(done, total, phrase).
Prepare = Callable[[Callable[[int, int, str], None]], Any]


@dataclass
class Playback:
    """The clock, the cue sink and the recorder a session plays with, and how they are doing.

    ``recorder`` needs ``record(event)`` and ``close()`` (``path`` and ``session_id`` if it has
    them are shown in the summary). ``open_recorder`` instead opens one when the session first
    needs it (just before the start): the screen's first frame does not wait for the database.
    ``earlier_events``: when continuing a session, its recorded events (the summary counts them too).
    ``notices`` collects one-line messages (history falling back to another file, audio failing
    over) for the status line. A sink with ``status`` and ``speech_status`` strings
    (``LiveSoundtrack``) is asked again on every redraw: it may fail over.
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
    resume_at: tuple[int, list] | None = None  # (step index, laps so far): continue a session
    earlier_events: list[dict[str, Any]] = field(default_factory=list)  # the continued session's record
    open_recorder: Callable[[], Any] | None = None

    @classmethod
    def of(cls, clock: Any, sink: CueSink, **kw: Any) -> "Playback":
        """A playback whose ``prepare`` and ``close`` are the sink's own, when it has them."""
        kw.setdefault("prepare", getattr(sink, "prepare", None))
        kw.setdefault("close", getattr(sink, "close", None))
        return cls(clock=clock, sink=sink, **kw)


class Session:
    """A ``Player`` over ``timeline`` whose cues go to ``playback.sink`` through a worker thread."""

    def __init__(self, timeline: Timeline, playback: Playback, units: str = "metric") -> None:
        self.timeline = timeline
        self.playback = playback
        self.units = units
        self.sink = OffThreadSink(playback.sink, playback.clock, on_error=self._sink_failed)
        # The session as history folds it (a resumed one from its first event): the summary's numbers.
        self.history = fold(playback.earlier_events)
        self._sink_error: str | None = None
        self.player = self._player(timeline)
        self.prepare = playback.prepare
        self._recording_done = False
        self._audio_closed = False
        self._audio_lock = threading.Lock()
        self._closer: threading.Thread | None = None

    def _player(self, timeline: Timeline) -> Player:
        return Player(timeline, self.playback.clock, self.sink, get_ready_s=self.playback.get_ready_s,
                      on_event=self._record)

    def _record(self, event: dict[str, Any]) -> None:
        self.history.apply(event)
        recorder = self.playback.recorder
        if recorder is not None:
            recorder.record(event)

    def open_recorder(self) -> None:
        """Open the history recorder if the playback defers it; call before ``begin`` (UI thread)."""
        opener, self.playback.open_recorder = self.playback.open_recorder, None
        if opener is not None and self.playback.recorder is None and not self._recording_done:
            self.playback.recorder = opener()

    def use_timeline(self, timeline: Timeline | None) -> None:
        """Play ``timeline`` instead (what ``prepare`` re-timed); only before the start."""
        if isinstance(timeline, Timeline) and timeline is not self.timeline and self.player.state == IDLE:
            self.timeline = timeline
            self.player = self._player(timeline)

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
        sink = self.playback.sink
        audio = getattr(sink, "status", None)
        speech = getattr(sink, "speech_status", None)
        parts = [audio if isinstance(audio, str) and audio else self.playback.audio_status]
        speech = speech if isinstance(speech, str) and speech else self.playback.speech_status
        if speech:
            parts.append(speech)
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

    def begin(self) -> None:
        """Start the get-ready countdown: from the top, or where an interrupted session stopped."""
        self.open_recorder()  # the start event is the first the history gets
        if self.playback.resume_at is not None:
            segment, laps = self.playback.resume_at
            self.player.resume_from(segment, laps)
        else:
            self.player.start()

    def finish_recording(self) -> None:
        """An unfinished run is recorded as aborted (laps kept); the recorder closes. Quick: UI-safe."""
        if self._recording_done:
            return
        self._recording_done = True
        if self.player.state not in (IDLE, FINISHED):
            self.player.abort()
        self._guard(getattr(self.playback.recorder, "close", None))

    def close_audio(self) -> None:
        """Hand over the last cues and close the output (which may let a last phrase finish: slow)."""
        with self._audio_lock:
            if self._audio_closed:
                return
            self._audio_closed = True
            self.sink.close()
            self._guard(self.playback.close)

    def close_audio_later(self) -> None:
        """``close_audio`` on a thread, so the screen never waits for the sound to end."""
        if self._closer is None:
            self._closer = threading.Thread(target=self.close_audio, name="trackcue-close-audio", daemon=True)
            self._closer.start()

    def close(self) -> None:
        """Everything, in order: the record first, then the sound (waiting for it)."""
        self.finish_recording()
        if self._closer is not None:
            self._closer.join()
        self.close_audio()

    def notes(self) -> list[str]:
        """What to tell the runner after the screen closes: notices, and the sound's own notes."""
        return list(self.playback.notices) + [n for n in getattr(self.playback.sink, "notes", []) or []
                                              if isinstance(n, str)]

    def _guard(self, closer: Callable[[], Any] | None) -> None:
        if closer is None:
            return
        try:
            closer()
        except Exception as err:  # noqa: BLE001 — closing one output must not lose the others
            self.playback.notices.append(f"while closing: {err}")
