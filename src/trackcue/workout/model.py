"""The parsed workout: what the coach wrote, checked for shape, with positions kept for errors.

Values that depend on parameters or reps (``2:00 -> 0:30``, ``at mile``) stay as text here;
the compiler resolves them per rep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from trackcue.phrases import LAST_REP, LAST_SET


@dataclass(frozen=True)
class Pos:
    """Where something was written: file, 1-based line and column."""

    file: str
    line: int
    col: int


@dataclass
class Value:
    """A value as written, with its position."""

    raw: Any
    pos: Pos


@dataclass
class ParamDef:
    """A parameter: ``kind`` is count, time, pace or race (a time over a race distance)."""

    name: str
    kind: str
    default: Value
    min: Value | None = None
    max: Value | None = None
    about: str = ""
    pos: Pos | None = None


@dataclass
class AtCue:
    """A cue at an offset: positive from the step's start, negative from its end."""

    offset_s: float
    from_end: bool
    say: str | None
    sound: str | None
    pos: Pos
    fraction: bool = False  # offset_s is a fraction of the step (50% → 0.5)


@dataclass
class StepDef:
    kind: str
    value: Value  # str, or a list of per-rep values
    pos: Pos
    name: str | None = None
    note: str | None = None
    about: Value | None = None
    intensity: str | None = None
    ends: str | None = None
    tolerance: Value | None = None
    say: Value | None = None
    sound: Value | None = None
    at: list[AtCue] = field(default_factory=list)
    announce: bool | None = None  # None: as the workout's cues say
    pips: bool | None = None
    halfway: bool | None = None
    splits: Value | None = None


@dataclass
class RepeatDef:
    count: Value  # int or a parameter name
    steps: list["Item"]
    pos: Pos
    name: str | None = None
    skip_last_recovery: bool = False
    last_rep: Value | None = None


@dataclass
class IncludeDef:
    workout: "WorkoutDef"
    set: dict[str, Value]
    pos: Pos


Item = Union[StepDef, RepeatDef, IncludeDef]


@dataclass
class CueSettings:
    announce: bool = True
    pips: str = "work"
    go: str = "tone"
    halfway: bool = True
    splits: float | None = 400.0  # metres; None: no default split calls
    recovery_warning: float | None = 10.0
    last_rep: str | None = LAST_REP
    last_set: str | None = LAST_SET
    finish: str | None = "Workout complete. Well done."
    units: str = "metric"


@dataclass
class WorkoutDef:
    name: str
    description: str
    params: dict[str, ParamDef]
    cues: CueSettings
    steps: list[Item]
    path: str
    distance_ends: str = "lap"
    get_ready_s: float = 10.0
    text: str = ""  # the file's content, for hashing by history
