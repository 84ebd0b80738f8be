"""Drift over an hour: a 60-minute workout played on the scaled clock ends on plan.

Runs ``trackcue run --headless --audio null --speed N`` on 30 x (run 1 min, jog 1 min) and
compares the end with the plan two ways: on the workout clock (the ``finish`` line's ``t_s``
against ``total_s``) and in real time (the ``finish`` line's arrival after the first step's,
against 3600 s / N). Goal: both within 1 ms.

    python bench/engine_drift.py [--speed 120]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOUR = "name: drift bench\nsteps:\n  - repeat: 30\n    steps:\n      - run: 1min\n      - jog: 1min\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--speed", type=float, default=120.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hour.yaml"
        path.write_text(HOUR, encoding="utf-8")
        cmd = [sys.executable, "-m", "trackcue", "run", str(path), "--headless", "--audio", "null",
               "--get-ready", "0", "--speed", f"{args.speed:g}"]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, bufsize=1,
                                env={**os.environ, "TRACKCUE_DB": str(Path(tmp) / "history.sqlite")})
        lines = [(time.perf_counter(), json.loads(line)) for line in proc.stdout]
        proc.wait()
    start = next(e for _, e in lines if e["event"] == "start")
    first_t = next(t for t, e in lines if e["event"] == "segment")
    end_t, finish = lines[-1]
    assert finish["event"] == "finish", finish
    steps = [e for _, e in lines if e["event"] == "segment"]
    workout_err = (finish["t_s"] - start["total_s"]) * 1000
    step_err = max(abs(e["t_s"] - e["at_s"]) for e in steps) * 1000
    real_err = ((end_t - first_t) - start["total_s"] / args.speed) * 1000
    verdict = "ok" if abs(workout_err) <= 1 and abs(real_err) <= 1 else "MISSED"
    print(f"{len(steps)} steps, {start['total_s']:.0f} s planned at {args.speed:g}x")
    print(f"end on the workout clock: {workout_err:+.3f} ms (worst step start {step_err:.3f} ms)")
    print(f"end in real time: {real_err:+.3f} ms after {end_t - first_t:.3f} s  (goal within 1 ms: {verdict})")


if __name__ == "__main__":
    main()
