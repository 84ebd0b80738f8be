"""Validated workout + parameters → ``Timeline``. Pure and deterministic: no I/O, no clock."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from trackcue.errors import Problem
from trackcue.phrases import describe_step, format_clock
from trackcue.timeline import KIND_INTENSITY, Segment, Split, Timeline
from trackcue.units import UnitError, parse_duration, parse_pace
from trackcue.workout import cues as cue_builder
from trackcue.workout import params as param_values
from trackcue.workout.expand import LastWords, Occurrence, expand
from trackcue.workout.model import IncludeDef, Pos, StepDef, WorkoutDef
from trackcue.workout.paces import PaceBook
from trackcue.workout.parse import WorkoutProblems
from trackcue.workout.resolve import Resolved, complete_right, interpolate, pick_text, resolve_end

MAX_TOTAL_S = 24 * 3600


@dataclass
class Planned:
    """A segment with what the cue builder needs to know about the step behind it."""

    segment: Segment
    step: StepDef
    occ: Occurrence
    resolved: Resolved
    lap_ended: bool = False  # written to end on the lap key (even when --auto-lap lets the clock end it)


def compile_workout(wdef: WorkoutDef, overrides: dict[str, str] | None = None,
                    profile: dict[str, Any] | None = None, get_ready_s: float | None = None,
                    units: str | None = None, auto_lap: bool = False) -> Timeline:
    """Compile ``wdef``; ``overrides`` are ``--set`` pairs, ``profile`` the athlete's named paces.

    ``auto_lap`` ends every lap-ended step at its target (or estimate) by the clock, for runs
    where nobody can press the lap key. Raises ``WorkoutProblems`` listing every problem.
    """
    overrides = dict(overrides or {})
    problems: list[Problem] = []
    book = PaceBook(wdef, overrides, profile or {})
    known = set(wdef.params) | _include_param_names(wdef) | book.names()
    problems += param_values.unknown_overrides(overrides, known)
    given = {k: (v, "--set", None) for k, v in overrides.items() if k in wdef.params}
    for name, (value, source) in book.param_overrides(wdef.params).items():
        given.setdefault(name, (value, source, None))
    env, bad = param_values.resolve(wdef.params, given)
    problems += bad
    if problems:
        raise WorkoutProblems(problems)

    def include_env(inc: IncludeDef, outer: dict[str, Any]) -> dict[str, Any] | None:
        sub_given: dict[str, tuple[Any, str, Pos | None]] = {}
        for name in inc.workout.params:
            if name in overrides:
                sub_given[name] = (overrides[name], "--set", None)
            elif name in inc.set:
                sub_given[name] = (inc.set[name].raw, "include", inc.set[name].pos)
            elif name in outer:
                sub_given[name] = (outer[name].text, outer[name].source, None)
        sub_env, sub_bad = param_values.resolve(inc.workout.params, sub_given)
        problems.extend(sub_bad)
        return None if sub_bad else sub_env

    settings = wdef.cues
    if units:
        settings.units = units
    occurrences = expand(wdef, env, include_env, problems, LastWords(settings.last_rep, settings.last_set))
    planned = _plan(occurrences, wdef, book, problems, auto_lap)
    if problems:
        raise WorkoutProblems(problems)
    total = planned[-1].segment.end_s if planned else 0.0
    if total > MAX_TOTAL_S:
        past = next(p for p in planned if p.segment.end_s > MAX_TOTAL_S).step.pos  # where 24 h is crossed
        raise WorkoutProblems([Problem(f"the workout lasts {format_clock(total)}, more than 24 hours",
                                       past.file, past.line, past.col, "check the repeat counts and durations")])
    lead_in = wdef.get_ready_s if get_ready_s is None else get_ready_s
    cue_list, cue_problems = cue_builder.build(planned, settings, lead_in)
    if cue_problems:
        raise WorkoutProblems(cue_problems)
    return Timeline(
        name=wdef.name, description=wdef.description, segments=[p.segment for p in planned], cues=cue_list,
        lead_in_s=lead_in, params={k: v.text for k, v in env.items()}, source=wdef.path,
    )


def _include_param_names(wdef: WorkoutDef) -> set[str]:
    names: set[str] = set()
    stack = list(wdef.steps)
    while stack:
        item = stack.pop()
        if isinstance(item, IncludeDef):
            names |= set(item.workout.params) | _include_param_names(item.workout)
        elif hasattr(item, "steps"):
            stack.extend(item.steps)  # type: ignore[union-attr]
    return names


def _plan(occurrences: list[Occurrence], wdef: WorkoutDef, book: PaceBook, problems: list[Problem],
          auto_lap: bool = False) -> list[Planned]:
    out: list[Planned] = []
    t = 0.0
    reported: set[int] = set()
    for occ in occurrences:
        step = occ.step
        try:
            res = _resolve(occ, book, wdef)
        except UnitError as err:
            if id(step) not in reported:  # one message per step, not one per rep
                reported.add(id(step))
                p = step.value.pos
                problems.append(Problem(f"{step.kind}: {err.message}", p.file, p.line, p.col, err.hint))
            continue
        lap_ended = res.ends == "lap"
        if auto_lap and lap_ended:
            res = replace(res, ends="time")
        seg = _segment(len(out), t, step, occ, res, wdef)
        out.append(Planned(seg, step, occ, res, lap_ended))
        t = seg.end_s
    return out


def _resolve(occ: Occurrence, book: PaceBook, wdef: WorkoutDef) -> Resolved:
    step = occ.step
    about = parse_duration(step.about.raw) if step.about else None
    tol = parse_pace(step.tolerance.raw) if step.tolerance else None
    lookup = book.lookup
    first, second = pick_text(step.value.raw, occ.index, occ.count)
    res = resolve_end(first, step.kind, occ.env, lookup, about, tol)
    if second is not None:
        other = resolve_end(complete_right(first, second), step.kind, occ.env, lookup, about, tol)
        if (other.ends, other.distance_m is None, other.target_s is None) != (res.ends, res.distance_m is None, res.target_s is None):
            raise UnitError(f"'{first}' and '{second}' are different kinds of value",
                            "a progression changes one kind of value: 2:00 -> 0:30, or 400m in 90s -> 86s")
        res = interpolate(res, other, occ.index, occ.count)
    ends_by = step.ends or wdef.distance_ends
    if res.has_target and res.ends == "lap" and ends_by == "target":
        res = Resolved("time", res.duration_s, res.distance_m, res.target_s, res.pace, res.pace_range,
                       res.effort, res.sources, res.splits, True)
    splits = _splits(step, res, occ, book, wdef)
    if splits is not None:
        total_target, marks = splits
        if res.target_s is None and total_target is not None:
            res = Resolved(res.ends, total_target, res.distance_m, total_target, total_target / res.distance_m,
                           res.pace_range, res.effort, res.sources, marks, True)
        else:
            res = Resolved(res.ends, res.duration_s, res.distance_m, res.target_s, res.pace, res.pace_range,
                           res.effort, res.sources, marks, res.has_target, res.open)
    return res


def _splits(step: StepDef, res: Resolved, occ: Occurrence, book: PaceBook, wdef: WorkoutDef
            ) -> tuple[float | None, tuple[Split, ...]] | None:
    spec = step.splits.raw if step.splits is not None else None
    if spec is False:
        return None
    if spec is None:
        every = wdef.cues.splits
        if every is None or not (res.has_target and res.distance_m and res.distance_m > every + 1e-6 and res.target_s):
            return None
        spec = every
    if isinstance(spec, float):
        if not res.distance_m or not res.target_s:
            raise UnitError("split calls need a distance with a target time", "e.g. run: 400m in 80s with splits: 100m")
        # A mark nearer the finish than half a split is the finish: no call there (a mile's 1600 m).
        marks, d = [], spec
        while d <= res.distance_m - spec / 2 + 1e-6:
            marks.append(Split(d, round(res.target_s * d / res.distance_m, 2)))
            d += spec
        return None, tuple(marks)
    if not res.distance_m:
        raise UnitError("splits need the step to have a distance", "e.g. run: 400m with splits: [200m in 40s, 200m in 35s]")
    marks, at_m, at_s = [], 0.0, 0.0
    for text, _pos in spec:
        part = resolve_end(text, step.kind, occ.env, book.lookup, None, None)
        if part.target_s is None:
            raise UnitError(f"split '{text}' has no target time", "write e.g. 200m in 40s or 200m at mile")
        at_m += part.distance_m or 0.0
        at_s += part.target_s
        marks.append(Split(round(at_m, 3), round(at_s, 2)))
    if abs(at_m - res.distance_m) > 0.5:
        raise UnitError(f"the splits add up to {at_m:g} m but the step is {res.distance_m:g} m",
                        "make the split distances add up to the step's distance")
    if res.target_s is not None and abs(at_s - res.target_s) > 0.5:
        raise UnitError(f"the splits add up to {at_s:.1f}s but the step's target is {res.target_s:.1f}s",
                        "drop the step's own target, or make the splits add up to it")
    return round(at_s, 2), tuple(marks[:-1])


def _segment(index: int, start: float, step: StepDef, occ: Occurrence, res: Resolved, wdef: WorkoutDef) -> Segment:
    intensity = step.intensity or KIND_INTENSITY[step.kind]
    inner = occ.blocks[-1] if occ.blocks else None
    outer = occ.blocks[-2] if len(occ.blocks) > 1 else None
    seg = Segment(
        index=index, kind=step.kind, intensity=intensity, label="", start_s=round(start, 3),
        duration_s=round(res.duration_s, 3), ends=res.ends, distance_m=res.distance_m, target_s=res.target_s,
        pace_s_per_m=res.pace, pace_range=res.pace_range, splits=res.splits,
        rep=inner[1] if inner else None, reps=inner[2] if inner else None,
        set=outer[1] if outer else None, sets=outer[2] if outer else None,
        block=inner[0] if inner else None, blocks=occ.blocks, name=step.name, note=step.note,
        effort=res.effort, sources=res.sources,
    )
    return replace(seg, label=describe_step(seg, wdef.cues.units))

