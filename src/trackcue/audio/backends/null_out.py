"""The silent output: keeps timing, plays nothing (for tests, the engine's fakes and headless runs)."""

from __future__ import annotations

import threading

from trackcue.audio.clip import Clip
from trackcue.audio.output import AudioOutput, Clock


class NullOutput(AudioOutput):
    """Accepts every clip and plays none; ``queued`` shows what would sound, earliest first."""

    @property
    def audible(self) -> bool:
        return False

    @property
    def speaks(self) -> bool:
        return False

    def __init__(self, clock: Clock, rate: int, latency_s: float = 0.0) -> None:
        super().__init__(clock, rate, latency_s, "null")
        self._lock = threading.Lock()
        self._queued: list[tuple[float, Clip]] = []

    @property
    def queued(self) -> list[tuple[float, Clip]]:
        """(clock time, clip) of every clip queued and not cancelled."""
        with self._lock:
            return sorted(self._queued, key=lambda q: q[0])

    def start(self) -> None:
        pass  # nothing to start: there is no stream

    def play_at(self, clip: Clip, t: float, gain: float = 1.0) -> None:
        with self._lock:
            self._queued.append((t, clip))

    def cancel_from(self, t: float) -> None:
        with self._lock:
            self._queued = [q for q in self._queued if q[0] < t]

    def close(self) -> None:
        pass  # nothing to release

    def describe(self) -> str:
        return "no sound (timing only)"


def open_backend(clock: Clock, rate: int, latency_s: float | None = None) -> NullOutput:
    """The null output always opens."""
    return NullOutput(clock, rate, latency_s or 0.0)
