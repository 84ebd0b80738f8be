"""Run a terminal program in a real pseudo-terminal for the tui benches (the harness lives in tests/tui_rig.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from tui_rig import PtyProcess  # noqa: E402

__all__ = ["PtyProcess"]
