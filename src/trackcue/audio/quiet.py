"""Keep native libraries' stderr chatter (ALSA, JACK) off the runner's terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def quiet_stderr() -> Iterator[None]:
    """Point file descriptor 2 at the null device for the block, then put it back.

    C libraries write straight to fd 2, so replacing ``sys.stderr`` would not silence them.
    If fd 2 cannot be duplicated (no console), the block simply runs unchanged.
    """
    try:
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):
        pass
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
        finally:
            os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
