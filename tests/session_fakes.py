"""Fakes for sessions in tests and benches: a sound that records what it was given, a recorder in
memory, and ``fake_session`` to put them together on any clock (a ``FakeClock`` for exact tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from trackcue.engine.clock import Clock, FakeClock
from engine_rig import RecordingSink
from trackcue.hearing import Hearing
from trackcue.session.live import LiveSession
from trackcue.session.options import PlayOptions
from trackcue.session.protocols import Event, LiveSink, Notify, Progress, SavedListener, SessionRecorder
from trackcue.session.resume import ResumePoint
from trackcue.timeline import Timeline


class FakeSound(RecordingSink):
    """A ``LiveSink`` keeping every cue it was given; ``prepare`` returns ``retimed`` if set."""

    def __init__(self, status: str = "audio: off (test)", retimed: Timeline | None = None,
                 hearing: Hearing | None = Hearing("sound", True)) -> None:
        super().__init__()
        self._status = status
        self._hearing = hearing
        self.speech_status = ""
        self.notes: list[str] = []
        self.retimed = retimed
        self.prepared = False
        self.started_now = False
        self.closed = False

    @property
    def status(self) -> str:
        return self._status

    def hearing(self) -> Hearing | None:
        return self._hearing

    def prepare(self, progress: Progress | None = None) -> Timeline:
        self.prepared = True
        if self.retimed is None:
            raise LookupError("FakeSound.prepare needs `retimed` (or let fake_session give the timeline)")
        return self.retimed

    def start_now(self) -> None:
        self.started_now = True

    def close(self) -> None:
        self.closed = True


class FakeRecorder:
    """Keeps every event in memory and reports each one saved at once, like a history with no disk."""

    def __init__(self, path: str = "/tmp/history.sqlite") -> None:
        self.events: list[Event] = []
        self._path = Path(path)
        self._session_id: int | None = None
        self.closed = False
        self._saved: SavedListener | None = None

    def attach(self, saved: SavedListener) -> FakeRecorder:
        """Report saved events to ``saved`` (what a session gives its recorder)."""
        self._saved = saved
        return self

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def session_id(self) -> int | None:
        return self._session_id

    def record(self, event: Event) -> None:
        self.events.append(event)
        self._session_id = 7
        if self._saved is not None:
            self._saved([event])

    def close_soon(self) -> None:
        self.closed = True

    def close(self, timeout: float | None = None) -> bool:
        self.closed = True
        return True

    def names(self) -> list[str]:
        return [e["event"] for e in self.events]


def fake_session(
    timeline: Timeline,
    clock: Clock | None = None,
    *,
    sound: FakeSound | None = None,
    recorder: FakeRecorder | None = None,
    open_recorder: Callable[[SavedListener, Notify], SessionRecorder] | None = None,
    options: PlayOptions = PlayOptions(),
    resume: ResumePoint | None = None,
) -> LiveSession:
    """A session over ``timeline`` with fake sound and history (``FakeClock`` by default)."""
    the_sound = sound if sound is not None else FakeSound()
    if the_sound.retimed is None:
        the_sound.retimed = timeline
    the_recorder = recorder if recorder is not None else FakeRecorder()

    def sound_opener(tl: Timeline, clk: Clock, note: Notify) -> LiveSink:
        return the_sound

    def recorder_opener(saved: SavedListener, note: Notify) -> SessionRecorder:
        return the_recorder.attach(saved)

    return LiveSession(timeline, clock=clock or FakeClock(), open_sound=sound_opener,
                       open_recorder=open_recorder or recorder_opener, options=options, resume=resume)


__all__ = ["FakeRecorder", "FakeSound", "fake_session"]
