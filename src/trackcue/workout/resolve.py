"""Turn one step occurrence's text into numbers: duration, distance, target time and pace.

Names are looked up in the parameters in scope and the named paces; progressions
(``2:00 -> 0:30``) and per-rep lists pick this occurrence's value.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable

from trackcue.timeline import Split
from trackcue.units import UnitError
from trackcue.phrases import format_distance, format_duration, format_pace, half_up
from trackcue.workout.steptext import PaceExpr, TimeExpr, parse_end, split_progression

# Planning estimates for distance steps nobody gave a time for (seconds per metre).
DEFAULT_SPEED = {"jog": 0.39, "walk": 0.6, "run": 0.3, "warmup": 0.39, "cooldown": 0.39}

PaceLookup = Callable[[str], "tuple[float, str] | None"]


@dataclass(frozen=True)
class Resolved:
    """A step occurrence in numbers; ``what`` and ``spoken`` describe its end in words."""

    ends: str  # "time" or "lap"
    duration_s: float
    distance_m: float | None = None
    target_s: float | None = None
    pace: float | None = None  # seconds per metre
    pace_range: tuple[float, float] | None = None
    effort: str = ""
    sources: tuple[str, ...] = ()
    splits: tuple[Split, ...] = ()
    has_target: bool = False
    open: bool = False  # "until lap": no distance or target


def pick_text(value: Any, index: int, count: int) -> tuple[str, str | None]:
    """The text for occurrence ``index`` of ``count``: a list item, or the two ends of a progression."""
    if isinstance(value, list):
        if index >= len(value):
            raise UnitError(f"the list has {len(value)} values but this step is played {count} times",
                            f"give {count} values, or use a progression such as '{value[0]} -> {value[-1]}'")
        return value[index], None
    prog = split_progression(str(value))
    if prog:
        return prog
    return str(value), None


def resolve_end(text: str, kind: str, env: dict[str, Any], paces: PaceLookup, about_s: float | None,
                tolerance: float | None) -> Resolved:
    """Resolve one end text to numbers; raise ``UnitError`` on unknown names or impossible values."""
    end = parse_end(text)
    sources: list[str] = []
    pace = rng = None
    if end.pace is not None:
        pace, rng = _pace(end.pace, env, paces, sources)
        if rng is None and tolerance:
            rng = (pace - tolerance, pace + tolerance)
        if not 0.1 <= pace <= 2.0:  # 100 m in 10 s … 100 m in 3:20
            raise UnitError(f"the pace {format_pace(pace, 'km')} is impossible for a runner",
                            "check the pace and its offsets")
    if end.time is not None:
        dur = _time(end.time, env, sources)
        dist = dur / pace if pace else None
        return Resolved("time", dur, dist, None, pace, rng, end.effort, tuple(sources), has_target=pace is not None)
    target = _time(end.target, env, sources) if end.target is not None else None
    if end.distance is not None:
        if target is None and pace is not None:
            target = round(end.distance * pace, 1)
        if target is not None:
            target = round(target, 2)
            if not 0.1 <= target / end.distance <= 2.0:
                raise UnitError(f"{format_distance(end.distance)} in {format_duration(target)} is impossible for a runner",
                                "check the target time")
            pace = pace or target / end.distance
            return Resolved("lap", target, end.distance, target, pace, rng, end.effort, tuple(sources), has_target=True)
        est = about_s or end.distance * DEFAULT_SPEED.get(kind, 0.39)
        return Resolved("lap", round(est, 1), end.distance, None, None, None, end.effort, tuple(sources))
    return Resolved("lap", about_s or 60.0, None, None, pace, rng, end.effort, tuple(sources), open=True)


def interpolate(a: Resolved, b: Resolved, index: int, count: int) -> Resolved:
    """Occurrence ``index`` of ``count`` on the straight line from ``a`` to ``b``."""
    f = index / (count - 1) if count > 1 else 0.0

    def mix(x: float | None, y: float | None, digits: int) -> float | None:
        if x is None or y is None:
            return x
        return half_up(x + (y - x) * f, digits)  # 142.5 s is 2:23, never banker's 2:22

    def digits(x: float | None, y: float | None) -> int:
        whole = all(v is None or abs(v - round(v)) < 1e-9 for v in (x, y))
        return 0 if whole else 1

    target = mix(a.target_s, b.target_s, digits(a.target_s, b.target_s))
    dist = mix(a.distance_m, b.distance_m, 1)
    pace = mix(a.pace, b.pace, 6)
    dur = target if target is not None else mix(a.duration_s, b.duration_s, digits(a.duration_s, b.duration_s))
    if target and dist:
        pace = target / dist
    elif a.ends == "time" and pace:
        dist = (dur or a.duration_s) / pace
    sources = tuple(dict.fromkeys(a.sources + b.sources))
    return replace(a, duration_s=dur or a.duration_s, target_s=target, distance_m=dist, pace=pace, sources=sources)


def complete_right(left: str, right: str) -> str:
    """``('400m in 90s', '86s')`` → ``'400m in 86s'``: the right side of '->' may give only what changes."""
    try:
        end = parse_end(right)
        if end.distance is not None or " at " in f" {right} " or " in " in f" {right} ":
            return right
    except UnitError:
        pass
    for word in (" in ", " at "):
        if word in f" {left} ":
            return f" {left} ".partition(word)[0].strip() + word + right
    return right


def _time(expr: TimeExpr, env: dict[str, Any], sources: list[str]) -> float:
    total = 0.0
    for term in expr.terms:
        if term.name is not None:
            pv = env.get(term.name)
            if pv is None:
                raise UnitError(f"no parameter named '{term.name}'", _names_hint(env, ("time", "race")))
            if pv.kind not in ("time", "race"):
                raise UnitError(f"'{term.name}' is a {pv.kind}, not a time", "use a time parameter here")
            total += term.sign * pv.number
            sources.append(f"{term.name} = {pv.text} ({pv.source})")
        else:
            total += term.sign * (term.value or 0.0)
    if total <= 0:
        raise UnitError("the time comes out at zero or less", "check the offsets")
    return total


def _pace(expr: PaceExpr, env: dict[str, Any], paces: PaceLookup, sources: list[str]) -> tuple[float, tuple[float, float] | None]:
    low = high = 0.0
    is_range = False
    for term in expr.terms:
        if term.name is not None:
            value = _named_pace(term.name, env, paces, sources)
            low += term.sign * value
            high += term.sign * value
        else:
            lo, hi = term.value or 0.0, term.high
            if hi is not None:
                is_range = True
                lo, hi = (lo, hi) if term.sign > 0 else (-hi, -lo)
                low, high = low + lo, high + hi
            else:
                low += term.sign * lo
                high += term.sign * lo
    if low <= 0:
        raise UnitError("the pace comes out at zero or less", "check the offsets")
    if is_range:
        return (low + high) / 2, (low, high)
    return low, None


def _named_pace(name: str, env: dict[str, Any], paces: PaceLookup, sources: list[str]) -> float:
    pv = env.get(name)
    if pv is not None and pv.kind == "pace":
        sources.append(f"{name} = {pv.text} ({pv.source})")
        return pv.number
    found = paces(name)
    if found is None:
        raise UnitError(f"no pace named '{name}'",
                        "use a pace such as 6:00/mi, a race name (400m, 800m, 1500m, mile, 5k, 10k, half, marathon), "
                        "E, M, T, I or R, or a pace parameter")
    sec_per_m, source = found
    sources.append(source)
    return sec_per_m


def _names_hint(env: dict[str, Any], kinds: tuple[str, ...]) -> str:
    names = [n for n, pv in env.items() if pv.kind in kinds]
    return "time parameters here: " + ", ".join(names) if names else "declare it under params:, e.g. recovery: 2:00"
