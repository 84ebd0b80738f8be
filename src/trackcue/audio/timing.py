"""Clock time ↔ device frames, learned from what the device callback observes.

Each time the device takes frames we note (frames handed so far, clock.now()). The line through
those points has the clock's declared speed over the sample rate as its slope, corrected by a fit
for the slow drift between the sound card's crystal and the clock (clamped to ``max_ppm``: nothing
real drifts more, and a wild fit must not move every cue), and passes through the mean of the
last few seconds, which averages away callback jitter.

A shift that persists — an underrun (the device played silence, so every later frame goes out
late), a suspend — starts a new line at once: measured on PulseAudio, the callbacks then move by
exactly what the sound moved (2.5-70 ms), so following them within a few callbacks keeps every
later cue on its frame. What counts as off the line is learnt from the callbacks themselves: a
device that calls back on an even beat (jitter ~0.05 ms) has a shift seen at 1 ms; one whose
callbacks wander by ±5 ms only at several times that, the wander being averaged instead. Callbacks
that are late for a moment (the process busy) and then catch up are not a shift: a run of
``shift_count`` off-line observations on one side must agree with each other.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence


class FrameClock:
    """Estimates which device frame is being handed to the device at a given clock time."""

    def __init__(self, rate: int, speed: float = 1.0, window_s: float = 60.0, min_fit_s: float = 1.0,
                 anchor_s: float = 10.0, shift_s: float = 0.001, shift_count: int = 3,
                 bucket_s: float = 0.1, settle_s: float = 0.0, max_ppm: float = 1000.0,
                 noise_s: float = 5.0, sure_ppm: float = 50.0) -> None:
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
        self._shift_s = shift_s
        self._shift_count = shift_count
        self._nominal = speed / rate  # clock seconds per frame, as the clock declares its speed
        self._max_drift = max_ppm * 1e-6
        self._sure = sure_ppm * 1e-6
        self._noise_window = int(noise_s * rate)
        self._misses: deque[tuple[float, float]] = deque()  # (frame, |miss|) of recent callbacks
        self._off_line_s = 4 * shift_s  # until the callbacks' own jitter is known
        self._points: deque[tuple[float, float]] = deque()
        self._pending: list[tuple[float, float]] = []  # observations averaged into the next point
        self._suspects: list[tuple[float, float, float]] = []  # (frame, t, miss) off the line, one side
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

    def observe(self, frame: float, t: float) -> None:
        """The device took frame ``frame`` (frames handed so far) when the clock read ``t``."""
        if frame < self._settle:
            return
        if self._anchor is None:
            self._points.append((frame, t))
            self._fit()
            return
        miss = (t - self.time_at(frame)) / self.speed  # real seconds late (+) or early (-)
        self._note_jitter(frame, abs(miss))
        if abs(miss) <= self._off_line_s:
            self._suspects.clear()
            self._add(frame, t)
            return
        if self._suspects and (miss > 0) != (self._suspects[-1][2] > 0):
            self._suspects.clear()
        self._suspects.append((frame, t, miss))
        if len(self._suspects) >= self._shift_count:
            self._maybe_restart()

    def _note_jitter(self, frame: float, miss: float) -> None:
        """Keep what counts as off the line at a few times the callbacks' typical miss."""
        self._misses.append((frame, miss))
        if frame - self._misses[0][0] < self._noise_window:
            return
        typical = sorted(m for _, m in self._misses)[len(self._misses) // 2]
        self._off_line_s = max(self._shift_s, 4 * typical)
        while frame - self._misses[0][0] > self._noise_window // 2:
            self._misses.popleft()  # re-judged every half window, from the last half and what follows

    def _maybe_restart(self) -> None:
        """Restart at the suspects if they agree on one new line; else forget the oldest."""
        misses = sorted(m for _, _, m in self._suspects)
        level = misses[len(misses) // 2]
        if misses[-1] - misses[0] > max(self._shift_s / 2, 0.1 * abs(level)):
            # Still settling (callbacks catching up after a busy moment): not a shift yet.
            self._suspects.pop(0)
            return
        self.restarts += 1
        self._points.clear()
        self._points.extend((f, t) for f, t, _ in self._suspects)
        self._suspects.clear()
        self._pending.clear()
        self._fit()

    def _add(self, frame: float, t: float) -> None:
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
        if len(pts) > 2 and pts[-1][0] - base_f >= self._min_fit:
            self._fit_drift(base_f, base_t)
        # The line passes through the mean of the last few seconds: callback wander averaged out,
        # a drift the fit has not caught yet followed within ``anchor_s``.
        recent = [p for p in pts if p[0] >= pts[-1][0] - self._anchor_window]
        mf, mt = _means(recent, base_f, base_t)
        self._anchor = (base_f + mf, base_t + mt)

    def _fit_drift(self, base_f: float, base_t: float) -> None:
        """Take the fitted slope once it is sure to ``sure_ppm`` (an even beat: after a second or
        two; a wandering one: later or never); a new line after a shift keeps the last one."""
        pts = self._points
        mf, mt = _means(pts, base_f, base_t)
        sff = sum((f - base_f - mf) ** 2 for f, _ in pts)
        sft = sum((f - base_f - mf) * (t - base_t - mt) for f, t in pts)
        slope = sft / sff
        sse = sum((t - base_t - mt - slope * (f - base_f - mf)) ** 2 for f, t in pts)
        if (sse / (len(pts) - 2) / sff) ** 0.5 > self._sure * self._nominal:
            return
        lo, hi = self._nominal * (1 - self._max_drift), self._nominal * (1 + self._max_drift)
        self._slope = min(max(slope, lo), hi)


def _means(pts: Sequence[tuple[float, float]], base_f: float, base_t: float) -> tuple[float, float]:
    """Mean frame and time of ``pts`` relative to a base (keeps float sums precise)."""
    n = len(pts)
    return sum(f - base_f for f, _ in pts) / n, sum(t - base_t for _, t in pts) / n
