"""Validated workout + parameters → ``Timeline``. Pure and deterministic: no I/O, no clock, and the
caller's ``WorkoutDef`` is never changed (``compile_def`` twice with any options = two fresh compiles).

``compile_def`` is the pure compiler; ``trackcue.workout.compile_workout`` wraps it with the
athlete's profile (read from disk).
"""

from __future__ import annotations

from typing import Any

from trackcue.errors import Problem
from trackcue.phrases import describe_step, format_clock, format_duration
from trackcue.timeline import KIND_INTENSITY, Segment, Split, Timeline
from trackcue.units import UnitError, Units, parse_duration, parse_pace
from trackcue.workout import cues as cue_builder
from trackcue.workout import params as param_values
from trackcue.workout.expand import LastWords, Occurrence, expand, is_recovery
from trackcue.workout.model import IncludeDef, ParamDef, Pos, RepeatDef, StepDef, WorkoutDef
from trackcue.workout.paces import PaceBook
from trackcue.workout.parse import WorkoutProblems
from trackcue.workout.resolve import Resolved, complete_right, interpolate, pick_text, resolve_end
from trackcue.workout.steptext import split_progression

MAX_TOTAL_S = 24 * 3600


class Planned:
    """A segment with what the cue builder needs to know about the step behind it.

    ``lap_ended``: written to end on the lap key (even when --auto-lap lets the clock end it).
    """

    __slots__ = ("segment", "step", "occ", "resolved", "lap_ended")

    def __init__(self, segment: Segment, step: StepDef, occ: Occurrence, resolved: Resolved,
                 lap_ended: bool = False) -> None:
        self.segment = segment
        self.step = step
        self.occ = occ
        self.resolved = resolved
        self.lap_ended = lap_ended


def compile_def(wdef: WorkoutDef, overrides: dict[str, str] | None = None,
                    profile: dict[str, Any] | None = None, get_ready_s: float | None = None,
                    units: Units | None = None, auto_lap: bool = False) -> Timeline:
    """Compile ``wdef``; ``overrides`` are ``--set`` pairs, ``profile`` the athlete's named paces.

    ``--set`` names match parameters regardless of case (``5K``, ``Mile``). ``auto_lap`` ends every
    lap-ended step at its target (or estimate) by the clock, for runs where nobody can press the lap
    key. Raises ``WorkoutProblems`` listing every problem, each once.
    """
    declared = set(wdef.params) | _include_param_names(wdef)
    overrides = param_values.canonical_overrides(dict(overrides or {}), declared)
    problems: list[Problem] = []
    book = PaceBook(wdef, overrides, profile or {})
    known = declared | book.names()
    problems += param_values.unknown_overrides(overrides, known)
    problems += book.problems
    given = {k: (v, "--set", None) for k, v in overrides.items() if k in wdef.params}
    for name, (value, source) in book.param_overrides(wdef.params).items():
        given.setdefault(name, (value, source, None))
    env, bad = param_values.resolve(wdef.params, given)
    problems = _once_per_set(problems + bad)
    if problems:
        raise WorkoutProblems(problems)

    include_envs: dict[tuple[int, int], dict[str, Any] | None] = {}

    def include_env(inc: IncludeDef, outer: dict[str, Any]) -> dict[str, Any] | None:
        key = (id(inc), id(outer))  # once per include and scope, not once per rep
        if key not in include_envs:
            sub_given: dict[str, tuple[Any, str, Pos | None]] = {}
            for name in inc.workout.params:
                if name in overrides:
                    sub_given[name] = (overrides[name], "--set", None)
                elif name in inc.set:
                    sub_given[name] = (inc.set[name].raw, "include", inc.set[name].pos)
                elif name in outer:
                    sub_given[name] = (outer[name].text, outer[name].source, inc.pos)
            sub_env, sub_bad = param_values.resolve(inc.workout.params, sub_given)
            problems.extend(sub_bad)
            include_envs[key] = None if sub_bad else sub_env
        return include_envs[key]

    settings = wdef.cues.copy()
    if units:
        settings.units = units
    resolver = _Resolver(book, wdef, problems)
    occurrences = expand(wdef, env, include_env, problems, LastWords(settings.last_rep, settings.last_set),
                         resolver.measure)
    # Planned even when unrolling found problems (a bad include's parameters, an until that cannot
    # be measured): the steps that did unroll are checked too, so every problem is reported at once.
    planned = _plan(occurrences, resolver, problems, settings.units, auto_lap)
    if problems:
        raise WorkoutProblems(problems)
    problems += _unused_overrides(overrides, declared, book, wdef)
    if problems:
        raise WorkoutProblems(problems)
    lead_in = wdef.get_ready_s if get_ready_s is None else get_ready_s
    cue_list, cue_problems = cue_builder.build(planned, settings, lead_in)
    if cue_problems:
        raise WorkoutProblems(cue_problems)
    return Timeline(
        name=wdef.name, description=wdef.description, segments=[p.segment for p in planned], cues=cue_list,
        lead_in_s=lead_in, params={k: v.text for k, v in env.items()}, source=wdef.path, units=settings.units,
    )


def _once_per_set(problems: list[Problem]) -> list[Problem]:
    """One line per bad ``--set NAME=VALUE``: a name that is both a parameter and a named pace
    (``400m``) is refused by the pace book and by the parameter alike — the first one says it."""
    seen: set[str] = set()
    out: list[Problem] = []
    for problem in problems:
        if problem.message.startswith("--set "):
            pair = problem.message.split(":", 1)[0]
            if pair in seen:
                continue
            seen.add(pair)
        out.append(problem)
    return out


def _include_param_names(wdef: WorkoutDef) -> set[str]:
    return {p.name for p in _all_params(wdef)} - set(wdef.params)


def _all_params(wdef: WorkoutDef) -> list[ParamDef]:
    """The parameters of ``wdef`` and of every file it includes."""
    out = list(wdef.params.values())
    stack: list[Any] = list(wdef.steps)
    while stack:
        item = stack.pop()
        if isinstance(item, IncludeDef):
            out += _all_params(item.workout)
        elif isinstance(item, RepeatDef):
            stack.extend(item.steps)
    return out


def _unused_overrides(overrides: dict[str, str], declared: set[str], book: PaceBook, wdef: WorkoutDef) -> list[Problem]:
    """A ``--set`` of a named pace that moves no pace the workout uses would change nothing: say so
    (docs/workout-format.md §7) instead of ignoring it."""
    out = []
    params = {p.name: p for p in _all_params(wdef)}  # an included workout's pace parameters count
    for name, value in overrides.items():
        if name in declared or book.changes(name, params):
            continue
        uses = book.uses(params)
        what = f"it uses {', '.join(uses)}, which this does not move" if uses else "it uses no named pace"
        hint = (f"set {' or '.join(f'{u}=…' for u in uses)} instead" if uses
                else f"its parameters: {', '.join(sorted(declared)) or 'none'}")
        out.append(Problem(f"--set {name}={value} changes nothing in {wdef.name}: {what}", hint=hint))
    return out


class _Resolver:
    """Resolves occurrences to numbers, once per distinct (step, parameters, rep position)."""

    def __init__(self, book: PaceBook, wdef: WorkoutDef, problems: list[Problem]) -> None:
        self.book = book
        self.wdef = wdef
        self.problems = problems
        self.memo: dict[tuple[Any, ...], Resolved] = {}

    def resolve(self, occ: Occurrence, previous_s: float | None) -> Resolved:
        step = occ.step
        first, second, index, count = pick_text(step.value.raw, occ.index, occ.count, occ.set_index, occ.set_count,
                                                step.per_set)
        key = (id(step), id(occ.env), first, second, index if second else 0, count if second else 0,
               previous_s if first.strip().lower() == "same" else None, occ.in_cycle)
        res = self.memo.get(key)
        if res is None:
            res = self._resolve(occ, first, second, index, count, previous_s)
            self.memo[key] = res
        return res

    def _resolve(self, occ: Occurrence, first: str, second: str | None, index: int, count: int,
                 previous_s: float | None) -> Resolved:
        step, wdef = occ.step, self.wdef
        about = parse_duration(step.about.raw) if step.about else None
        tol = parse_pace(step.tolerance.raw) if step.tolerance else None
        lookup = self.book.lookup
        res = resolve_end(first, step.kind, occ.env, lookup, about, tol, previous_s, wdef.track)
        if second is not None:
            other = resolve_end(complete_right(first, second), step.kind, occ.env, lookup, about, tol, previous_s,
                                wdef.track)
            if (other.ends, other.distance_m is None, other.target_s is None) != (res.ends, res.distance_m is None, res.target_s is None):
                raise UnitError(f"'{first}' and '{second}' are different kinds of value",
                                "a progression changes one kind of value: 2:00 -> 0:30, or 400m in 90s -> 86s")
            res = interpolate(res, other, index, count)
        # In a send-off the clock rules: a rep ends at its target (unless written 'ends: lap').
        ends_by = step.ends or ("target" if occ.in_cycle else wdef.distance_ends)
        if res.has_target and res.ends == "lap" and ends_by == "target":
            res = res._replace(ends="time")
        splits = _splits(step, res, occ, self.book, wdef)
        if splits is not None:
            total_target, marks = splits
            if res.target_s is None and total_target is not None:
                res = res._replace(duration_s=total_target, target_s=total_target, pace=total_target / (res.distance_m or 1),
                                   splits=marks, has_target=True, open=False)
            else:
                res = res._replace(splits=marks)
        return res

    def measure(self, occurrences: list[Occurrence]) -> tuple[float, float, float] | None:
        """One rep of a ``repeat: {until: …}`` block: (seconds, metres, trailing recovery seconds)."""
        seconds = metres = recovery = 0.0
        previous: float | None = None
        for occ in occurrences:
            step = occ.step
            if isinstance(step.value.raw, list) or split_progression(str(step.value.raw)):
                p = step.value.pos
                self.problems.append(Problem(f"{step.kind}: a value that changes from rep to rep inside "
                                             "'repeat: {until: …}', whose number of reps is not known in advance",
                                             p.file, p.line, p.col, "give one value, or a repeat count"))
                return None
            try:
                res = self.resolve(occ, previous)
            except UnitError:
                return (0.0, 0.0, 0.0)  # reported when the block is unrolled for real
            seconds += res.duration_s
            metres += res.distance_m or 0.0
            recovery = recovery + res.duration_s if is_recovery(step) else 0.0
            previous = res.target_s or (res.duration_s if res.ends == "time" else None)
        return seconds, metres, recovery


def _plan(occurrences: list[Occurrence], resolver: _Resolver, problems: list[Problem], units: str,
          auto_lap: bool = False) -> list[Planned]:
    out: list[Planned] = []
    starts: list[float] = []  # the planned start of every occurrence, for send-off cycles
    t = 0.0
    reported: set[int] = set()
    previous: float | None = None
    labels: dict[tuple[Any, ...], str] = {}
    for occ in occurrences:
        step = occ.step
        starts.append(t)
        try:
            if occ.sendoff is not None:
                res = _fill_cycle(occ.sendoff, starts, t)
            else:
                res = resolver.resolve(occ, previous)
        except UnitError as err:
            if id(step) not in reported:  # one message per step, not one per rep
                reported.add(id(step))
                p = step.value.pos if occ.sendoff is None else step.pos
                problems.append(Problem(f"{step.kind}: {err.message}" if occ.sendoff is None else err.message,
                                        p.file, p.line, p.col, err.hint))
            previous = None
            continue
        lap_ended = res.ends == "lap"
        if auto_lap and lap_ended:
            res = res._replace(ends="time")
        seg = _segment(len(out), t, step, occ, res, units, labels)
        out.append(Planned(seg, step, occ, res, lap_ended))
        t = seg.end_s
        previous = res.target_s or (res.duration_s if res.ends == "time" else None)
        if t > MAX_TOTAL_S:
            where = occ.origin
            problems.append(Problem("the workout lasts more than 24 hours", where.file, where.line, where.col,
                                    "check the repeat counts and durations"))
            break
    return out


def _fill_cycle(sendoff: tuple[int, float], starts: list[float], t: float) -> Resolved:
    """The rest that brings a send-off cycle to its end: what is left after the rep."""
    first, cycle = sendoff
    used = t - starts[first]
    left = round(cycle - used, 3)
    if left <= 0:
        raise UnitError(f"the rep takes {format_duration(used)}, as long as or longer than the send-off "
                        f"of every {format_clock(cycle)}", "make the cycle longer or the rep shorter")
    return Resolved("time", left)


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
    factor = wdef.track.factor if wdef.track is not None else 1.0
    if isinstance(spec, float):
        if not res.distance_m or not res.target_s:
            raise UnitError("split calls need a distance with a target time", "e.g. run: 400m in 80s with splits: 100m")
        # A mark every 100 m of the lane actually run; one nearer the finish than half a split is the
        # finish: no call there (a mile's 1600 m).
        marks, d = [], spec * factor
        while d <= res.distance_m - spec * factor / 2 + 1e-6:
            marks.append(Split(round(d, 3), round(res.target_s * d / res.distance_m, 2)))
            d += spec * factor
        return None, tuple(marks)
    if not res.distance_m:
        raise UnitError("splits need the step to have a distance", "e.g. run: 400m with splits: [200m in 40s, 200m in 35s]")
    marks, at_m, at_s = [], 0.0, 0.0
    for text, _pos in spec:
        part = resolve_end(text, step.kind, occ.env, book.lookup, None, None, None, wdef.track)
        if part.target_s is None:
            raise UnitError(f"split '{text}' has no target time", "write e.g. 200m in 40s or 200m at mile")
        at_m += part.distance_m or 0.0
        at_s += part.target_s
        marks.append(Split(round(at_m, 3), round(at_s, 2)))
    if abs(at_m - res.distance_m) > 0.5:
        raise UnitError(f"the splits add up to {at_m / factor:g} m but the step is {res.distance_m / factor:g} m",
                        "make the split distances add up to the step's distance")
    if res.target_s is not None and abs(at_s - res.target_s) > 0.5:
        raise UnitError(f"the splits add up to {at_s:.1f}s but the step's target is {res.target_s:.1f}s",
                        "drop the step's own target, or make the splits add up to it")
    return round(at_s, 2), tuple(marks[:-1])


def _segment(index: int, start: float, step: StepDef, occ: Occurrence, res: Resolved, units: str,
             labels: dict[tuple[Any, ...], str]) -> Segment:
    """The segment of one play; ``labels`` keeps the label of each distinct step end (a repeat's
    reps are labelled once, not once per rep)."""
    intensity = step.intensity or KIND_INTENSITY[step.kind]
    inner = occ.blocks[-1] if occ.blocks else None
    outer = occ.blocks[-2] if len(occ.blocks) > 1 else None
    key = (step.name, step.kind, res)
    seg = Segment(
        index=index, kind=step.kind, intensity=intensity, label=labels.get(key, ""), start_s=round(start, 3),
        duration_s=round(res.duration_s, 3), ends=res.ends, distance_m=res.distance_m, target_s=res.target_s,
        pace_s_per_m=res.pace, pace_range=res.pace_range, splits=res.splits,
        rep=inner[1] if inner else None, reps=inner[2] if inner else None,
        set=outer[1] if outer else None, sets=outer[2] if outer else None,
        block=inner[0] if inner else None, blocks=occ.blocks, name=step.name, note=step.note,
        effort=res.effort, sources=res.sources, written_m=res.written_m,
    )
    if key not in labels:
        labels[key] = describe_step(seg, units)  # the compile's units: the profile's beat the file's
        seg = seg._replace(label=labels[key])
    return seg
