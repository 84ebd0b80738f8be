"""Unroll repeats and includes into the flat list of step occurrences, in playing order.

Sizes are checked before anything is unrolled: a block that would pass ``MAX_STEPS`` is refused
at once, at the line of the user's own file that asks for it (not inside an included library
file), so a huge workout costs as little to refuse as a small one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterator, NamedTuple

from trackcue.errors import Problem
from trackcue.phrases import last_words
from trackcue.timeline import KIND_INTENSITY
from trackcue.workout.model import IncludeDef, Item, Pos, RepeatDef, StepDef, Value, WorkoutDef

if TYPE_CHECKING:  # (at run time these would compile their string parts: start-up is measured)
    from typing import TypeAlias

    # For 'repeat: {until: …}': given the occurrences of one rep, how long the rep takes, how far it
    # goes and how long its trailing recovery is.
    Measure: TypeAlias = Callable[[list["Occurrence"]], tuple[float, float, float] | None]
    IncludeEnv: TypeAlias = Callable[[IncludeDef, dict[str, Any]], dict[str, Any] | None]
    Blocks: TypeAlias = tuple[tuple[str, int, int], ...]  # every enclosing repeat, outermost first: (id, rep, count)

MAX_STEPS = 20_000
MAX_REPEAT = 10_000


class Occurrence:
    """One step as played: its definition, enclosing repeats and the parameters in scope.

    ``index``/``count``: which play of ``step`` this is, of how many; ``set_index``/``set_count`` the
    same within one set (one rep of the enclosing outer repeat). ``origin``: where in the user's own
    file this play comes from (the step, or the repeat or include around it). ``sendoff``: for the
    rest that fills a send-off cycle, (index of the cycle's first occurrence, cycle seconds);
    ``cycle_s``: on the first step of each rep of a send-off block, the cycle; ``in_cycle``: on every
    step of such a rep (its distance reps end by the clock at their target, so the cycle holds).
    """

    __slots__ = ("step", "blocks", "env", "last_words", "index", "count", "set_index", "set_count", "origin",
                 "sendoff", "cycle_s", "in_cycle")

    def __init__(self, step: StepDef, blocks: Blocks, env: dict[str, Any], origin: Pos,
                 sendoff: tuple[int, float] | None = None) -> None:
        self.step = step
        self.blocks = blocks
        self.env = env  # parameter values in scope (names → ParamValue)
        self.last_words: str | None = None  # "Last rep." / "Last set." / "Last one.": said before this step
        self.index = 0
        self.count = 1
        self.set_index = 0
        self.set_count = 1
        self.origin = origin
        self.sendoff = sendoff
        self.cycle_s: float | None = None
        self.in_cycle = False


# What to say before the final rep and the final set (``None``: nothing). In NamedTuple's call
# form, as workout/model.py's: the field types are objects, not strings to compile at import.
LastWords = NamedTuple("LastWords", [("rep", str | None), ("set", str | None)])


class _Finals:
    """The steps starting a final rep / final set inside one top-level repeat, in playing order."""

    __slots__ = ("reps", "sets")

    def __init__(self) -> None:
        self.reps: list[tuple[int, str | None]] = []  # (occurrence index, words)
        self.sets: list[tuple[int, str | None]] = []


class _State:
    __slots__ = ("problems", "out", "next_block", "too_many", "names", "measure", "fillers")

    def __init__(self, problems: list[Problem], measure: Measure | None) -> None:
        self.problems = problems
        self.out: list[Occurrence] = []
        self.next_block = 1
        self.too_many = False
        self.names: set[str] = set()
        self.measure = measure
        self.fillers: dict[int, StepDef] = {}  # the generated rest of each send-off block

    def refuse(self, where: Pos, message: str, hint: str) -> None:
        self.problems.append(Problem(message, where.file, where.line, where.col, hint))
        self.too_many = True


def expand(wdef: WorkoutDef, env: dict[str, Any], include_env: IncludeEnv, problems: list[Problem],
           last: LastWords, measure: Measure | None = None) -> list[Occurrence]:
    """Every step occurrence; ``include_env(include, env)`` gives an included file's parameters.

    Marks the step that starts the final rep and the one that starts the final set of each
    top-level repeat with ``last`` (see ``_mark_finals``), whatever the nesting depth.
    ``measure`` times one rep for ``repeat: {until: …}``.
    """
    state = _State(problems, measure)
    _items(wdef.steps, (), env, include_env, state, last, None, None, True)
    if state.too_many:
        return []
    _number(state.out)
    return state.out


def _number(out: list[Occurrence]) -> None:
    """Number every play of each step, overall and within its set (one rep of the outer repeat)."""
    counts: dict[int, int] = {}
    set_counts: dict[Any, int] = {}
    keys: list[Any] = []
    for occ in out:
        step = id(occ.step)
        occ.index = counts.get(step, 0)
        counts[step] = occ.index + 1
        # Outside sets a step's plays are all in one "set": its id is key enough.
        key = step if len(occ.blocks) < 2 else (step, *[(b, r) for b, r, _n in occ.blocks[:-1]])
        keys.append(key)
        occ.set_index = set_counts.get(key, 0)
        set_counts[key] = occ.set_index + 1
    for occ, key in zip(out, keys):
        occ.count = counts[id(occ.step)]
        occ.set_count = set_counts[key]


def _items(items: list[Item], blocks: Blocks, env: dict[str, Any], include_env: IncludeEnv, state: _State,
           last: LastWords, finals: _Finals | None, origin: Pos | None, in_root: bool) -> None:
    """Unroll ``items``.

    ``finals`` is ``None`` outside repeats, and outside the final round of every enclosing repeat.
    ``origin``: the innermost repeat or include of the user's own file around the items;
    ``in_root``: whether they are written in that file (not in an included one).
    """
    for item in items:
        if state.too_many:
            return
        where = item.pos if in_root and (origin is None or isinstance(item, (RepeatDef, IncludeDef))) else origin
        assert where is not None
        if isinstance(item, StepDef):
            if len(state.out) >= MAX_STEPS:
                state.refuse(where, f"the workout unrolls to more than {MAX_STEPS} steps", "use fewer repeats")
                return
            state.out.append(Occurrence(item, blocks, env, where))
        elif isinstance(item, RepeatDef):
            if blocks:
                _repeat(item, blocks, env, include_env, state, last, finals, where, in_root)
            else:  # a top-level repeat: its own final rep and final set
                top = _Finals()
                _repeat(item, blocks, env, include_env, state, last, top, where, in_root)
                if not state.too_many:
                    _mark_finals(state.out, top)
        else:
            sub_env = include_env(item, env)
            if sub_env is not None:
                _items(item.workout.steps, blocks, sub_env, include_env, state, last, finals, where, False)


def _repeat(rep: RepeatDef, blocks: Blocks, env: dict[str, Any], include_env: IncludeEnv, state: _State,
            last: LastWords, finals: _Finals | None, where: Pos, in_root: bool) -> None:
    count = _count(rep, blocks, env, include_env, state, where)
    if count is None:
        return
    size = count * (_size(rep.steps, env, include_env, state) + (1 if rep.every else 0))
    if len(state.out) + size > MAX_STEPS:
        state.refuse(where, f"the workout unrolls to more than {MAX_STEPS} steps ({count} × this block)",
                     "use fewer repeats")
        return
    # A named block keeps its name as its id (exports show it); otherwise, and for a repeated name, b1, b2…
    block_id = rep.name if rep.name and rep.name not in state.names else f"b{state.next_block}"
    state.names.add(block_id)
    state.next_block += 1
    level = _level(rep)
    words = last.rep if level == "rep" else last.set if level == "set" else None
    if rep.last_rep is not None:
        words = None if rep.last_rep.raw is False else str(rep.last_rep.raw)
    for r in range(1, count + 1):
        steps = rep.steps
        if rep.skip_last_recovery and r == count and count > 1:
            steps = _without_trailing_recovery(steps)
        start = len(state.out)
        inner = blocks + ((block_id, r, count),)
        final = finals if r == count else None
        _items(steps, inner, env, include_env, state, last, final, where, in_root)
        if state.too_many:
            return
        if rep.every is not None and start < len(state.out):
            state.out[start].cycle_s = float(rep.every.raw)
            for occ in state.out[start:]:
                occ.in_cycle = True
            if r < count:
                filler = _filler(rep, state)
                state.out.append(Occurrence(filler, inner, env, where, (start, float(rep.every.raw))))
        if final is not None and start < len(state.out):
            # The only round of a repeat is no "last" of anything, except a set's single rep.
            if level == "rep" and (count > 1 or blocks):
                final.reps.append((start, words))
            elif level == "set" and count > 1:
                final.sets.append((start, words))


def _mark_finals(out: list[Occurrence], finals: _Finals) -> None:
    """Say the final rep's words before the last final rep in playing order, and the final set's
    before the last final set: once each per top-level repeat, however deep the nesting."""
    rep = finals.reps[-1] if finals.reps else None
    set_ = finals.sets[-1] if finals.sets else None
    if rep is not None and set_ is not None and rep[0] == set_[0]:
        out[rep[0]].last_words = last_words(rep[1], set_[1])
        return
    for found in (rep, set_):
        if found is not None and found[1]:
            out[found[0]].last_words = found[1]


def _level(rep: RepeatDef) -> str:
    """``rep``: its body holds no repeat; ``set``: it holds a rep-level repeat; else ``outer``."""
    inner = list(_repeats_in(rep.steps))
    if not inner:
        return "rep"
    return "set" if any(not any(True for _ in _repeats_in(r.steps)) for r in inner) else "outer"


def _repeats_in(items: list[Item]) -> Iterator[RepeatDef]:
    """The repeats directly in ``items`` (looking through includes)."""
    for item in items:
        if isinstance(item, RepeatDef):
            yield item
        elif isinstance(item, IncludeDef):
            yield from _repeats_in(item.workout.steps)


def _filler(rep: RepeatDef, state: _State) -> StepDef:
    """The rest that fills a send-off cycle: one step definition per block, played after each rep."""
    step = state.fillers.get(id(rep))
    if step is None:
        assert rep.every is not None
        step = StepDef("rest", Value("", rep.every.pos), rep.every.pos)
        state.fillers[id(rep)] = step
    return step


def _size(items: list[Item], env: dict[str, Any], include_env: IncludeEnv, state: _State) -> int:
    """How many occurrences ``items`` unroll to (0 where a count is wrong: reported when unrolled)."""
    total = 0
    for item in items:
        if isinstance(item, StepDef):
            total += 1
        elif isinstance(item, RepeatDef):
            raw = item.count.raw
            n = raw if isinstance(raw, int) else int(env[raw].number) if isinstance(raw, str) and raw in env else 1
            total += max(n, 1) * (_size(item.steps, env, include_env, state) + (1 if item.every else 0))
        else:
            total += _size(item.workout.steps, env, include_env, state)
        if total > MAX_STEPS:
            return total
    return total


def _count(rep: RepeatDef, blocks: Blocks, env: dict[str, Any], include_env: IncludeEnv, state: _State,
           where: Pos) -> int | None:
    raw = rep.count.raw
    pos = rep.count.pos
    if rep.until is not None:
        return _until_count(rep, blocks, env, include_env, state)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and raw in env:
        pv = env[raw]
        if pv.kind != "count":
            state.problems.append(Problem(f"repeat: '{raw}' is a {pv.kind}, not a count", pos.file, pos.line, pos.col,
                                          "repeat takes a number or a count parameter such as reps"))
            return None
        value = int(pv.number)
        if value < 1:
            if pv.low is not None and pv.low < 1:  # the coach made the block optional ('min: 0')
                return None
            state.problems.append(Problem(f"repeat: {raw} is {value} ({pv.source}), so this block would vanish",
                                          pos.file, pos.line, pos.col,
                                          f"give {raw} at least 1, or declare '{raw}: {{default: …, min: 0}}' "
                                          "to make the block optional"))
            return None
    elif raw is None:
        return None
    else:
        state.problems.append(Problem(f"repeat: no parameter named '{raw}'", pos.file, pos.line, pos.col,
                                      "declare it under params:, e.g. reps: {default: 8, min: 6, max: 10}"))
        return None
    if value < 1:
        return None
    if value > MAX_REPEAT:
        state.refuse(where, f"repeat {value} times is too many", f"at most {MAX_REPEAT}")
        return None
    return value


def _until_count(rep: RepeatDef, blocks: Blocks, env: dict[str, Any], include_env: IncludeEnv,
                 state: _State) -> int | None:
    """How many reps fit ``until: 30min`` (whole reps within the time) or reach ``until: 5km``."""
    assert rep.until is not None
    what, limit = rep.until.raw
    pos = rep.until.pos
    if rep.every is not None and what == "time":
        return max(1, min(MAX_REPEAT, int(limit // float(rep.every.raw) + 1e-9)))
    probe = _State([], None)
    _items(rep.steps, blocks + (("until", 1, 1),), env, include_env, probe, LastWords(None, None), None, rep.pos, False)
    if probe.problems or not probe.out or state.measure is None:
        return 1  # the steps' own problems are reported when they are unrolled for real
    measured = state.measure(probe.out)
    if measured is None:
        return None
    seconds, metres, recovery = measured
    if rep.every is not None:
        seconds = float(rep.every.raw)
    if what == "distance":
        if metres <= 0:
            state.problems.append(Problem("repeat until a distance needs steps with a distance", pos.file, pos.line,
                                          pos.col, "give the steps a distance (400m), or repeat until a time"))
            return None
        n = int(-(-limit // metres))  # enough reps to reach the distance
    else:
        spare = recovery if rep.skip_last_recovery else 0.0
        n = int((limit + spare) // seconds) if seconds > 0 else 1
    return max(1, min(MAX_REPEAT, n))


def _without_trailing_recovery(steps: list[Item]) -> list[Item]:
    out = list(steps)
    while out and isinstance(out[-1], StepDef) and is_recovery(out[-1]):
        out.pop()
    return out


def is_recovery(step: StepDef) -> bool:
    """Whether a step is a recovery or a rest (by its kind, or the intensity it was given)."""
    intensity = step.intensity or KIND_INTENSITY[step.kind]
    return intensity in ("recovery", "rest")
