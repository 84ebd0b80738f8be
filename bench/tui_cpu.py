"""CPU of the player screen while a rep counts down at 80×24 through a real pty (goal ≤ 0.6 % of a core).

Plays a 10-minute timed rep (``--get-ready 0 --audio null``), lets it settle for 3 s, then reads the
process's CPU time over ``--seconds`` (default 20). With ``--termdown PATH`` it measures termdown
counting down 10 minutes in the same way, for comparison.

    python bench/tui_cpu.py [--seconds 20] [--runs 3] [--termdown /tmp/tdev/bin/termdown]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tui_pty import PtyProcess  # noqa: E402

REP = "name: CPU bench\nsteps:\n  - run: 10min\n"


def measure(argv: list[str], seconds: float, marker: bytes, env: dict | None = None) -> float:
    """Percent of one core ``argv`` used over ``seconds`` once ``marker`` is on the screen."""
    proc = PtyProcess(argv, 80, 24, env)
    try:
        proc.wait_for(marker, timeout=15)
        time.sleep(3.0)  # past start-up: only the steady countdown is measured
        cpu0, t0 = proc.cpu_seconds(), time.perf_counter()
        time.sleep(seconds)
        cpu1, t1 = proc.cpu_seconds(), time.perf_counter()
        return (cpu1 - cpu0) / (t1 - t0) * 100
    finally:
        proc.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--termdown", metavar="PATH", help="a termdown executable to measure the same way")
    args = ap.parse_args()
    # Measure as an installed package runs: with cached bytecode (a sandbox may forbid writing it,
    # and then every start recompiles every module). The children inherit this environment.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        workout = Path(tmp) / "rep.yaml"
        workout.write_text(REP, encoding="utf-8")
        env = {"TRACKCUE_DB": str(Path(tmp) / "h.sqlite")}
        trackcue = [sys.executable, "-m", "trackcue", "run", str(workout), "--audio", "null", "--get-ready", "0"]
        ours = [measure(trackcue, args.seconds, b"WORK", env) for _ in range(args.runs)]
        print(f"trackcue player, rep countdown at 80x24: median {statistics.median(ours):.2f} % of a core "
              f"(runs: {', '.join(f'{x:.2f}' for x in ours)}; {args.seconds:.0f} s each)")
        if args.termdown and os.path.exists(args.termdown):
            theirs = [measure([args.termdown, "10m"], args.seconds, b"\x1b") for _ in range(args.runs)]
            print(f"termdown 10m at 80x24:                median {statistics.median(theirs):.2f} % of a core "
                  f"(runs: {', '.join(f'{x:.2f}' for x in theirs)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
