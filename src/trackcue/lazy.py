"""Modules only some code paths need, imported the first time one is used (PEP 562).

``trackcue check`` and ``compile`` plan every cue through the same modules as ``render`` and
``run`` (``soundtrack.prepare.plan_sound``), but with the phrases' lengths read from the speech
cache they start no process, write no file and log nothing. The modules for that work cost
several times a bare interpreter's start between them (``importlib.metadata`` alone, which
piper's voice discovery needs, is about twice it), so the speech and cache modules reach them
through here, at the moment they are needed::

    from trackcue import lazy

    lazy.subprocess.run(argv, ...)       # imports subprocess on this line, the first time

An attribute is the module itself (typed as such), cached once imported. This is the one home
for such imports; ``tests/test_startup.py`` holds ``check`` to what it leaves out.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what each name is, for the type checker; imported for real by __getattr__
    import importlib.metadata as metadata
    import logging as logging
    import queue as queue
    import subprocess as subprocess
    import tempfile as tempfile
    import wave as wave

__all__ = ["logging", "metadata", "queue", "subprocess", "tempfile", "wave"]

# Name here -> module imported on first use.
MODULES = {
    "logging": "logging",  # warnings about phrases that failed to render
    "metadata": "importlib.metadata",  # piper voice packages (only once a piper program is found)
    "queue": "queue",  # the lines a helper process writes (piper, pyttsx3, termux)
    "subprocess": "subprocess",  # speech helpers: espeak-ng, say, piper, pyttsx3's worker
    "tempfile": "tempfile",  # the speech cache's writes and scratch folders
    "wave": "wave",  # writing speech cache entries
}


def __getattr__(name: str) -> ModuleType:
    try:
        target = MODULES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    module = importlib.import_module(target)
    globals()[name] = module  # later lookups find it without coming here
    return module
