"""``trackcue check`` and ``compile --json`` start without the modules only rendering and playing need.

They plan every cue exactly as ``render`` and ``run`` do (``soundtrack.prepare.plan_sound``), with
the phrases' lengths read from the speech cache; that must not load the audio libraries, the
speech helpers' process machinery, piper's package metadata, the UI, the database or the
dataclass machinery. Each of these costs from a millisecond to several bare interpreter starts
(bench/check_speed.py measures the whole; bench/README.md has the figures), and an import
added at the top of a module on this path would bring one back without anyone noticing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from support import subprocess_env
from trackcue.speech.piper import find_command

# A module listed here, or any submodule of it, must not be loaded (reason after each group).
NOT_LOADED = (
    # decoding, measuring, playing and recording sound; the screen; the history database
    "numpy", "scipy", "soundfile", "pyloudnorm", "miniaudio", "pulsectl", "jeepney", "textual", "rich",
    "sqlite3", "trackcue.tui", "trackcue.engine", "trackcue.history", "trackcue.audio.output",
    "trackcue.soundtrack.sink",
    # speech helpers run as processes (nothing to render: every length is cached), their logging,
    # writing cache files; piper's voice packages (importlib.metadata brings email.*)
    "subprocess", "pyttsx3", "logging", "wave", "importlib.metadata", "email",
    # reading the workout: PyYAML is only the fast reader's fallback; numbers under 1000 need no num2words
    "yaml", "num2words",
    # the dataclass machinery: its import (with inspect) costs more than half a bare interpreter
    # start, then about a millisecond per class; NamedTuples and plain classes do on this path
    "dataclasses", "inspect",
)
# Loaded only to find a default folder (the speech cache's, the profile's): platformdirs, and
# tempfile through it.
DEFAULT_PATHS = ("platformdirs", "tempfile")

# Run trackcue's command line in this process, then write the names of every module loaded and
# where compile() was called from. A NamedTuple declared under postponed annotations compiles
# each field's annotation, and the first compile() of a process builds Python's syntax tree
# types: 10 M instructions, a quarter of a bare interpreter start.
LIST_MODULES = (
    "import builtins, sys\n"
    "compiled = []\n"
    "def spy(*args, _compile=builtins.compile, **kwargs):\n"
    "    caller = sys._getframe(1)\n"
    "    while caller.f_back and caller.f_code.co_filename.endswith('typing.py'):  # who declared it\n"
    "        caller = caller.f_back\n"
    "    if not caller.f_code.co_filename.startswith('<frozen importlib'):  # a module without bytecode yet\n"
    "        compiled.append(f'{caller.f_code.co_filename}:{caller.f_lineno}')\n"
    "    return _compile(*args, **kwargs)\n"
    "builtins.compile = spy\n"
    "from trackcue.cli import main\n"
    "code = main(sys.argv[2:])\n"
    "with open(sys.argv[1], 'w', encoding='utf-8') as out:\n"
    "    out.write('\\n'.join(sorted(sys.modules)) + '\\n--\\n' + '\\n'.join(compiled))\n"
    "raise SystemExit(code)\n"
)

HAS_ESPEAK = bool(shutil.which("espeak-ng") or shutil.which("espeak"))


class Run(NamedTuple):
    modules: set[str]  # every module loaded
    compiled: list[str]  # FILE:LINE of each compile() call
    out: str
    err: str


def loaded_by(args: list[str], tmp_path: Path, env: dict[str, str]) -> Run:
    """What ``trackcue ARGS`` loads with a warm speech cache (run once before to fill it)."""
    listing = tmp_path / "modules.txt"
    argv = [sys.executable, "-c", LIST_MODULES, str(listing), *args]
    for _ in range(2):  # the first run renders what the cache lacks (and may load anything for it)
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env)
        assert proc.returncode == 0, proc.stderr[-1000:]
    modules, compiled = listing.read_text(encoding="utf-8").split("\n--\n")
    return Run(set(modules.split()), compiled.splitlines(), proc.stdout, proc.stderr)


def unexpected(loaded: set[str], banned: tuple[str, ...]) -> list[str]:
    return sorted(m for m in loaded if any(m == b or m.startswith(b + ".") for b in banned))


def allowed_here() -> set[str]:
    """What this machine's engines need to be chosen, so ``--speech auto`` may load it."""
    allowed = set()
    if find_command() is not None:  # piper installed: its voices are looked for in the voices folder
        allowed |= {"importlib.metadata", "email", *DEFAULT_PATHS}  # (a default path) and voice packages
    if not HAS_ESPEAK:  # auto goes on to pyttsx3, which is tried in a process
        allowed |= {"subprocess"}
    return allowed


COMMANDS = {"check": ["check", "200m-repeats"], "compile --json": ["compile", "200m-repeats", "--json"]}


@pytest.mark.parametrize("command", COMMANDS)
def test_planning_from_the_cache_loads_no_heavy_module(command, tmp_path):
    # TRACKCUE_CACHE_DIR and TRACKCUE_PROFILE are set (conftest): no default folder is looked up.
    run = loaded_by(COMMANDS[command], tmp_path, subprocess_env())
    banned = tuple(m for m in NOT_LOADED + DEFAULT_PATHS if m not in allowed_here())
    assert unexpected(run.modules, banned) == []
    assert run.compiled == []
    assert "trackcue.soundtrack.prepare" in run.modules  # it did plan, through the one planning path
    if HAS_ESPEAK:  # ... with the lengths espeak-ng gave, read from the cache
        assert "estimated" not in run.err and '"lengths": "estimated"' not in run.out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CACHE_HOME places the cache on Linux only")
def test_the_default_cache_folder_costs_only_platformdirs(tmp_path):
    env = subprocess_env()
    del env["TRACKCUE_CACHE_DIR"]  # the platform's cache folder (XDG_CACHE_HOME: a temporary one here)
    run = loaded_by(COMMANDS["check"], tmp_path, env)
    assert "platformdirs" in run.modules
    assert unexpected(run.modules, tuple(m for m in NOT_LOADED if m not in allowed_here())) == []
    if HAS_ESPEAK:
        assert "estimated" not in run.err
