"""Turn one step occurrence's text into numbers: duration, distance, target time and pace.

Names are looked up in the parameters in scope and the named paces; progressions
(``2:00 -> 0:30``) and per-rep lists pick this occurrence's value.
"""


from typing import Any, Callable, NamedTuple

from trackcue.paces.names import RACE_METRES, no_value_hint, normalize_pace_name
from trackcue.timeline import Ends, Split
from trackcue.phrases import format_clock, format_distance, format_duration, format_pace, half_up
from trackcue.units import UnitError
from trackcue.workout.model import Track
from trackcue.workout.steptext import PaceExpr, TimeExpr, parse_end, split_progression

# Planning estimates for distance steps nobody gave a time for (seconds per metre).
DEFAULT_SPEED = {"jog": 0.39, "walk": 0.6, "run": 0.3, "warmup": 0.39, "cooldown": 0.39}

PaceLookup = Callable[[str], tuple[float, str] | None]


class Resolved(NamedTuple):
    """A step occurrence in numbers.

    ``distance_m`` is the distance run (in an outer lane, longer than written); ``written_m`` the
    distance as the coach wrote it, for labels and speech.
    """

    ends: Ends
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
    written_m: float | None = None


def pick_text(value: Any, index: int, count: int, set_index: int = 0, set_count: int = 1,
              per_set: bool = False) -> tuple[str, str | None, int, int]:
    """The text for this play of a step: a list item, or the two ends of a progression.

    Returns (text, right end of '->' or None, index, count) with the index and count the progression
    runs over: every play of the step, or — with ``per_set`` or a list as long as one set — the plays
    within one set. A value that changes needs a step played more than once.
    """
    if isinstance(value, list):
        if len(value) == count:
            return value[index], None, index, count
        if len(value) == set_count and set_count < count:
            return value[set_index], None, set_index, set_count
        if count == 1:
            raise UnitError(f"a list of {len(value)} values, but this step is played once",
                            "put it inside a repeat, or give a single value")
        sets = f" ({set_count} in each set)" if set_count < count else ""
        raise UnitError(f"the list has {len(value)} values but this step is played {count} times{sets}",
                        f"give {count} values{' or ' + str(set_count) if sets else ''}, or use a progression "
                        f"such as '{value[0]} -> {value[-1]}'")
    prog = split_progression(str(value))
    if prog:
        if count == 1:
            raise UnitError(f"'{value}' changes from rep to rep, but this step is played once",
                            "put it inside a repeat, or give a single value")
        if per_set:
            return prog[0], prog[1], set_index, set_count
        return prog[0], prog[1], index, count
    return str(value), None, index, count


def resolve_end(text: str, kind: str, env: dict[str, Any], paces: PaceLookup, about_s: float | None,
                tolerance: float | None, previous_s: float | None = None, track: Track | None = None) -> Resolved:
    """Resolve one end text to numbers; raise ``UnitError`` on unknown names or impossible values.

    ``previous_s``: how long the step before lasts (its target or time), for ``same``. ``track``:
    laps are its laps, and every distance is run in its lane.
    """
    end = parse_end(text)
    if end.same:
        if previous_s is None:
            raise UnitError("'same' needs a step before it with a time or a target",
                            "write the time, e.g. jog: 1:30, or put 'same' after a rep such as 400m in 80s")
        return Resolved("time", previous_s)
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
        written = end.distance
        if track is not None and end.laps:
            written = end.distance / 400.0 * track.length_m  # 'laps' are laps of this track
        real = round(written * track.factor, 2) if track is not None else written
        shown = written if real != written else None
        if target is None and pace is not None:
            target = round(real * pace, 1)
        if target is not None:
            target = round(target, 2)
            if not 0.1 <= target / real <= 2.0:
                raise UnitError(f"{format_distance(written)} in {format_duration(target)} is impossible for a runner",
                                f"check the target time; for a pace write {format_clock(target)}/km or "
                                f"{format_clock(target)}/mi")
            pace = pace or target / real
            return Resolved("lap", target, real, target, pace, rng, end.effort, tuple(sources), has_target=True,
                            written_m=shown)
        est = about_s or real * DEFAULT_SPEED.get(kind, 0.39)
        return Resolved("lap", round(est, 1), real, None, None, None, end.effort, tuple(sources), written_m=shown)
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
    return a._replace(duration_s=dur or a.duration_s, target_s=target, distance_m=dist, pace=pace, sources=sources,
                      written_m=mix(a.written_m, b.written_m, 1))


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
        return float(pv.number)
    race = normalize_pace_name(name)
    if pv is not None and pv.kind == "race" and race in RACE_METRES:  # a race time in scope, as a pace
        sources.append(f"{name} = {pv.text} ({pv.source})")
        return float(pv.number) / RACE_METRES[race]
    found = paces(name)
    if found is None and race is not None:  # a name trackcue knows, with no value from anywhere
        raise UnitError(f"pace '{race}' has no value yet", no_value_hint(race))
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
