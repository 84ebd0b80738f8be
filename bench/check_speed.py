"""How fast `trackcue check` and `compile` are, against a bare interpreter start in the same run.

Goals (issue 14): `trackcue check` on the 200 m session within 4x a bare `python -c pass`;
`check` and `compile --json` on a 10 000-step workout within 5x of the same on 1 000 steps.

Each command runs as a fresh process, interleaved with the reference so that both see the same
load (this machine's speed varies 2x); medians are quoted, of wall time and of the CPU time the
child used (user + system, less disturbed by other processes than wall time).

Usage: python bench/check_speed.py [runs] [--against TRACKCUE]    (default 21 runs)

``--against`` also times another build's console script (e.g. a venv with ``main`` installed)
in the same interleaved runs, so before and after are measured under the same load.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def trackcue() -> list[str]:
    """The installed console script when there is one (what a user runs), else ``python -m trackcue``."""
    script = Path(sys.executable).with_name("trackcue")
    return [str(script)] if script.exists() else [sys.executable, "-m", "trackcue"]


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall ms, child CPU ms) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env)
    wall = (time.perf_counter() - t0) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[:400]}")
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def measure(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) per command, the commands interleaved run by run."""
    for cmd in commands.values():
        run_once(cmd, env)  # write .pyc, warm the file cache
    walls: dict[str, list[float]] = {k: [] for k in commands}
    cpus: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(runs):
        for label, cmd in commands.items():
            wall, cpu = run_once(cmd, env)
            walls[label].append(wall)
            cpus[label].append(cpu)
    return {k: (statistics.median(walls[k]), statistics.median(cpus[k])) for k in commands}


def workout_of(steps: int) -> str:
    """A written-out workout of ``steps`` steps (no repeat: every step is read, checked and compiled).

    Its cues are few (no announcements, pips or go tones): 10 000 steps in under 24 hours are a
    few seconds each, and announcing each would measure how the speech planner resolves a crowd
    of phrases (its own concern, issue 12), not how the language scales.
    """
    lines = ["name: Generated", "params:", "  400m: 80s",
             "cues: {announce: false, pips: none, go: none, recovery_warning: false}", "steps:"]
    for i in range(steps // 2):  # short steps: 10 000 of them stay under the 24-hour limit
        lines += [f"  - run: 50m at 400m - {1 + i % 3}s/200m", f"    name: Rep {i + 1}", f"  - jog: {3 + i % 5}s"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="check/compile start-up against a bare interpreter")
    parser.add_argument("runs", nargs="?", type=int, default=21)
    parser.add_argument("--against", metavar="TRACKCUE", help="another build's trackcue script, timed alongside")
    args = parser.parse_args()
    runs = args.runs
    # As installed by pip: bytecode cached. (This sandbox sets PYTHONDONTWRITEBYTECODE, which would
    # make every run recompile every module from source.) No profile: the file is what is checked.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    tc = trackcue()
    with tempfile.TemporaryDirectory() as tmp:
        env["TRACKCUE_PROFILE"] = str(Path(tmp) / "no-profile.yaml")
        session = str(REPO / "workouts" / "200m-repeats.yaml")
        builds = {"": tc, " (against)": [args.against]} if args.against else {"": tc}
        commands = {"python -c pass": [sys.executable, "-c", "pass"]}
        for suffix, cmd in builds.items():
            commands.update({
                f"check 200m-repeats{suffix}": cmd + ["check", session],
                f"check --speech none{suffix}": cmd + ["check", "--speech", "none", session],
                f"compile 200m-repeats --json{suffix}": cmd + ["compile", session, "--json"],
            })
        start = measure(commands, runs, env)
        base_wall, base_cpu = start["python -c pass"]
        print(f"start-up, median of {runs} interleaved runs (wall / CPU):")
        for label, (wall, cpu) in start.items():
            print(f"  {label:<40} {wall:6.1f} ms / {cpu:6.1f} ms   x{wall / base_wall:4.2f} / x{cpu / base_cpu:4.2f}")

        sizes = {}
        for n in (1000, 10000):
            path = Path(tmp) / f"steps{n}.yaml"
            path.write_text(workout_of(n), encoding="utf-8")
            sizes[n] = str(path)
        growth = measure({
            "check 1k": tc + ["check", sizes[1000]], "check 10k": tc + ["check", sizes[10000]],
            "compile --json 1k": tc + ["compile", sizes[1000], "--json"],
            "compile --json 10k": tc + ["compile", sizes[10000], "--json"],
        }, max(5, runs // 3), env)
        print("1 000 -> 10 000 written steps (wall / CPU):")
        for what in ("check", "compile --json"):
            (w1, c1), (w10, c10) = growth[f"{what} 1k"], growth[f"{what} 10k"]
            print(f"  {what:<16} {w1:7.1f} -> {w10:7.1f} ms  x{w10 / w1:4.2f}  /  {c1:7.1f} -> {c10:7.1f} ms  x{c10 / c1:4.2f}")


if __name__ == "__main__":
    main()
