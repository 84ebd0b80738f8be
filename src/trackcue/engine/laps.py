"""Laps and stalls as the player records them (what is said after a lap: ``phrases.lap_call``).

One rule decides what a press of the lap key means (``place_lap``): the step's marks are its
split marks in order, then its end (its distance at its target). The n-th lap of a step reaches
the n-th mark. In a lap-ended step a lap before the last split mark records a *split* — the rep
goes on — and the lap at the end mark ends the step; without split marks that is the first lap.
In a timed step every lap is a split and the clock ends the step. Laps past the last mark have
nothing to be compared with.

A lap's ``split_s`` (time since the step started) is what is compared with its mark's time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from collections.abc import Iterable
from typing import Any, Literal, TypeVar, get_args

from trackcue.phrases import diff_tenths, title_of_kind
from trackcue.timeline import Segment, counts_as_rep

LapMark = Literal["split", "end"]
"""The mark a lap reached: a ``split`` mark inside the step, or the step's ``end``."""
LAP_MARKS: tuple[LapMark, ...] = get_args(LapMark)


@dataclass(frozen=True)
class Mark:
    """A point of a step a lap is compared with: ``at_m`` metres (None: no distance) at ``at_s``."""

    mark: LapMark
    at_m: float | None
    at_s: float | None  # None: the step has no target time here


@dataclass(frozen=True)
class Placement:
    """What one lap press means in its step: the mark it reached (None: past every mark), and
    whether it ends the step."""

    mark: Mark | None
    ends_step: bool


def step_marks(segment: Segment) -> tuple[Mark, ...]:
    """The marks a step's laps reach, in order: each split mark, then the step's end.

    The end is a mark when the step ends on the lap key, or when it has a target time after the
    last split (a timed step's distance run against the clock); a timed step with neither has
    only its split marks.
    """
    marks = [Mark("split", s.at_m, s.after_s) for s in segment.splits]
    last_s = segment.splits[-1].after_s if segment.splits else None
    target = segment.target_s
    if segment.ends == "lap" or (target is not None and (last_s is None or target > last_s)):
        marks.append(Mark("end", segment.distance_m, target))
    return tuple(marks)


def place_lap(segment: Segment, laps_before: int) -> Placement:
    """What the lap after ``laps_before`` earlier laps in this step means (see the module docstring)."""
    marks = step_marks(segment)
    mark = marks[laps_before] if laps_before < len(marks) else None
    return Placement(mark, ends_step=segment.ends == "lap" and mark is not None and mark.mark == "end")


@dataclass(frozen=True)
class Lap:
    """One press of the lap key (docs/events.md, event ``lap``)."""

    segment: int
    rep: int | None
    reps: int | None
    lap: int  # 1-based count within this step
    lap_s: float  # since the step started or the previous lap in it
    split_s: float  # since the step started
    target_s: float | None  # the mark's planned time
    diff_s: float | None  # split_s - target_s: negative is fast
    t_s: float  # on the workout clock
    ends_step: bool = False
    mark: LapMark | None = None  # the mark reached; None: past every mark of the step
    mark_m: float | None = None  # where that mark is, in metres (None: no distance)
    kind: str = ""  # the step's kind (run, jog, …) and intensity (work, recovery, …)
    intensity: str = ""

    @property
    def actual_s(self) -> float:
        """The time compared with the target (the split)."""
        return self.split_s

    @property
    def is_split(self) -> bool:
        """The lap reached a split mark inside its step (the step went on)."""
        return self.mark == "split"

    @property
    def is_rep(self) -> bool:
        """The lap is in a rep (``timeline.counts_as_rep``: labelled with the rep, not the step)."""
        return counts_as_rep(self.intensity, self.rep)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lap:
        """A lap from a recorded ``lap`` event (extra keys are ignored)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


LapT = TypeVar("LapT", bound=Lap)


def laps_standing(laps: Iterable[LapT], rerun_from: int) -> list[LapT]:
    """The laps that still stand once the steps from ``rerun_from`` on are run again (``back``, a
    resume): those of earlier steps. The player and history's fold both keep laps by this rule."""
    return [lap for lap in laps if lap.segment < rerun_from]


@dataclass
class Stall:
    """The process was frozen for ``gap_s`` clock seconds; ``skipped_cues`` were too late to play."""

    t_s: float
    gap_s: float
    wall: float
    skipped_cues: int = 0


Verdict = Literal["fast", "slow", "even"]


def lap_verdict(lap: Lap) -> Verdict | None:
    """``fast``, ``slow`` or ``even`` against the lap's target, to the tenth as the call says it;
    ``None`` without a target."""
    if lap.target_s is None:
        return None
    diff = diff_tenths(lap.split_s, lap.target_s)
    return "even" if diff == 0 else ("fast" if diff < 0 else "slow")


_SHORT_KIND = {"warmup": "wu", "cooldown": "cd", "strength": "str", "stretch": "str"}


def lap_label(lap: Lap, *, short: bool = False) -> str:
    """The lap as every table and chart names it: ``rep 3/8``, ``rep 3/8 200 m``, ``jog 3/8 lap 2``.

    A lap in a work step of a repeat is named by its rep; any other by its step's kind (the jog
    between reps is not a rep). When the step has or may have more laps than this one (a split,
    or a later lap), the mark's distance or the lap's number tells them apart. ``short``, for a
    phone's columns: ``3``, ``3.1`` (rep 3's first lap), ``jog3``, ``wu.2``.
    """
    several = not (lap.ends_step and lap.lap == 1)  # else the step's only lap
    if short:
        name = str(lap.rep) if lap.is_rep else _SHORT_KIND.get(lap.kind, lap.kind or "s") + (
            str(lap.rep) if lap.rep is not None else "")
        return f"{name}.{lap.lap}" if several else name
    title = title_of_kind(lap.kind).lower() if lap.kind else f"step {lap.segment + 1}"
    if lap.is_rep:
        name = f"rep {lap.rep}/{lap.reps}"
    else:
        name = title + (f" {lap.rep}/{lap.reps}" if lap.rep is not None else "")
    if not several:
        return name
    if lap.mark is not None and lap.mark_m:
        return f"{name} {lap.mark_m:.0f} m"
    return f"{name} lap {lap.lap}"
