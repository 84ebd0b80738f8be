"""YAML tree → ``WorkoutDef``: every key checked, every problem collected with its position."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

from trackcue.errors import Problem, UserError
from trackcue.timeline import INTENSITIES, STEP_KINDS, StepKind
from trackcue.units import UNITS, UnitError, parse_distance, parse_duration, parse_pace, race_distance, split_number
from trackcue.workout import language, library, yamlsafe
from trackcue.workout.model import (
    AtCue, CueSettings, IncludeDef, Item, ParamDef, Pos, RepeatDef, StepDef, Track, Value, WorkoutDef,
)
from trackcue.workout.steptext import (
    SUSTAINED_EFFORTS, EndSpec, is_name, normalize, parse_end, split_progression, split_repeat,
)
from trackcue.workout.template import Template, TemplateError, parse_template
from trackcue.workout.yamlsafe import Map, Scalar, Seq, YNode

TRAINING_PACES = ("E", "M", "T", "I", "R")
# Distances written with 'm' below which a step of this kind surely meant minutes.
_Word = TypeVar("_Word", bound=str)  # a word of one vocabulary (intensity, ends …)

_FEW_METRES: dict[StepKind, float] = {"warmup": 400.0, "cooldown": 400.0, "jog": 100.0, "walk": 100.0}
_STANDING: tuple[StepKind, ...] = ("rest", "stretch", "strength")  # steps that do not cover ground
_SHORT_WORK_M = 150.0  # strides and sprints: a jog or walk back of the same few metres is meant
_PER_SET = (" each set", " per set")


class WorkoutProblems(UserError):
    """Everything wrong with a workout file (and the files it includes), each problem once."""

    def __init__(self, problems: list[Problem] | str, hint: str = "", partial: WorkoutDef | None = None) -> None:
        if isinstance(problems, list):
            problems = in_file_order(list(dict.fromkeys(problems)))  # a fault met once per rep is one
        super().__init__(problems, hint)
        # What of the file could still be read when every problem lay in its steps (the bad ones
        # left out): compiled too, so a later stage's problems are reported with the first's.
        self.partial = partial


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """As an editor shows them: those without a place first, then by file (as first met), line
    and column — the stages that found them (parse, compile, cues) do not decide the order."""
    rank: dict[str, int] = {}
    for p in problems:
        if p.file is not None:
            rank.setdefault(p.file, len(rank))

    def key(p: Problem) -> tuple[int, int, int, int]:
        if p.file is None:
            return (0, 0, 0, 0)
        return (1, rank[p.file], p.line or 0, p.col or 0)

    return sorted(problems, key=key)


def did_you_mean(word: str, choices: object, cutoff: float) -> list[str]:
    """The closest of ``choices`` to a misspelt ``word`` (at most one), for a hint."""
    import difflib  # only when something is misspelt: the start-up of `trackcue check` is measured

    return difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)  # type: ignore[call-overload]


class Ctx:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.depth = 0  # repeat blocks and includes open around the step being read
        self.steps_only = False  # whether every problem so far lies in the steps (see WorkoutProblems.partial)
        self.deepest = 0  # the most that were open at once (the workout's depth)

    def nest(self, node: YNode | Pos, levels: int = 1) -> bool:
        """Note ``levels`` more repeat/include levels at ``node``; False (and an error) past MAX_REPEAT_DEPTH."""
        if self.depth + levels > yamlsafe.MAX_REPEAT_DEPTH:
            self.problems.append(yamlsafe.too_deep(self.file, node.line, node.col, "repeat blocks and includes",
                                                   yamlsafe.MAX_REPEAT_DEPTH))
            return False
        self.deepest = max(self.deepest, self.depth + levels)
        return True

    def pos(self, node: YNode) -> Pos:
        return Pos(self.file, node.line, node.col)

    def error(self, node: YNode | Pos, message: str, hint: str = "") -> None:
        self.problems.append(Problem(message, self.file, node.line, node.col, hint))

    def unknown_keys(self, m: Map, allowed: dict[str, str] | set[str], what: str) -> None:
        for key, knode in m.keys.items():
            if key not in allowed:
                close = did_you_mean(key, allowed, 0.6)
                hint = f"did you mean '{close[0]}'?" if close else "allowed here: " + ", ".join(sorted(allowed))
                self.error(knode, f"unknown key '{key}' in {what}", hint)


def parse_file(path: Path, display: str | None = None, _stack: tuple[Path, ...] = (),
               _seen: dict[Path, WorkoutDef] | None = None, *, data: bytes | None = None) -> WorkoutDef:
    """Read and check a workout file; raise ``WorkoutProblems`` listing every problem.

    The file's size is checked before it is read (``yamlsafe.read_file``). A file included twice is
    read once. ``data``: the workout's text when it is not the file's own (a FIT or .zwo file
    imported in memory).
    """
    display = display or str(path)
    seen: dict[Path, WorkoutDef] = {} if _seen is None else _seen
    try:
        data = yamlsafe.read_file(path, display) if data is None else data
    except FileNotFoundError:
        raise WorkoutProblems([Problem(f"no such workout file: {display}", hint=library.names_hint())]) from None
    except IsADirectoryError:
        raise WorkoutProblems([Problem(f"{display} is a folder, not a workout file",
                                       hint="give a .yaml file, e.g. workouts/200m-repeats.yaml")]) from None
    except OSError as err:
        raise WorkoutProblems([Problem(f"cannot read {display}: {err.strerror}")]) from None
    except yamlsafe.YamlProblem as err:
        raise WorkoutProblems(err.problems) from None
    try:
        tree = yamlsafe.load(data, display)
    except yamlsafe.YamlProblem as err:
        raise WorkoutProblems(err.problems) from None
    ctx = Ctx(display)
    real = path if path.is_absolute() and _stack else path.resolve()  # includes come resolved
    wdef = _workout(ctx, tree, path, _stack + (real,), seen)
    wdef.depth = ctx.deepest
    if ctx.problems:
        raise WorkoutProblems(ctx.problems, partial=wdef if ctx.steps_only else None)
    wdef.text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return wdef


def _workout(ctx: Ctx, tree: YNode, path: Path, stack: tuple[Path, ...], seen: dict[Path, WorkoutDef]) -> WorkoutDef:
    wdef = WorkoutDef(name=path.stem, description="", params={}, cues=CueSettings(), steps=[], path=str(path))
    if not isinstance(tree, Map):
        ctx.error(tree, "a workout is a set of 'key: value' lines", "start with 'name:' and 'steps:'")
        return wdef
    ctx.unknown_keys(tree, language.TOP_KEYS, "the workout")
    items = tree.items
    if "name" in items:
        wdef.name = _text(ctx, items["name"], "name") or wdef.name
    if "description" in items:
        wdef.description = _text(ctx, items["description"], "description") or ""
    if "params" in items:
        wdef.params = _params(ctx, items["params"])
    if "cues" in items:
        wdef.cues = _cue_settings(ctx, items["cues"])
    if "distance_ends" in items:
        wdef.distance_ends = _choice(ctx, items["distance_ends"], language.DISTANCE_ENDS, "distance_ends") or "lap"
    if "get_ready" in items:
        wdef.get_ready_s = _duration(ctx, items["get_ready"], "get_ready", allow_zero=True) or 0.0
    if "track" in items:
        wdef.track = _track(ctx, items["track"])
    if "steps" not in items:
        ctx.error(tree, "the workout has no 'steps:'", "add 'steps:' with a list such as '- run: 200m in 38s'")
    else:
        ctx.steps_only = not ctx.problems  # the steps can be compiled without the ones in error
        wdef.steps = _steps(ctx, items["steps"], path, stack, seen)
    return wdef


def _text(ctx: Ctx, node: YNode, what: str) -> str | None:
    if isinstance(node, Scalar) and node.value is not None and not isinstance(node.value, bool):
        return node.text.strip()
    ctx.error(node, f"'{what}' should be text", f"write {what}: followed by words on the same line")
    return None


def _bool(ctx: Ctx, node: YNode, what: str) -> bool | None:
    if isinstance(node, Scalar) and isinstance(node.value, bool):
        return node.value
    ctx.error(node, f"'{what}' should be true or false", f"write {what}: true")
    return None


def _choice(ctx: Ctx, node: YNode, choices: tuple[_Word, ...], what: str) -> _Word | None:
    """The one of ``choices`` (a vocabulary's tuple) ``node`` names, or ``None`` after an error."""
    text = str(node.text).strip().lower() if isinstance(node, Scalar) else None
    for choice in choices:
        if choice == text:
            return choice
    ctx.error(node, f"'{what}' must be one of: {', '.join(choices)}", f"write {what}: {choices[0]}")
    return None


def _duration(ctx: Ctx, node: YNode, what: str, allow_zero: bool = False) -> float | None:
    """A time where only a time makes sense; a bare number is refused all the same (``10`` what?)."""
    if isinstance(node, Scalar):
        if allow_zero and node.value in (0, "0", "0s"):
            return 0.0
        try:
            return parse_duration(node.text, False)
        except UnitError as err:
            hint = f"write {node.text.strip()}s" if err.message.endswith("has no unit") else err.hint
            ctx.error(node, f"{what}: {err.message}", hint)
            return None
    ctx.error(node, f"'{what}' should be a time", "write e.g. 10s or 2:00")
    return None


def _template(ctx: Ctx, node: YNode, text: str) -> Template | None:
    """``text`` (written at ``node``) checked against the template grammar, the fault's column exact."""
    try:
        return parse_template(text)
    except TemplateError as err:
        col = node.col
        if isinstance(node, Scalar) and "\n" not in node.text:
            col += err.offset + (1 if node.quoted else 0)
        ctx.error(Pos(ctx.file, node.line, col), err.message, err.hint)
        return None


# --- parameters -------------------------------------------------------------------------------


def param_kind(name: str, default: Any) -> str:
    """What a parameter holds, from its name and default: count, time, pace or race."""
    if name in TRAINING_PACES or name.upper() in TRAINING_PACES and len(name) == 1:
        return "pace"
    if isinstance(default, int) and not isinstance(default, bool):
        return "count"
    if race_distance(name) is not None:
        return "race"
    if isinstance(default, str) and ("/" in default or " per " in default):
        return "pace"
    return "time"


MAX_COUNT_DIGITS = 6  # a count (reps, sets) of a million or more is a typing slip, not a workout


def check_param_value(kind: str, raw: Any) -> float:
    """Parse a parameter value of ``kind``; raise ``UnitError`` with a hint.

    A time needs its unit (``6`` for a mile could be seconds or minutes): ``6:00``, ``80s``.
    """
    if kind == "count":
        if isinstance(raw, bool) or not str(raw).strip().isdecimal():
            raise UnitError(f"'{raw}' is not a whole number", "write a count such as 8")
        digits = str(raw).strip().lstrip("0") or "0"
        if len(digits) > MAX_COUNT_DIGITS:  # as a float it would be echoed as another number
            raise UnitError(f"'{raw}' is more than any workout counts", "write a count such as 8")
        return float(int(digits))
    if kind == "pace":
        return parse_pace(str(raw))
    text = str(raw).strip()
    try:
        return parse_duration(text, False)
    except UnitError as err:
        if err.message.endswith("has no unit"):
            raise UnitError(err.message, f"{text} what? write {text}:00 for minutes or {text}s for seconds") from None
        raise


def _params(ctx: Ctx, node: YNode) -> dict[str, ParamDef]:
    out: dict[str, ParamDef] = {}
    if not isinstance(node, Map):
        ctx.error(node, "'params' is a list of 'name: value' lines", "e.g. params: {reps: 8}")
        return out
    for name, vnode in node.items.items():
        key = node.keys[name]
        if not (name.isascii() and name.replace("_", "a").isalnum()):
            ctx.error(key, f"parameter name '{name}' may use only letters, digits and _", "e.g. recovery_start")
            continue
        spec: dict[str, YNode]
        if isinstance(vnode, Map):
            ctx.unknown_keys(vnode, language.PARAM_KEYS, f"parameter '{name}'")
            if "default" not in vnode.items:
                ctx.error(vnode, f"parameter '{name}' has no default", f"add default: under {name}")
                continue
            spec = vnode.items
        elif isinstance(vnode, Scalar):
            spec = {"default": vnode}
        else:
            ctx.error(vnode, f"parameter '{name}' should be a value or a mapping", "e.g. reps: {default: 8, min: 6, max: 10}")
            continue
        dnode = spec["default"]
        if not isinstance(dnode, Scalar):
            ctx.error(dnode, f"the default of '{name}' should be a single value")
            continue
        kind = param_kind(name, dnode.value)
        ok = True
        bounds: dict[str, float] = {}
        written: dict[str, Value] = {}
        for which in ("default", "min", "max"):
            if which not in spec:
                continue
            bnode = spec[which]
            if not isinstance(bnode, Scalar):
                ctx.error(bnode, f"parameter '{name}' {which} should be a single value")
                ok = False
                continue
            raw = bnode.value if not bnode.quoted else bnode.text
            try:
                bounds[which] = check_param_value(kind, raw)
            except UnitError as err:
                ctx.error(bnode, f"parameter '{name}' {which}: {err.message}", err.hint)
                ok = False
                continue
            written[which] = Value(raw, ctx.pos(bnode))
        about = (_text(ctx, spec["about"], "about") or "") if "about" in spec else ""
        default = Value(dnode.value if not dnode.quoted else dnode.text, ctx.pos(dnode))
        pdef = ParamDef(name, kind, default, written.get("min"), written.get("max"), about, ctx.pos(key))
        if ok and "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
            ctx.error(spec["min"], f"parameter '{name}': min is more than max", "swap them")
        elif ok and not _within(bounds["default"], bounds.get("min"), bounds.get("max")):
            ctx.error(dnode, f"parameter '{name}': default {dnode.text} is outside its range", "change the default or the range")
        out[name] = pdef
    return out


def _within(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low - 1e-9) and (high is None or value <= high + 1e-9)


# --- cue settings and the track ---------------------------------------------------------------


def _cue_settings(ctx: Ctx, node: YNode) -> CueSettings:
    cs = CueSettings()
    if not isinstance(node, Map):
        ctx.error(node, "'cues' is a list of settings", "e.g. cues: {pips: work, units: imperial}")
        return cs
    ctx.unknown_keys(node, language.CUE_KEYS, "cues")
    it = node.items
    if "announce" in it:
        cs.announce = bool(_bool(ctx, it["announce"], "announce"))
    if "pips" in it:
        cs.pips = _choice(ctx, it["pips"], language.PIPS_SETTINGS, "pips") or cs.pips
    if "go" in it:
        cs.go = _choice(ctx, it["go"], language.GO_SETTINGS, "go") or cs.go
    if "halfway" in it:
        cs.halfway = bool(_bool(ctx, it["halfway"], "halfway"))
    if "units" in it:
        cs.units = _choice(ctx, it["units"], UNITS, "units") or cs.units
    if "splits" in it:
        n = it["splits"]
        cs.splits = None if _is_false(n) else _split_distance(ctx, n)
    if "recovery_warning" in it:
        n = it["recovery_warning"]
        cs.recovery_warning = None if _is_false(n) else _duration(ctx, n, "recovery_warning")
    if "last_rep" in it:
        cs.last_rep = None if _is_false(it["last_rep"]) else _text(ctx, it["last_rep"], "last_rep")
    if "last_set" in it:
        cs.last_set = None if _is_false(it["last_set"]) else _text(ctx, it["last_set"], "last_set")
    if "finish" in it:
        cs.finish = None if _is_false(it["finish"]) else _text(ctx, it["finish"], "finish")
    return cs


def _is_false(node: YNode) -> bool:
    return isinstance(node, Scalar) and node.value is False


def _split_distance(ctx: Ctx, node: YNode) -> float | None:
    try:
        return parse_distance(node.text if isinstance(node, Scalar) else "")
    except UnitError as err:
        ctx.error(node, f"splits: {err.message}", "write a distance such as 200m")
        return None


def _track(ctx: Ctx, node: YNode) -> Track | None:
    if not isinstance(node, Map):
        ctx.error(node, "'track' says which track and lane", "e.g. track: {lane: 3} or track: {length: 200m}")
        return None
    ctx.unknown_keys(node, language.TRACK_KEYS, "track")
    it = node.items
    length, lane, width = 400.0, 1, None
    if "length" in it:
        got = _distance(ctx, it["length"], "track length")
        if got is not None and not 100 <= got <= 1000:
            ctx.error(it["length"], f"a track of {got:g} m is not a running track", "write length: 400m or 200m")
        length = got or length
    if "lane" in it:
        n = it["lane"]
        value = n.value if isinstance(n, Scalar) else None
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9:
            lane = value
        else:
            ctx.error(n, "'lane' is a lane number from 1 (the inside lane) to 9", "write lane: 3")
    if "lane_width" in it:
        got = _distance(ctx, it["lane_width"], "lane_width")
        if got is not None and not 0.8 <= got <= 1.5:
            ctx.error(it["lane_width"], f"a lane {got:g} m wide is not a track lane", "lanes are 0.90 to 1.22 m wide")
        width = got
    return Track(length, lane, width)


def _distance(ctx: Ctx, node: YNode, what: str) -> float | None:
    text = node.text if isinstance(node, Scalar) else ""
    try:
        return parse_distance(text)
    except UnitError as err:
        ctx.error(node, f"{what}: {err.message}", err.hint)
        return None


# --- steps ------------------------------------------------------------------------------------


def _steps(ctx: Ctx, node: YNode, path: Path, stack: tuple[Path, ...], seen: dict[Path, WorkoutDef]) -> list[Item]:
    if not isinstance(node, Seq):
        ctx.error(node, "'steps' is a list", "put each step on its own line under 'steps:', starting with '- ', e.g. '  - warmup: 15min'")
        return []
    if not node.items:
        ctx.error(node, "'steps' is empty", "add at least one step, e.g. - run: 10min")
    short_work = _ShortWork(node.items)
    out: list[Item] = []
    for item in node.items:
        parsed = _item(ctx, item, path, stack, seen, short_work)
        if parsed is not None:
            out.append(parsed)
    return out


class _ShortWork:
    """Whether a list of steps holds strides or sprints — worked out only if a short jog asks."""

    __slots__ = ("items", "answer")

    def __init__(self, items: list[YNode]) -> None:
        self.items = items
        self.answer: bool | None = None

    def __bool__(self) -> bool:
        if self.answer is None:
            self.answer = any(_short_work(item) for item in self.items)
        return self.answer


def _short_work(node: YNode) -> bool:
    """Whether ``node`` is a work step over a few metres (strides, sprints), walked or jogged back."""
    if not isinstance(node, Map):
        return False
    for word, value in node.items.items():
        kind = language.KIND_WORDS.get(word)
        if kind in ("run", "strength") and isinstance(value, Scalar):
            shorthand = split_repeat(value.text)
            text = shorthand[1] if shorthand else value.text
            try:
                end = parse_end(text)
            except UnitError:
                return False
            return end.distance is not None and end.distance <= _SHORT_WORK_M
    return False


def _item(ctx: Ctx, node: YNode, path: Path, stack: tuple[Path, ...], seen: dict[Path, WorkoutDef],
          short_work: _ShortWork | bool) -> Item | None:
    if isinstance(node, Scalar):
        ctx.error(node, f"a step is 'kind: value', not '{node.text}'", "e.g. - jog: 2:00 or - run: 200m in 38s")
        return None
    if not isinstance(node, Map):
        ctx.error(node, "a step is 'kind: value'", "e.g. - jog: 2:00")
        return None
    if "repeat" in node.items:
        return _repeat(ctx, node, path, stack, seen)
    if "include" in node.items:
        return _include(ctx, node, path, stack, seen)
    kinds = [k for k in node.items if k in language.KIND_WORDS]
    if not kinds:
        allowed = list(STEP_KINDS) + ["repeat", "include"]
        unknown = [k for k in node.items if k not in language.STEP_KEYS]
        guess = did_you_mean(unknown[0], allowed, 0.5) if unknown else []
        hint = f"did you mean '{guess[0]}'?" if guess else "start the step with one of: " + ", ".join(allowed)
        where = node.keys[unknown[0]] if unknown else node
        ctx.error(where, "this step has no kind" + (f" ('{unknown[0]}' is not one)" if unknown else ""), hint)
        return None
    word = kinds[0]
    vnode = node.items[word]
    shorthand = split_repeat(vnode.text) if isinstance(vnode, Scalar) and vnode.value is not None else None
    if shorthand is not None:
        return _shorthand_repeat(ctx, node, word, shorthand, kinds[1:])
    if len(kinds) > 1:
        ctx.error(node.keys[kinds[1]], f"one step has two kinds: {kinds[0]} and {kinds[1]}",
                  "put each on its own line starting with '- '")
        return None
    return _step(ctx, node, word, vnode, {word}, short_work)


def _step(ctx: Ctx, node: Map, word: str, vnode: YNode, own_keys: set[str], short_work: _ShortWork | bool) -> StepDef:
    kind = language.KIND_WORDS[word]
    ctx.unknown_keys(node, set(language.STEP_KEYS) | own_keys, f"a {kind} step")
    value, per_set = _step_value(ctx, vnode, kind, short_work)
    step = StepDef(kind, value, ctx.pos(node.keys[word]))
    step.per_set = per_set
    it = node.items
    if "name" in it:
        step.name = _text(ctx, it["name"], "name")
    if "note" in it:
        step.note = _text(ctx, it["note"], "note")
    if "about" in it:
        if _duration(ctx, it["about"], "about") is not None:
            step.about = Value(it["about"].text, ctx.pos(it["about"]))  # type: ignore[union-attr]
    if "intensity" in it:
        step.intensity = _choice(ctx, it["intensity"], INTENSITIES, "intensity")
    if "ends" in it:
        step.ends = _choice(ctx, it["ends"], language.DISTANCE_ENDS, "ends")
    if "tolerance" in it:
        t = it["tolerance"]
        try:
            parse_pace(t.text if isinstance(t, Scalar) else "")
            step.tolerance = Value(t.text, ctx.pos(t))  # type: ignore[union-attr]
        except UnitError as err:
            ctx.error(t, f"tolerance: {err.message}", "write a pace offset such as 5s/mi or 2s/400m")
    if "say" in it:
        text = _text(ctx, it["say"], "say")
        if text is not None:
            step.say = Value(text, ctx.pos(it["say"]))
            step.say_template = _template(ctx, it["say"], text)
    if "sound" in it:
        text = _text(ctx, it["sound"], "sound")
        if text is not None:
            step.sound = Value(text, ctx.pos(it["sound"]))
    if "announce" in it:
        step.announce = _bool(ctx, it["announce"], "announce")
    if "pips" in it:
        step.pips = _bool(ctx, it["pips"], "pips")
    if "halfway" in it:
        step.halfway = _bool(ctx, it["halfway"], "halfway")
    if "at" in it:
        step.at = _at_cues(ctx, it["at"])
    if "every" in it:
        step.every = _every_cues(ctx, it["every"])
    if "splits" in it:
        step.splits = _splits(ctx, it["splits"])
    return step


def _shorthand_repeat(ctx: Ctx, node: Map, word: str, shorthand: tuple[int, str], others: list[str]) -> RepeatDef:
    """``run: 8 x 200m in 38s`` (with ``jog: 2:00`` for the recovery between reps) as a repeat block."""
    count, rest = shorthand
    vnode = node.items[word]
    assert isinstance(vnode, Scalar)
    pos = ctx.pos(node.keys[word])
    recovery = [k for k in others if k in language.RECOVERY_KINDS]
    for k in others:
        if k not in language.RECOVERY_KINDS:
            ctx.error(node.keys[k], f"'{k}' cannot go with '{word}: {vnode.text}'",
                      "the recovery between the reps is jog:, walk: or rest:")
    if count < 1:
        ctx.error(vnode, f"repeat count must be at least 1, not {count}", f"e.g. {word}: 8 x {rest}")
    work = Scalar(rest, False, vnode.line, vnode.col)
    step_keys = {k: v for k, v in node.items.items() if k not in recovery}
    work_map = Map(step_keys, {k: node.keys[k] for k in step_keys}, node.line, node.col)
    steps: list[Item] = [_step(ctx, work_map, word, work, {word, *recovery}, True)]
    if len(recovery) > 1:
        ctx.error(node.keys[recovery[1]], f"two recoveries: {recovery[0]} and {recovery[1]}", "keep one")
    elif recovery:
        rnode = node.items[recovery[0]]
        rmap = Map({recovery[0]: rnode}, {recovery[0]: node.keys[recovery[0]]}, node.line, node.col)
        steps.append(_step(ctx, rmap, recovery[0], rnode, {recovery[0]}, _short_work(work_map)))
    return RepeatDef(Value(count, pos), steps, pos, skip_last_recovery=True)


def _step_value(ctx: Ctx, node: YNode, kind: StepKind, short_work: _ShortWork | bool) -> tuple[Value, bool]:
    """The step's value and whether its progression restarts each set."""
    if isinstance(node, Seq):
        if not node.items:
            ctx.error(node, "the list of per-rep values is empty", "e.g. jog: [2:00, 1:30, 1:00]")
        texts = []
        for item in node.items:
            if not isinstance(item, Scalar):
                ctx.error(item, "each per-rep value is a single value", "e.g. [2:00, 1:30, 1:00]")
                continue
            texts.append(item.text)
            _check_end(ctx, item, item.text, kind, short_work)
        return Value(texts, ctx.pos(node)), False
    if not isinstance(node, Scalar) or node.value is None:
        ctx.error(node, f"the {kind} step needs a value", "e.g. 90s, 200m in 38s, until lap")
        return Value("", ctx.pos(node)), False
    text = node.text
    per_set = False
    low = text.rstrip().lower()
    for suffix in _PER_SET:
        if low.endswith(suffix):
            text, per_set = text.rstrip()[: -len(suffix)], True
    try:
        prog = split_progression(text)
    except UnitError as err:
        ctx.error(node, err.message, err.hint)
        return Value(text, ctx.pos(node)), per_set
    if per_set and not prog:
        ctx.error(node, f"'{node.text.strip()}': 'each set' restarts a progression, but this value does not change",
                  "write e.g. jog: 1:30 -> 0:30 each set")
    if prog:
        _check_end(ctx, node, prog[0], kind, short_work)
        _check_end(ctx, node, prog[1], kind, short_work, partial=True)
    else:
        _check_end(ctx, node, text, kind, short_work)
    return Value(text, ctx.pos(node)), per_set


def _check_end(ctx: Ctx, node: YNode, text: str, kind: StepKind, short_work: _ShortWork | bool,
               partial: bool = False) -> None:
    try:
        end = parse_end(text)
    except UnitError as err:
        if partial:  # the right side of '->' may be just the changing part: '400m in 90s -> 86s'
            try:
                parse_duration(text, False)
                return
            except UnitError:
                try:
                    parse_pace(text)
                    return
                except UnitError:
                    pass
        ctx.error(node, err.message, err.hint)
        return
    why = _minutes_meant(kind, text, end, short_work)
    if why is not None:
        ctx.error(node, why[0], why[1])


def _minutes_meant(kind: StepKind, text: str, end: EndSpec, short_work: _ShortWork | bool) -> tuple[str, str] | None:
    """Why ``Nm`` in this step surely means minutes — by the kind of step and what is around it.

    ``m`` is metres; but a 10 m warm-up, a 2 m rest, a 20 m jog between 400s, '20m easy' or 10 m at
    6:00/km (3.6 s) cannot be what the coach meant. A walk back after 60 m strides, a 60 m jog
    in 20 s or a 300 m cool-down at 5:20/km can, so they stand.
    """
    if end.distance is None or (kind not in _FEW_METRES and kind not in _STANDING and not end.effort
                                and end.pace is None):
        return None  # a run or a stride of metres, said as nothing else: metres it is
    written = split_number(normalize(text).split(" ", 1)[0])
    if written is None or written[1] != "m" or end.distance is None:  # "60m", not "60mi" or "60 metres"
        return None
    n = written[0]
    metres = float(n)
    hint = f"for minutes write {n}min; for metres write {n} metres"
    if kind in _STANDING:
        return f"'{text.strip()}' is {n} metres, but a {kind} step stays in one place", f"for minutes write {n}min"
    if end.target is not None:
        return None  # '60m in 20s': a distance with its time is what it says
    pace = end.pace.terms[0] if end.pace is not None and len(end.pace.terms) == 1 else None
    seconds = metres * pace.value if pace is not None and pace.value is not None else None
    few = _FEW_METRES.get(kind)
    if few is not None and metres < few and not (kind in ("jog", "walk") and short_work) \
            and (seconds is None or seconds < 60):
        return f"'{text.strip()}' is a {n} m {kind}, too short to be meant", hint
    sustained = [e for e in end.effort.split() if e in SUSTAINED_EFFORTS]
    if sustained and metres < 100:
        return f"'{text.strip()}' is {n} metres {sustained[0]}, too short to be meant", hint
    if seconds is not None and metres < 100 and pace is not None and (pace.value or 0) > 0.18:
        return f"'{text.strip()}' is {n} metres at a jogging pace ({seconds:.0f} s)", hint
    return None


def _cue_offset(ctx: Ctx, knode: Scalar, key: str, what: str) -> tuple[float, bool, bool] | None:
    """An ``at:`` key: (offset, from the end, a fraction of the step) — or ``None`` after an error."""
    text = key.strip()
    from_end = text.startswith("-")
    amount = text.lstrip("+-").strip()
    fraction = amount.endswith("%")
    try:
        if fraction:
            try:
                offset = float(amount[:-1]) / 100
            except ValueError:
                raise UnitError(f"'{text}' is not a percentage", "e.g. 50%") from None
            if not 0 <= offset <= 1:
                raise UnitError(f"'{text}' is not between 0% and 100%", "e.g. 50%")
        else:
            offset = parse_duration(amount, False)
    except UnitError as err:
        hint = f"write {amount}s" if err.message.endswith("has no unit") else err.hint
        ctx.error(knode, f"cue {what} '{text}': {err.message}", hint)
        return None
    return offset, from_end, fraction


def _cue(ctx: Ctx, knode: Scalar, vnode: YNode, offset: float, from_end: bool, fraction: bool) -> AtCue | None:
    say = sound = None
    say_node: YNode = vnode
    if isinstance(vnode, Scalar):
        say = vnode.text
    elif isinstance(vnode, Map):
        ctx.unknown_keys(vnode, language.AT_KEYS, "a cue")
        if "say" in vnode.items:
            say_node = vnode.items["say"]
            say = _text(ctx, say_node, "say")
        if "sound" in vnode.items:
            sound = _text(ctx, vnode.items["sound"], "sound")
        if not say and not sound:
            ctx.error(vnode, "a cue needs 'say' or 'sound'", "e.g. {say: Ten seconds}")
            return None
    else:
        ctx.error(vnode, "a cue is text to say or {say, sound}")
        return None
    template = _template(ctx, say_node, say) if say else None
    if say and template is None:
        return None
    return AtCue(offset, from_end, say, sound, ctx.pos(knode), fraction, template)


def _at_cues(ctx: Ctx, node: YNode) -> list[AtCue]:
    out: list[AtCue] = []
    if not isinstance(node, Map):
        ctx.error(node, "'at' maps offsets to what to say", "e.g. at: {30s: Relax the shoulders, -10s: Ten seconds}")
        return out
    for key, vnode in node.items.items():
        knode = node.keys[key]
        got = _cue_offset(ctx, knode, key, "offset")
        if got is None:
            continue
        cue = _cue(ctx, knode, vnode, *got)
        if cue is not None:
            out.append(cue)
    return out


def _every_cues(ctx: Ctx, node: YNode) -> list[AtCue]:
    """``every: 30s`` (the time left, said every 30 s) or ``every: {1min: "{remaining} to go"}``."""
    if isinstance(node, Scalar):
        period = _duration(ctx, node, "every")
        if period is None:
            return []
        return [AtCue(period, False, None, None, ctx.pos(node), template=None)]
    if not isinstance(node, Map):
        ctx.error(node, "'every' is a time or maps a time to what to say", 'e.g. every: 30s or every: {1min: "{remaining} left"}')
        return []
    out: list[AtCue] = []
    for key, vnode in node.items.items():
        knode = node.keys[key]
        got = _cue_offset(ctx, knode, key, "period")
        if got is None:
            continue
        period, from_end, fraction = got
        if from_end or fraction or period <= 0:
            ctx.error(knode, f"'every {key}' needs a time such as 30s", 'e.g. every: {30s: "{remaining}"}')
            continue
        cue = _cue(ctx, knode, vnode, period, False, False)
        if cue is not None:
            out.append(cue)
    return out


def _splits(ctx: Ctx, node: YNode) -> Value | None:
    if isinstance(node, Scalar):
        if node.value is False:
            return Value(False, ctx.pos(node))
        d = _split_distance(ctx, node)
        return Value(d, ctx.pos(node)) if d else None
    if isinstance(node, Seq):
        parts = []
        for item in node.items:
            if not isinstance(item, Scalar):
                ctx.error(item, "each split is text such as '200m in 40s'")
                continue
            try:
                end = parse_end(item.text)
            except UnitError as err:
                ctx.error(item, f"split: {err.message}", "write e.g. 200m in 40s or 200m at mile + 4s/200m")
                continue
            if end.distance is None:
                ctx.error(item, f"split '{item.text}' needs a distance", "write e.g. 200m in 40s")
                continue
            parts.append((item.text, ctx.pos(item)))
        return Value(parts, ctx.pos(node))
    ctx.error(node, "'splits' is a distance (100m) or a list of parts", "e.g. splits: [200m in 40s, 200m in 35s]")
    return None


def _repeat(ctx: Ctx, node: Map, path: Path, stack: tuple[Path, ...], seen: dict[Path, WorkoutDef]) -> RepeatDef | None:
    ctx.unknown_keys(node, language.REPEAT_KEYS, "a repeat block")
    cnode = node.items["repeat"]
    count: Any = None
    until: Value | None = None
    if isinstance(cnode, Scalar):
        v = cnode.value
        if isinstance(v, int) and not isinstance(v, bool):
            if v < 1:
                ctx.error(cnode, f"repeat count must be at least 1, not {v}", "e.g. repeat: 8")
            count = v
        elif isinstance(v, str) and is_name(v.strip()):
            count = v.strip()
        else:
            ctx.error(cnode, f"repeat needs a whole number or a parameter name, not '{cnode.text}'",
                      "e.g. repeat: 8, repeat: reps or repeat: {until: 30min}")
    elif isinstance(cnode, Map):
        until = _until(ctx, cnode)
    else:
        ctx.error(cnode, "repeat needs a number", "e.g. repeat: 8 or repeat: {until: 30min}")
    if "steps" not in node.items:
        ctx.error(node, "this repeat has no 'steps:'", "indent the steps of one rep under 'steps:'")
        return None
    pos = ctx.pos(node.keys["repeat"])
    if not ctx.nest(pos):
        return None
    ctx.depth += 1
    steps = _steps(ctx, node.items["steps"], path, stack, seen)
    ctx.depth -= 1
    if count is None and until is None:
        return None  # a count in error: its steps' rep-by-rep checks need one (WorkoutProblems.partial)
    rdef = RepeatDef(Value(count, ctx.pos(cnode)), steps, pos, until=until)
    if "name" in node.items:
        rdef.name = _text(ctx, node.items["name"], "name")
    if "skip_last_recovery" in node.items:
        rdef.skip_last_recovery = bool(_bool(ctx, node.items["skip_last_recovery"], "skip_last_recovery"))
    if "last_rep" in node.items:
        n = node.items["last_rep"]
        rdef.last_rep = Value(False if _is_false(n) else (n.text if isinstance(n, Scalar) else ""), ctx.pos(n))
    if "every" in node.items:
        enode = node.items["every"]
        cycle = _duration(ctx, enode, "every")
        if cycle is not None:
            rdef.every = Value(cycle, ctx.pos(enode))
    return rdef


def _until(ctx: Ctx, node: Map) -> Value | None:
    ctx.unknown_keys(node, language.UNTIL_KEYS, "repeat")
    if "until" not in node.items:
        ctx.error(node, "repeat: {…} needs 'until'", "e.g. repeat: {until: 30min} or repeat: {until: 5km}")
        return None
    unode = node.items["until"]
    text = unode.text if isinstance(unode, Scalar) else ""
    try:
        end = parse_end(text)
    except UnitError as err:
        ctx.error(unode, f"until: {err.message}", "write a time (30min) or a distance (5km)")
        return None
    if end.time is not None and end.pace is None and len(end.time.terms) == 1 and end.time.terms[0].value:
        return Value(("time", end.time.terms[0].value), ctx.pos(unode))
    if end.distance is not None and end.target is None and end.pace is None and not end.lap:
        return Value(("distance", end.distance), ctx.pos(unode))
    ctx.error(unode, f"until '{text}' is neither a time nor a distance", "write a time (30min) or a distance (5km)")
    return None


def _include(ctx: Ctx, node: Map, path: Path, stack: tuple[Path, ...], seen: dict[Path, WorkoutDef]) -> IncludeDef | None:
    ctx.unknown_keys(node, language.INCLUDE_KEYS, "an include")
    inode = node.items["include"]
    ref = _text(ctx, inode, "include")
    if not ref:
        return None
    try:
        target = library.resolve_include(ref, path.parent)
    except library.IncludeRefused as err:
        ctx.error(inode, err.message, err.hint)
        return None
    if target is None:
        ctx.error(inode, f"cannot find '{ref}' to include", library.names_hint(relative_to=path.parent))
        return None
    if target in stack:
        chain = " -> ".join(p.name for p in stack + (target,))
        ctx.error(inode, f"include cycle: {chain}", "a file cannot include itself, directly or through others")
        return None
    if len(stack) > yamlsafe.MAX_REPEAT_DEPTH:  # a chain of files, each including the next
        ctx.nest(inode, yamlsafe.MAX_REPEAT_DEPTH + 1)
        return None
    try:
        sub = seen.get(target) or parse_file(target, _display(target), stack, seen)
        seen[target] = sub
    except WorkoutProblems as err:
        ctx.problems.extend(err.problems)
        ctx.error(inode, f"the included file '{ref}' has problems (listed above)")
        return None
    if not ctx.nest(inode, 1 + sub.depth):
        return None
    values: dict[str, Value] = {}
    if "set" in node.items:
        snode = node.items["set"]
        if not isinstance(snode, Map):
            ctx.error(snode, "'set' maps parameter names to values", "e.g. set: {hold: 45s}")
        else:
            for key, vnode in snode.items.items():
                if key not in sub.params:
                    ctx.error(snode.keys[key], f"'{ref}' has no parameter '{key}'",
                              "its parameters: " + (", ".join(sub.params) or "none"))
                elif isinstance(vnode, Scalar):
                    values[key] = Value(vnode.value if not vnode.quoted else vnode.text, ctx.pos(vnode))
                else:
                    ctx.error(vnode, f"the value of '{key}' should be a single value")
    return IncludeDef(sub, values, ctx.pos(node.keys["include"]))


def _display(path: Path) -> str:
    """A resolved path as shown in messages: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
