"""Music ducking: the other streams lowered while a phrase or tone plays, timed from the cue plan.

Every clip is queued on the output ahead of time with the clock time it will be heard at, so the
ducker knows each sound's start and end before it comes (``expect``). From those it draws an
envelope: the music is brought down over ``down_s`` so that it is down ``ahead_s`` before the sound
starts (a volume change reaches the ear a sound-server buffer later), held
down while it sounds and brought back over ``up_s`` after it. Sounds closer together than
``bridge_s`` (3-2-1-go, a phrase after its tone) make one duck, so the music does not pump between
pips. The ducker's thread sleeps until the envelope next changes — the start of a ramp, the next
step of one — or until a new sound is expected; it never polls the output.

The volumes themselves are set by a ``StreamVolumes`` (``pulse_volumes.PulseVolumes`` for a
PulseAudio or PipeWire server). A failure there stops the ducking, never the timer; the streams
are restored when the ducker closes.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Literal, Protocol

from trackcue.engine.clock import Clock, wait_seconds

DEFAULT_DEPTH_DB = -12.0
MAX_WAIT_S = 3600.0  # nothing expected: sleep until told (an hour is "forever", but bounded)

DuckState = Literal["idle", "on", "failed", "closed"]


class StreamVolumes(Protocol):
    """The other programs' streams, whose volume a duck lowers."""

    def set_level(self, db: float) -> None:
        """Lower every other stream by ``-db`` dB from its own volume (``db`` <= 0).

        The first lowering takes note of the streams and their volumes; ``0`` puts them back as
        they were and forgets them (a stream started later is ducked next time). Raises ``OSError``
        when the sound server cannot be reached.
        """
        ...

    def restore(self) -> None:
        """Put back every stream this lowered (``set_level(0)``); never raises."""
        ...

    def describe(self) -> str:
        """What is ducked, in a few words ("PulseAudio 16.1 on unix:/run/user/1000/pulse/native")."""
        ...


@dataclass(frozen=True)
class DuckShape:
    """How deep and how fast a duck is: decibels and real seconds."""

    depth_db: float = DEFAULT_DEPTH_DB
    down_s: float = 0.15  # the ramp down ...
    ahead_s: float = 0.05  # ... ends this long before the sound starts: a volume change is heard a
    # sink buffer later (measured 10-20 ms late on PulseAudio's null sink without this; bench/duck_pulse.py)
    up_s: float = 0.4  # the ramp up starts as the sound ends
    bridge_s: float = 1.5  # sounds closer than this make one duck (pips are a second apart)
    step_s: float = 0.025  # one volume step per this much of a ramp

    def __post_init__(self) -> None:
        if not (math.isfinite(self.depth_db) and self.depth_db < 0):
            raise ValueError(f"a duck lowers: depth_db must be below 0, got {self.depth_db}")
        if not self.ahead_s >= 0:
            raise ValueError("ahead_s must be 0 or more")
        for name, value in (("down_s", self.down_s), ("up_s", self.up_s), ("step_s", self.step_s)):
            if not value > 0:
                raise ValueError(f"{name} must be more than 0")


Span = tuple[float, float]  # (start, end) in clock seconds


def merge(sounds: list[Span], bridge: float) -> list[Span]:
    """The sounds as ducks: sorted, overlapping ones and ones less than ``bridge`` apart joined."""
    spans: list[Span] = []
    for start, end in sorted(sounds):
        if spans and start - spans[-1][1] < bridge:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def level_db(spans: list[Span], t: float, shape: DuckShape, speed: float = 1.0) -> float:
    """The duck's level at clock time ``t``: 0 (music as it was) down to ``shape.depth_db``.

    Ramps are linear in decibels; ``speed`` is the clock's (clock seconds per real second), as
    ramps last real time.
    """
    down, up, ahead = shape.down_s * speed, shape.up_s * speed, shape.ahead_s * speed
    level = 0.0
    for start, end in spans:
        down_end = start - ahead
        if down_end - down <= t < down_end:
            level = min(level, shape.depth_db * (t - (down_end - down)) / down)
        elif down_end <= t <= end:
            return shape.depth_db
        elif end < t < end + up:
            level = min(level, shape.depth_db * (1 - (t - end) / up))
    return level


def next_change(spans: list[Span], t: float, shape: DuckShape, speed: float = 1.0) -> float | None:
    """The clock time after ``t`` when the level must be set again; ``None`` if never (as things stand)."""
    down, up, step = shape.down_s * speed, shape.up_s * speed, shape.step_s * speed
    ahead = shape.ahead_s * speed
    soonest = math.inf
    for start, end in spans:
        for ramp_start, ramp_end in ((start - ahead - down, start - ahead), (end, end + up)):
            if ramp_start <= t < ramp_end:
                soonest = min(soonest, t + step, ramp_end)
            elif t < ramp_start:
                soonest = min(soonest, ramp_start)
    return None if math.isinf(soonest) else soonest


class Ducker:
    """Lowers ``volumes`` around the sounds it is told to ``expect``; its own thread sets them.

    ``clock`` is the session's (the times given to ``expect`` are on it). Thread-safe; nothing
    here blocks the caller: the (blocking) volume calls are made on the ducker's thread.
    """

    def __init__(self, volumes: StreamVolumes, clock: Clock, shape: DuckShape = DuckShape()) -> None:
        self.volumes = volumes
        self.clock = clock
        self.shape = shape
        self.ducks = 0  # how many times the music went down
        self._sounds: list[Span] = []
        self._cond = threading.Condition()
        self._changed = False
        self._closing = False
        self._state: DuckState = "idle"
        self._why = ""
        self._applied = 0.0
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> DuckState:
        return self._state

    @property
    def status(self) -> str:
        """``ducking: on (−12 dB, PulseAudio …)`` — or why it stopped."""
        if self._state == "failed":
            return f"ducking: stopped ({self._why})"
        return f"ducking: on ({self.shape.depth_db:g} dB, {self.volumes.describe()})"

    def start(self) -> None:
        """Start the ducker's thread (the streams are untouched until a sound is near)."""
        if self._thread is None:
            self._state = "on"
            self._thread = threading.Thread(target=self._run, name="trackcue-duck", daemon=True)
            self._thread.start()

    def expect(self, start: float, duration_s: float) -> None:
        """A sound will be heard from clock time ``start`` for ``duration_s`` real seconds."""
        speed = self.clock.speed
        with self._cond:
            self._sounds.append((start, start + max(0.0, duration_s) * speed))
            self._changed = True
            self._cond.notify()

    def cancel_from(self, t: float) -> None:
        """Forget the sounds starting at or after clock time ``t`` (those already sounding stay)."""
        with self._cond:
            self._sounds = [s for s in self._sounds if s[0] < t]
            self._changed = True
            self._cond.notify()

    def close(self) -> None:
        """Stop, and put the music back at once (the last phrase may be cut short of its ramp)."""
        with self._cond:
            self._closing = True
            self._cond.notify()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        self.volumes.restore()
        if self._state != "failed":
            self._state = "closed"

    # ----- the ducker's thread ---------------------------------------------------------------------

    def _run(self) -> None:
        speed = self.clock.speed
        try:
            while True:
                with self._cond:
                    if self._closing:
                        return
                    now = self.clock.now()
                    keep = self.shape.up_s * speed
                    self._sounds = [s for s in self._sounds if s[1] + keep > now]
                    spans = merge(self._sounds, self.shape.bridge_s * speed)
                    self._changed = False
                target = level_db(spans, now, self.shape, speed)
                self._apply(target)
                with self._cond:
                    if self._closing:
                        return
                    if self._changed:
                        continue
                    wake = next_change(spans, now, self.shape, speed)
                    self._cond.wait(wait_seconds(self.clock, wake, MAX_WAIT_S))
        except Exception as exc:  # noqa: BLE001 — ducking failing must never stop the timer
            self._why = f"{type(exc).__name__}: {exc}" if not isinstance(exc, OSError) else str(exc)
            self._state = "failed"
            self.volumes.restore()

    def _apply(self, target: float) -> None:
        if abs(target - self._applied) < 0.05:
            return
        if self._applied == 0.0 and target < 0:
            self.ducks += 1
        self.volumes.set_level(0.0 if target > -0.05 else target)
        self._applied = 0.0 if target > -0.05 else target
