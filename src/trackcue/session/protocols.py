"""The seams a live session plays through, as Protocols: the clock, the sound, the recorder.

Real ones come from ``open_session`` (``RealClock``/``ScaledClock``, ``LiveSoundtrack`` or
``SilentSound``, ``history.Recorder``); tests pass fakes with the same shape. Nothing here asks an
object what it can do at run time: a capability a session needs is a member of one of these.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from trackcue.engine.clock import Clock
from trackcue.engine.events import Event  # one engine event, as documented in docs/events.md
from trackcue.engine.sink import CueSink
from trackcue.hearing import Hearing
from trackcue.timeline import Timeline

Notify = Callable[[str], None]  # one-line notices for the runner ("history: … moved aside …")
Progress = Callable[[int, int, str], None]  # (phrases done, phrases in all, the phrase being rendered)
SavedListener = Callable[[Sequence[Event]], None]  # events once the recorder is done with them, in order


class SoundPreparer(Protocol):
    """Gets the sound ready before the start: speech rendered, cues planned around it."""

    def prepare(self, progress: Progress | None = None) -> Timeline:
        """Render and plan (slow: never on the UI thread or in the engine); the timeline to play.

        The returned timeline has the same steps, its cues moved where the speech fits.
        """
        ...

    def start_now(self) -> None:
        """Stop waiting for speech: ``prepare`` returns with the phrases ready now, and the rest
        renders on in the background (each placed only if ready in time). Any thread, any time."""
        ...


class LiveSink(CueSink, SoundPreparer, Protocol):
    """Where a live session's cues sound, and how that is going (it may fail over mid-run)."""

    @property
    def status(self) -> str:
        """``audio: pulse …`` — what plays the cues now, or why nothing does."""
        ...

    @property
    def speech_status(self) -> str:
        """``speech: espeak-ng …`` — who speaks, or why no one does; "" before ``prepare``."""
        ...

    @property
    def notes(self) -> Sequence[str]:
        """What the runner should know after the run (speech dropped, underruns)."""
        ...

    def hearing(self) -> Hearing | None:
        """What the runner will hear (tones, speech, nothing) and how to fix what is missing;
        ``None`` until it is known (the speech engine still being chosen)."""
        ...

    def close(self) -> None:
        """Let the last phrase finish (bounded) and release the output."""
        ...


class SessionRecorder(Protocol):
    """Keeps one session's events in history; ``record`` never blocks the clock.

    The recorder is built with a ``SavedListener`` that it calls (from any thread) with each run of
    events once they are committed — or once it knows no file can take them.
    """

    @property
    def path(self) -> Path | None:
        """The file the session is recorded in now (it changes when history falls back)."""
        ...

    @property
    def session_id(self) -> int | None:
        """The session's number in that file, once its first event is committed."""
        ...

    def record(self, event: Event) -> None:
        """Hand over one event; returns at once and never raises."""
        ...

    def close_soon(self) -> None:
        """Write what is left and release the session, without waiting (UI thread safe)."""
        ...

    def close(self, timeout: float | None = None) -> bool:
        """``close_soon`` and wait for it, at most ``timeout`` seconds; ``True`` once done."""
        ...


SoundOpener = Callable[[Timeline, Clock, Notify], LiveSink]
RecorderOpener = Callable[[SavedListener, Notify], SessionRecorder]

__all__ = [
    "Clock", "CueSink", "Event", "LiveSink", "Notify", "Progress", "RecorderOpener", "SavedListener",
    "SessionRecorder", "SoundOpener", "SoundPreparer",
]
