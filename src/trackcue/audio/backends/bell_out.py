"""The last resort before silence: the terminal bell rings for each tone cue at its time.

Speech cannot be rung, so only tones (the shipped ones and other sound files) ring. Timing is
as good as the terminal's bell, which is the point: something the runner can still hear.
"""

from __future__ import annotations

import heapq
import itertools
import os
import sys
import threading
from typing import TextIO

from trackcue.audio.clip import Clip
from trackcue.audio.output import AudioOutput, BackendUnavailable, Clock
from trackcue.audio.sounds import TONES

_MAX_WAIT_S = 0.05  # re-read the clock at least this often (it may be scaled or paused)


def is_tone(clip: Clip) -> bool:
    """A tone cue (rings the bell), as opposed to a spoken phrase."""
    return clip.name in TONES or clip.name.lower().endswith(".wav")


class BellOutput(AudioOutput):
    """Writes ``\\a`` to a terminal when each queued tone's clock time comes."""

    @property
    def speaks(self) -> bool:
        return False

    def __init__(self, clock: Clock, rate: int, stream: TextIO) -> None:
        super().__init__(clock, rate, 0.0, "bell")
        self.stream = stream
        self.rung = 0
        self._queue: list[tuple[float, int]] = []
        self._seq = itertools.count()
        self._wake = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="trackcue-bell", daemon=True)
        self._thread.start()

    def play_at(self, clip: Clip, t: float, gain: float = 1.0) -> None:
        if not is_tone(clip):
            return
        with self._wake:
            heapq.heappush(self._queue, (t, next(self._seq)))
            self._wake.notify()

    def cancel_from(self, t: float) -> None:
        with self._wake:
            self._queue = [q for q in self._queue if q[0] < t]
            heapq.heapify(self._queue)

    def ring_due(self) -> int:
        """Ring for every tone whose time has come; returns how many rang."""
        now = self.clock.now()
        due = 0
        with self._wake:
            while self._queue and self._queue[0][0] <= now:
                heapq.heappop(self._queue)
                due += 1
        if due:
            try:
                self.stream.write("\a")
                self.stream.flush()
            except (OSError, ValueError) as exc:
                self.fail(f"cannot write to the terminal: {exc}")
            self.rung += due
        return due

    def _run(self) -> None:
        while True:
            with self._wake:
                if self._closed:
                    return
                self._wake.wait(_MAX_WAIT_S)
            self.ring_due()

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()
        if self._thread is not None:
            self._thread.join()

    def describe(self) -> str:
        return "terminal bell for tones (no speech)"


def _terminal() -> TextIO | None:
    for stream in (sys.__stdout__, sys.__stderr__):
        if stream is not None and stream.isatty():
            return stream
    if os.name == "posix":
        try:
            return open("/dev/tty", "w")  # noqa: SIM115 - kept open for the whole run
        except OSError:
            return None
    return None


def open_backend(clock: Clock, rate: int, latency_s: float | None = None,
                 stream: TextIO | None = None) -> BellOutput:
    """Ring on ``stream`` (default: the terminal); unavailable without a terminal."""
    stream = stream or _terminal()
    if stream is None:
        raise BackendUnavailable("no terminal to ring")
    return BellOutput(clock, rate, stream)
