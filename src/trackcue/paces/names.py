"""The named paces a workout refers to ("mile", "5k", "400m", "E"…T…R) and how a runner writes them."""


import math
import re
from typing import NamedTuple

from trackcue.units import RACE_DISTANCES, UnitError, parse_duration, parse_pace
from trackcue.phrases import format_clock, format_duration, format_pace
from trackcue.paces.vdot import TRAINING_NAMES

# Canonical race names, shortest first; their metres come from trackcue.units.
RACE_NAMES = (
    "200m", "400m", "800m", "1000m", "1500m", "mile", "2000m", "3k", "2mi",
    "5k", "10k", "15k", "10mi", "half", "marathon",
)
PACE_NAMES: tuple[str, ...] = RACE_NAMES + TRAINING_NAMES
RACE_METRES = {name: RACE_DISTANCES[name] for name in RACE_NAMES}

_ALIASES = {
    "1mi": "mile", "1mile": "mile", "amile": "mile",
    "1k": "1000m", "1km": "1000m", "2k": "2000m", "2km": "2000m",
    "3000m": "3k", "3km": "3k", "2mile": "2mi", "2miles": "2mi",
    "5000m": "5k", "5km": "5k", "10000m": "10k", "10km": "10k", "15000m": "15k", "15km": "15k",
    "10mile": "10mi", "10miles": "10mi",
    "halfmarathon": "half", "hm": "half", "21.1k": "half", "21.1km": "half",
    "fullmarathon": "marathon", "42.2k": "marathon", "42.2km": "marathon",
    "easy": "E", "mp": "M", "threshold": "T", "tempo": "T",
    "interval": "I", "rep": "R", "repetition": "R",
}
_EXAMPLES = {"200m": "38s", "400m": "80s", "800m": "2:50", "1000m": "3:30", "1500m": "5:20", "mile": "5:45",
             "3k": "10:40", "5k": "19:57",
             "10k": "41:21", "15k": "1:03:36", "10mi": "1:08:30", "half": "1:31:35", "marathon": "3:10:49"}
ACCEPTED_NAMES_HINT = "use one of " + ", ".join(PACE_NAMES)

# World records (men's, seconds) by metres: nobody runs faster, so a faster entry is a typo.
_WORLD_RECORDS = (
    (100.0, 9.58), (200.0, 19.19), (400.0, 43.03), (800.0, 100.91), (1000.0, 131.96),
    (1500.0, 206.0), (1609.344, 223.13), (3000.0, 440.67), (5000.0, 755.36),
    (10000.0, 1571.0), (21097.5, 3451.0), (42195.0, 7235.0),
)
# Slower than this is walking, not a performance to derive paces from (20:00 per km).
SLOWEST_SEC_PER_M = 1.2
# Where each training pace sits among race distances: the race it is run near the pace of.
TRAINING_REFERENCE_M = {"E": 42195.0, "M": 42195.0, "T": 15000.0, "I": 3000.0, "R": 1609.344}


class NamedPace(NamedTuple):
    """A named pace and where it came from, so a coach can see why a rep is 38 s."""

    sec_per_m: float
    source: str  # "profile: 400m 80s", "derived from 400m 1:20 (Riegel)", "--set mile=5:45"
    low_sec_per_m: float | None = None  # fast end of a range (E/M/T/I/R)
    high_sec_per_m: float | None = None  # slow end


def format_race_time(seconds: float) -> str:
    """A race time as a runner writes it: ``1:20``, ``19:57``, ``1:31:35``; tenths only for a sprint (``0:38.4``)."""
    return format_clock(seconds, tenths=seconds < 60 and abs(seconds - round(seconds)) > 0.05)


def normalize_pace_name(name: str) -> str | None:
    """The canonical name for ``name`` ("5K" -> "5k", "1mi" -> "mile", "e" -> "E"); ``None`` if unknown."""
    key = "".join(str(name).split()).replace("_", "").replace("-", "").lower()
    if key in RACE_NAMES:
        return key
    if key.upper() in TRAINING_NAMES:
        return key.upper()
    return _ALIASES.get(key)


def no_value_hint(name: str) -> str:
    """How to give the canonical pace ``name`` a value: a race time for itself, or one to derive it from."""
    if name in TRAINING_NAMES:
        return (f"{name} is derived from a race time: trackcue profile set 5k={_EXAMPLES['5k']}, "
                f"or --set 5k={_EXAMPLES['5k']} for this run")
    example = f"{name}={_EXAMPLES.get(name, '6:00')}"
    return f"give your {name} time: trackcue profile set {example}, or --set {example} for this run"


def reference_metres(name: str) -> float:
    """The race distance a canonical pace name stands for (a training pace's nearest race)."""
    return RACE_METRES.get(name) or TRAINING_REFERENCE_M[name]


def world_record_s(metres: float) -> float:
    """The world-record time for ``metres``, interpolated on log time against log distance."""
    pts = _WORLD_RECORDS
    if metres <= pts[0][0]:
        return pts[0][1] * metres / pts[0][0]
    for (d1, t1), (d2, t2) in zip(pts, pts[1:]):  # past the marathon, the last slope carries on
        if metres <= d2:
            break
    k = math.log(t2 / t1) / math.log(d2 / d1)
    return t1 * float((metres / d1) ** k)  # float ** float is typed Any


def check_performance(metres: float, seconds: float, what: str, as_pace: bool = False) -> None:
    """Refuse a time faster than the world record or slower than a walk, naming ``what``.

    With ``as_pace`` the record is quoted as a pace per km (for E/M/T/I/R).
    """
    record = world_record_s(metres)
    if seconds < record * 0.99:
        best = f"world-record pace over {metres / 1000:g} km ({format_pace(record / metres, 'km')})" if as_pace \
            else f"the world record (about {format_duration(record)})"
        raise UnitError(
            f"{what} is impossible: faster than {best}",
            "check the value; write minutes as 6:00 and seconds as 80s",
        )
    if seconds / metres > SLOWEST_SEC_PER_M:
        raise UnitError(
            f"{what} is slower than walking pace (20:00 per km)",
            "give a running performance, such as 400m=80s or mile=6:00",
        )


def _parse_range(text: str) -> tuple[float, float]:
    """A pace or a pace range ("8:30/mi", "8:30-9:30/mi") as (fast, slow) seconds per metre."""
    s = text.strip().lower().replace(" per ", "/")
    if "/" in s and "-" in s.split("/", 1)[0]:
        times, per = s.split("/", 1)
        a, b = (parse_pace(f"{part.strip()}/{per}") for part in times.split("-", 1))
        return min(a, b), max(a, b)
    p = parse_pace(s)
    return p, p


def named_pace_from_value(name: str, value: str, source: str) -> NamedPace:
    """A ``NamedPace`` from what a runner wrote: a time for a race name, a pace for E/M/T/I/R.

    Race names take a time over their distance ("6:00", "80s", "19:57") or a pace ("6:25/mi");
    E/M/T/I/R take a pace or a range ("8:30/mi", "5:15/km", "8:30-9:30/mi").
    Raises ``UnitError`` for an unknown name, an unreadable value or an impossible performance.
    """
    canon = normalize_pace_name(name)
    if canon is None:
        raise UnitError(f"unknown pace name '{name}'", ACCEPTED_NAMES_HINT)
    text = str(value).strip()
    if canon in TRAINING_NAMES:
        if "/" not in text and " per " not in text.lower():
            raise UnitError(
                f"{canon} takes a pace, not '{text}'",
                f"write a pace such as {canon}=6:51/mi, {canon}=4:15/km or {canon}=8:30-9:30/mi",
            )
        fast, slow = _parse_range(text)
        ref = TRAINING_REFERENCE_M[canon]
        check_performance(ref, fast * ref, f"{canon} pace {text}", as_pace=True)
        check_performance(ref, slow * ref, f"{canon} pace {text}", as_pace=True)
        return NamedPace((fast + slow) / 2, source, fast, slow)
    metres = RACE_METRES[canon]
    if "/" in text or " per " in text.lower():
        seconds = parse_pace(text) * metres
    else:
        try:
            seconds = parse_duration(text)
        except UnitError as err:
            raise UnitError(err.message, f"write your time over {canon}, e.g. {canon}={_EXAMPLES.get(canon, '6:00')}") from None
    check_performance(metres, seconds, f"a {format_duration(seconds)} {canon}")
    return NamedPace(seconds / metres, source)
