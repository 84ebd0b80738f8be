"""Clocks the player reads time from: real, fake (tests) and scaled (``--speed``).

A clock only answers ``now()`` in seconds; nothing here counts ticks. ``speed`` says how many
clock seconds pass per real second, so waiting code can turn a clock deadline into a real sleep.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol


class Clock(Protocol):
    """Anything with ``now() -> float`` seconds and a ``speed`` (clock seconds per real second).

    Every clock says its speed (1.0 for a real one): code that waits turns a clock deadline into
    real seconds with it, so nothing asks a clock whether it has one.
    """

    @property
    def speed(self) -> float: ...

    def now(self) -> float: ...


def _boottime_reader() -> Callable[[], float] | None:
    """``clock_gettime(CLOCK_BOOTTIME)`` where the OS has it (Linux, Android), else ``None``.

    BOOTTIME keeps counting while the phone sleeps, so a workout is where the runner is.
    """
    try:
        clock_id = time.CLOCK_BOOTTIME
        gettime = time.clock_gettime
    except AttributeError:  # not Linux/Android (macOS, Windows)
        return None
    try:
        gettime(clock_id)
    except OSError:  # an old kernel or a sandbox without it
        return None
    return lambda: gettime(clock_id)


class RealClock:
    """The device's steady clock: CLOCK_BOOTTIME where available, else ``time.monotonic``."""

    speed = 1.0

    def __init__(self) -> None:
        reader = _boottime_reader()
        self.source = "boottime" if reader else "monotonic"
        self._read = reader or time.monotonic

    def now(self) -> float:
        return self._read()


class FakeClock:
    """A clock that moves only when a test says so."""

    speed = 1.0

    def __init__(self, start: float = 0.0) -> None:
        self._t = float(start)

    def now(self) -> float:
        return self._t

    def advance(self, seconds: float) -> float:
        """Move forward by ``seconds``; return the new time."""
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        self._t += seconds
        return self._t

    def set(self, t: float) -> None:
        """Jump to ``t`` (not earlier than now)."""
        if t < self._t:
            raise ValueError("a clock does not go backwards")
        self._t = float(t)


class ScaledClock:
    """``base`` run ``speed`` times faster, starting at 0 (demos, benches, tests)."""

    def __init__(self, base: Clock, speed: float) -> None:
        if not speed > 0:
            raise ValueError("speed must be more than zero")
        self.base = base
        self.speed = float(speed) * base.speed
        self._factor = float(speed)
        self._base0 = base.now()

    def now(self) -> float:
        return (self.base.now() - self._base0) * self._factor


def wait_seconds(clock: Clock, deadline: float | None, cap_s: float = 0.25) -> float:
    """Real seconds to wait until ``clock`` reaches ``deadline``, at most ``cap_s``; 0 when due.

    The caller waits, then re-reads the clock: waiting is fine, counting is not.
    """
    if deadline is None:
        return cap_s
    ahead = (deadline - clock.now()) / clock.speed
    return max(0.0, min(cap_s, ahead))
