"""A workout read from another format, and the one writer that turns it into trackcue YAML.

Each importer (FIT, Zwift .zwo, intervals.icu text) fills a ``Draft``; ``to_yaml`` writes it in
the workout language a coach reads and edits, with a ``# approximated:`` comment above every
step where the source said something trackcue plays differently (a heart-rate target, a ramp,
a step that ends on heart rate) and a plain comment where a value came from the runner's
profile. Numbers are written exactly enough to compile back to the source's values: whole
seconds as ``38s``/``1:30``/``15min``, tenths as ``38.4s``/``1:29.5``, paces with tenths of a
second when they have them (``3:43.7/km``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal, Union

from trackcue.timeline import KIND_INTENSITY, StepKind
from trackcue.phrases import format_clock, format_duration
from trackcue.workout.importers.problems import ImportProblem
from trackcue.workout.yamlsafe import MAX_REPEAT_DEPTH, too_deep

Ends = Literal["time", "lap"]
MILE = 1609.344
# The band trackcue's FIT export puts around a single pace (±3 %: about ±1 s on a 38 s 200 m);
# the FIT importer reads such a band back as that pace.
WATCH_BAND = 0.03


@dataclass
class DraftStep:
    """One step: how it ends, its target and its words.

    ``duration_s`` is the time of a time-ended step, or the planned time (``about:``) of a
    lap-ended one when the source gives it. Paces are seconds per metre; ``pace_range`` is
    (fast, slow). ``at`` holds (offset, text) pairs with offsets in the workout language
    (``60s``, ``-10s``, ``50%``).
    """

    kind: StepKind
    ends: Ends
    duration_s: float | None = None
    distance_m: float | None = None
    target_s: float | None = None
    pace: float | None = None
    pace_range: tuple[float, float] | None = None
    effort: str = ""
    name: str | None = None
    note: str | None = None
    intensity: str | None = None
    at: list[tuple[str, str]] = field(default_factory=list)
    said: list[str] = field(default_factory=list)  # texts the source shows with the step, kept as its note
    notes: list[str] = field(default_factory=list)  # plain comments: where a value came from
    approximations: list[str] = field(default_factory=list)


@dataclass
class DraftRepeat:
    """``steps`` done ``count`` times."""

    count: int
    steps: list["DraftNode"]
    name: str | None = None
    approximations: list[str] = field(default_factory=list)
    depth: int = field(init=False, default=1)  # repeats one inside another, this one included

    def __post_init__(self) -> None:
        """Raise ``ImportProblem`` past ``MAX_REPEAT_DEPTH``: the workout written could not be read back."""
        self.depth = 1 + max((s.depth for s in self.steps if isinstance(s, DraftRepeat)), default=0)
        if self.depth > MAX_REPEAT_DEPTH:
            deep = too_deep(None, None, None, "repeats", MAX_REPEAT_DEPTH)
            raise ImportProblem(deep.message, deep.hint)


DraftNode = Union[DraftStep, DraftRepeat]


@dataclass
class Draft:
    """A whole imported workout; ``source`` is the file as the user named it, ``format`` its kind."""

    name: str
    source: str
    format: str
    steps: list[DraftNode] = field(default_factory=list)
    description: str = ""
    units: str = "metric"  # how paces are written: /km or /mi
    notes: list[str] = field(default_factory=list)
    approximations: list[str] = field(default_factory=list)

    def all_approximations(self) -> list[str]:
        """Every approximation, the workout's first, then each step's in order."""
        out = list(self.approximations)

        def walk(nodes: list[DraftNode]) -> None:
            for node in nodes:
                out.extend(node.approximations)
                if isinstance(node, DraftRepeat):
                    walk(node.steps)

        walk(self.steps)
        return out


def to_yaml(draft: Draft) -> str:
    """The draft as a trackcue workout file (UTF-8 text, ends with a newline)."""
    lines = [f"# Imported by trackcue from {draft.source} ({draft.format}).",
             "# Check it, then run it: trackcue run FILE. '# approximated:' marks what trackcue plays differently."]
    lines += [f"# {n}" for n in draft.notes]
    lines += [f"# approximated: {a}" for a in draft.approximations]
    lines.append(f"name: {quote(draft.name)}")
    if draft.description:
        lines.append(f"description: {quote(draft.description)}")
    lines.append("steps:")
    _nodes(lines, draft.steps, 2, draft.units)
    return "\n".join(lines) + "\n"


def _nodes(lines: list[str], nodes: list[DraftNode], indent: int, units: str) -> None:
    pad = " " * indent
    for node in nodes:
        if isinstance(node, DraftRepeat):
            lines += [f"{pad}# approximated: {a}" for a in node.approximations]
            lines.append(f"{pad}- repeat: {node.count}")
            if node.name:
                lines.append(f"{pad}  name: {quote(node.name)}")
            lines.append(f"{pad}  steps:")
            _nodes(lines, node.steps, indent + 4, units)
            continue
        lines += [f"{pad}# {n}" for n in node.notes]
        lines += [f"{pad}# approximated: {a}" for a in node.approximations]
        lines.append(f"{pad}- {node.kind}: {step_value(node, units)}")
        if node.name:
            lines.append(f"{pad}  name: {quote(node.name)}")
        if node.intensity and node.intensity != KIND_INTENSITY.get(node.kind):
            lines.append(f"{pad}  intensity: {node.intensity}")
        if node.ends == "lap" and node.duration_s and node.target_s is None and not _has_pace(node):
            lines.append(f"{pad}  about: {time_text(node.duration_s)}")
        note = " | ".join(([node.note] if node.note else []) + node.said)
        if note:
            lines.append(f"{pad}  note: {quote(note)}")
        if node.at:
            lines.append(f"{pad}  at:")
            lines += [f"{pad}    {quote(offset)}: {quote(text)}" for offset, text in node.at]


def _has_pace(step: DraftStep) -> bool:
    return step.pace is not None or step.pace_range is not None


def step_value(step: DraftStep, units: str) -> str:
    """The step's value in the workout language: ``15min easy``, ``200m in 38s``, ``until lap``."""
    pace = pace_text(step, units)
    at = f" at {pace}" if pace else ""
    if step.ends == "time":
        return f"{time_text(step.duration_s or 0.0)}{at}" + (f" {step.effort}" if step.effort and not at else "")
    if step.distance_m:
        dist = distance_text(step.distance_m)
        if step.target_s is not None and step.pace_range is None:
            return f"{dist} in {time_text(step.target_s)}"
        return f"{dist}{at}" if at else f"{dist} until lap"
    return f"{at.strip()} until lap".strip()


def lap_plan_text(distance_m: float | None, target_s: float | None, planned_s: float) -> str:
    """A lap-ended step's plan in the workout language: ``200m in 38s``, ``100m until lap, about 25s``,
    ``until lap, about 1:15``. FIT has no field for it, so trackcue's FIT export writes it into the
    step's notes and the FIT importer reads it back."""
    if distance_m and target_s is not None:
        return f"{distance_text(distance_m)} in {time_text(target_s)}"
    what = f"{distance_text(distance_m)} until lap" if distance_m else "until lap"
    return f"{what}, about {time_text(planned_s)}"


def pace_text(step: DraftStep, units: str) -> str:
    """``3:10/km``, ``3:43.7/km`` or a range ``4:09..4:15/km`` (fast first); empty without a target."""
    unit, metres = ("mi", MILE) if units == "imperial" else ("km", 1000.0)
    if step.pace_range is not None:
        fast, slow = sorted(step.pace_range)
        if abs(slow - fast) > 1e-9:
            return f"{_clock(fast * metres)}..{_clock(slow * metres)}/{unit}"
        return f"{_clock(fast * metres)}/{unit}"
    if step.pace is not None:
        return f"{_clock(step.pace * metres)}/{unit}"
    return ""


def time_text(seconds: float) -> str:
    """A time the workout language reads back exactly: ``38s``, ``38.4s``, ``1:30``, ``1:29.5``, ``15min``."""
    seconds = round(seconds, 1)
    if abs(seconds - round(seconds)) < 1e-6:
        return format_duration(round(seconds))
    if seconds < 60:
        return f"{seconds:.1f}s"
    return format_clock(seconds, tenths=True)


def distance_text(metres: float) -> str:
    """``200m``, ``1.5km``, ``1mi``, ``402.3m`` (``m`` is always metres in the workout language)."""
    miles = round(metres / MILE)
    if miles >= 1 and abs(metres - miles * MILE) < 0.5:
        return f"{miles}mi"
    metres = round(metres, 1)
    if metres >= 1000 and abs(metres % 100) < 1e-6:
        return f"{metres / 1000:g}km"
    return f"{metres:g}m"


def _clock(seconds: float) -> str:
    seconds = round(seconds, 1)
    return format_clock(seconds, tenths=abs(seconds - round(seconds)) > 1e-6)


def quote(text: str) -> str:
    """Any text as a YAML double-quoted scalar (a JSON string is one), on one line."""
    return json.dumps(" ".join(str(text).split()), ensure_ascii=False)
