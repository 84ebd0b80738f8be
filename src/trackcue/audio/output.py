"""What every audio output offers the engine and the TUI, and how a backend says it cannot open."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Protocol

from trackcue.audio.clip import Clip

DEFAULT_RATE = 44100


class Clock(Protocol):
    """The workout clock the output follows: seconds, possibly scaled or paused; ``speed`` clock
    seconds pass per real second (the engine's ``Clock``, seen from below)."""

    @property
    def speed(self) -> float: ...

    def now(self) -> float: ...


class PlayListener(Protocol):
    """Told of every sound an output will play (the music ducker): clock times, real durations."""

    def expect(self, start: float, duration_s: float) -> None:
        """A clip will be heard from clock time ``start`` for ``duration_s`` real seconds."""
        ...

    def cancel_from(self, t: float) -> None:
        """The clips from clock time ``t`` on were cancelled (those already sounding play on)."""
        ...


class BackendUnavailable(Exception):
    """A backend cannot play here; the message says why in a few words (shown to the user)."""


class AudioOutput(ABC):
    """One persistent output: clips are queued at clock times and played at exactly those times.

    ``t`` is always seconds on the clock the output was given. With a clock running N× faster,
    onsets follow the clock while the clips themselves play at normal speed. Queue cues at least
    ``latency_s + 1`` s ahead; on pause or seek call ``cancel_from(clock.now())`` and queue again.
    No method raises into the caller because a device failed: ``failed`` turns True instead.
    """

    name: str
    rate: int
    latency_s: float

    def __init__(self, clock: Clock, rate: int, latency_s: float, name: str) -> None:
        self.clock = clock
        self.rate = rate
        self.latency_s = latency_s
        self.name = name
        self._failure: str | None = None

    @abstractmethod
    def start(self) -> None:
        """Begin the output stream; clips queued before this play once their time comes."""

    @abstractmethod
    def play_at(self, clip: Clip, t: float, gain: float = 1.0) -> None:
        """Play ``clip`` so that its first sample is heard at clock time ``t``."""

    @abstractmethod
    def cancel_from(self, t: float) -> None:
        """Forget every clip whose onset is at or after clock time ``t`` (started ones finish)."""

    @abstractmethod
    def close(self) -> None:
        """Stop the stream and release the device; safe to call twice."""

    @property
    def audible(self) -> bool:
        """False for an output that plays nothing at all (null)."""
        return True

    @property
    def speaks(self) -> bool:
        """False for an output that cannot play speech (the terminal bell rings tones only)."""
        return True

    @property
    def underruns(self) -> int:
        """How many times the sound ran dry so far (a gap heard); 0 where it cannot be measured."""
        return 0

    def pending_s(self) -> float:
        """Real seconds until every clip queued so far has been heard (0 when nothing is left)."""
        return 0.0

    @property
    def failed(self) -> bool:
        """True once the output can no longer play (the failover moves on to the next one)."""
        return self._failure is not None

    @property
    def failure(self) -> str | None:
        """Why the output failed, in a few words; None while it works."""
        return self._failure

    def fail(self, reason: str) -> None:
        """Mark the output as failed (the first reason is kept)."""
        if self._failure is None:
            self._failure = reason

    @property
    def status(self) -> str:
        """One line for the TUI: what is playing, or why it stopped."""
        if self._failure:
            return f"{self.name}: stopped ({self._failure})"
        return f"{self.name}: {self.describe()}"

    def describe(self) -> str:
        """The working state in a few words (a backend adds its device or command)."""
        return f"{self.rate} Hz, latency {self.latency_s * 1000:.0f} ms"
