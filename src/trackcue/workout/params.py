"""Parameter values for one compile: defaults, the profile and ``--set``, checked against ranges."""


from typing import Any, NamedTuple

from trackcue.errors import Problem
from trackcue.units import UnitError
from trackcue.phrases import format_clock, format_pace
from trackcue.workout.model import ParamDef
from trackcue.workout.parse import check_param_value, did_you_mean


class ParamValue(NamedTuple):
    """A resolved parameter: the number (count, seconds, or seconds per metre) and where it came from.

    ``low`` is the declared minimum, if any (a count with ``min: 0`` may switch its block off).
    """

    name: str
    kind: str
    number: float
    text: str
    source: str  # "default", "--set", "profile", "include"
    low: float | None = None


def parse_overrides(pairs: list[str] | None) -> tuple[dict[str, str], list[Problem]]:
    """``['reps=10', 'mile=5:45']`` → ``{'reps': '10', 'mile': '5:45'}``, with a problem per bad pair."""
    out: dict[str, str] = {}
    problems: list[Problem] = []
    for pair in pairs or []:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip() or not value.strip():
            problems.append(Problem(f"--set {pair!r} is not name=value", hint="e.g. --set reps=10 --set mile=5:45"))
            continue
        out[name.strip()] = value.strip()
    return out, problems


def resolve(defs: dict[str, ParamDef], given: dict[str, tuple[Any, str, Any]]) -> tuple[dict[str, ParamValue], list[Problem]]:
    """Resolve every parameter; ``given`` maps a name to (raw value, source, position or None)."""
    values: dict[str, ParamValue] = {}
    problems: list[Problem] = []
    for name, pdef in defs.items():
        raw, source, pos = given.get(name, (pdef.default.raw, "default", pdef.default.pos))
        try:
            number = check_param_value(pdef.kind, raw)
            low = _check_range(pdef, number)
        except UnitError as err:
            where = f"--set {name}={raw}: " if source == "--set" else f"parameter '{name}': "
            if pos is not None and source != "--set":
                problems.append(Problem(where + err.message, pos.file, pos.line, pos.col, err.hint))
            else:
                problems.append(Problem(where + err.message, hint=err.hint))
            continue
        values[name] = ParamValue(name, pdef.kind, number, _text(pdef.kind, number), source, low)
    return values, problems


def canonical_overrides(overrides: dict[str, str], params: set[str]) -> dict[str, str]:
    """``--set`` names as the workout knows them: a declared parameter, matched exactly, then without
    regard to case or spelling of a pace name (``5K`` → ``5k``, ``Mile`` → ``mile``), else a named pace's
    canonical name; unknown names stay as written (``unknown_overrides`` reports them).
    """
    from trackcue.paces import normalize_pace_name

    by_fold = {name.lower(): name for name in params}
    by_pace = {key: name for name in params if (key := normalize_pace_name(name)) is not None}
    out: dict[str, str] = {}
    for name, value in overrides.items():
        pace = normalize_pace_name(name)
        if name in params:
            key = name
        elif pace is not None and pace in by_pace:
            key = by_pace[pace]
        elif name.lower() in by_fold:
            key = by_fold[name.lower()]
        else:
            key = pace or name
        out[key] = value
    return out


def unknown_overrides(overrides: dict[str, str], known: set[str]) -> list[Problem]:
    """A problem for each ``--set`` name that no parameter or named pace has."""
    problems = []
    for name in overrides:
        if name not in known:
            close = did_you_mean(name, sorted(known), 0.5)
            hint = f"did you mean '{close[0]}'?" if close else (
                "this workout's parameters: " + ", ".join(sorted(known)) if known else "this workout has no parameters")
            problems.append(Problem(f"--set {name}: unknown parameter", hint=hint))
    return problems


def _check_range(pdef: ParamDef, number: float) -> float | None:
    """Raise ``UnitError`` when ``number`` is outside the parameter's range; return its minimum."""
    low = check_param_value(pdef.kind, pdef.min.raw) if pdef.min else None
    high = check_param_value(pdef.kind, pdef.max.raw) if pdef.max else None
    if (low is not None and number < low - 1e-9) or (high is not None and number > high + 1e-9):
        lo = _text(pdef.kind, low) if low is not None else "any"
        hi = _text(pdef.kind, high) if high is not None else "any"
        raise UnitError(f"{_text(pdef.kind, number)} is outside the allowed range {lo} to {hi}",
                        f"use a value from {lo} to {hi}")
    return low


def _text(kind: str, number: float) -> str:
    if kind == "count":
        return str(int(number))
    if kind == "pace":
        return format_pace(number, "mi")
    return format_clock(number, tenths=abs(number - round(number)) > 1e-9)

