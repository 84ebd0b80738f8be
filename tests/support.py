"""Helpers tests import by name (``from support import …``); fixtures live in conftest.py."""

from __future__ import annotations

import os
import sys


def trackcue_cmd() -> list[str]:
    """The command that runs trackcue in a subprocess with this interpreter."""
    return [sys.executable, "-m", "trackcue"]


def subprocess_env(**extra: str) -> dict[str, str]:
    """The current environment (with the test's isolated dirs) plus ``extra``."""
    env = dict(os.environ)
    env.update(extra)
    return env
