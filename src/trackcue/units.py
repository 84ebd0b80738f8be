"""Times, distances and paces as a runner writes them, read into numbers.

How they are shown and said lives in ``trackcue.phrases``. Everything is parsed to plain floats: seconds, metres, and seconds per metre for paces.
Parsers raise ``UnitError`` with a message and a hint; the caller attaches the position.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Literal, get_args

# How distances and paces are shown and spoken (a workout's ``cues: units``, the runner's profile).
Units = Literal["metric", "imperial"]
UNITS: tuple[Units, ...] = get_args(Units)

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

# The readers below scan strings by hand rather than with regular expressions: compiling the
# dozen patterns they replace cost `trackcue check` a fifth of an interpreter start.


def is_number(text: str) -> bool:
    """Whether ``text`` is a plain number as written in a workout: ``200``, ``45.5`` (no sign)."""
    whole, dot, frac = text.partition(".")
    return _digits(whole) and (not dot or _digits(frac))


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def split_number(text: str) -> tuple[str, str] | None:
    """``'15min'`` → ``('15', 'min')``, ``'1.5 km'`` → ``('1.5', 'km')``: a leading number and the
    word after it (``None`` unless the rest is letters only)."""
    i, n = 0, len(text)
    while i < n and "0" <= text[i] <= "9":
        i += 1
    if i < n and text[i] == "." and i + 1 < n and "0" <= text[i + 1] <= "9":
        i += 1
        while i < n and "0" <= text[i] <= "9":
            i += 1
    number, rest = text[:i], text[i:].strip()
    if not number or not rest.isalpha() or not rest.isascii():
        return None
    return number, rest


def _clock(s: str) -> float | None:
    """Seconds of ``2:00``, ``1:30:00`` or ``0:37.5``; ``None`` if ``s`` is not a clock time."""
    main, dot, frac = s.partition(".")
    parts = main.split(":")
    if len(parts) not in (2, 3) or not all(_digits(p) for p in parts) or (dot and not _digits(frac)):
        return None
    if any(len(p) != 2 or p[0] > "5" for p in parts[1:]):
        return None
    h, m, sec = (parts if len(parts) == 3 else ["0", *parts])
    return int(h) * 3600 + int(m) * 60 + int(sec) + (float("0." + frac) if dot else 0.0)


def _time_parts(s: str) -> list[tuple[str, str]] | None:
    """``'1h30min'`` → ``[('1', 'h'), ('30', 'min')]``: numbers each followed by a word, nothing else."""
    out = []
    i, n = 0, len(s)
    while i < n:
        j = i
        while j < n and ("0" <= s[j] <= "9" or s[j] == "."):
            j += 1
        k = j
        while k < n and "a" <= s[k] <= "z":
            k += 1
        number, unit = s[i:j], s[j:k]
        if not is_number(number) or not unit:
            return None
        out.append((number, unit))
        i = k
    return out or None


class UnitError(ValueError):
    """A quantity that could not be read; ``hint`` says what to write instead."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_MINUTE_MARKS = "'′’"  # 1'30", 2' (minutes), as coaches write on a whiteboard
_SECOND_MARKS = "\"″”"  # 45" (seconds)


def no_unit_hint(number: str) -> str:
    """The hint for a bare number where a unit is needed: ``200 what? 200m or 200s``."""
    return f"{number} what? write {number}m for metres or {number}s for seconds"


@lru_cache(maxsize=4096)  # workouts repeat the same few values many times
def parse_duration(text: str | int | float, bare: bool = True) -> float:
    """Read a time such as ``90s``, ``15min``, ``1h30min``, ``2:00``, ``1:30:00`` or ``1'30"`` as seconds.

    A bare number is seconds, unless ``bare`` is false (the workout language: ``200`` could mean
    metres or seconds, so it is refused with a hint). ``m`` is never minutes: it is metres, so
    ``15m`` is refused with a hint.
    """
    if isinstance(text, bool):
        raise UnitError(f"expected a time, got {text!r}", "write a time such as 90s, 2:00 or 15min")
    if isinstance(text, (int, float)):
        if not bare:
            raise UnitError(f"'{text:g}' has no unit", f"{text:g} what? write {text:g}s for seconds")
        return _positive_time(float(text), str(text))
    s = str(text).strip().lower()
    if not s:
        raise UnitError("expected a time, got nothing", "write a time such as 90s, 2:00 or 15min")
    if ":" in s:
        clock = _clock(s)
        if clock is not None:
            return _positive_time(clock, s)
    if is_number(s):
        if not bare:
            raise UnitError(f"'{s}' has no unit", no_unit_hint(s))
        return _positive_time(float(s), s)
    primes = _primes(s.replace(" ", ""))
    if primes is not None:
        return _positive_time(primes, s)
    parts = _time_parts(s.replace(" ", ""))
    if parts is None:
        raise UnitError(f"'{s}' is not a time", "write a time such as 90s, 45.5s, 2:00, 1'30\", 15min or 1:30:00")
    total = 0.0
    for number, unit in parts:
        if unit not in SECONDS:
            if unit in METRES:
                raise UnitError(
                    f"'{s}' is a distance, not a time ('{unit}' is {_unit_name(unit)})",
                    f"for minutes write {number}min" if unit == "m" else "write a time such as 90s or 2:00",
                )
            raise UnitError(f"unknown time unit '{unit}' in '{s}'", "use s, min or h, or a clock time like 2:00")
        total += float(number) * SECONDS[unit]
    return _positive_time(total, s)


def _primes(s: str) -> float | None:
    """Seconds of ``1'30"`` (or ``1'30``), ``2'`` or ``45"``; ``None`` without minute or second marks."""
    minutes, seconds, marked = "", s, False
    for mark in _MINUTE_MARKS:
        if mark in s:
            minutes, _, seconds = s.partition(mark)
            marked = True
            break
    if seconds and seconds[-1] in _SECOND_MARKS:
        seconds, marked = seconds[:-1], True
    if not marked or not (minutes or seconds) or (minutes == "" and s[0] in _MINUTE_MARKS):
        return None
    if (minutes and not _digits(minutes)) or (seconds and not is_number(seconds)):
        return None
    return int(minutes or 0) * 60 + float(seconds or 0)


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
    m = split_number(s)
    if m is None:
        raise UnitError(f"'{s}' is not a distance", "write a distance such as 200m, 1.5km, 1mi or 2 laps")
    value, unit = float(m[0]), m[1]
    if unit not in METRES:
        if unit in SECONDS:
            raise UnitError(f"'{s}' is a time, not a distance", "write a distance such as 200m, 1km or 1mi")
        raise UnitError(f"unknown distance unit '{unit}' in '{s}'", "use m, km, mi or laps (400 m)")
    if value <= 0:
        raise UnitError(f"distance '{s}' must be more than zero", "write a distance such as 200m")
    return value * METRES[unit]


# What follows the '/' of a pace: "mi", "k" and "km" alone mean one of them.
_PER = {"mi": "1mi", "mile": "1mi", "k": "1km", "km": "1km", "kilometre": "1km", "kilometer": "1km", "lap": "1lap"}
_MIN_WORDS = ("minutes", "minute", "mins", "min")  # "4:30 min/km": the clock already says minutes


@lru_cache(maxsize=1024)
def parse_pace(text: str) -> float:
    """Read a pace as seconds per metre.

    ``6:00/mi``, ``4:30/km``, ``4:30/k``, ``4:30 min/km``, ``6:00 min/mile``, ``38s/200m`` and
    ``80s per 400m`` all work; the time part is read by ``parse_duration``.
    """
    s = str(text).strip().lower().replace(" per ", "/")
    if "/" not in s:
        raise UnitError(f"'{s}' is not a pace", "write a pace such as 6:00/mi, 4:30/km or 38s/200m")
    time_part, dist_part = (p.strip() for p in s.split("/", 1))
    for word in _MIN_WORDS:
        if time_part.endswith(word) and _clock(time_part[: -len(word)].rstrip()) is not None:
            time_part = time_part[: -len(word)].rstrip()
            break
    if is_number(time_part):
        raise UnitError(f"'{s}': {time_part} what?", f"write {time_part}s/{dist_part} for seconds, or a clock time "
                        "such as 4:30/km")
    secs = parse_duration(time_part)
    dist_part = _PER.get(dist_part, dist_part)
    if is_number(dist_part):
        raise UnitError(f"'{s}': per {dist_part} what?", f"write {time_part}/{dist_part}m")
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
