"""The one error an importer raises: what is wrong with the source file, where, and what to do."""

from __future__ import annotations


class ImportProblem(Exception):
    """A file that cannot be imported; ``line``/``col`` (1-based) point into text sources."""

    def __init__(self, message: str, hint: str = "", line: int | None = None, col: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line
        self.col = col
