"""Clock time ↔ device frames, learned from what the device callback observes.

Each time the device takes frames we note (frames handed so far, clock.now()). The line through
those points has a known slope — the clock's declared speed over the sample rate — corrected by a
fit over the last minute for the slow drift between the sound card's crystal and the clock
(clamped to ``max_ppm``: nothing real drifts more, and a wild fit must not move every cue), and
passes through the mean of the last few seconds, which averages away callback jitter.

A shift that persists — an underrun (the device played silence, so every later frame goes out
late), a suspend — restarts the line from the new points. Callbacks that are late for a moment
(the process busy) and then catch up are not a shift: the test is that ``jump_count`` off-line
observations in a row agree with each other.

Callback timing wanders by a few ms (PulseAudio's, measured: a 2.3 ms saw-tooth every ~5 s), so
the drift is only fitted once 20 s of points are in: over a shorter baseline the wander would
tilt it more than a sound card's crystal ever drifts.
"""

from __future__ import annotations

from collections import deque


class FrameClock:
    """Estimates which device frame is being handed to the device at a given clock time."""

    def __init__(self, rate: int, speed: float = 1.0, window_s: float = 60.0, min_fit_s: float = 20.0,
                 anchor_s: float = 10.0, jump_s: float = 0.004, jump_count: int = 5,
                 bucket_s: float = 0.1, settle_s: float = 0.0, max_ppm: float = 1000.0) -> None:
        if not speed > 0:
            raise ValueError("the clock must move forward")
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
        self._nominal = speed / rate  # clock seconds per frame, as the clock declares its speed
        self._max_drift = max_ppm * 1e-6
        self._points: deque[tuple[float, float]] = deque()
        self._pending: list[tuple[int, float]] = []  # observations averaged into the next point
        self._suspects: list[tuple[int, float]] = []  # off-line observations: jitter or a shift?
        self._slope = self._nominal  # clock seconds per frame
        self._anchor: tuple[float, float] | None = None  # a point the line passes through
        self.restarts = 0  # how many persistent shifts restarted the line

    @property
    def ready(self) -> bool:
        """True once at least one observation has been made."""
        return self._anchor is not None

    @property
    def speed(self) -> float:
        """Clock seconds per second of audio (the clock's speed, corrected for the card's drift)."""
        return self._slope * self.rate

    def time_at(self, frame: float) -> float:
        """Clock time at which ``frame`` is (or was) handed to the device."""
        if self._anchor is None:
            raise RuntimeError("no observation yet")
        f0, t0 = self._anchor
        return t0 + (frame - f0) * self._slope

    def frame_at(self, t: float) -> float | None:
        """Frame handed to the device at clock time ``t``; None before the first observation."""
        if self._anchor is None:
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
        elif self._miss(frame, t) > self._jump_s:
            self._suspects.append((frame, t))
            if len(self._suspects) >= self._jump_count:
                self._maybe_restart()
        else:
            self._suspects.clear()
            self._add(frame, t)

    def _miss(self, frame: float, t: float) -> float:
        """How far (real seconds) an observation is from the line."""
        return abs(t - self.time_at(frame)) / self.speed

    def _maybe_restart(self) -> None:
        """Restart at the suspects if they agree on one new line; else forget the oldest."""
        f0, t0 = self._suspects[0]
        misses = [(t - t0 - (f - f0) * self._slope) / self.speed for f, t in self._suspects]
        if max(misses) - min(misses) > self._jump_s:
            # Still settling (callbacks catching up after a busy moment): not a shift yet.
            self._suspects.pop(0)
            return
        self.restarts += 1
        self._points.clear()
        self._points.extend(self._suspects)
        self._suspects.clear()
        self._pending.clear()
        self._fit()

    def _add(self, frame: int, t: float) -> None:
        # Callbacks come every few ms; averaging them into one point per ~0.1 s keeps the fit
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

    def _fit(self) -> None:
        pts = self._points
        base_f, base_t = pts[0]
        if pts[-1][0] - base_f >= self._min_fit:
            mf, mt = _means(pts, base_f, base_t)
            sff = sum((f - base_f - mf) ** 2 for f, _ in pts)
            sft = sum((f - base_f - mf) * (t - base_t - mt) for f, t in pts)
            lo, hi = self._nominal * (1 - self._max_drift), self._nominal * (1 + self._max_drift)
            self._slope = min(max(sft / sff, lo), hi)
        # The line passes through the mean of the last few seconds: a small shift that the
        # jump test lets through is followed within ``anchor_s``, callback wander averaged out.
        recent = [p for p in pts if p[0] >= pts[-1][0] - self._anchor_window]
        mf, mt = _means(recent, base_f, base_t)
        self._anchor = (base_f + mf, base_t + mt)


def _means(pts, base_f: float, base_t: float) -> tuple[float, float]:
    """Mean frame and time of ``pts`` relative to a base (keeps float sums precise)."""
    n = len(pts)
    return sum(f - base_f for f, _ in pts) / n, sum(t - base_t for _, t in pts) / n
