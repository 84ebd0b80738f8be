"""Onset steadiness through a real device: miniaudio → PulseAudio null sink → parec.

End to end: makes sure a PulseAudio server with a null sink ``tc`` is running (starts one if
not), records the sink's monitor with ``parec`` while the miniaudio output plays a click train
queued on a real clock, finds each click's first sample in the recording, removes the constant
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
import time
from array import array

from trackcue.audio.backends import miniaudio_out
from trackcue.audio.clip import Clip

RATE = 44100
LEAD_S = 1.0  # the first click, after the device settles


class MonotonicClock:
    """Seconds since construction on the monotonic clock (what the engine's real clock does)."""

    def __init__(self) -> None:
        self._t0 = time.monotonic()

    def now(self) -> float:
        return time.monotonic() - self._t0


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


class Recorder:
    """Records the null sink's monitor with parec from a thread.

    The null sink is paced by the system clock, so recorded frames are nominal-rate seconds;
    the recording's start offset is part of the constant latency that is removed.
    """

    def __init__(self, seconds: float) -> None:
        self.want = int(seconds * RATE) * 2
        self.buf = bytearray()
        self.proc = subprocess.Popen(["parec", "-d", "tc.monitor", "--raw", "--format=s16le",
                                      f"--rate={RATE}", "--channels=1", "--latency-msec=5"],
                                     stdout=subprocess.PIPE, bufsize=0)
        self.thread = threading.Thread(target=self._pump)
        self.thread.start()

    def _pump(self) -> None:
        while len(self.buf) < self.want:
            chunk = self.proc.stdout.read(4096)
            if not chunk:
                break
            self.buf.extend(chunk)
        self.proc.terminate()

    def samples(self) -> array:
        self.thread.join()
        return array("h", bytes(self.buf[:len(self.buf) // 2 * 2]))


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
    clock = MonotonicClock()
    out = miniaudio_out.open_backend(clock, RATE)
    times = [LEAD_S + i * gap for i in range(clicks)]
    recorder = Recorder(LEAD_S + clicks * gap + 1.0)
    out.start()
    for t in times:
        out.play_at(click(), t)
    found = onsets(recorder.samples())
    out.close()
    if len(found) != clicks:
        sys.exit(f"found {len(found)} clicks, expected {clicks}")
    # Recorded time of each click minus its intended clock time: constant latency + jitter.
    offsets = [f / RATE - t for f, t in zip(found, times)]
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
