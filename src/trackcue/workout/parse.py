"""YAML tree → ``WorkoutDef``: every key checked, every problem collected with its position."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from trackcue.errors import Problem, UserError
from trackcue.units import UnitError, parse_duration, parse_pace, race_distance
from trackcue.workout import library, schema, yamlsafe
from trackcue.workout.model import (
    AtCue, CueSettings, IncludeDef, Item, ParamDef, Pos, RepeatDef, StepDef, Value, WorkoutDef,
)
from trackcue.workout.steptext import parse_end, split_progression
from trackcue.workout.yamlsafe import Map, Scalar, Seq, YNode

TRAINING_PACES = ("E", "M", "T", "I", "R")
# Kinds where a bare small number of metres is almost surely minutes.
_TIMEISH = {"warmup", "cooldown", "jog", "walk", "rest", "stretch", "strength"}


class WorkoutProblems(UserError):
    """Everything wrong with a workout file (and the files it includes)."""


class Ctx:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def pos(self, node: YNode) -> Pos:
        return Pos(self.file, node.line, node.col)

    def error(self, node: YNode | Pos, message: str, hint: str = "") -> None:
        self.problems.append(Problem(message, self.file, node.line, node.col, hint))

    def unknown_keys(self, m: Map, allowed: dict[str, str] | set[str], what: str) -> None:
        for key, knode in m.keys.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "allowed here: " + ", ".join(sorted(allowed))
                self.error(knode, f"unknown key '{key}' in {what}", hint)


def parse_file(path: Path, display: str | None = None, _stack: tuple[Path, ...] = (), *,
               data: bytes | None = None) -> WorkoutDef:
    """Read and check a workout file; raise ``WorkoutProblems`` listing every problem.

    ``data``: the workout's text when it is not the file's own (a FIT or .zwo file imported in memory).
    """
    display = display or str(path)
    try:
        data = path.read_bytes() if data is None else data
    except FileNotFoundError:
        raise WorkoutProblems([Problem(f"no such workout file: {display}", hint=library.names_hint())]) from None
    except IsADirectoryError:
        raise WorkoutProblems([Problem(f"{display} is a folder, not a workout file",
                                       hint="give a .yaml file, e.g. workouts/200m-repeats.yaml")]) from None
    except OSError as err:
        raise WorkoutProblems([Problem(f"cannot read {display}: {err.strerror}")]) from None
    try:
        tree = yamlsafe.load(data, display)
    except yamlsafe.YamlProblem as err:
        raise WorkoutProblems(err.problems) from None
    ctx = Ctx(display)
    wdef = _workout(ctx, tree, path, _stack + (path.resolve(),))
    if ctx.problems:
        raise WorkoutProblems(ctx.problems)
    wdef.text = data.decode("utf-8-sig", errors="replace")
    return wdef


def _workout(ctx: Ctx, tree: YNode, path: Path, stack: tuple[Path, ...]) -> WorkoutDef:
    wdef = WorkoutDef(name=path.stem, description="", params={}, cues=CueSettings(), steps=[], path=str(path))
    if not isinstance(tree, Map):
        ctx.error(tree, "a workout is a set of 'key: value' lines", "start with 'name:' and 'steps:'")
        return wdef
    ctx.unknown_keys(tree, schema.TOP_KEYS, "the workout")
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
        wdef.distance_ends = _choice(ctx, items["distance_ends"], ("lap", "target"), "distance_ends") or "lap"
    if "get_ready" in items:
        wdef.get_ready_s = _duration(ctx, items["get_ready"], "get_ready", allow_zero=True) or 0.0
    if "steps" not in items:
        ctx.error(tree, "the workout has no 'steps:'", "add 'steps:' with a list such as '- run: 200m in 38s'")
    else:
        wdef.steps = _steps(ctx, items["steps"], path, stack)
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


def _choice(ctx: Ctx, node: YNode, choices: tuple[str, ...], what: str) -> str | None:
    if isinstance(node, Scalar) and str(node.text).strip().lower() in choices:
        return node.text.strip().lower()
    ctx.error(node, f"'{what}' must be one of: {', '.join(choices)}", f"write {what}: {choices[0]}")
    return None


def _duration(ctx: Ctx, node: YNode, what: str, allow_zero: bool = False) -> float | None:
    if isinstance(node, Scalar):
        if allow_zero and node.value in (0, "0", "0s"):
            return 0.0
        try:
            return parse_duration(node.text if node.quoted or isinstance(node.value, str) else node.value)
        except UnitError as err:
            ctx.error(node, f"{what}: {err.message}", err.hint)
            return None
    ctx.error(node, f"'{what}' should be a time", "write e.g. 10s or 2:00")
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


def check_param_value(kind: str, raw: Any) -> float:
    """Parse a parameter value of ``kind``; raise ``UnitError`` with a hint."""
    if kind == "count":
        if isinstance(raw, bool) or not re.fullmatch(r"\s*\d+\s*", str(raw)):
            raise UnitError(f"'{raw}' is not a whole number", "write a count such as 8")
        return float(int(str(raw)))
    if kind == "pace":
        return parse_pace(str(raw))
    return parse_duration(raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else str(raw))


def _params(ctx: Ctx, node: YNode) -> dict[str, ParamDef]:
    out: dict[str, ParamDef] = {}
    if not isinstance(node, Map):
        ctx.error(node, "'params' is a list of 'name: value' lines", "e.g. params: {reps: 8}")
        return out
    for name, vnode in node.items.items():
        key = node.keys[name]
        if not re.fullmatch(r"[A-Za-z0-9_]+", name):
            ctx.error(key, f"parameter name '{name}' may use only letters, digits and _", "e.g. recovery_start")
            continue
        spec: dict[str, YNode]
        if isinstance(vnode, Map):
            ctx.unknown_keys(vnode, schema.PARAM_KEYS, f"parameter '{name}'")
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
        pdef = ParamDef(name, kind, Value(dnode.value if not dnode.quoted else dnode.text, ctx.pos(dnode)), pos=ctx.pos(key))
        ok = True
        bounds: dict[str, float] = {}
        for which in ("default", "min", "max"):
            if which not in spec:
                continue
            bnode = spec[which]
            raw = bnode.value if isinstance(bnode, Scalar) and not bnode.quoted else getattr(bnode, "text", None)
            try:
                bounds[which] = check_param_value(kind, raw)
            except UnitError as err:
                ctx.error(bnode, f"parameter '{name}' {which}: {err.message}", err.hint)
                ok = False
                continue
            if which != "default":
                setattr(pdef, which, Value(raw, ctx.pos(bnode)))
        if "about" in spec:
            pdef.about = _text(ctx, spec["about"], "about") or ""
        if ok and "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
            ctx.error(spec["min"], f"parameter '{name}': min is more than max", "swap them")
        elif ok and not _within(kind, bounds["default"], bounds.get("min"), bounds.get("max")):
            ctx.error(dnode, f"parameter '{name}': default {dnode.text} is outside its range", "change the default or the range")
        out[name] = pdef
    return out


def _within(kind: str, value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low - 1e-9) and (high is None or value <= high + 1e-9)


# --- cue settings -----------------------------------------------------------------------------


def _cue_settings(ctx: Ctx, node: YNode) -> CueSettings:
    cs = CueSettings()
    if not isinstance(node, Map):
        ctx.error(node, "'cues' is a list of settings", "e.g. cues: {pips: work, units: imperial}")
        return cs
    ctx.unknown_keys(node, schema.CUE_KEYS, "cues")
    it = node.items
    if "announce" in it:
        cs.announce = bool(_bool(ctx, it["announce"], "announce"))
    if "pips" in it:
        cs.pips = _choice(ctx, it["pips"], ("work", "all", "none"), "pips") or cs.pips
    if "go" in it:
        cs.go = _choice(ctx, it["go"], ("tone", "say", "none"), "go") or cs.go
    if "halfway" in it:
        cs.halfway = bool(_bool(ctx, it["halfway"], "halfway"))
    if "units" in it:
        cs.units = _choice(ctx, it["units"], ("metric", "imperial"), "units") or cs.units
    if "splits" in it:
        n = it["splits"]
        if isinstance(n, Scalar) and n.value is False:
            cs.splits = None
        else:
            cs.splits = _split_distance(ctx, n)
    if "recovery_warning" in it:
        n = it["recovery_warning"]
        cs.recovery_warning = None if isinstance(n, Scalar) and n.value is False else _duration(ctx, n, "recovery_warning")
    for key in ("last_rep", "last_set", "finish"):
        if key in it:
            n = it[key]
            if isinstance(n, Scalar) and n.value is False:
                setattr(cs, key, None)
            else:
                setattr(cs, key, _text(ctx, n, key))
    return cs


def _split_distance(ctx: Ctx, node: YNode) -> float | None:
    from trackcue.units import parse_distance

    try:
        return parse_distance(getattr(node, "text", ""))
    except UnitError as err:
        ctx.error(node, f"splits: {err.message}", "write a distance such as 200m")
        return None


# --- steps ------------------------------------------------------------------------------------


def _steps(ctx: Ctx, node: YNode, path: Path, stack: tuple[Path, ...]) -> list[Item]:
    if not isinstance(node, Seq):
        ctx.error(node, "'steps' is a list", "put each step on its own line under 'steps:', starting with '- ', e.g. '  - warmup: 15min'")
        return []
    if not node.items:
        ctx.error(node, "'steps' is empty", "add at least one step, e.g. - run: 10min")
    out: list[Item] = []
    for item in node.items:
        parsed = _item(ctx, item, path, stack)
        if parsed is not None:
            out.append(parsed)
    return out


def _item(ctx: Ctx, node: YNode, path: Path, stack: tuple[Path, ...]) -> Item | None:
    if isinstance(node, Scalar):
        ctx.error(node, f"a step is 'kind: value', not '{node.text}'", "e.g. - jog: 2:00 or - run: 200m in 38s")
        return None
    if not isinstance(node, Map):
        ctx.error(node, "a step is 'kind: value'", "e.g. - jog: 2:00")
        return None
    if "repeat" in node.items:
        return _repeat(ctx, node, path, stack)
    if "include" in node.items:
        return _include(ctx, node, path, stack)
    kinds = [k for k in node.items if k in schema.STEP_KINDS or k in schema.KIND_ALIASES]
    if not kinds:
        allowed = list(schema.STEP_KINDS) + ["repeat", "include"]
        unknown = [k for k in node.items if k not in schema.STEP_KEYS]
        guess = difflib.get_close_matches(unknown[0], allowed, n=1, cutoff=0.5) if unknown else []
        hint = f"did you mean '{guess[0]}'?" if guess else "start the step with one of: " + ", ".join(allowed)
        where = node.keys[unknown[0]] if unknown else node
        ctx.error(where, "this step has no kind" + (f" ('{unknown[0]}' is not one)" if unknown else ""), hint)
        return None
    if len(kinds) > 1:
        ctx.error(node.keys[kinds[1]], f"one step has two kinds: {kinds[0]} and {kinds[1]}",
                  "put each on its own line starting with '- '")
        return None
    word = kinds[0]
    kind = schema.KIND_ALIASES.get(word, word)
    ctx.unknown_keys(node, set(schema.STEP_KEYS) | {word}, f"a {kind} step")
    vnode = node.items[word]
    step = StepDef(kind, _step_value(ctx, vnode, kind), ctx.pos(node.keys[word]))
    it = node.items
    if "name" in it:
        step.name = _text(ctx, it["name"], "name")
    if "note" in it:
        step.note = _text(ctx, it["note"], "note")
    if "about" in it:
        if _duration(ctx, it["about"], "about") is not None:
            step.about = Value(it["about"].text, ctx.pos(it["about"]))  # type: ignore[union-attr]
    if "intensity" in it:
        step.intensity = _choice(ctx, it["intensity"], ("warmup", "work", "recovery", "rest", "cooldown"), "intensity")
    if "ends" in it:
        step.ends = _choice(ctx, it["ends"], ("lap", "target"), "ends")
    if "tolerance" in it:
        t = it["tolerance"]
        try:
            parse_pace(getattr(t, "text", ""))
            step.tolerance = Value(t.text, ctx.pos(t))  # type: ignore[union-attr]
        except UnitError as err:
            ctx.error(t, f"tolerance: {err.message}", "write a pace offset such as 5s/mi or 2s/400m")
    for key in ("say", "sound"):
        if key in it:
            text = _text(ctx, it[key], key)
            if text is not None:
                setattr(step, key, Value(text, ctx.pos(it[key])))
    for key in ("announce", "pips", "halfway"):
        if key in it:
            setattr(step, key, _bool(ctx, it[key], key))
    if "at" in it:
        step.at = _at_cues(ctx, it["at"])
    if "splits" in it:
        step.splits = _splits(ctx, it["splits"])
    return step


def _step_value(ctx: Ctx, node: YNode, kind: str) -> Value:
    if isinstance(node, Seq):
        if not node.items:
            ctx.error(node, "the list of per-rep values is empty", "e.g. jog: [2:00, 1:30, 1:00]")
        texts = []
        for item in node.items:
            if not isinstance(item, Scalar):
                ctx.error(item, "each per-rep value is a single value", "e.g. [2:00, 1:30, 1:00]")
                continue
            texts.append(item.text)
            _check_end(ctx, item, item.text, kind)
        return Value(texts, ctx.pos(node))
    if not isinstance(node, Scalar) or node.value is None:
        ctx.error(node, f"the {kind} step needs a value", schema.END_TEXT.split(":")[0] + ": e.g. 90s, 200m in 38s, until lap")
        return Value("", ctx.pos(node))
    text = node.text
    try:
        prog = split_progression(text)
    except UnitError as err:
        ctx.error(node, err.message, err.hint)
        return Value(text, ctx.pos(node))
    if prog:
        _check_end(ctx, node, prog[0], kind)
        _check_end(ctx, node, prog[1], kind, partial=True)
    else:
        _check_end(ctx, node, text, kind)
    return Value(text, ctx.pos(node))


def _check_end(ctx: Ctx, node: YNode, text: str, kind: str, partial: bool = False) -> None:
    try:
        end = parse_end(text)
    except UnitError as err:
        if partial:  # the right side of '->' may be just the changing part: '400m in 90s -> 86s'
            try:
                parse_duration(text)
                return
            except UnitError:
                try:
                    parse_pace(text)
                    return
                except UnitError:
                    pass
        ctx.error(node, err.message, err.hint)
        return
    m = re.match(r"^\s*(\d+(?:\.\d+)?)\s*m\b(?!i)", text.lower())
    if (kind in _TIMEISH and end.distance is not None and end.target is None and end.pace is None
            and m and float(m.group(1)) <= 90):
        ctx.error(node, f"'{text.strip()}' is {m.group(1)} metres — 'm' always means metres",
                  f"for minutes write {m.group(1)}min")


def _at_cues(ctx: Ctx, node: YNode) -> list[AtCue]:
    out: list[AtCue] = []
    if not isinstance(node, Map):
        ctx.error(node, "'at' maps offsets to what to say", "e.g. at: {30s: Relax the shoulders, -10s: Ten seconds}")
        return out
    for key, vnode in node.items.items():
        knode = node.keys[key]
        text = key.strip()
        from_end = text.startswith("-")
        amount = text.lstrip("+-").strip()
        fraction = amount.endswith("%")
        try:
            if fraction:
                offset = float(amount[:-1]) / 100
                if not 0 <= offset <= 1:
                    raise UnitError(f"'{text}' is not between 0% and 100%", "e.g. 50%")
            else:
                offset = parse_duration(amount)
        except ValueError as err:
            err = err if isinstance(err, UnitError) else UnitError(f"'{text}' is not a percentage", "e.g. 50%")
            ctx.error(knode, f"cue offset '{text}': {err.message}", "write 30s from the start or -10s before the end")
            continue
        say = sound = None
        if isinstance(vnode, Scalar):
            say = vnode.text
        elif isinstance(vnode, Map):
            ctx.unknown_keys(vnode, schema.AT_KEYS, "a cue")
            if "say" in vnode.items:
                say = _text(ctx, vnode.items["say"], "say")
            if "sound" in vnode.items:
                sound = _text(ctx, vnode.items["sound"], "sound")
            if not say and not sound:
                ctx.error(vnode, "a cue needs 'say' or 'sound'", "e.g. {say: Ten seconds}")
                continue
        else:
            ctx.error(vnode, "a cue is text to say or {say, sound}")
            continue
        out.append(AtCue(offset, from_end, say, sound, ctx.pos(knode), fraction))
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


def _repeat(ctx: Ctx, node: Map, path: Path, stack: tuple[Path, ...]) -> RepeatDef | None:
    ctx.unknown_keys(node, schema.REPEAT_KEYS, "a repeat block")
    cnode = node.items["repeat"]
    count: Any = None
    if isinstance(cnode, Scalar):
        v = cnode.value
        if isinstance(v, int) and not isinstance(v, bool):
            if v < 1:
                ctx.error(cnode, f"repeat count must be at least 1, not {v}", "e.g. repeat: 8")
            count = v
        elif isinstance(v, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", v.strip()):
            count = v.strip()
        else:
            ctx.error(cnode, f"repeat needs a whole number or a parameter name, not '{cnode.text}'", "e.g. repeat: 8 or repeat: reps")
    else:
        ctx.error(cnode, "repeat needs a number", "e.g. repeat: 8")
    if "steps" not in node.items:
        ctx.error(node, "this repeat has no 'steps:'", "indent the steps of one rep under 'steps:'")
        return None
    rdef = RepeatDef(Value(count, ctx.pos(cnode)), _steps(ctx, node.items["steps"], path, stack), ctx.pos(node.keys["repeat"]))
    if "name" in node.items:
        rdef.name = _text(ctx, node.items["name"], "name")
    if "skip_last_recovery" in node.items:
        rdef.skip_last_recovery = bool(_bool(ctx, node.items["skip_last_recovery"], "skip_last_recovery"))
    if "last_rep" in node.items:
        n = node.items["last_rep"]
        rdef.last_rep = Value(False if isinstance(n, Scalar) and n.value is False else getattr(n, "text", ""), ctx.pos(n))
    return rdef


def _include(ctx: Ctx, node: Map, path: Path, stack: tuple[Path, ...]) -> IncludeDef | None:
    ctx.unknown_keys(node, schema.INCLUDE_KEYS, "an include")
    inode = node.items["include"]
    ref = _text(ctx, inode, "include")
    if not ref:
        return None
    target = library.resolve_include(ref, path.parent)
    if target is None:
        ctx.error(inode, f"cannot find '{ref}' to include", library.names_hint(relative_to=path.parent))
        return None
    if target.resolve() in stack:
        chain = " -> ".join(p.name for p in stack + (target.resolve(),))
        ctx.error(inode, f"include cycle: {chain}", "a file cannot include itself, directly or through others")
        return None
    try:
        sub = parse_file(target, _display(target), stack)
    except WorkoutProblems as err:
        for p in err.problems:
            ctx.problems.append(p)
        ctx.error(inode, f"the included file '{ref}' has problems (listed above)")
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
    return IncludeDef(sub, values, ctx.pos(node.keys["include"]))


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
