"""The core never imports Textual: the CLI's check/compile path stays fast because of it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CORE = ["trackcue.units", "trackcue.timeline", "trackcue.workout", "trackcue.workout.compiler", "trackcue.workout.importers", "trackcue.engine",
        "trackcue.audio", "trackcue.speech", "trackcue.history", "trackcue.paces", "trackcue.export", "trackcue.soundtrack", "trackcue.plan", "trackcue.cli",
        "trackcue.session", "trackcue.session.opener", "trackcue.session.headless", "trackcue.session.live",
        "trackcue.handsfree.runtime", "trackcue.handsfree.findings", "trackcue.handsfree.calibrate"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_load_textual(module):
    code = (f"import importlib, sys; importlib.import_module({module!r}); "
            "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.') or m.startswith('trackcue.tui')]; "
            "print(bad); raise SystemExit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_compiling_does_not_load_textual_or_audio():
    # compile plans the cues with the phrases' real lengths: the first run renders them (and may
    # resample with miniaudio); from then on they come from the speech cache, and compiling loads
    # no audio, database or UI library.
    code = ("import sys; from trackcue.cli import main; main(['compile', '200m-repeats', '--json', '--no-profile']); "
            "heavy = [m for m in ('textual', 'miniaudio', 'sqlite3', 'pyttsx3') if m in sys.modules]; "
            "sys.stderr.write(repr(heavy)); raise SystemExit(1 if heavy else 0)")
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-500:]


def test_the_screen_never_imports_the_command_line():
    import ast

    tui = Path(__file__).resolve().parents[1] / "src" / "trackcue" / "tui"
    found = []
    for path in tui.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.name}: {n}" for n in names if n == "trackcue.cli" or n.startswith("trackcue.cli.")]
    assert found == []
