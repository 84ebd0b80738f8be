"""Clock time ↔ device frames, learned from what the device callback observes.

Each time the device takes frames we note (frames handed so far, clock.now()). A straight line
through the last minute of those points averages away callback jitter, follows the slow drift
between the sound card's crystal and the clock (so nothing accumulates over an hour) and learns
the clock's speed (a clock running N× faster gives a slope N× steeper). A jump that persists —
an underrun, a clock that paused, resumed or seeked — restarts the line from the new points.

Callback timing wanders by a few ms (PulseAudio's, measured: a 2.3 ms saw-tooth every ~5 s), so
the slope is only fitted once 20 s of points are in: over a shorter baseline the wander would
tilt it more than a sound card's crystal ever drifts (≤ ~100 ppm). Until then the line has the
nominal slope and passes through the mean of the points.
"""

from __future__ import annotations

from collections import deque


class FrameClock:
    """Estimates which device frame is being handed to the device at a given clock time."""

    def __init__(self, rate: int, window_s: float = 60.0, min_fit_s: float = 20.0,
                 anchor_s: float = 10.0, jump_s: float = 0.004, jump_count: int = 5,
                 bucket_s: float = 0.1, settle_s: float = 0.0) -> None:
        self.rate = rate
        # A device asks for its first buffers in a burst, far ahead of playing them: those first
        # observations say nothing about the steady relation, so they can be skipped.
        self._settle = int(settle_s * rate)
        self._window = int(window_s * rate)
        self._anchor_window = int(anchor_s * rate)
        self._min_fit = int(min_fit_s * rate)
        self._bucket = int(bucket_s * rate)
        self._jump_s = jump_s
        self._jump_count = jump_count
        self._points: deque[tuple[float, float]] = deque()
        self._pending: list[tuple[int, float]] = []  # observations averaged into the next point
        self._suspects: list[tuple[int, float]] = []  # off-line observations: jitter or a jump?
        self._last_reset: tuple[int, float] | None = None
        self._good_slope = 1.0 / rate  # the last slope a long fit agreed on (> 0)
        self._slope = self._good_slope  # clock seconds per frame
        self._anchor: tuple[float, float] | None = None  # a point the line passes through
        self.restarts = 0  # how many persistent jumps restarted the line

    @property
    def ready(self) -> bool:
        """True once at least one observation has been made."""
        return self._anchor is not None

    @property
    def speed(self) -> float:
        """Clock seconds per second of audio (1.0 for a normal clock, 0.0 while it stands)."""
        return self._slope * self.rate

    def time_at(self, frame: float) -> float:
        """Clock time at which ``frame`` is (or was) handed to the device."""
        if self._anchor is None:
            raise RuntimeError("no observation yet")
        f0, t0 = self._anchor
        return t0 + (frame - f0) * self._slope

    def frame_at(self, t: float) -> float | None:
        """Frame handed to the device at clock time ``t``; None if unknown or the clock stands."""
        if self._anchor is None or self._slope <= 0:
            return None
        f0, t0 = self._anchor
        return f0 + (t - t0) / self._slope

    def observe(self, frame: int, t: float) -> None:
        """The device took frame ``frame`` (frames handed so far) when the clock read ``t``."""
        if frame < self._settle:
            return
        if self._anchor is None:
            self._points.append((frame, t))
            self._fit()
        elif self._off_line(frame, t):
            self._suspects.append((frame, t))
            if len(self._suspects) >= self._jump_count:
                self._restart()
        else:
            self._suspects.clear()
            self._add(frame, t)

    def _off_line(self, frame: int, t: float) -> bool:
        """Is this observation further from the line than jitter explains (in real seconds)?"""
        miss = abs(t - self.time_at(frame))
        if self._slope <= 0:
            return miss > 0
        return miss / (self._slope * self.rate) > self._jump_s

    def _add(self, frame: int, t: float) -> None:
        # Callbacks come every few ms; averaging them into one point per ~50 ms keeps the fit
        # cheap without throwing their jitter-averaging away.
        self._pending.append((frame, t))
        if frame - self._pending[0][0] < self._bucket:
            return
        n = len(self._pending)
        f0, t0 = self._pending[0]
        self._points.append((f0 + sum(f - f0 for f, _ in self._pending) / n,
                             t0 + sum(x - t0 for _, x in self._pending) / n))
        self._pending.clear()
        while frame - self._points[0][0] > self._window:
            self._points.popleft()
        self._fit()

    def _restart(self) -> None:
        """The jump persisted: a new timeline starts at the suspects."""
        first_f, first_t = self._suspects[0]
        last_f, last_t = self._suspects[-1]
        prev = self._last_reset
        if last_t == first_t and last_f > first_f:
            self._slope = 0.0  # the clock stands (paused): place nothing until it moves
        else:
            self._slope = self._good_slope
            if prev and 0.05 * self.rate <= last_f - prev[0] <= self.rate:
                # Restarting again so soon may mean the clock's speed changed (2×, 10×, resumed
                # after a pause): measure it across the restarts, if it clearly differs.
                measured = (last_t - prev[1]) / (last_f - prev[0])
                if measured > 0 and abs(measured / self._good_slope - 1) > 0.2:
                    # Kept as the slope to come back to, or the next restart (any stall within
                    # the first ``min_fit_s``) would fall back to 1× on a 20× clock.
                    self._slope = self._good_slope = measured
        self._last_reset = (first_f, first_t)
        self.restarts += 1
        self._points.clear()
        self._points.extend(self._suspects)
        self._suspects.clear()
        self._pending.clear()
        self._fit(refit_slope=False)

    def _fit(self, refit_slope: bool = True) -> None:
        pts = self._points
        base_f, base_t = pts[0]
        if refit_slope and pts[-1][0] - base_f >= self._min_fit:
            mf, mt = _means(pts, base_f, base_t)
            sff = sum((f - base_f - mf) ** 2 for f, _ in pts)
            sft = sum((f - base_f - mf) * (t - base_t - mt) for f, t in pts)
            self._slope = max(sft / sff, 0.0)  # a standing clock fits slope 0: keep it
            if self._slope > 0:
                self._good_slope = self._slope
        # The line passes through the mean of the last few seconds: a small shift that the
        # jump test lets through is followed within ``anchor_s``, callback wander averaged out.
        recent = [p for p in pts if p[0] >= pts[-1][0] - self._anchor_window]
        mf, mt = _means(recent, base_f, base_t)
        self._anchor = (base_f + mf, base_t + mt)


def _means(pts, base_f: float, base_t: float) -> tuple[float, float]:
    """Mean frame and time of ``pts`` relative to a base (keeps float sums precise)."""
    n = len(pts)
    return sum(f - base_f for f, _ in pts) / n, sum(t - base_t for _, t in pts) / n
