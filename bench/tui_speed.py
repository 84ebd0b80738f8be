"""The track screen's speed against its references, measured side by side in one run (issue 18's goals).

1. First frame: spawning ``trackcue run 200m-repeats --audio null`` in a real 80×24 pty until
   ``GET READY`` is drawn, against a bare Textual app showing one label (``BARE READY``), runs
   alternated so a machine getting busier weighs on both alike. Goal: ratio ≤ 1.15.
2. CPU during a rep: ``trackcue run`` on a 10-minute timed rep (``--audio null --get-ready 0``)
   against ``termdown 10m``, each in an 80×24 pty whose output is drained, alternated; after
   ``--settle`` seconds the process's CPU time (all its threads, from /proc schedstat in
   nanoseconds) is read over ``--seconds``. Goal: ratio ≤ 0.5.

termdown (GPL-3.0, a reference only, never a dependency) is taken from ``--termdown PATH``, else
installed once with pip into a venv under the user cache folder.

    python bench/tui_speed.py [--runs 9] [--cpu-runs 3] [--seconds 20] [--termdown PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tui_pty import PtyProcess  # noqa: E402

BARE = """
from textual.app import App
from textual.widgets import Label
class Bare(App):
    def compose(self):
        yield Label("BARE READY")
Bare().run()
"""
REP = "name: CPU bench\nsteps:\n  - run: 10min\n"
FIRST_FRAME_GOAL = 1.15
CPU_GOAL = 0.5


def first_frame_ms(argv: list[str], marker: bytes, env: dict[str, str] | None = None) -> float:
    proc = PtyProcess(argv, 80, 24, env)
    try:
        return proc.wait_for(marker, timeout=30) * 1000
    finally:
        proc.stop()


def cpu_ns(pid: int) -> int:
    """CPU time of every thread of ``pid`` so far, in nanoseconds (Linux ``/proc/PID/task/*/schedstat``)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):  # a thread that just ended
            pass
    return total


def cpu_percent(argv: list[str], marker: bytes, settle_s: float, seconds: float,
                env: dict[str, str] | None = None) -> float:
    """Percent of one core ``argv`` uses over ``seconds`` once ``marker`` is drawn and ``settle_s`` passed."""
    proc = PtyProcess(argv, 80, 24, env)
    try:
        proc.wait_for(marker, timeout=30)
        time.sleep(settle_s)
        cpu0, t0 = cpu_ns(proc.pid), time.perf_counter()
        time.sleep(seconds)
        cpu1, t1 = cpu_ns(proc.pid), time.perf_counter()
        return (cpu1 - cpu0) / 1e9 / (t1 - t0) * 100
    finally:
        proc.stop()


def termdown_command(given: str | None) -> list[str]:
    """``termdown``: the one given, else one installed into the user cache folder once."""
    if given:
        return [given]
    from platformdirs import user_cache_dir

    venv = Path(user_cache_dir("trackcue")) / "bench-termdown"
    exe = venv / "bin" / "termdown"
    if not exe.exists():
        print(f"installing termdown into {venv} (pip, once)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "termdown"], check=True)
    return [str(exe)]


def summary(values: list[float], unit: str, digits: int = 0) -> str:
    runs = ", ".join(f"{v:.{digits}f}" for v in values)
    return f"median {statistics.median(values):.{digits}f}{unit} (runs: {runs})"


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--runs", type=int, default=9, help="first-frame runs of each program")
    ap.add_argument("--cpu-runs", type=int, default=3, help="CPU runs of each program")
    ap.add_argument("--seconds", type=float, default=20.0, help="CPU measured over this long")
    ap.add_argument("--settle", type=float, default=3.0, help="seconds after the first frame before measuring")
    ap.add_argument("--termdown", metavar="PATH", help="a termdown executable (else installed once with pip)")
    args = ap.parse_args()
    # Measure as an installed package runs: with cached bytecode (a sandbox may forbid writing it,
    # and then every start recompiles every module). The children inherit this environment.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    found = shutil.which("trackcue")
    trackcue = [found] if found else [sys.executable, "-m", "trackcue"]
    termdown = termdown_command(args.termdown)
    with tempfile.TemporaryDirectory() as tmp:
        env = {"TRACKCUE_DB": str(Path(tmp) / "h.sqlite")}
        bare_py = Path(tmp) / "bare.py"
        bare_py.write_text(BARE, encoding="utf-8")
        rep = Path(tmp) / "rep.yaml"
        rep.write_text(REP, encoding="utf-8")
        run_200 = trackcue + ["run", "200m-repeats", "--audio", "null"]
        bare = [sys.executable, str(bare_py)]
        first_frame_ms(run_200, b"GET READY", env)  # warm the caches (and write the bytecode)
        first_frame_ms(bare, b"BARE READY")
        ours_ms, bare_ms = [], []
        for _ in range(args.runs):
            ours_ms.append(first_frame_ms(run_200, b"GET READY", env))
            bare_ms.append(first_frame_ms(bare, b"BARE READY"))
        ours_cpu, theirs_cpu = [], []
        for _ in range(args.cpu_runs):
            ours_cpu.append(cpu_percent(trackcue + ["run", str(rep), "--audio", "null", "--get-ready", "0"],
                                        b"WORK", args.settle, args.seconds, env))
            theirs_cpu.append(cpu_percent(termdown + ["10m"], b"\x1b", args.settle, args.seconds))
    frame_ratio = statistics.median(ours_ms) / statistics.median(bare_ms)
    cpu_ratio = statistics.median(ours_cpu) / statistics.median(theirs_cpu)
    print(f"first frame, trackcue run 200m-repeats --audio null: {summary(ours_ms, ' ms')}")
    print(f"first frame, bare Textual app with one label:       {summary(bare_ms, ' ms')}")
    print(f"first frame ratio: {frame_ratio:.2f} (goal <= {FIRST_FRAME_GOAL})")
    print(f"CPU during a rep at 80x24, trackcue:                {summary(ours_cpu, ' %', 2)} of a core")
    print(f"CPU at 80x24, termdown 10m:                         {summary(theirs_cpu, ' %', 2)} of a core")
    print(f"CPU ratio: {cpu_ratio:.2f} (goal <= {CPU_GOAL}; {args.seconds:.0f} s each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
