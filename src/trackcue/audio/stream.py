"""The shared heart of the device backends: a queue in clock time feeding one mixing stream.

A backend only has to call :meth:`StreamOutput.fill` whenever its device wants more frames.
``fill`` notes when that happened (to learn the clock ↔ frame mapping; a backend whose server can
say which frame is being heard supplies that instead, through ``_observation``), turns onsets
that came within the horizon into exact frames — once, so callback jitter cannot move them; only
a real shift of the device places the clips that have not started again — and mixes.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time

from trackcue.audio.clip import Clip
from trackcue.audio.mixer import Mixer
from trackcue.audio.output import AudioOutput, Clock
from trackcue.audio.resample import resample
from trackcue.audio.timing import FrameClock

SETTLE_S = 0.25  # the device's start-up burst of buffer requests is not timing information


class StreamOutput(AudioOutput):
    """An :class:`AudioOutput` whose device pulls mixed frames through :meth:`fill`."""

    def __init__(self, clock: Clock, rate: int, latency_s: float, name: str,
                 horizon_s: float = 1.0, late_grace_s: float = 0.5,
                 watchdog_s: float = 2.0) -> None:
        super().__init__(clock, rate, latency_s, name)
        self.mixer = Mixer(rate)
        self._clock_speed: float = clock.speed
        self.frames = FrameClock(rate, speed=self._clock_speed, settle_s=SETTLE_S)
        self.dropped = 0  # cues that came too late to be worth playing
        self._horizon = int(horizon_s * rate)
        self._late_grace = int(late_grace_s * rate)
        self._watchdog_s = watchdog_s
        self._lock = threading.Lock()
        self._queue: list[tuple[float, int, Clip, float]] = []  # (t, seq, clip, gain) heap
        self._seq = itertools.count()
        self._onsets: dict[int, tuple[float, Clip]] = {}  # mixer id -> (clock onset, clip): cancel, re-place
        self._written = 0
        # Devices gulp their first buffer in a burst; learning the clock from that would
        # mislead the fit, so the first latency + 0.1 s of frames are not observed.
        self._warmup = round((latency_s + 0.1) * rate)
        self._started = False
        self._last_fill: float | None = None

    def play_at(self, clip: Clip, t: float, gain: float = 1.0) -> None:
        if clip.rate != self.rate:  # here, not in the device callback, where time is short
            clip = Clip(resample(clip.samples, clip.rate, self.rate), self.rate, clip.name)
        clip.peak  # noqa: B018 - found once per clip, here at the latest: the callback has no time for it
        with self._lock:
            heapq.heappush(self._queue, (t, next(self._seq), clip, gain))

    def cancel_from(self, t: float) -> None:
        with self._lock:
            self._queue = [q for q in self._queue if q[0] < t]
            heapq.heapify(self._queue)
            # A clip is handed to the device a latency before it is heard: one due at ``t`` may
            # already be sounding. Started clips finish (cutting a word or a tone is worse).
            started = {p.id for p in self.mixer.placements() if p.frame < self._written}
            for pid in [pid for pid, (onset, _) in self._onsets.items() if onset >= t and pid not in started]:
                self.mixer.cancel(pid)
                del self._onsets[pid]

    def fill(self, nframes: int) -> bytes:
        """The next ``nframes`` of output; the device is taking them now."""
        now = self.clock.now()
        with self._lock:
            seen = self._observation(now) if self._written >= self._warmup else None
            if seen is not None:
                restarts = self.frames.restarts
                self.frames.observe(*seen)
                if self.frames.restarts != restarts:
                    self._requeue_unstarted()
            self._place_due()
            start = self._written
            self._written += nframes
        data = self.mixer.render(start, nframes)
        with self._lock:
            for pid in self.mixer.forget_before(start):
                self._onsets.pop(pid, None)
        self._last_fill = time.monotonic()
        return data

    @property
    def frames_written(self) -> int:
        """Frames handed to the device so far."""
        return self._written

    def _observation(self, now: float) -> tuple[float, float] | None:
        """What the frame clock learns from this request: (frame, clock time), or nothing.

        By default the frame being handed over now (a device callback); a backend that can ask
        its server which frame is being heard overrides this (and has no latency to guess).
        """
        return self._written, now

    def _requeue_unstarted(self) -> None:
        """After a real jump (an underrun, a seek), place clips that have not begun again."""
        for p in self.mixer.placements():
            if p.frame >= self._written and p.id in self._onsets:
                self.mixer.cancel(p.id)
                t, clip = self._onsets.pop(p.id)
                heapq.heappush(self._queue, (t, next(self._seq), clip, p.gain))

    def _place_due(self) -> None:
        """Give every queued onset within the horizon its frame (scheduled earlier by latency)."""
        latency = self.latency_s * self.rate
        horizon_end = self._written + self._horizon
        while self._queue:
            t, _, clip, gain = self._queue[0]
            handed = self.frames.frame_at(t)
            if handed is None or handed - latency >= horizon_end:
                return
            heapq.heappop(self._queue)
            frame = round(handed - latency)
            if frame < self._written:
                if self._written - frame > self._late_grace:
                    self.dropped += 1
                    continue
                frame = self._written  # a little late (e.g. just after a failover): play now
            self._onsets[self.mixer.schedule(clip, frame, gain)] = (t, clip)

    def pending_s(self) -> float:
        """Real seconds until the last placed or queued clip has played out, latency included."""
        with self._lock:
            ends = [p.end for p in self.mixer.placements()]
            for t, _, clip, _ in self._queue:
                handed = self.frames.frame_at(t)
                if handed is not None:  # unknown while the clock stands: nothing will play
                    ends.append(round(handed - self.latency_s * self.rate) + len(clip.samples))
            if not ends:
                return 0.0
            return max(0.0, (max(ends) - self._written) / self.rate + self.latency_s)

    def mark_started(self) -> None:
        """Backends call this once their stream runs, to arm the stalled-stream watchdog."""
        self._started = True
        self._last_fill = time.monotonic()

    @property
    def failed(self) -> bool:
        if self._failure is None and self._started and self._last_fill is not None:
            stalled = time.monotonic() - self._last_fill
            if stalled > self._watchdog_s:
                self.fail(f"the stream stopped: no request for sound in {stalled:.1f} s")
        return self._failure is not None

    def describe(self) -> str:
        text = super().describe()
        if self.dropped:
            text += f", skipped {self.dropped} late cue(s)"
        return text


class PushedOutput(StreamOutput):
    """A stream whose own thread pushes the mix into a blocking sink (a player's pipe, a server).

    Subclasses write one block in :meth:`_write` (blocking until the sink takes it) and say in
    :meth:`_why_failed` what an exception from it means; a bug in mixing fails the output too, so
    the failover moves on instead of the sound dying silently.
    """

    block_s = 0.01  # frames mixed per write: placement does not depend on it

    def __init__(self, clock: Clock, rate: int, latency_s: float, name: str) -> None:
        super().__init__(clock, rate, latency_s, name)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._push, name=f"trackcue-{self.name}", daemon=True)
        self._thread.start()
        self.mark_started()

    def _push(self) -> None:
        block = max(1, round(self.block_s * self.rate))
        try:
            while not self._stop.is_set():
                self._between_writes()
                self._write(self.fill(block))
        except Exception as exc:  # noqa: BLE001 - a bug must not kill the sound silently
            if not self._stop.is_set():
                self.fail(self._why_failed(exc))

    def _write(self, data: bytes) -> None:
        raise NotImplementedError

    def _between_writes(self) -> None:
        """On the writer thread before each block: a backend may reconfigure its sink here."""

    def restart_timing(self) -> None:
        """Forget the frame clock's line (the sink was replaced): learn it afresh from now on."""
        with self._lock:
            self.frames = FrameClock(self.rate, speed=self._clock_speed)
            self._warmup = self._written + round((self.latency_s + 0.1) * self.rate)

    def _why_failed(self, exc: Exception) -> str:
        """What went wrong, for the status line, when :meth:`_write` or the mixing raised."""
        return f"mixing failed: {exc!r}"

    def _stop_pushing(self, timeout_s: float) -> bool:
        """Stop the thread; False if it is still stuck in a write after ``timeout_s``."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout_s)
            return not self._thread.is_alive()
        return True

