"""Helpers tests import by name (``from support import …``); fixtures live in conftest.py."""

from __future__ import annotations

import os
import subprocess
import sys


def trackcue_cmd() -> list[str]:
    """The command that runs trackcue in a subprocess with this interpreter."""
    return [sys.executable, "-m", "trackcue"]


def subprocess_env(**extra: str) -> dict[str, str]:
    """The current environment (with the test's isolated dirs) plus ``extra``."""
    env = dict(os.environ)
    env.update(extra)
    return env


def lap_reps_workout(name: str, *, warmup_s: float, reps: int, target_s: float, jog_s: float,
                     cooldown_s: float) -> str:
    """A workout of ``reps`` × 200 m ended by the lap key (target ``target_s``) with jogs between."""
    return (f"name: {name}\nsteps:\n  - warmup: {warmup_s:g}s\n  - repeat: {reps}\n    steps:\n"
            f"      - run: 200m in {target_s:g}s\n        ends: lap\n      - jog: {jog_s:g}s\n"
            f"  - cooldown: {cooldown_s:g}s\n")


def headless_args(speed: float) -> list[str]:
    """``--headless`` on a silent, ``speed``-times-faster clock, with no get-ready."""
    return ["--headless", "--audio", "null", "--speed", f"{speed:g}", "--get-ready", "0"]


def stop_process(proc: subprocess.Popen | None, timeout_s: float = 10.0) -> None:
    """Stop a server a test started (SIGTERM, then SIGKILL if it does not go); nothing if it ended."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout_s)
