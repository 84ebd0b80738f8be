"""The parsed workout: what the coach wrote, checked for shape, with positions kept for errors.

Values that depend on parameters or reps (``2:00 -> 0:30``, ``at mile``) stay as text here;
the compiler resolves them per rep.

These are plain classes with ``__slots__`` rather than dataclasses: building a dataclass costs
about a millisecond when the module is imported, and ``trackcue check`` has a start-up budget of
four bare interpreter starts (bench/check_speed.py).
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple, Union

from trackcue.phrases import LAST_REP, LAST_SET
from trackcue.timeline import Intensity, StepKind
from trackcue.units import Units
from trackcue.workout.language import DistanceEnds, GoSetting, PipsSetting
from trackcue.workout.template import Template


class Record:
    """Plain data: the fields are the ``__slots__``; repr and equality come from them."""

    __slots__: tuple[str, ...] = ()

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({inner})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and type(self) is type(other) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable


# Written in NamedTuple's call form so that the field types are objects, not strings to compile
# (this module postpones annotations): NamedTuple compiles each string annotation at import.
Pos = NamedTuple("Pos", [("file", str), ("line", int), ("col", int)])
Pos.__doc__ = "Where something was written: file, 1-based line and column."
Value = NamedTuple("Value", [("raw", Any), ("pos", Pos)])
Value.__doc__ = "A value as written, with its position."


class ParamDef(Record):
    """A parameter: ``kind`` is count, time, pace or race (a time over a race distance)."""

    __slots__ = ("name", "kind", "default", "min", "max", "about", "pos")

    def __init__(self, name: str, kind: str, default: Value, min: Value | None = None, max: Value | None = None,
                 about: str = "", pos: Pos | None = None) -> None:
        self.name = name
        self.kind = kind
        self.default = default
        self.min = min
        self.max = max
        self.about = about
        self.pos = pos


class AtCue(Record):
    """A cue in a step: at an offset (``at:``; negative from the end) or every ``offset_s`` (``every:``).

    ``say`` is the template as written and ``template`` its parsed form.
    """

    __slots__ = ("offset_s", "from_end", "say", "sound", "pos", "fraction", "template")

    def __init__(self, offset_s: float, from_end: bool, say: str | None, sound: str | None, pos: Pos,
                 fraction: bool = False, template: Template | None = None) -> None:
        self.offset_s = offset_s
        self.from_end = from_end
        self.say = say
        self.sound = sound
        self.pos = pos
        self.fraction = fraction  # offset_s is a fraction of the step (50% → 0.5)
        self.template = template


class StepDef(Record):
    """One step as written; ``value`` is its end text, or a list of per-rep texts.

    ``per_set``: a progression or list restarts with each set (``2:00 -> 0:30 each set``).
    """

    __slots__ = ("kind", "value", "pos", "name", "note", "about", "intensity", "ends", "tolerance", "say",
                 "say_template", "sound", "at", "every", "announce", "pips", "halfway", "splits", "per_set")

    def __init__(self, kind: StepKind, value: Value, pos: Pos) -> None:
        self.kind = kind
        self.value = value
        self.pos = pos
        self.name: str | None = None
        self.note: str | None = None
        self.about: Value | None = None
        self.intensity: Intensity | None = None
        self.ends: DistanceEnds | None = None
        self.tolerance: Value | None = None
        self.say: Value | None = None
        self.say_template: Template | None = None
        self.sound: Value | None = None
        self.at: list[AtCue] = []
        self.every: list[AtCue] = []
        self.announce: bool | None = None  # None: as the workout's cues say
        self.pips: bool | None = None
        self.halfway: bool | None = None
        self.splits: Value | None = None
        self.per_set = False


class RepeatDef(Record):
    """A repeat block: ``count`` is a number or a count parameter's name; or ``until`` a time or distance.

    ``until``: ``Value(("time", seconds) | ("distance", metres))``. ``every``: the send-off cycle in
    seconds — each rep starts that long after the previous one, the rest filling what is left.
    """

    __slots__ = ("count", "steps", "pos", "name", "skip_last_recovery", "last_rep", "until", "every")

    def __init__(self, count: Value, steps: list[Item], pos: Pos, name: str | None = None,
                 skip_last_recovery: bool = False, last_rep: Value | None = None, until: Value | None = None,
                 every: Value | None = None) -> None:
        self.count = count
        self.steps = steps
        self.pos = pos
        self.name = name
        self.skip_last_recovery = skip_last_recovery
        self.last_rep = last_rep
        self.until = until
        self.every = every


class IncludeDef(Record):
    """Another workout's steps, played here with its parameters (``set`` values by name)."""

    __slots__ = ("workout", "set", "pos")

    def __init__(self, workout: WorkoutDef, set: dict[str, Value], pos: Pos) -> None:
        self.workout = workout
        self.set = set
        self.pos = pos


Item = Union[StepDef, RepeatDef, IncludeDef]


class CueSettings(Record):
    """The workout's ``cues:`` settings."""

    __slots__ = ("announce", "pips", "go", "halfway", "splits", "recovery_warning", "last_rep", "last_set", "finish",
                 "units")

    def __init__(self) -> None:
        self.announce = True
        self.pips: PipsSetting = "work"
        self.go: GoSetting = "tone"
        self.halfway = True
        self.splits: float | None = 400.0  # metres; None: no default split calls
        self.recovery_warning: float | None = 10.0
        self.last_rep: str | None = LAST_REP
        self.last_set: str | None = LAST_SET
        self.finish: str | None = "Workout complete. Well done."
        self.units: Units = "metric"

    def copy(self) -> CueSettings:
        """An independent copy (a compile may change the units without touching the definition)."""
        out = CueSettings()
        for name in self.__slots__:
            setattr(out, name, getattr(self, name))
        return out


class Track(Record):
    """Where distance steps are run: a ``length_m`` oval (lap of lane 1) in lane ``lane``.

    A lap in lane n is longer than in lane 1 by 2π times how much further out its measure line
    lies: lane 1 is measured 0.30 m from the kerb, the others 0.20 m from their inner line, so
    ``lap = length + 2π(lane_width·(n−1) − 0.10)`` for n ≥ 2 (World Athletics Track and Field
    Facilities Manual, 400 m standard track: lane 2 407.04 m … lane 8 453.03 m).
    """

    __slots__ = ("length_m", "lane", "lane_width_m")

    def __init__(self, length_m: float = 400.0, lane: int = 1, lane_width_m: float | None = None) -> None:
        self.length_m = length_m
        self.lane = lane
        self.lane_width_m = lane_width_m if lane_width_m is not None else (1.22 if length_m >= 400 else 1.0)

    @property
    def lap_m(self) -> float:
        """The length of one lap in this lane, in metres."""
        if self.lane <= 1:
            return self.length_m
        return self.length_m + 2 * math.pi * (self.lane_width_m * (self.lane - 1) - 0.10)

    @property
    def factor(self) -> float:
        """How much longer every distance is in this lane than in lane 1."""
        return self.lap_m / self.length_m


class WorkoutDef(Record):
    """A whole workout file as parsed; ``text`` is its content (history hashes it)."""

    __slots__ = ("name", "description", "params", "cues", "steps", "path", "distance_ends", "get_ready_s", "text",
                 "track", "depth")

    def __init__(self, name: str, description: str, params: dict[str, ParamDef], cues: CueSettings,
                 steps: list[Item], path: str, distance_ends: DistanceEnds = "lap", get_ready_s: float = 10.0,
                 text: str = "", track: Track | None = None) -> None:
        self.name = name
        self.description = description
        self.params = params
        self.cues = cues
        self.steps = steps
        self.path = path
        self.distance_ends = distance_ends
        self.get_ready_s = get_ready_s
        self.text = text
        self.track = track
        self.depth = 0  # repeat blocks and includes nested in it, at most yamlsafe.MAX_DEPTH
