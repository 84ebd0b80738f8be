"""Laps and stalls as the player records them, and what is said after a lap.

A lap's ``split_s`` (time since the step started) is what is compared with the target: the step's
``target_s`` when the lap ends a lap-ended step, else the n-th planned split of the step.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from trackcue.timeline import Segment
from trackcue.units import format_clock


@dataclass(frozen=True)
class Lap:
    """One press of the lap key."""

    segment: int
    rep: int | None
    reps: int | None
    lap: int  # 1-based count within this step
    lap_s: float  # since the step started or the previous lap in it
    split_s: float  # since the step started
    target_s: float | None
    diff_s: float | None  # split_s - target_s: negative is fast
    t_s: float  # on the workout clock
    ends_step: bool = False

    @property
    def actual_s(self) -> float:
        """The time compared with the target (the split)."""
        return self.split_s

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lap:
        """A lap from a recorded ``lap`` event (extra keys are ignored)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Stall:
    """The process was frozen for ``gap_s`` clock seconds; ``skipped_cues`` were too late to play."""

    t_s: float
    gap_s: float
    wall: float
    skipped_cues: int = 0


def lap_target(segment: Segment, laps_before: int, ends_step: bool) -> float | None:
    """The split this lap should be compared with, or ``None`` when the plan has none."""
    if ends_step:
        return segment.target_s
    marks = [s.at_s for s in segment.splits]
    if segment.target_s is not None and (not marks or segment.target_s > marks[-1]):
        marks.append(segment.target_s)
    return marks[laps_before] if laps_before < len(marks) else None


def lap_call(lap: Lap) -> str:
    """What the runner hears: ``"37.6 — four tenths fast"``, or just the lap time with no target."""
    if lap.target_s is None:
        return say_time(lap.lap_s)
    diff_tenths = round(lap.split_s * 10) - round(lap.target_s * 10)  # as spoken, not as measured
    return f"{say_time(lap.split_s)} — {say_diff(diff_tenths)}"


def say_time(seconds: float) -> str:
    """``37.6``, ``38.0``, ``1:15.3`` — to the tenth, as a stopwatch shows it."""
    if round(seconds, 1) < 60:
        return f"{seconds:.1f}"
    return format_clock(seconds, tenths=True)


def say_diff(diff_tenths: int) -> str:
    """``-4 -> "four tenths fast"``, ``32 -> "three point two slow"``, ``0 -> "on target"``."""
    if diff_tenths == 0:
        return "on target"
    side = "fast" if diff_tenths < 0 else "slow"
    whole, tenth = divmod(abs(diff_tenths), 10)
    if whole == 0:
        amount = f"{number_words(tenth)} tenth" + ("s" if tenth != 1 else "")
    elif tenth == 0:
        amount = f"{number_words(whole)} second" + ("s" if whole != 1 else "")
    else:
        amount = f"{number_words(whole)} point {number_words(tenth)}"
    return f"{amount} {side}"


_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """``3 -> "three"``, ``42 -> "forty-two"``; digits from 100 up (speech engines read those)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    return str(n)
