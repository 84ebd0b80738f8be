"""Compile cost against workout size: a generated 10 000-step workout in ≤ 0.5 s, growing linearly.

Usage: python bench/compile_scaling.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from trackcue.workout import compile_workout, load_workout

TEMPLATE = """name: Generated {steps} steps
params:
  reps: {reps}
steps:
  - warmup: 1min
  - repeat: reps
    steps:
      - run: 50m in 9s -> 8s
        splits: 25m
      - rest: 5s -> 4s
"""


def measure(steps: int, runs: int = 5) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gen.yaml"
        path.write_text(TEMPLATE.format(steps=steps, reps=(steps - 1) // 2))
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            tl = compile_workout(load_workout(path), use_profile=False)
            times.append(time.perf_counter() - t0)
        assert len(tl.segments) == steps
    return statistics.median(times)


def main() -> None:
    base = None
    for steps in (1001, 2501, 5001, 10001):
        t = measure(steps)
        per = t / steps * 1e6
        base = base or per
        print(f"{steps:>6} steps: median {t * 1000:7.1f} ms   {per:5.1f} µs/step   (x{per / base:.2f} of the smallest)")


if __name__ == "__main__":
    main()
