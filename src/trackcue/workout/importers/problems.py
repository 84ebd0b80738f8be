"""The one error an importer raises: what is wrong with the source file, where, and what to do."""

from __future__ import annotations


class ImportProblem(Exception):
    """A file that cannot be imported; ``line``/``col`` (1-based) point into text sources."""

    def __init__(self, message: str, hint: str = "", line: int | None = None, col: int | None = None,
                 *, whole_file: bool = False) -> None:
        super().__init__(message)
        self.whole_file = whole_file  # about the file, not one line or block: said once, with no position
        self.message = message
        self.hint = hint
        self.line = line
        self.col = col


class ImportProblems(Exception):
    """Every problem found in a file that cannot be imported, in the order of the file."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems
