"""The type and layer gates CI holds the code to: ``mypy`` (pyproject's [tool.mypy]: no error in
src/trackcue, the core packages under --strict's checks) and ``lint-imports`` (pyproject's
[tool.importlinter]: the layers of the README's tree, every exception with a reason)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    """The tool installed beside this Python (the test extras): missing is a failure, not a skip."""
    exe = shutil.which(name, path=str(Path(sys.executable).parent))
    assert exe is not None, f"{name} is not installed: pip install -e '.[test]'"
    return exe


def test_mypy_finds_no_error():
    proc = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True, timeout=900)
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    assert errors == [], "\n".join(errors)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^Success: no issues found in \d+ source files", proc.stdout, re.M), proc.stdout


def test_the_import_layers_hold():
    proc = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    kept = re.search(r"Contracts: (\d+) kept, (\d+) broken", proc.stdout)
    assert kept is not None and kept.group(2) == "0" and int(kept.group(1)) >= 3, proc.stdout
    assert "Layers: cli > tui > session > plan" in proc.stdout  # the layers contract is among them
