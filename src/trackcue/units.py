"""Times, distances and paces as a runner writes them, read into numbers.

How they are shown and said lives in ``trackcue.phrases``. Everything is parsed to plain floats: seconds, metres, and seconds per metre for paces.
Parsers raise ``UnitError`` with a message and a hint; the caller attaches the position.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

METRES = {
    "m": 1.0, "meter": 1.0, "meters": 1.0, "metre": 1.0, "metres": 1.0,
    "km": 1000.0, "k": 1000.0,
    "mi": 1609.344, "mile": 1609.344, "miles": 1609.344,
    "lap": 400.0, "laps": 400.0,
}
SECONDS = {
    "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
    "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
    "h": 3600.0, "hr": 3600.0, "hrs": 3600.0, "hour": 3600.0, "hours": 3600.0,
}
# Race distances a runner names a pace by ("my mile", "5K pace", "400 m time").
RACE_DISTANCES = {
    "200m": 200.0, "400m": 400.0, "800m": 800.0, "1000m": 1000.0, "1500m": 1500.0,
    "mile": 1609.344, "1mi": 1609.344, "2000m": 2000.0, "3000m": 3000.0, "3k": 3000.0,
    "2mi": 3218.688, "5000m": 5000.0, "5k": 5000.0, "10000m": 10000.0, "10k": 10000.0,
    "15k": 15000.0, "10mi": 16093.44, "half": 21097.5, "marathon": 42195.0,
}

_NUM = r"\d+(?:\.\d+)?"
_CLOCK = re.compile(r"^(\d+):([0-5]\d)(?::([0-5]\d))?(\.\d+)?$")
_PART = re.compile(rf"({_NUM})\s*([a-z]+)")
_DIST = re.compile(rf"^({_NUM})\s*([a-z]+)$")


class UnitError(ValueError):
    """A quantity that could not be read; ``hint`` says what to write instead."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@lru_cache(maxsize=4096)  # workouts repeat the same few values many times
def parse_duration(text: str | int | float) -> float:
    """Read a time such as ``90s``, ``15min``, ``1h30min``, ``2:00`` or ``1:30:00`` as seconds.

    A bare number is seconds. ``m`` is never minutes: it is metres, so ``15m`` is refused with a hint.
    """
    if isinstance(text, bool):
        raise UnitError(f"expected a time, got {text!r}", "write a time such as 90s, 2:00 or 15min")
    if isinstance(text, (int, float)):
        return _positive_time(float(text), str(text))
    s = str(text).strip().lower()
    if not s:
        raise UnitError("expected a time, got nothing", "write a time such as 90s, 2:00 or 15min")
    clock = _CLOCK.match(s)
    if clock:
        a, b, c, frac = clock.groups()
        secs = int(a) * 3600 + int(b) * 60 + int(c) if c else int(a) * 60 + int(b)
        return _positive_time(secs + (float(frac) if frac else 0.0), s)
    if re.fullmatch(_NUM, s):
        return _positive_time(float(s), s)
    pos, total = 0, 0.0
    compact = s.replace(" ", "")
    for part in _PART.finditer(compact):
        if part.start() != pos:
            break
        value, unit = float(part.group(1)), part.group(2)
        if unit not in SECONDS:
            if unit in METRES:
                raise UnitError(
                    f"'{s}' is a distance, not a time ('{unit}' is {_unit_name(unit)})",
                    f"for minutes write {part.group(1)}min" if unit == "m" else "write a time such as 90s or 2:00",
                )
            raise UnitError(f"unknown time unit '{unit}' in '{s}'", "use s, min or h, or a clock time like 2:00")
        total += value * SECONDS[unit]
        pos = part.end()
    if pos != len(compact) or pos == 0:
        raise UnitError(f"'{s}' is not a time", "write a time such as 90s, 45.5s, 2:00, 15min or 1:30:00")
    return _positive_time(total, s)


def _positive_time(value: float, text: str) -> float:
    if not math.isfinite(value) or value <= 0:
        raise UnitError(f"time '{text}' must be more than zero", "write a time such as 90s or 2:00")
    return value


def _unit_name(unit: str) -> str:
    return {"m": "metres", "k": "kilometres", "km": "kilometres", "mi": "miles"}.get(unit, unit)


def parse_distance(text: str) -> float:
    """Read a distance such as ``200m``, ``1.5km``, ``1mi``, ``2 laps`` or ``mile`` as metres."""
    s = str(text).strip().lower()
    if s in ("mile", "a mile", "lap", "a lap"):
        return METRES[s.split()[-1]]
    m = _DIST.match(s)
    if not m:
        raise UnitError(f"'{s}' is not a distance", "write a distance such as 200m, 1.5km, 1mi or 2 laps")
    value, unit = float(m.group(1)), m.group(2)
    if unit not in METRES:
        if unit in SECONDS:
            raise UnitError(f"'{s}' is a time, not a distance", "write a distance such as 200m, 1km or 1mi")
        raise UnitError(f"unknown distance unit '{unit}' in '{s}'", "use m, km, mi or laps (400 m)")
    if value <= 0:
        raise UnitError(f"distance '{s}' must be more than zero", "write a distance such as 200m")
    return value * METRES[unit]


@lru_cache(maxsize=1024)
def parse_pace(text: str) -> float:
    """Read a pace such as ``6:00/mi``, ``4:30/km``, ``38s/200m`` or ``80s per 400m`` as seconds per metre."""
    s = str(text).strip().lower().replace(" per ", "/")
    if "/" not in s:
        raise UnitError(f"'{s}' is not a pace", "write a pace such as 6:00/mi, 4:30/km or 38s/200m")
    time_part, dist_part = (p.strip() for p in s.split("/", 1))
    secs = parse_duration(time_part)
    dist_part = {"mi": "1mi", "km": "1km", "mile": "1mi", "lap": "1lap"}.get(dist_part, dist_part)
    metres = parse_distance(dist_part)
    return secs / metres


def race_distance(name: str) -> float | None:
    """Metres of a race distance named like ``400m``, ``mile``, ``5k`` or ``half``; else ``None``."""
    key = name.strip().lower().replace(" ", "")
    if key in RACE_DISTANCES:
        return RACE_DISTANCES[key]
    try:
        return parse_distance(key)
    except UnitError:
        return None
