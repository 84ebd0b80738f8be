"""Plan YAML → ``Plan``: every key, workout, parameter and progression checked, every problem
collected with its position (``FILE:LINE:COL: error: message (hint)``), as for workouts."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from trackcue.errors import Problem, UserError
from trackcue.plan import schema
from trackcue.plan.model import PER_SESSION, PER_WEEK, Block, Plan, PlanSession, Rule, format_step, format_value
from trackcue.units import UnitError, parse_duration
from trackcue.workout import library, yamlsafe
from trackcue.workout.model import IncludeDef, ParamDef, RepeatDef, Value, WorkoutDef
from trackcue.workout.parse import TRAINING_PACES, WorkoutProblems, check_param_value, param_kind, parse_file
from trackcue.workout.parse import Ctx
from trackcue.workout.yamlsafe import Map, Scalar, Seq, YNode

DEFAULT_TOLERANCE_S = 1.0
_RANGE = re.compile(r"\s*(\d+)\s*(?:-|\.\.|–|to)\s*(\d+)\s*")


class PlanProblems(UserError):
    """Everything wrong with a plan file."""


def plan_names() -> list[str]:
    """Names of the shipped plans (``faster-mile``)."""
    folder = library.data_dir("plans")
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder else []


def find_plan(ref: str) -> Path | None:
    """A plan file: an existing path, or a shipped plan by name."""
    path = Path(ref).expanduser()
    if path.is_file():
        return path
    folder = library.data_dir("plans")
    if folder and len(path.parts) == 1:
        for candidate in (folder / f"{path.stem}.yaml", folder / f"{path.stem}.yml"):
            if candidate.is_file():
                return candidate
    return None


def load_plan(ref: str | Path) -> Plan:
    """Read and check a plan given as a path or a shipped name; raise ``PlanProblems``."""
    path = ref if isinstance(ref, Path) else find_plan(ref)
    if path is None:
        names = plan_names()
        raise PlanProblems([Problem(f"no plan '{ref}'", hint="give a plan file or a shipped plan: " + ", ".join(names)
                                    if names else "give a plan file")])
    display = _display(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise PlanProblems([Problem(f"cannot read {display}: {err.strerror}")]) from None
    try:
        tree = yamlsafe.load(data, display)
    except yamlsafe.YamlProblem as err:
        raise PlanProblems(err.problems) from None
    parser = _Parser(Ctx(display), path.parent)
    plan = parser.plan(tree, path, str(ref))
    if parser.ctx.problems:
        raise PlanProblems(parser.ctx.problems)
    return plan


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def all_params(wdef: WorkoutDef) -> dict[str, ParamDef]:
    """The workout's parameters and those of the files it includes (its own first)."""
    out = dict(wdef.params)
    stack = list(wdef.steps)
    while stack:
        item = stack.pop()
        if isinstance(item, IncludeDef):
            for name, pdef in all_params(item.workout).items():
                out.setdefault(name, pdef)
        elif isinstance(item, RepeatDef):
            stack.extend(item.steps)
    return out


def _is_pace_name(name: str) -> bool:
    return name in TRAINING_PACES or param_kind(name, None) == "race"


class _Parser:
    def __init__(self, ctx: Ctx, base: Path) -> None:
        self.ctx = ctx
        self.base = base
        self.workouts: dict[str, WorkoutDef | None] = {}

    # -- structure ----------------------------------------------------------------------------

    def plan(self, tree: YNode, path: Path, ref: str) -> Plan:
        plan = Plan(name=path.stem, description="", blocks=[], path=path, ref=ref)
        if not isinstance(tree, Map):
            self.ctx.error(tree, "a plan is a set of 'key: value' lines", "start with 'name:' and 'blocks:'")
            return plan
        self.ctx.unknown_keys(tree, schema.TOP_KEYS, "the plan")
        plan.name = self._text(tree.items.get("name"), "name") or plan.name
        plan.description = self._text(tree.items.get("description"), "description") or ""
        blocks = tree.items.get("blocks")
        if blocks is None:
            self.ctx.error(tree, "the plan has no 'blocks:'", "add 'blocks:' with '- weeks: 1-12' and 'days:'")
        elif not isinstance(blocks, Seq) or not blocks.items:
            self.ctx.error(blocks, "'blocks' is a list of blocks of weeks", "write '- weeks: 1-12' under blocks:")
        else:
            for node in blocks.items:
                block = self._block(node, plan.blocks[-1] if plan.blocks else None)
                if block is not None:
                    plan.blocks.append(block)
        return plan

    def _block(self, node: YNode, previous: Block | None) -> Block | None:
        if not isinstance(node, Map):
            self.ctx.error(node, "a block is a set of 'key: value' lines", "write 'weeks: 1-12' and 'days:'")
            return None
        self.ctx.unknown_keys(node, schema.BLOCK_KEYS, "a block")
        name = self._text(node.items.get("name"), "name") or ""
        about = self._text(node.items.get("about"), "about") or ""
        span = self._weeks(node)
        if span is None:
            return None
        first, last = span
        label = f"'{name}' " if name else ""
        expected = previous.last + 1 if previous else 1
        wnode = node.items["weeks"]
        if first < expected and previous is not None:
            self.ctx.error(wnode, f"weeks out of order: block {label}starts at week {first}, but weeks "
                                  f"{previous.first}-{previous.last} come before it",
                           f"start this block at week {expected}; list blocks in week order")
        elif first != expected:
            self.ctx.error(wnode, f"weeks {expected}-{first - 1} belong to no block",
                           f"start this block at week {expected}, or add a block for those weeks")
        block = Block(name=name, about=about, first=first, last=last, days={}, pos=self.ctx.pos(node))
        days = node.items.get("days")
        if days is None:
            self.ctx.error(node, f"block {label}has no 'days:'", "add 'days:' with e.g. 'mon: strength'")
        elif not (isinstance(days, Scalar) and days.value is None):  # 'days:' alone: a block of rest
            block.days = self._days(days, block)
        return block

    def _weeks(self, node: Map) -> tuple[int, int] | None:
        wnode = node.items.get("weeks")
        if wnode is None:
            self.ctx.error(node, "a block needs 'weeks:'", "write weeks: 1-12 (or one week: weeks: 13)")
            return None
        if isinstance(wnode, Scalar):
            value = wnode.value
            if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
                return value, value
            m = _RANGE.fullmatch(str(wnode.text))
            if m and 1 <= int(m.group(1)) <= int(m.group(2)):
                return int(m.group(1)), int(m.group(2))
            if m:
                self.ctx.error(wnode, f"weeks '{wnode.text}' run backwards", f"write {m.group(2)}-{m.group(1)}")
                return None
        self.ctx.error(wnode, "'weeks' should be a week number or a range", "write weeks: 1-12 or weeks: 13")
        return None

    def _days(self, node: YNode, block: Block) -> dict[int, list[PlanSession]]:
        out: dict[int, list[PlanSession]] = {}
        if not isinstance(node, Map):
            self.ctx.error(node, "'days' is a set of 'weekday: sessions' lines", "e.g. mon: strength")
            return out
        for key, value in node.items.items():
            day = schema.DAY_KEYS.get(key.strip().lower())
            if day is None:
                close = difflib.get_close_matches(key.strip().lower(), list(schema.DAY_KEYS), n=1, cutoff=0.5)
                self.ctx.error(node.keys[key], f"'{key}' is not a weekday",
                               f"did you mean '{close[0]}'?" if close else "write mon, tue, wed, thu, fri, sat or sun")
                continue
            if day in out:
                self.ctx.error(node.keys[key], f"{key} is given twice in this block", "keep one, with a list of sessions")
                continue
            items = value.items if isinstance(value, Seq) else [] if isinstance(value, Scalar) and value.value is None \
                else [value]
            out[day] = [s for s in (self._session(item, block) for item in items) if s is not None]
        return out

    # -- sessions -----------------------------------------------------------------------------

    def _session(self, node: YNode, block: Block) -> PlanSession | None:
        ref_node: YNode
        if isinstance(node, Scalar):
            ref_node, spec = node, Map({}, {}, node.line, node.col)
        elif isinstance(node, Map):
            self.ctx.unknown_keys(node, schema.SESSION_KEYS, "a session")
            if "workout" not in node.items:
                self.ctx.error(node, "a session needs 'workout:'", "e.g. workout: 200m-repeats")
                return None
            ref_node, spec = node.items["workout"], node
        else:
            self.ctx.error(node, "a session is a workout name or 'workout:' with 'set:'/'progress:'",
                           "e.g. tue: 200m-repeats")
            return None
        ref = self._text(ref_node, "workout")
        if not ref:
            return None
        wdef = self._workout(ref, ref_node)
        if wdef is None:
            return None
        params = all_params(wdef)
        sets = self._sets(spec.items.get("set"), params, wdef)
        rules = self._rules(spec.items.get("progress"), params, sets, block, wdef)
        for name in rules:
            sets.pop(name, None)  # the rule's start value came from set:
        note = self._text(spec.items.get("note"), "note") or ""
        return PlanSession(workout=ref, path=Path(wdef.path), title=wdef.name, sets={k: v for k, (v, _) in sets.items()},
                           rules=rules, note=note, pos=self.ctx.pos(ref_node))

    def _workout(self, ref: str, node: YNode) -> WorkoutDef | None:
        path = library.resolve_include(ref, self.base)
        if path is None:
            self.ctx.error(node, f"no workout '{ref}'", library.names_hint(self.base))
            return None
        key = str(path.resolve())
        if key not in self.workouts:
            try:
                self.workouts[key] = parse_file(path, _display(path))
            except WorkoutProblems as err:
                self.ctx.error(node, f"workout '{ref}' has problems: {err.problems[0].format()}",
                               f"run trackcue check {_display(path)}")
                self.workouts[key] = None
        return self.workouts[key]

    def _sets(self, node: YNode | None, params: dict[str, ParamDef], wdef: WorkoutDef) -> dict[str, tuple[str, Scalar]]:
        out: dict[str, tuple[str, Scalar]] = {}
        if node is None:
            return out
        if not isinstance(node, Map):
            self.ctx.error(node, "'set' is a set of 'parameter: value' lines", "e.g. set: {reps: 8}")
            return out
        for name, vnode in node.items.items():
            knode = node.keys[name]
            if name not in params and not _is_pace_name(name):
                self._unknown_param(knode, name, params, wdef)
                continue
            if not isinstance(vnode, Scalar) or vnode.value is None:
                self.ctx.error(vnode, f"'{name}' should be a single value", "e.g. reps: 8 or recovery: 1:30")
                continue
            pdef = params.get(name)
            kind = pdef.kind if pdef else ("pace" if name in TRAINING_PACES else "race")
            number = self._number(vnode, kind, name)
            if number is not None and pdef is not None:
                self._in_range(pdef, number, vnode, f"'{name}' is")
            out[name] = (vnode.text.strip(), vnode)
        return out

    def _unknown_param(self, node: YNode, name: str, params: dict[str, ParamDef], wdef: WorkoutDef) -> None:
        close = difflib.get_close_matches(name, sorted(params), n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else (
            f"{wdef.name} has: {', '.join(sorted(params))}" if params else f"{wdef.name} has no parameters")
        self.ctx.error(node, f"workout '{wdef.name}' has no parameter '{name}'", hint)

    # -- progressions -------------------------------------------------------------------------

    def _rules(self, node: YNode | None, params: dict[str, ParamDef], sets: dict[str, tuple[str, Scalar]],
               block: Block, wdef: WorkoutDef) -> dict[str, Rule]:
        out: dict[str, Rule] = {}
        if node is None:
            return out
        if not isinstance(node, Map):
            self.ctx.error(node, "'progress' is a set of 'parameter: {per: …}' lines",
                           "e.g. progress: {recovery: {per: session, by: -15s, to: 0:30}}")
            return out
        for name, rnode in node.items.items():
            knode = node.keys[name]
            pdef = params.get(name)
            if pdef is None:
                self._unknown_param(knode, name, params, wdef)
                continue
            if pdef.kind == "pace":
                self.ctx.error(knode, f"'{name}' is a pace; progressions move counts and times",
                               "progress a recovery, a duration or a number of reps")
                continue
            if not isinstance(rnode, Map):
                self.ctx.error(rnode, f"the progression of '{name}' should be 'per:' with 'from'/'to'/'by'",
                               "e.g. {per: session, by: -15s, to: 0:30}")
                continue
            rule = self._rule(rnode, name, pdef, sets.get(name), block)
            if rule is not None:
                out[name] = rule
        return out

    def _rule(self, node: Map, name: str, pdef: ParamDef, given: tuple[str, Scalar] | None, block: Block) -> Rule | None:
        self.ctx.unknown_keys(node, schema.RULE_KEYS, f"the progression of '{name}'")
        items = node.items
        per = items.get("per")
        if per is None or not isinstance(per, Scalar) or str(per.value).strip().lower() not in (PER_WEEK, PER_SESSION):
            self.ctx.error(per or node, f"the progression of '{name}' needs 'per: week' or 'per: session'",
                           "per: session moves after each session on target; per: week every week")
            return None
        per_text = str(per.value).strip().lower()
        if "from" in items and given is not None:
            self.ctx.error(items["from"], f"'{name}' is given in set: and in from:", "keep one of them")
            return None
        start_node: YNode | None = items.get("from") or (given[1] if given else None)
        start = self._number(start_node, pdef.kind, name) if isinstance(start_node, Scalar) else \
            check_param_value(pdef.kind, pdef.default.raw)
        to = self._number(items["to"], pdef.kind, name) if "to" in items else None
        by = self._step(items["by"], pdef.kind, name) if "by" in items else None
        tolerance = DEFAULT_TOLERANCE_S
        if "tolerance" in items:
            if per_text != PER_SESSION:
                self.ctx.error(node.keys["tolerance"], "'tolerance' only applies to per: session",
                               "remove it, or use per: session")
            tolerance = self._number(items["tolerance"], "time", "tolerance") or DEFAULT_TOLERANCE_S
        if start is None or ("to" in items and to is None) or ("by" in items and by is None):
            return None
        if by == 0:
            self.ctx.error(items["by"], "'by: 0' never moves", "give a step such as -15s or 1")
            return None
        if per_text == PER_SESSION and by is None:
            self.ctx.error(node, f"the progression of '{name}' per session needs 'by:'",
                           "e.g. by: -15s (the change after each session on target)")
            return None
        if per_text == PER_WEEK and by is None and to is None:
            self.ctx.error(node, f"the progression of '{name}' per week needs 'to:' or 'by:'",
                           "to: spreads the change over the block's weeks; by: steps each week")
            return None
        if by is not None and to is None and per_text == PER_SESSION:
            to = self._bound(pdef, pdef.min if by < 0 else pdef.max)
            if to is None:
                self.ctx.error(items["by"], f"'{name}' has no {'lowest' if by < 0 else 'highest'} value to stop at",
                               "add 'to:' with the value to stop at")
                return None
        if by is not None and to is not None and (to - start) * by < 0:
            where = "down" if by < 0 else "up"
            self.ctx.error(items["by"], f"'by' moves {name} {where}, away from to: {format_value(pdef.kind, to)}",
                           f"use by: {'+' if by < 0 else '-'}{format_step(pdef.kind, by)}")
            return None
        rule = Rule(param=name, per=per_text, kind=pdef.kind, start=start, by=by, to=to, tolerance_s=tolerance,
                    pos=self.ctx.pos(node))
        self._in_range(pdef, start, start_node or node, f"the progression of '{name}' starts at")
        if to is not None:
            self._in_range(pdef, to, items.get("to") or items.get("by") or node, f"the progression of '{name}' reaches")
        elif by is not None:  # per week without a limit: the value in the block's last week
            self._in_range(pdef, rule.at_step(block.weeks - 1), items["by"],
                           f"by week {block.last} the progression of '{name}' reaches")
        return rule

    # -- values -------------------------------------------------------------------------------

    def _number(self, node: YNode | None, kind: str, name: str) -> float | None:
        if not isinstance(node, Scalar) or node.value is None:
            self.ctx.error(node, f"'{name}' should be a single value", "e.g. 8, 1:30 or 45s")  # type: ignore[arg-type]
            return None
        raw = node.value if not node.quoted else node.text
        try:
            return check_param_value(kind, raw)
        except UnitError as err:
            self.ctx.error(node, f"'{name}': {err.message}", err.hint)
            return None

    def _step(self, node: YNode, kind: str, name: str) -> float | None:
        """A signed change: ``-15s``, ``+1``, ``-0:15``."""
        text = node.text.strip() if isinstance(node, Scalar) else ""
        sign = -1.0 if text.startswith("-") else 1.0
        body = text.lstrip("+-").strip()
        try:
            if kind == "count":
                if not body.isdigit():
                    raise UnitError(f"'{text}' is not a whole number", "write a step such as 1 or -1")
                return sign * int(body)
            return sign * parse_duration(body)
        except UnitError as err:
            self.ctx.error(node, f"'by' of '{name}': {err.message}", err.hint or "e.g. by: -15s")
            return None

    @staticmethod
    def _bound(pdef: ParamDef, value: Value | None) -> float | None:
        """``value`` (the parameter's ``min`` or ``max``) as a number of its kind; ``None``: no bound."""
        return None if value is None else check_param_value(pdef.kind, value.raw)

    def _in_range(self, pdef: ParamDef, number: float, node: YNode, what: str) -> None:
        low, high = self._bound(pdef, pdef.min), self._bound(pdef, pdef.max)
        if (low is not None and number < low - 1e-9) or (high is not None and number > high + 1e-9):
            lo = format_value(pdef.kind, low) if low is not None else "any"
            hi = format_value(pdef.kind, high) if high is not None else "any"
            self.ctx.error(node, f"{what} {format_value(pdef.kind, number)}, outside the allowed range {lo} to {hi}",
                           f"keep {pdef.name} from {lo} to {hi}")

    def _text(self, node: YNode | None, what: str) -> str | None:
        if node is None:
            return None
        if isinstance(node, Scalar) and node.value is not None and not isinstance(node.value, bool):
            return node.text.strip()
        self.ctx.error(node, f"'{what}' should be text", f"write {what}: followed by words on the same line")
        return None

