"""Cue timing while another process holds the history database's lock for 5 s.

Runs ``trackcue run --headless --audio null --speed 10`` on a workout with a cue every 0.5 s
(real time; the speed makes ``late_s``, rounded to the clock's millisecond, a tenth of a
millisecond of real time), in pairs in one invocation: once with the history free (the reference) and once while another process holds
an exclusive lock on the history file for ``--hold`` seconds in the middle of the run. Per cue
event it reads the engine's own lateness (``late_s``: how late the player handled the cue on its
clock — audio had it queued 2 s ahead) and whether it was skipped, and counts stalls. It also
times each line's arrival against its plan: a line is printed once its event is committed
(docs/history.md, "Durability"), so during the lock the lines wait — late, none lost — while the
cues themselves must not. Line times are shown against the run's own median (a line waits for
its commit, a few hundred microseconds, in every run). Goals (the engine's, bench/README.md):
p99 <= 2 ms, max <= 5 ms, no cue skipped, no stall.

    python bench/history_lock.py [--seconds 60] [--hold 5] [--runs 3] [--speed 10]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GET_READY_S = 2.0
HOLDER = """
import sqlite3, sys, time
sys.stdin.readline()  # started ahead, so its own start-up costs the run nothing while it plays
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
print("released", flush=True)
"""


def workout_yaml(seconds: float, speed: float) -> str:
    """One timed step with a beep at every half second of real time (``seconds`` real)."""
    offsets = [k * 0.5 * speed for k in range(1, int(seconds * 2))]
    cues = ", ".join(f"{o:g}s: {{sound: beep}}" for o in offsets)
    return f"name: lock bench\nsteps:\n  - run: {seconds * speed:g}s\n    at: {{{cues}}}\n"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


def one_run(workout: Path, db: Path, speed: float, hold_s: float | None, lock_at_s: float) -> dict[str, float]:
    env = {**os.environ, "TRACKCUE_DB": str(db), "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "trackcue", "run", str(workout), "--headless", "--audio", "null",
           "--get-ready", f"{GET_READY_S * speed:g}", "--speed", f"{speed:g}"]
    holder = None
    if hold_s is not None:
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), f"{hold_s:g}"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            text=True, bufsize=1, env=env)
    assert proc.stdout is not None
    arrivals: list[tuple[float, dict[str, object]]] = []
    locked_at = released_at = None
    for line in proc.stdout:
        now = time.perf_counter()
        arrivals.append((now, json.loads(line)))
        if holder is not None and locked_at is None and now - arrivals[0][0] >= lock_at_s:
            assert holder.stdin is not None and holder.stdout is not None
            holder.stdin.write("go\n")
            holder.stdin.flush()
            holder.stdout.readline()
            locked_at = time.perf_counter() - arrivals[0][0]
    proc.wait()
    if holder is not None:
        holder.wait()
        released_at = (locked_at or 0.0) + (hold_s or 0.0)
    t0, start = arrivals[0]
    cues = [(t, e) for t, e in arrivals if e["event"] == "cue"]
    late = [float(e["late_s"]) * 1000 / speed for _, e in cues]  # type: ignore[arg-type]
    delay = [((t - t0) - (float(e["at_s"]) - float(start["t_s"])) / speed) * 1000 for t, e in cues]  # type: ignore[arg-type]
    usual = statistics.median(delay)
    delay = [d - usual for d in delay]
    during = [lt for lt, (_, e) in zip(late, cues)
              if locked_at is not None and released_at is not None
              and locked_at <= (float(e["at_s"]) - float(start["t_s"])) / speed <= released_at]  # type: ignore[arg-type]
    return {
        "cues": len(cues), "skipped": sum(1 for _, e in cues if e["skipped"]),
        "stalls": sum(1 for _, e in arrivals if e["event"] == "stall"),
        "late_p50": pct(late, 0.5), "late_p99": pct(late, 0.99), "late_max": max(late),
        "line_p50": pct(delay, 0.5), "line_p99": pct(delay, 0.99), "line_max": max(delay),
        "locked_at": locked_at or 0.0, "released_at": released_at or 0.0,
        "during": len(during), "during_max": max(during) if during else 0.0,
        "finished": float(arrivals[-1][1]["event"] == "finish"),
    }


def show(label: str, r: dict[str, float]) -> str:
    lock = (f"  (lock {r['locked_at']:.1f}-{r['released_at']:.1f} s: {int(r['during'])} cues, lateness max "
            f"{r['during_max']:.2f} ms)" if r["released_at"] else "")
    return (f"{label:<9} {int(r['cues'])} cues, skipped {int(r['skipped'])}, stalls {int(r['stalls'])};  engine "
            f"lateness p50 {r['late_p50']:.1f} p99 {r['late_p99']:.1f} max {r['late_max']:.1f} ms;  line after usual "
            f"p99 {r['line_p99']:.1f} max {r['line_max']:.0f} ms{lock}")


def main() -> None:
    doc = __doc__ or ""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--hold", type=float, default=5.0, help="seconds the other process holds the lock")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--speed", type=float, default=10.0)
    args = ap.parse_args()
    pairs = []
    with tempfile.TemporaryDirectory() as tmp:
        workout = Path(tmp) / "lock.yaml"
        workout.write_text(workout_yaml(args.seconds, args.speed), encoding="utf-8")
        for run in range(args.runs):
            free = one_run(workout, Path(tmp) / f"free{run}.sqlite3", args.speed, None, 0)
            held = one_run(workout, Path(tmp) / f"held{run}.sqlite3", args.speed, args.hold, args.seconds / 3)
            print(f"run {run + 1}:\n  {show('free', free)}\n  {show('locked', held)}")
            pairs.append((free, held))
    med = {k: (statistics.median(p[0][k] for p in pairs), statistics.median(p[1][k] for p in pairs))
           for k in ("late_p99", "late_max", "skipped", "stalls", "line_max", "during_max")}
    ok = all(held["late_p99"] <= 2 and held["late_max"] <= 5 and not held["skipped"] and not held["stalls"]
             and held["finished"] for _, held in pairs)
    print(f"median of {args.runs}: engine lateness p99 {med['late_p99'][0]:.1f} ms free, {med['late_p99'][1]:.1f} ms "
          f"locked; max {med['late_max'][0]:.1f} / {med['late_max'][1]:.1f} ms (under the lock "
          f"{med['during_max'][1]:.2f} ms); skipped {med['skipped'][1]:g}, stalls "
          f"{med['stalls'][1]:g} while locked; lines waited up to {med['line_max'][1] / 1000:.1f} s for the lock "
          f"(goal p99 <= 2 ms, max <= 5 ms, none skipped: {'ok' if ok else 'MISSED'})")


if __name__ == "__main__":
    main()
