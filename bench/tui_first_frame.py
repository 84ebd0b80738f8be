"""Time to the player's first frame after ``trackcue run 200m-repeats --audio null`` (goal ≤ 300 ms).

Starts the command in a real 80×24 pty and waits for ``GET READY`` on the screen; a bare Textual
app showing one label is measured the same way for comparison. Prints medians.

    python bench/tui_first_frame.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
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


def first_frame(argv: list[str], marker: bytes, env: dict | None = None) -> float:
    proc = PtyProcess(argv, 80, 24, env)
    try:
        return proc.wait_for(marker, timeout=20)
    finally:
        proc.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    # Measure as an installed package runs: with cached bytecode (a sandbox may forbid writing it,
    # and then every start recompiles every module). The children inherit this environment.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    trackcue = shutil.which("trackcue") or sys.executable
    argv = [trackcue] if trackcue != sys.executable else [sys.executable, "-m", "trackcue"]
    with tempfile.TemporaryDirectory() as tmp:
        env = {"TRACKCUE_DB": str(Path(tmp) / "h.sqlite")}
        bare_py = Path(tmp) / "bare.py"
        bare_py.write_text(BARE, encoding="utf-8")
        first_frame(argv + ["run", "200m-repeats", "--audio", "null"], b"GET READY", env)  # warm the caches
        ours, bare = [], []
        for _ in range(args.runs):  # alternated, so a machine getting busier weighs on both alike
            ours.append(first_frame(argv + ["run", "200m-repeats", "--audio", "null"], b"GET READY", env) * 1000)
            bare.append(first_frame([sys.executable, str(bare_py)], b"BARE READY") * 1000)
    print(f"trackcue run 200m-repeats --audio null, first frame: median {statistics.median(ours):.0f} ms "
          f"(min {min(ours):.0f}, max {max(ours):.0f}; {args.runs} runs)")
    print(f"bare Textual app, first frame:                      median {statistics.median(bare):.0f} ms "
          f"(min {min(bare):.0f}, max {max(bare):.0f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
