"""The little language of a step's value: how the step ends and what its target is.

    15min easy            a time, with an effort word
    200m in 38s           a distance with a target time
    400m at 6:00/mi       a distance at a pace (also: 400m @ 6:00/mi, 4:30 min/km, 4:30/k)
    200m at 400m - 2s/200m    at a named pace with an offset
    1mi at 5K pace        a named pace, as coaches say it
    10min at mile + 40..50s/mi    a time at a pace range (also 40-50s/mi, 5:30-5:40/mi)
    until lap             open, ended by the lap key (also: 100m until lap)
    same                  as long as the step before (a recovery equal to the rep)

Parsing gives an ``EndSpec`` whose names (parameters, named paces) are resolved later, per rep,
by the compiler. Errors are ``UnitError`` with a hint; the caller adds the position.
"""


import re
from functools import lru_cache
from typing import NamedTuple

from trackcue.phrases import format_distance
from trackcue.units import (
    METRES, UnitError, is_number, no_unit_hint, parse_distance, parse_duration, parse_pace, split_number,
)

EFFORTS = ("easy", "steady", "moderate", "relaxed", "comfortable", "hard", "fast", "strong",
           "all-out", "uphill", "downhill", "hill", "surge", "stride", "strides", "tempo", "brisk")
# Efforts of a sustained run: after a few metres ('20m easy') they show the coach meant minutes.
SUSTAINED_EFFORTS = ("easy", "steady", "moderate", "comfortable", "tempo", "brisk")
# Patterns for the rarer spellings are compiled only when a value could need them (see the
# callers): every compile costs `trackcue check` start-up time, and most workouts never need them.
_RACE_WORDS = r"\b(half)[ -](marathon)\b|\b(\d+(?:\.\d+)?) (k|km|mi|m)\b"  # half marathon, 10 k
# "5:30-5:40/mi", "40-50s/mi": a hyphen between two bare times before a '/' is a range, not a minus.
_HYPHEN_RANGE = r"(?<![\w.:])(\d+(?::\d\d)?(?:\.\d+)?)\s*-\s*(\d+(?::\d\d)?(?:\.\d+)?\s*[a-z]*\s*/)"
_REPEAT = r"^(\d+)\s*[x×*]\s*(\S.*)$"
_REPEAT_SIGNS = ("x", "X", "×", "*")
_DISTANCE_UNITS = frozenset(METRES) | {"meter", "meters", "metre", "metres"}
_HINT = "write e.g. 90s, 2:00, 200m in 38s, 400m at 6:00/mi or until lap"


class Term(NamedTuple):
    """One term of a sum: a literal value or a name to look up; ``sign`` is +1 or -1."""

    sign: int
    value: float | None = None
    name: str | None = None
    high: float | None = None  # the slow end of a range term (40..50s/mi)


class TimeExpr(NamedTuple):
    terms: tuple[Term, ...]


class PaceExpr(NamedTuple):
    """A base pace (literal or named, possibly a range) plus offsets, all in seconds per metre."""

    terms: tuple[Term, ...]


class EndSpec(NamedTuple):
    """A step value read: a time, or a distance (``laps``: written in laps) with a target or pace, or open.

    ``same``: as long as the step before.
    """

    time: TimeExpr | None = None
    distance: float | None = None
    target: TimeExpr | None = None
    pace: PaceExpr | None = None
    lap: bool = False
    effort: str = ""
    laps: bool = False
    same: bool = False


def normalize(text: str) -> str:
    """A step value in one spelling: lower case, single spaces, '@' as 'at', dashes as '-'."""
    raw = str(text).strip().lower().replace("–", "-").replace("−", "-").replace("@", " at ")
    return " ".join(raw.split())


def is_name(text: str) -> bool:
    """Whether ``text`` is a parameter's name as written in a value (``recovery``, ``last_rep``)."""
    return text.isascii() and text.isidentifier()


def is_pace_name(text: str) -> bool:
    """A name a pace may be given by: a parameter, or a race like ``5k``, ``400m``, ``10mi``, ``half``."""
    if is_name(text):
        return True
    m = split_number(text)
    return m is not None and m[1] in ("m", "k", "km", "mi")


def split_repeat(text: str) -> tuple[int, str] | None:
    """``'8 x 200m in 38s'`` → ``(8, '200m in 38s')``; ``8×200`` is 200 m (track notation); else ``None``."""
    if not str(text).lstrip()[:1].isdigit() or not any(sign in text for sign in _REPEAT_SIGNS):
        return None  # (most values: no need to normalise them first)
    raw = normalize(text)
    m = re.match(_REPEAT, raw)
    if not m:
        return None
    rest = m.group(2)
    first, _, after = rest.partition(" ")
    if first.isdigit() and int(first) >= 100:  # 8x200, 10x400: metres, as on every track's whiteboard
        rest = f"{first}m {after}".strip()
    return int(m.group(1)), rest


@lru_cache(maxsize=4096)  # a repeated step is parsed once, not once per rep
def parse_end(text: str) -> EndSpec:
    """Parse one step value (no progression arrows, no lists)."""
    raw = normalize(text)
    if not raw:
        raise UnitError("the step says nothing about how it ends", _HINT)
    if raw == "same":
        return EndSpec(same=True)
    shorthand = split_repeat(raw)
    if shorthand is not None:
        count, rest = shorthand
        raise UnitError(f"'{raw}' repeats inside a list or a progression",
                        f"write 'repeat: {count}' with '- run: {rest}' under its steps")
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
    at_time: TimeExpr | None = None
    if " at " in f" {s} ":
        left, _, right = f" {s} ".partition(" at ")
        s = left.strip()
        at_time = _literal_time(right.strip())  # '200m @ 38s': a coach's target time, not a pace
        if at_time is None:
            pace = parse_pace_expr(right.strip())
    if " in " in f" {s} ":
        left, _, right = f" {s} ".partition(" in ")
        s, target = left.strip(), parse_time_expr(right.strip())
    if at_time is not None:
        if target is not None:
            raise UnitError(f"'{raw}' has two target times", "write one: 200m in 38s (or 200m @ 38s)")
        target = at_time
    if not s:
        if lap:
            return EndSpec(pace=pace, lap=True, effort=" ".join(effort))
        raise UnitError(f"'{raw}' does not say how far or how long", _HINT)
    distance = _maybe_distance(s)
    if distance is not None and at_time is not None:
        _check_at_time(right.strip(), at_time, distance)
    if distance is not None:
        laps = s.endswith("lap") or s.endswith("laps")
        return EndSpec(distance=distance, target=target, pace=pace, lap=lap, effort=" ".join(effort), laps=laps)
    if at_time is not None:
        raise UnitError(f"'{raw}': a time after '@' is a target time, for a distance",
                        "write e.g. 200m @ 38s, or a pace: 2min @ 4:30/km")
    if target is not None:
        raise UnitError(f"'in' needs a distance before it, not '{s}'", "write e.g. 200m in 38s")
    time = parse_time_expr(s)
    if lap:
        raise UnitError(f"'{raw}' has both a time and 'until lap'", "a step ends by the clock or by the lap key, not both")
    return EndSpec(time=time, pace=pace, effort=" ".join(effort))


def _literal_time(text: str) -> TimeExpr | None:
    """``38s``, ``1:05`` or ``38s + 2s`` (literal times only, no '/' and no names): else ``None``."""
    if not text or "/" in text or " per " in text or not text.lstrip("+-")[:1].isdigit():
        return None
    try:
        expr = parse_time_expr(text)
    except UnitError:
        return None
    return expr if all(t.name is None for t in expr.terms) else None


# A time after '@' slower than this per metre (16:40/km, slower than a walk) is a pace missing its
# '/unit' ('400m @ 6:00' for 6:00/mi), not a target time: refused rather than guessed.
_SLOWEST_AT_TIME = 1.0


def _check_at_time(text: str, expr: TimeExpr, distance: float) -> None:
    seconds = sum(t.sign * (t.value or 0.0) for t in expr.terms)
    if distance > 0 and seconds / distance > _SLOWEST_AT_TIME:
        raise UnitError(f"'{text}' after '@' would be a target time of {text} for {format_distance(distance)}, "
                        "slower than a walk",
                        f"for a pace write {text}/mi or {text}/km; for a target time write in {text}")


def _quoted_in(term: str, text: str) -> str:
    """``'x'`` when the term is the whole text, else ``'x' in 'text'`` (a message never repeats itself)."""
    return f"'{term}'" if term == text else f"'{term}' in '{text}'"


def _maybe_distance(s: str) -> float | None:
    if s in ("mile", "a mile", "lap", "a lap"):
        return parse_distance(s)
    m = split_number(s)
    if m is None or m[1] not in _DISTANCE_UNITS:
        if is_number(s):
            raise UnitError(f"'{s}' has no unit", no_unit_hint(s))
        return None
    return parse_distance(s)


def _split_terms(text: str) -> list[tuple[int, str]]:
    text = text.strip()
    if not text:
        raise UnitError("a value is missing", _HINT)
    parts = [p.strip() for p in text.replace("+", "\0+\0").replace("-", "\0-\0").split("\0")]
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
        if is_name(term) and term not in ("s", "min", "h"):
            terms.append(Term(sign, name=term))
        elif is_number(term):
            raise UnitError(f"'{term}' has no unit", f"{term} what? write {term}s for seconds")
        else:
            terms.append(Term(sign, value=parse_duration(term)))
    return TimeExpr(tuple(terms))


def parse_pace_expr(text: str) -> PaceExpr:
    """``6:00/mi``, ``6:00..6:10/mi``, ``mile``, ``5k pace``, ``400m - 2s/200m``, ``mile + 40..50s/mi``."""
    if "/" in text and _digit_before_hyphen(text):
        text = re.sub(_HYPHEN_RANGE, r"\1..\2", text)
    if text.endswith(" pace"):  # "5k pace", "mile pace", "half-marathon pace"
        text = text[: -len(" pace")].removesuffix(" race")
    if "half" in text or (" " in text and "/" not in text):
        text = re.sub(_RACE_WORDS, lambda m: f"{m.group(1)}_{m.group(2)}" if m.group(1) else m.group(3) + m.group(4),
                      text)
    terms = []
    for i, (sign, term) in enumerate(_split_terms(text)):
        if "/" in term or " per " in term:
            low, high = _pace_range(term)
            terms.append(Term(sign, value=low, high=high))
        elif i == 0 and is_pace_name(term):
            terms.append(Term(sign, name=term))
        elif is_pace_name(term):
            raise UnitError(f"{_quoted_in(term, text)} is a pace name, but only the first term may be one",
                            "offsets are per distance, e.g. mile + 40s/mi or 400m - 2s/200m")
        else:
            raise UnitError(f"{_quoted_in(term, text)} is not a pace",
                            "write a pace such as 6:00/mi or 38s/200m, or a name such as mile, 5k, 400m, T")
    if terms and terms[0].name is None and terms[0].sign < 0:
        raise UnitError(f"pace '{text}' starts with a minus", "write the base pace first, e.g. 400m - 2s/200m")
    return PaceExpr(tuple(terms))


def _digit_before_hyphen(text: str) -> bool:
    """Whether a '-' in ``text`` follows a number (5:30-5:40/mi), not a name or unit (400m - 2s/200m)."""
    i = text.find("-")
    while i >= 0:
        if text[:i].rstrip()[-1:].isdigit():
            return True
        i = text.find("-", i + 1)
    return False


def _pace_range(term: str) -> tuple[float, float | None]:
    term = term.replace(" per ", "/")
    time_part, _, dist = term.partition("/")
    if ".." in time_part:
        a, _, b = time_part.partition("..")
        b_unit = b.lstrip("0123456789:.")
        if b_unit and not a.lstrip("0123456789:."):
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
