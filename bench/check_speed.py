"""How long `trackcue check` and `trackcue compile` take from start to exit (goal: ≤ 100 ms each).

Runs each command as a fresh process several times and prints the median wall time.
Usage: python bench/check_speed.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMMANDS = {
    "check 200m-repeats.yaml": ["check", str(REPO / "workouts" / "200m-repeats.yaml")],
    "compile 200m-repeats": ["compile", "200m-repeats"],
    "compile 200m-repeats --json": ["compile", "200m-repeats", "--json"],
}


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    exe = [sys.executable, "-m", "trackcue"]
    # As installed by pip: bytecode cached. (This sandbox sets PYTHONDONTWRITEBYTECODE, which would
    # make every run recompile every module from source.)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for label, args in COMMANDS.items():
        subprocess.run(exe + args, capture_output=True, check=True, env=env)  # write .pyc, warm the file cache
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run(exe + args, capture_output=True, check=True, env=env)
            times.append((time.perf_counter() - t0) * 1000)
        print(f"{label:<32} median {statistics.median(times):6.1f} ms  (min {min(times):.1f}, max {max(times):.1f}, n={runs})")


if __name__ == "__main__":
    main()
