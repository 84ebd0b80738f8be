"""The little language of a step's value: how the step ends and what its target is.

    15min easy            a time, with an effort word
    200m in 38s           a distance with a target time
    400m at 6:00/mi       a distance at a pace
    200m at 400m - 2s/200m    at a named pace with an offset
    10min at mile + 40..50s/mi    a time at a pace range
    until lap             open, ended by the lap key (also: 100m until lap)

Parsing gives an ``EndSpec`` whose names (parameters, named paces) are resolved later, per rep,
by the compiler. Errors are ``UnitError`` with a hint; the caller adds the position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from trackcue.units import UnitError, parse_distance, parse_duration, parse_pace

EFFORTS = ("easy", "steady", "moderate", "relaxed", "comfortable", "hard", "fast", "strong",
           "all-out", "uphill", "downhill", "hill", "surge", "stride", "strides", "tempo", "brisk")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$|^\d+(?:\.\d+)?(?:m|k|km|mi)$|^(mile|half|marathon)$", re.I)
_HINT = "write e.g. 90s, 2:00, 200m in 38s, 400m at 6:00/mi or until lap"


@dataclass(frozen=True)
class Term:
    """One term of a sum: a literal value or a name to look up; ``sign`` is +1 or -1."""

    sign: int
    value: float | None = None
    name: str | None = None
    high: float | None = None  # the slow end of a range term (40..50s/mi)


@dataclass(frozen=True)
class TimeExpr:
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class PaceExpr:
    """A base pace (literal or named, possibly a range) plus offsets, all in seconds per metre."""

    terms: tuple[Term, ...]


@dataclass(frozen=True)
class EndSpec:
    time: TimeExpr | None = None
    distance: float | None = None
    target: TimeExpr | None = None
    pace: PaceExpr | None = None
    lap: bool = False
    effort: str = ""
    words: tuple[str, ...] = field(default_factory=tuple)


@lru_cache(maxsize=4096)  # a repeated step is parsed once, not once per rep
def parse_end(text: str) -> EndSpec:
    """Parse one step value (no progression arrows, no lists)."""
    raw = " ".join(str(text).strip().lower().replace("–", "-").replace("−", "-").split())
    if not raw:
        raise UnitError("the step says nothing about how it ends", _HINT)
    words = raw.split(" ")
    effort: list[str] = []
    while words and words[-1] in EFFORTS and not (len(words) > 1 and words[-2] in ("at", "+", "-")):
        effort.insert(0, words.pop())
    while words and words[0] in EFFORTS:
        effort.append(words.pop(0))
    s = " ".join(words)
    lap = False
    for phrase in ("until lap", "till lap", "to lap", "open"):
        if s == phrase or s.endswith(" " + phrase) or s.endswith("," + phrase):
            lap, s = True, s[: -len(phrase)].rstrip(" ,")
    if s == "lap":
        lap, s = True, ""
    pace = target = None
    if " at " in f" {s} ":
        left, _, right = f" {s} ".partition(" at ")
        s, pace = left.strip(), parse_pace_expr(right.strip())
    if " in " in f" {s} ":
        left, _, right = f" {s} ".partition(" in ")
        s, target = left.strip(), parse_time_expr(right.strip())
    if not s:
        if lap:
            return EndSpec(pace=pace, lap=True, effort=" ".join(effort))
        raise UnitError(f"'{raw}' does not say how far or how long", _HINT)
    distance = _maybe_distance(s)
    if distance is not None:
        return EndSpec(distance=distance, target=target, pace=pace, lap=lap, effort=" ".join(effort))
    if target is not None:
        raise UnitError(f"'in' needs a distance before it, not '{s}'", "write e.g. 200m in 38s")
    time = parse_time_expr(s)
    if lap:
        raise UnitError(f"'{raw}' has both a time and 'until lap'", "a step ends by the clock or by the lap key, not both")
    return EndSpec(time=time, pace=pace, effort=" ".join(effort))


def _maybe_distance(s: str) -> float | None:
    if not re.match(r"^\d+(\.\d+)?\s*(m|meters?|metres?|km|k|mi|miles?|laps?)$|^(a )?(mile|lap)$", s):
        return None
    return parse_distance(s)


def _split_terms(text: str) -> list[tuple[int, str]]:
    text = text.strip()
    if not text:
        raise UnitError("a value is missing", _HINT)
    parts = re.split(r"\s*([+-])\s*", text)
    out: list[tuple[int, str]] = []
    sign = 1
    if parts[0] == "":
        parts = parts[1:]
        sign = -1 if parts and parts[0] == "-" else 1
        parts = parts[1:]
    out.append((sign, parts[0]))
    for op, term in zip(parts[1::2], parts[2::2]):
        if not term:
            raise UnitError(f"'{text}' ends with '{op}'", "write the amount after + or -, e.g. + 5s")
        out.append((1 if op == "+" else -1, term))
    return out


def parse_time_expr(text: str) -> TimeExpr:
    """``38s``, ``2:00``, ``target + 5s``: literal times and parameter names added up."""
    terms = []
    for sign, term in _split_terms(text):
        if re.match(r"^[a-z_][a-z0-9_]*$", term) and term not in ("s", "min", "h"):
            terms.append(Term(sign, name=term))
        else:
            terms.append(Term(sign, value=parse_duration(term)))
    return TimeExpr(tuple(terms))


def parse_pace_expr(text: str) -> PaceExpr:
    """``6:00/mi``, ``6:00..6:10/mi``, ``mile``, ``400m - 2s/200m``, ``mile + 40..50s/mi``."""
    terms = []
    for i, (sign, term) in enumerate(_split_terms(text)):
        if "/" in term or " per " in term:
            low, high = _pace_range(term)
            terms.append(Term(sign, value=low, high=high))
        elif i == 0 and _NAME.match(term):
            terms.append(Term(sign, name=term))
        elif _NAME.match(term):
            raise UnitError(f"'{term}' in '{text}' is a pace name, but only the first term may be one",
                            "offsets are per distance, e.g. mile + 40s/mi or 400m - 2s/200m")
        else:
            raise UnitError(f"'{term}' in '{text}' is not a pace",
                            "write a pace such as 6:00/mi or 38s/200m, or a name such as mile, 5k, 400m, T")
    if terms and terms[0].name is None and terms[0].sign < 0:
        raise UnitError(f"pace '{text}' starts with a minus", "write the base pace first, e.g. 400m - 2s/200m")
    return PaceExpr(tuple(terms))


def _pace_range(term: str) -> tuple[float, float | None]:
    term = term.replace(" per ", "/")
    time_part, _, dist = term.partition("/")
    if ".." in time_part:
        a, _, b = time_part.partition("..")
        b_unit = re.sub(r"^[\d:.]+", "", b)
        if b_unit and not re.sub(r"^[\d:.]+", "", a):
            a += b_unit  # 40..50s: the unit written once applies to both ends
        low, high = parse_pace(f"{a}/{dist}"), parse_pace(f"{b}/{dist}")
        return (min(low, high), max(low, high))
    return (parse_pace(term), None)


def split_progression(text: str) -> tuple[str, str] | None:
    """``'2:00 -> 0:30'`` → ``('2:00', '0:30')``; ``None`` when the value does not progress."""
    s = str(text).replace("→", "->")
    if "->" not in s:
        return None
    a, _, b = s.partition("->")
    if "->" in b:
        raise UnitError(f"'{text}' has more than one '->'", "a progression goes from one value to another: 2:00 -> 0:30")
    if not a.strip() or not b.strip():
        raise UnitError(f"'{text}' needs a value on both sides of '->'", "write e.g. 2:00 -> 0:30")
    return a.strip(), b.strip()
