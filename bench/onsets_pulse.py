"""Onset steadiness through a real device: miniaudio → PulseAudio null sink → parec.

End to end: makes sure a PulseAudio server with a null sink ``tc`` is running (starts one if
not), records the sink's monitor with ``parec`` while the miniaudio output plays a click train
queued on a real clock, finds each click's first sample in the recording (frames turned into
seconds through the sink's measured rate: it runs ~200 ppm fast here), removes the constant
latency and prints the onset spread peak-to-peak in ms (target ≤ 2 ms).

    python bench/onsets_pulse.py [--clicks 40] [--gap 0.2371] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import threading
import tempfile
import time
from array import array
from pathlib import Path

from trackcue.audio.backends import miniaudio_out
from trackcue.audio.clip import Clip

RATE = 44100
LEAD_S = 1.0  # the first click, after the device settles


class MonotonicClock:
    """Seconds since construction on the monotonic clock (what the engine's real clock does)."""

    speed = 1.0

    def __init__(self) -> None:
        self.base = time.monotonic()

    def now(self) -> float:
        return time.monotonic() - self.base


def ensure_pulse() -> None:
    """A running PulseAudio with the null sink ``tc`` as the default sink."""
    for tool in ("pulseaudio", "pactl", "parec"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found: apt-get install -y pulseaudio pulseaudio-utils")
    if subprocess.run(["pactl", "info"], capture_output=True).returncode != 0:
        subprocess.run(["pulseaudio", "--system=false", "-D", "--exit-idle-time=-1",
                        "--disallow-exit"], capture_output=True, check=True)
        time.sleep(1.0)
    sinks = subprocess.run(["pactl", "list", "short", "sinks"], capture_output=True, text=True)
    if "\ttc\t" not in sinks.stdout:
        subprocess.run(["pactl", "load-module", "module-null-sink", "sink_name=tc",
                        "norewinds=1"], capture_output=True, check=True)
    subprocess.run(["pactl", "set-default-sink", "tc"], check=True)


def click() -> Clip:
    """5 ms of a loud 2205 Hz square wave: an unmistakable first sample."""
    period = RATE // 2205
    samples = array("h", [20000 if (i // (period // 2)) % 2 == 0 else -20000
                          for i in range(round(0.005 * RATE))])
    return Clip(samples, RATE, "click")


class Recording:
    """``parec`` of the null sink's monitor (mono, 16-bit, RATE) into a raw file, from a thread.

    Each chunk's arrival is timed on the monotonic clock: the null sink is a sound card like any
    other, its frames tick at its own rate (measured here: ~200 ppm fast against CLOCK_MONOTONIC),
    so frames become seconds through the line fitted to those arrivals, not through RATE.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.arrivals: list[tuple[int, float]] = []  # (frames so far, monotonic seconds)
        self.proc = subprocess.Popen(["parec", "-d", "tc.monitor", "--raw", "--format=s16le",
                                      f"--rate={RATE}", "--channels=1", "--latency-msec=5"],
                                     stdout=subprocess.PIPE, bufsize=0)
        self.thread = threading.Thread(target=self._pump, daemon=True)
        self.thread.start()

    def _pump(self) -> None:
        total = 0
        with self.path.open("wb") as out:
            while True:
                chunk = self.proc.stdout.read(8192)
                if not chunk:
                    return
                out.write(chunk)
                total += len(chunk)
                self.arrivals.append((total // 2, time.monotonic()))

    def stop(self) -> tuple[array, float, float]:
        """The samples, and the fitted line ``frame = a + b * monotonic_seconds`` as (a, b)."""
        self.proc.terminate()
        self.thread.join()
        self.proc.wait()
        data = self.path.read_bytes()
        samples = array("h", data[:len(data) // 2 * 2])
        if sys.byteorder == "big":
            samples.byteswap()
        pts = self.arrivals[len(self.arrivals) // 20:]  # parec's start-up burst left out
        mf = statistics.fmean(f for f, _ in pts)
        mt = statistics.fmean(t for _, t in pts)
        b = sum((f - mf) * (t - mt) for f, t in pts) / sum((t - mt) ** 2 for _, t in pts)
        return samples, mf - b * mt, b


def onsets(samples: array, threshold: int = 8000, quiet_frames: int = 2000) -> list[int]:
    """Frames where the signal first exceeds ``threshold`` after at least ``quiet_frames``."""
    found, last = [], -quiet_frames
    for i, s in enumerate(samples):
        if s > threshold or s < -threshold:
            if i - last >= quiet_frames:
                found.append(i)
            last = i
    return found


def run_once(clicks: int, gap: float, verbose: bool) -> float:
    recording = Recording(Path(tempfile.mkdtemp(prefix="trackcue-onsets-")) / "clicks.raw")
    time.sleep(0.5)  # parec connected before the first click
    clock = MonotonicClock()
    out = miniaudio_out.open_backend(clock, RATE)
    times = [LEAD_S + i * gap for i in range(clicks)]
    out.start()
    for t in times:
        out.play_at(click(), t)
    time.sleep(LEAD_S + clicks * gap + 1.0)
    out.close()
    samples, a, b = recording.stop()
    recording.path.unlink()
    found = onsets(samples)
    if len(found) != clicks:
        sys.exit(f"found {len(found)} clicks, expected {clicks}")
    # Heard time of each click (recorded frame → monotonic seconds through the sink's measured
    # rate) minus its intended clock time: constant latency + jitter.
    offsets = [(f - a) / b - clock.base - t for f, t in zip(found, times)]
    spread_ms = (max(offsets) - min(offsets)) * 1000
    if verbose:
        print(" ".join(f"{(o - offsets[0]) * 1000:.1f}" for o in offsets))
    print(f"spread p-p {spread_ms:.3f} ms, sd {statistics.pstdev(offsets) * 1000:.3f} ms, "
          f"device {out.describe()}")
    return spread_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=40)
    parser.add_argument("--gap", type=float, default=0.2371, help="seconds between clicks")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="print every onset's error")
    args = parser.parse_args()
    ensure_pulse()
    spreads = [run_once(args.clicks, args.gap, args.verbose) for _ in range(args.runs)]
    print(f"median onset spread p-p over {args.runs} runs: {statistics.median(spreads):.3f} ms "
          f"(target <= 2 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
