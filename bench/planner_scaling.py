"""The speech planner and `trackcue check` against workout size, on a crowded workout.

Crowded: N/2 × (50 m in 9 s, then an 8 s jog with two `at:` calls; 10 000 steps last 23.6 h, just
under the compiler's 24-hour limit) — every recovery holds more
speech than fits, so every cue of it goes through the planner's clash rules (issue 12 item 8:
the old planner took 2.7 s at 250 steps, 21.5 s at 500, 167 s at 1 000).

Prints, per size: the planner alone (``plan_cues``, median of runs, estimated lengths), the
stages of an in-process ``check`` (parse, compile, ``plan_sound``), and ``trackcue check`` as a
fresh process with ``--speech none`` (estimated lengths). With ``--espeak`` it also times
``trackcue check --speech espeak`` cold (every phrase rendered) and warm (from the speech cache)
at the sizes given by ``--espeak-sizes``.

Usage: python bench/planner_scaling.py [--espeak] [--espeak-sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from trackcue.soundtrack.prepare import PLAN_RATE, plan_sound
from trackcue.speech.planner import plan_cues
from trackcue.workout import compile_workout, load_workout

SIZES = (250, 500, 1000, 2500, 5000, 10000)
TEMPLATE = """name: Crowded {steps} steps
steps:
  - repeat: {reps}
    steps:
      - run: 50m in 9s
      - jog: 8s
        at: {{2s: Breathe, -4s: Ready now}}
"""


def write(folder: Path, steps: int) -> Path:
    path = folder / f"crowded-{steps}.yaml"
    path.write_text(TEMPLATE.format(steps=steps, reps=steps // 2), encoding="utf-8")
    return path


def median_s(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def check_process(path: Path, speech: str, env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "trackcue", "check", "-q", str(path), "--speech", speech],
                          capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-2000:])
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--espeak", action="store_true", help="also time check with espeak-ng, cold and warm")
    ap.add_argument("--espeak-sizes", default="1000,10000", help="sizes for --espeak (default 1000,10000)")
    ap.add_argument("--cache", metavar="DIR", help="keep the speech cache here (default: a temporary folder): "
                    "a second run is warm from the start")
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="sizes for the planner table")
    args = ap.parse_args()
    # As installed by pip: bytecode cached (this sandbox sets PYTHONDONTWRITEBYTECODE).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env["TRACKCUE_CACHE_DIR"] = args.cache or str(folder / "cache")
        env["TRACKCUE_PROFILE"] = str(folder / "no-profile.yaml")
        os.environ.update({k: env[k] for k in ("TRACKCUE_CACHE_DIR", "TRACKCUE_PROFILE")})
        print(f"{'steps':>6} {'cues':>6}  {'planner':>9} {'µs/cue':>7} {'growth':>6}   "
              f"{'parse':>7} {'compile':>8} {'plan_sound':>10}   {'check --speech none':>19}")
        base = None
        for steps in (int(n) for n in args.sizes.split(",") if n):
            path = write(folder, steps)
            runs = 5 if steps <= 2500 else 3
            parse = median_s(lambda: load_workout(path), runs)
            wdef = load_workout(path)
            comp = median_s(lambda: compile_workout(wdef, use_profile=False), runs)
            tl = compile_workout(wdef, use_profile=False)
            durations = plan_sound(tl, PLAN_RATE, "none").durations
            plan_t = median_s(lambda: plan_cues(tl, durations), runs)
            whole = median_s(lambda: plan_sound(tl, PLAN_RATE, "none"), runs)
            cli_t = statistics.median(check_process(path, "none", env) for _ in range(3 if steps <= 2500 else 1))
            per = plan_t / len(tl.cues) * 1e6
            base = base or per
            print(f"{steps:>6} {len(tl.cues):>6}  {plan_t * 1000:7.1f}ms {per:7.1f} {per / base:5.2f}x   "
                  f"{parse * 1000:5.0f}ms {comp * 1000:6.0f}ms {whole * 1000:8.0f}ms   {cli_t:17.2f}s")
        if args.espeak:
            print("\ncheck --speech espeak (first run: every phrase rendered unless --cache holds them; then warm):")
            for steps in (int(s) for s in args.espeak_sizes.split(",")):
                path = write(folder, steps)
                first = check_process(path, "espeak", env)
                warm = statistics.median(check_process(path, "espeak", env) for _ in range(3))
                print(f"{steps:>6} steps: first {first:7.1f}s   warm {warm:6.2f}s")


if __name__ == "__main__":
    main()
