"""A parsed training plan: blocks of weeks, each weekday's sessions, and progression rules.

Values are kept as numbers (seconds or counts) with the parameter's kind, so the calendar and
the progression can do arithmetic and format them back for ``--set``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from trackcue.phrases import format_clock, format_duration
from trackcue.workout.model import Pos

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PER_WEEK, PER_SESSION = "week", "session"


def format_value(kind: str, number: float) -> str:
    """A parameter value as ``--set`` takes it: ``8``, ``1:15``, ``0:30``, ``45min``."""
    if kind == "count":
        return str(int(round(number)))
    if number >= 600 and abs(number % 60) < 1e-9:
        return f"{int(number // 60)}min"
    return format_clock(number)


def format_step(kind: str, step: float) -> str:
    """The size of a change, unsigned: ``15s``, ``1``, ``2min``."""
    return str(int(abs(step))) if kind == "count" else format_duration(abs(step))


@dataclass(frozen=True)
class Rule:
    """How one parameter moves: every week of its block, or after every session on target.

    ``start`` is the first value; ``by`` the step (per week or per session on target);
    ``to`` the value it reaches (a limit when ``by`` is given). Numbers are counts or seconds.
    """

    param: str
    per: str  # PER_WEEK | PER_SESSION
    kind: str  # count | time | race
    start: float
    by: float | None
    to: float | None
    tolerance_s: float  # a rep this much over its target still counts as on target
    pos: Pos

    def at_step(self, n: int) -> float:
        """The value after ``n`` steps (weeks or sessions on target), never past ``to``."""
        assert self.by is not None
        value = self.start + self.by * n
        if self.to is not None:
            value = max(value, self.to) if self.by < 0 else min(value, self.to)
        return round(value)

    def fmt(self, number: float) -> str:
        """A value of this parameter as ``--set`` takes it."""
        return format_value(self.kind, number)

    def step_text(self) -> str:
        """The step with its sign: ``−15s``, ``+1``."""
        by = self.by or 0.0
        return ("−" if by < 0 else "+") + format_step(self.kind, by)


@dataclass
class PlanSession:
    """One workout on one weekday of a block, with its parameter values and progressions."""

    workout: str  # as written: a library name or a path relative to the plan
    path: Path
    title: str  # the workout's own name ("200 m repeats")
    sets: dict[str, str]  # fixed parameter values, as text for --set
    rules: dict[str, Rule]
    note: str
    pos: Pos


@dataclass
class Block:
    """Weeks ``first``..``last`` (1-based, inclusive) sharing one weekly pattern."""

    name: str
    about: str
    first: int
    last: int
    days: dict[int, list[PlanSession]]  # weekday index (0 = Monday) → sessions
    pos: Pos

    @property
    def weeks(self) -> int:
        return self.last - self.first + 1


@dataclass
class Plan:
    name: str
    description: str
    blocks: list[Block]
    path: Path
    ref: str  # what the user named it by

    @property
    def weeks(self) -> int:
        return self.blocks[-1].last if self.blocks else 0


@dataclass
class DatedSession:
    """A plan session on its date: fixed and per-week values applied, per-session rules pending."""

    date: date
    week: int
    block: Block
    session: PlanSession
    overrides: dict[str, str]  # --set values known from the calendar alone
    reasons: dict[str, str] = field(default_factory=dict)  # param → why it has that value

    @property
    def pending(self) -> dict[str, Rule]:
        """Per-session rules: their values depend on the history."""
        return {k: r for k, r in self.session.rules.items() if r.per == PER_SESSION}
