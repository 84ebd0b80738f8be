"""Unroll repeats and includes into the flat list of step occurrences, in playing order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from trackcue.errors import Problem
from trackcue.phrases import last_words
from trackcue.timeline import KIND_INTENSITY
from trackcue.workout.model import IncludeDef, Item, RepeatDef, StepDef, WorkoutDef

MAX_STEPS = 100_000
Blocks = tuple[tuple[str, int, int], ...]  # every enclosing repeat, outermost first: (id, rep, count)


@dataclass
class Occurrence:
    """One step as played: its definition, enclosing repeats and the parameters in scope."""

    step: StepDef
    blocks: Blocks
    env: dict[str, Any]  # parameter values in scope (names → ParamValue)
    last_words: str | None = None  # "Last rep." / "Last set." / "Last one.": said before this step
    index: int = 0  # which occurrence of ``step`` this is (for progressions)
    count: int = 1  # how many occurrences ``step`` has


@dataclass(frozen=True)
class LastWords:
    """What to say before the final rep and the final set (``None``: nothing)."""

    rep: str | None
    set: str | None


@dataclass
class _Finals:
    """The steps starting a final rep / final set inside one top-level repeat, in playing order."""

    reps: list[tuple[int, str | None]] = field(default_factory=list)  # (occurrence index, words)
    sets: list[tuple[int, str | None]] = field(default_factory=list)


@dataclass
class _State:
    problems: list[Problem]
    out: list[Occurrence] = field(default_factory=list)
    next_block: int = 1
    too_many: bool = False
    names: set[str] = field(default_factory=set)


def expand(wdef: WorkoutDef, env: dict[str, Any], include_env: Any, problems: list[Problem],
           last: LastWords) -> list[Occurrence]:
    """Every step occurrence; ``include_env(include, env)`` gives an included file's parameters.

    Marks the step that starts the final rep and the one that starts the final set of each
    top-level repeat with ``last`` (see ``_mark_finals``), whatever the nesting depth.
    """
    state = _State(problems)
    _items(wdef.steps, (), env, include_env, state, last, None)
    counts: dict[int, int] = {}
    for occ in state.out:
        occ.index = counts.get(id(occ.step), 0)
        counts[id(occ.step)] = occ.index + 1
    for occ in state.out:
        occ.count = counts[id(occ.step)]
    return state.out


def _items(items: list[Item], blocks: Blocks, env: dict[str, Any], include_env: Any, state: _State,
           last: LastWords, finals: _Finals | None) -> None:
    """``finals`` is ``None`` outside repeats, and outside the final round of every enclosing repeat."""
    for item in items:
        if state.too_many:
            return
        if isinstance(item, StepDef):
            if len(state.out) >= MAX_STEPS:
                state.problems.append(Problem(f"the workout unrolls to more than {MAX_STEPS} steps", item.pos.file,
                                              item.pos.line, item.pos.col, "use fewer repeats"))
                state.too_many = True
                return
            state.out.append(Occurrence(item, blocks, env))
        elif isinstance(item, RepeatDef):
            if blocks:
                _repeat(item, blocks, env, include_env, state, last, finals)
            else:  # a top-level repeat: its own final rep and final set
                top = _Finals()
                _repeat(item, blocks, env, include_env, state, last, top)
                _mark_finals(state.out, top)
        elif isinstance(item, IncludeDef):
            sub_env = include_env(item, env)
            if sub_env is not None:
                _items(item.workout.steps, blocks, sub_env, include_env, state, last, finals)


def _repeat(rep: RepeatDef, blocks: Blocks, env: dict[str, Any], include_env: Any, state: _State,
            last: LastWords, finals: _Finals | None) -> None:
    count = _count(rep, env, state)
    if count is None:
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
        final = finals if r == count else None
        _items(steps, blocks + ((block_id, r, count),), env, include_env, state, last, final)
        if final is not None and start < len(state.out):
            # The only round of a repeat is no "last" of anything, except a set's single rep.
            if level == "rep" and (count > 1 or blocks):
                final.reps.append((start, words))
            elif level == "set" and count > 1:
                final.sets.append((start, words))
        if state.too_many:
            return


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


def _count(rep: RepeatDef, env: dict[str, Any], state: _State) -> int | None:
    raw = rep.count.raw
    pos = rep.count.pos
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and raw in env:
        pv = env[raw]
        if pv.kind != "count":
            state.problems.append(Problem(f"repeat: '{raw}' is a {pv.kind}, not a count", pos.file, pos.line, pos.col,
                                          "repeat takes a number or a count parameter such as reps"))
            return None
        value = int(pv.number)
    elif raw is None:
        return None
    else:
        state.problems.append(Problem(f"repeat: no parameter named '{raw}'", pos.file, pos.line, pos.col,
                                      "declare it under params:, e.g. reps: {default: 8, min: 6, max: 10}"))
        return None
    if value < 1:
        return None
    if value > 10_000:
        state.problems.append(Problem(f"repeat {value} times is too many", pos.file, pos.line, pos.col, "at most 10000"))
        return None
    return value


def _without_trailing_recovery(steps: list[Item]) -> list[Item]:
    out = list(steps)
    while out and isinstance(out[-1], StepDef) and _is_recovery(out[-1]):
        out.pop()
    return out


def _is_recovery(step: StepDef) -> bool:
    intensity = step.intensity or KIND_INTENSITY[step.kind]
    return intensity in ("recovery", "rest")
