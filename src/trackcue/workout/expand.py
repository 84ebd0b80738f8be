"""Unroll repeats and includes into the flat list of step occurrences, in playing order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trackcue.errors import Problem
from trackcue.timeline import KIND_INTENSITY
from trackcue.workout.model import IncludeDef, Item, RepeatDef, StepDef, WorkoutDef

MAX_STEPS = 100_000


@dataclass
class Occurrence:
    """One step as played: its definition, enclosing repeats and the parameters in scope."""

    step: StepDef
    blocks: tuple[tuple[str, int, int], ...]
    env: dict[str, Any]  # parameter values in scope (names → ParamValue)
    last_rep_text: str | None = None  # set on the first step of a block's final rep
    index: int = 0  # which occurrence of ``step`` this is (for progressions)
    count: int = 1  # how many occurrences ``step`` has


@dataclass
class _State:
    problems: list[Problem]
    out: list[Occurrence] = field(default_factory=list)
    next_block: int = 1
    too_many: bool = False
    names: set[str] = field(default_factory=set)


def expand(wdef: WorkoutDef, env: dict[str, Any], include_env: Any, problems: list[Problem],
           default_last_rep: str | None) -> list[Occurrence]:
    """Every step occurrence; ``include_env(include, env)`` gives an included file's parameters."""
    state = _State(problems)
    _items(wdef.steps, (), env, include_env, state, default_last_rep)
    counts: dict[int, int] = {}
    for occ in state.out:
        occ.index = counts.get(id(occ.step), 0)
        counts[id(occ.step)] = occ.index + 1
    for occ in state.out:
        occ.count = counts[id(occ.step)]
    return state.out


def _items(items: list[Item], blocks: tuple, env: dict[str, Any], include_env: Any, state: _State,
           last_rep: str | None, final_rep: bool = False) -> None:
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
            _repeat(item, blocks, env, include_env, state, last_rep)
        elif isinstance(item, IncludeDef):
            sub_env = include_env(item, env)
            if sub_env is not None:
                _items(item.workout.steps, blocks, sub_env, include_env, state, last_rep)


def _repeat(rep: RepeatDef, blocks: tuple, env: dict[str, Any], include_env: Any, state: _State,
            default_last_rep: str | None) -> None:
    count = _count(rep, env, state)
    if count is None:
        return
    # A named block keeps its name as its id (exports show it); otherwise, and for a repeated name, b1, b2…
    block_id = rep.name if rep.name and rep.name not in state.names else f"b{state.next_block}"
    state.names.add(block_id)
    state.next_block += 1
    say_last = default_last_rep
    if rep.last_rep is not None:
        say_last = None if rep.last_rep.raw is False else str(rep.last_rep.raw)
    for r in range(1, count + 1):
        steps = rep.steps
        if rep.skip_last_recovery and r == count and count > 1:
            steps = _without_trailing_recovery(steps)
        start = len(state.out)
        _items(steps, blocks + ((block_id, r, count),), env, include_env, state, default_last_rep)
        if r == count and count > 1 and say_last and start < len(state.out):
            state.out[start].last_rep_text = say_last
        if state.too_many:
            return


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
