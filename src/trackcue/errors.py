"""Errors as values with a position, until the CLI prints them and chooses the exit code."""


from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with a user's input, where it is, and what to write instead.

    (A NamedTuple, not a dataclass: every command imports it, and a dataclass costs about a
    millisecond to build at start-up.)
    """

    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based
    hint: str = ""
    severity: str = "error"

    def format(self) -> str:
        """``FILE:LINE:COL: error: message (hint)`` — the one-line form editors understand."""
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        text = f"{where}{self.severity}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return " ".join(text.split("\n"))  # one line per problem, always


class UserError(Exception):
    """Bad input from the user: printed as one line per problem, exit code 2, no traceback."""

    def __init__(self, problems: list[Problem] | str, hint: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(problems, hint=hint)]
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))
