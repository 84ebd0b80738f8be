"""Output latency calibration: clicks on a steady beat, the runner taps on each, the median offset.

A tap on a click the runner hears late comes late by that much (plus their own habit of tapping
slightly ahead of a beat they can predict, a few tens of milliseconds, which is the same for every
output and so stays in). Each tap is matched to the nearest click within half a beat; the first
``warmup`` clicks are for finding the beat and do not count. The median of the offsets is robust
to a missed or doubled tap; their interquartile range says how steady the tapping was, and a
calibration too scattered to trust is refused rather than stored.

``measure`` is the pure part (tests feed it a simulated tapper); ``Calibration`` runs it on a live
output: clicks queued ahead on the output's stream at exact clock times, taps read from any
thread (a key, the headset's button) with the clock's time.
"""

from __future__ import annotations

import queue
import statistics
import threading
from array import array
from collections.abc import Callable
from dataclasses import dataclass

from trackcue.engine.clock import Clock, wait_seconds

DEFAULT_CLICKS = 12
DEFAULT_INTERVAL_S = 1.0
WARMUP_CLICKS = 2  # the first clicks are for finding the beat
MIN_TAPS = 6
MAX_SPREAD_MS = 80.0  # an interquartile range wider than this is not a latency, it is guessing
LEAD_S = 1.5  # the stream plays (silence) this long before the first click: a sleeping sink wakes


class CalibrationError(Exception):
    """The taps do not give a latency to trust; the message says why and what to do."""


@dataclass(frozen=True)
class ClickPlan:
    """``count`` clicks, ``interval_s`` apart, the first at clock time ``first``."""

    first: float
    interval_s: float = DEFAULT_INTERVAL_S
    count: int = DEFAULT_CLICKS

    def times(self) -> list[float]:
        """The clock time of each click."""
        return [self.first + i * self.interval_s for i in range(self.count)]

    @property
    def end(self) -> float:
        """When the last tap may come: half a beat after the last click."""
        return self.first + (self.count - 1) * self.interval_s + self.interval_s / 2


@dataclass(frozen=True)
class TapResult:
    """The offsets (ms, tap minus click, one per counted click), their median and spread, taps left out."""

    offsets_ms: tuple[float, ...]
    median_ms: float
    spread_ms: float
    ignored: int


def measure(plan: ClickPlan, taps: list[float], warmup: int = WARMUP_CLICKS, min_taps: int = MIN_TAPS,
            max_spread_ms: float = MAX_SPREAD_MS) -> TapResult:
    """Match ``taps`` (clock times) to the clicks of ``plan``; the median offset. Raises ``CalibrationError``."""
    clicks = plan.times()
    half = plan.interval_s / 2
    offsets: dict[int, float] = {}
    ignored = 0
    for tap in sorted(taps):
        nearest = min(range(len(clicks)), key=lambda i: abs(tap - clicks[i]))
        offset = (tap - clicks[nearest]) * 1000
        if nearest < warmup or abs(offset) >= half * 1000:
            ignored += 1  # finding the beat, or off the beat
            continue
        if nearest in offsets:
            ignored += 1  # two taps on one click: the closer one counts
            if abs(offset) >= abs(offsets[nearest]):
                continue
        offsets[nearest] = offset
    counted = [offsets[i] for i in sorted(offsets)]
    if len(counted) < min_taps:
        raise CalibrationError(f"only {len(counted)} tap(s) came on a click (at least {min_taps} are needed): "
                               "tap once on every click you hear")
    q1, _, q3 = statistics.quantiles(counted, n=4, method="inclusive")
    spread = q3 - q1
    if spread > max_spread_ms:
        raise CalibrationError(f"the taps were {spread:.0f} ms apart from one click to the next "
                               f"(at most {max_spread_ms:.0f} ms to trust them): tap steadily with the beat, "
                               "not after it")
    return TapResult(tuple(counted), statistics.median(counted), spread, ignored)


class Taps:
    """Tap times from any thread (keys, the headset's button), in clock time."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._times: queue.Queue[float] = queue.Queue()

    def tap(self) -> None:
        """A tap now."""
        self._times.put(self.clock.now())

    def taken(self) -> list[float]:
        """Every tap so far (each returned once)."""
        out = []
        while True:
            try:
                out.append(self._times.get_nowait())
            except queue.Empty:
                return out


def click_samples(rate: int, seconds: float = 0.03) -> "array[int]":
    """A short, sharp click: a 2 kHz burst with a fast decay (its onset is unmistakable)."""
    import math

    n = round(seconds * rate)
    return array("h", (round(20000 * math.exp(-i / (n / 5)) * math.sin(2 * math.pi * 2000 * i / rate))
                       for i in range(n)))


def run_clicks(play_at: Callable[[float], None], clock: Clock, taps: Taps, plan: ClickPlan,
               on_click: Callable[[int, float], None] | None = None,
               stop: threading.Event | None = None) -> list[float]:
    """Queue every click of ``plan`` through ``play_at(t)``, wait them out, return the taps taken.

    ``on_click(n, t)`` is called as click ``n`` (from 1) is due: progress on the screen. Waits on
    the clock; ``stop`` ends the wait early (Ctrl-C from another thread).
    """
    for t in plan.times():
        play_at(t)  # all ahead: the stream places each exactly, whatever this thread does
    stop = stop or threading.Event()
    for n, t in enumerate(plan.times(), start=1):
        while clock.now() < t:
            if stop.wait(wait_seconds(clock, t, 0.25)):
                return taps.taken()
        if on_click is not None:
            on_click(n, t)
    while clock.now() < plan.end:
        if stop.wait(wait_seconds(clock, plan.end, 0.25)):
            break
    return taps.taken()
