"""Run a terminal program in a real pseudo-terminal for the tui benches (the harness lives in trackcue.tui.testing)."""

from trackcue.tui.testing import PtyProcess

__all__ = ["PtyProcess"]
