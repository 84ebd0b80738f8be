"""``--audio wav:PATH``: writes exactly what would have been played, sample-exact.

Frame = round((t - t0) * rate), t0 being the clock when the output starts, so the file follows
the clock from that moment (a paused
clock writes nothing; a fast clock writes the workout at its own length). A thread appends the
mix as the clock passes; ``close`` writes what is still placed to its end — through speakers the
run waits for its closing "well done" too; after a stop the player has cancelled what had not
started, so then only the sounding clip is finished.
"""

from __future__ import annotations

import threading
from pathlib import Path

from trackcue.audio.clip import Clip
from trackcue.audio.mixer import Mixer
from trackcue.audio.output import AudioOutput, BackendUnavailable, Clock
from trackcue.audio.render import WavWriter

_POLL_S = 0.1  # how often the writer catches up with the clock (file content does not depend on it)


class WavOutput(AudioOutput):
    """An output that records the mix to a WAV file instead of a device."""

    def __init__(self, clock: Clock, rate: int, path: Path) -> None:
        super().__init__(clock, rate, 0.0, f"wav:{path}")
        self.mixer = Mixer(rate)
        self._writer = WavWriter(self.mixer, path)
        self._lock = threading.Lock()  # one writer at a time: the thread or close()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._t0 = 0.0  # clock time of frame 0: a real clock counts from boot, not from the start

    def start(self) -> None:
        self._t0 = self.clock.now()
        self._thread = threading.Thread(target=self._run, name="trackcue-wav", daemon=True)
        self._thread.start()

    def play_at(self, clip: Clip, t: float, gain: float = 1.0) -> None:
        self.mixer.schedule(clip, max(0, round((t - self._t0) * self.rate)), gain)

    def cancel_from(self, t: float) -> None:
        self.mixer.cancel_from(max(0, round((t - self._t0) * self.rate)))

    def _now_frame(self) -> int:
        return max(0, round((self.clock.now() - self._t0) * self.rate))

    def _catch_up(self, frame: int) -> None:
        with self._lock:
            if self._closed:
                return
            try:
                self._writer.write_until(frame)
            except OSError as exc:
                self.fail(f"cannot write {self._writer.path}: {exc.strerror or exc}")

    def _run(self) -> None:
        while not self._stop.wait(_POLL_S) and not self.failed:
            self._catch_up(self._now_frame())

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        ends = [p.end for p in self.mixer.placements()]
        self._catch_up(max([self._now_frame(), *ends]))
        with self._lock:
            if not self._closed:
                self._closed = True
                self._writer.close()

    def describe(self) -> str:
        return f"writing {self.rate} Hz mono, {self._writer.written / self.rate:.1f} s so far"


def open_backend(clock: Clock, rate: int, latency_s: float | None = None, *,
                 path: str | Path) -> WavOutput:
    """Open ``path`` for writing; unavailable if the file cannot be created."""
    try:
        return WavOutput(clock, rate, Path(path))
    except OSError as exc:
        raise BackendUnavailable(f"cannot write {path}: {exc.strerror or exc}") from exc
