"""Every phrase of a time, distance, pace, rep, set, lap and split: as shown and as spoken.

One home for words (docs/phrases.md is the table, and tests hold this module to it):

- ``format_*`` give what a screen or a table shows, in digits: ``1:26.1``, ``200 m``, ``4:40/km``.
- ``say_*`` and the calls (``lap_call``, ``split_call``, ``announcement``) give what a speech
  engine is sent, in words only: ``one twenty-six point one``, ``two hundred metres``,
  ``four forty per kilometre``. No digit and no ':' is sent to an engine: espeak-ng reads
  ``1:26.1`` as "one colon twenty-six point one", SAPI and Android (termux) read ``1200`` as
  "one thousand two hundred" and ``3 00`` as "three zero zero"; words are read alike by all.
- Rounding is half-up to what is said or shown (89.5 s whole is 90, never banker's 89.5 → 90,
  88.5 → 88), and a spoken difference is computed from the values as spoken.

Pure: imports only the timeline's data types; never speech, audio, engine or tui.
Number words come from num2words (LGPL-2.1, a dependency, not vendored).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from trackcue.timeline import KIND_TITLE, Segment, as_step_kind
from trackcue.units import METRES

MILE_M = 1609.344
_EPS = 1e-6  # float noise below what any phrase shows (times are held to the millisecond)

# Fixed phrases said by cue kind.
GO = "Go"
HALFWAY = "Halfway"
LAST_REP = "Last rep."
LAST_SET = "Last set."
LAST_ONE = "Last one."
FINISH = "Workout complete. Well done."
LAP_WHEN_DONE = "lap when done"
# Between a step's title and its target in a shown label ("Jog · 1:30"); importers split labels on it.
LABEL_SEPARATOR = " · "


# ----- numbers ---------------------------------------------------------------------------------

@lru_cache(maxsize=2048)
def number_words(n: int) -> str:
    """``3 -> 'three'``, ``42 -> 'forty-two'``, ``150 -> 'one hundred and fifty'`` (no commas: no pauses).

    Raises ``ValueError`` for a negative number: say the sign in words where it matters.
    """
    if n < 0:
        raise ValueError(f"number_words takes a whole number of at least 0, got {n}")
    if n < 1000:
        return _below_thousand(n)
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        head = f"{_below_thousand(thousands)} thousand"
        return head if not rest else f"{head} {'and ' if rest < 100 else ''}{_below_thousand(rest)}"
    from num2words import num2words  # 20 ms to import: only for big numbers

    return str(num2words(n, lang="en")).replace(",", "")


_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _below_thousand(n: int) -> str:
    """The words num2words gives for 0 <= n < 1000, without importing it: importing num2words loads
    every language it knows (20 ms, twice the start of Python) and words a number slowly, and a
    workout's reps, seconds and metres are nearly all below a thousand (thousands are composed of
    these). tests/test_phrases.py holds number_words to num2words below a million."""
    hundreds, rest = divmod(n, 100)
    if rest < 20:
        tail = _ONES[rest]
    else:
        tens, ones = divmod(rest, 10)
        tail = _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if not hundreds:
        return tail
    return f"{_ONES[hundreds]} hundred" + (f" and {tail}" if rest else "")


def half_up(value: float, places: int = 0) -> float:
    """``value`` rounded half away from zero to ``places`` decimals: ``89.5 -> 90``, ``88.5 -> 89``.

    Python's ``round`` rounds half to even (88.5 → 88); what is said must round as people do.
    """
    scale = 10.0 ** places
    return math.copysign(math.floor(abs(value) * scale + 0.5 + _EPS), value) / scale


def tenths(seconds: float) -> int:
    """A time in whole tenths of a second, half-up: ``86.15 -> 862``."""
    return int(half_up(seconds * 10))


def _plural(n: int, word: str) -> str:
    return f"{number_words(n)} {word}" + ("" if n == 1 else "s")


def _with_tenth(whole: str, tenth: int) -> str:
    return f"{whole} point {number_words(tenth)}" if tenth else whole


# ----- times -----------------------------------------------------------------------------------

def _seconds_part(s: int) -> str:
    """The seconds after a minute, as coaches read a watch: ``5 -> 'oh five'``, ``26 -> 'twenty-six'``."""
    return f"oh {number_words(s)}" if s < 10 else number_words(s)


def _say_tenths(t: int, unit: bool) -> str:
    """A time of ``t`` tenths in words; ``unit`` adds "seconds" under a minute."""
    whole, tenth = divmod(t, 10)
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    if h:
        parts = [_plural(h, "hour")]
        if m:
            parts.append(_plural(m, "minute"))
        if s or tenth:
            parts.append(_with_tenth(number_words(s), tenth) + (" second" if (s, tenth) == (1, 0) else " seconds"))
        return " ".join(parts)
    if m:
        if s == 0 and tenth == 0:
            return _plural(m, "minute")
        return _with_tenth(f"{number_words(m)} {_seconds_part(s)}", tenth)
    text = _with_tenth(number_words(s), tenth)
    if unit:
        text += " second" if (s, tenth) == (1, 0) else " seconds"
    return text


def say_time(seconds: float) -> str:
    """A stopwatch reading to the tenth (lap and split times): ``38 -> 'thirty-eight'``,
    ``37.6 -> 'thirty-seven point six'``, ``86.1 -> 'one twenty-six point one'``, ``65 -> 'one oh five'``,
    ``120 -> 'two minutes'``."""
    return _say_tenths(tenths(abs(seconds)), unit=False)


def say_target(seconds: float) -> str:
    """A target time to the tenth: ``38 -> 'thirty-eight seconds'``, ``89.5 -> 'one twenty-nine point five'``.

    To the tenth because the lap call compares the runner's time with it to the tenth.
    """
    return _say_tenths(tenths(abs(seconds)), unit=True)


def say_duration(seconds: float) -> str:
    """How long a step lasts: ``30 -> 'thirty seconds'``, ``37.5 -> 'thirty-seven point five seconds'``,
    ``89.5 -> 'one thirty'``, ``600 -> 'ten minutes'``, ``5400 -> 'one hour thirty minutes'``.

    To the tenth under a minute, to the whole second (half-up) from a minute on.
    """
    t = tenths(abs(seconds))
    if t >= 600:
        t = int(half_up(abs(seconds))) * 10
    return _say_tenths(t, unit=True)


def diff_tenths(time_s: float, target_s: float) -> int:
    """A time against its target in tenths, as both are said and shown: ``(89.95, 89.5) -> 5``.

    The difference of the rounded values, not the rounded difference, so the numbers a runner
    hears (and reads) add up: "one thirty, five tenths slow" after a target of 1:29.5.
    """
    return tenths(time_s) - tenths(target_s)


def say_diff(diff_tenths: int) -> str:
    """A lap against its target, from tenths as spoken: ``-4 -> 'four tenths fast'``,
    ``11 -> 'one point one slow'``, ``20 -> 'two seconds slow'``, ``0 -> 'on target'``."""
    if diff_tenths == 0:
        return "on target"
    side = "fast" if diff_tenths < 0 else "slow"
    whole, tenth = divmod(abs(diff_tenths), 10)
    if whole >= 60:
        amount = _say_tenths(abs(diff_tenths), unit=False)
    elif whole == 0:
        amount = f"{number_words(tenth)} tenth" + ("" if tenth == 1 else "s")
    elif tenth == 0:
        amount = _plural(whole, "second")
    else:
        amount = _with_tenth(number_words(whole), tenth)
    return f"{amount} {side}"


def to_go(seconds: float) -> str:
    """The recovery's warning, and the time-left call of ``every: 30s``: ``10 -> 'ten seconds to go'``."""
    return f"{say_duration(seconds)} to go"


def say_send_off(cycle_s: float) -> str:
    """A send-off as a coach calls it: ``120 -> 'on the two'``, ``90 -> 'on the one thirty'``,
    ``125 -> 'on the two oh five'``, ``45 -> 'on the forty-five'``."""
    whole = int(half_up(cycle_s))
    m, s = divmod(whole, 60)
    if not m:
        return f"on the {number_words(s)}"
    return f"on the {number_words(m)}" + (f" {_seconds_part(s)}" if s else "")


# ----- distances -------------------------------------------------------------------------------

def _miles(metres: float) -> float | None:
    """Whole, half or quarter miles (within half a metre: 400 m is not a quarter), else ``None``."""
    quarters = round(metres / (MILE_M / 4))
    if quarters >= 1 and abs(metres - quarters * MILE_M / 4) < 0.5:
        return quarters / 4
    return None


# The part of a mile as a miler says it: after whole miles, and alone.
_MILE_PARTS = {0.25: ("a quarter", "a quarter mile"), 0.5: ("a half", "half a mile"),
               0.75: ("three quarters", "three quarters of a mile")}


def _say_miles(miles: float) -> str:
    """``1 -> 'one mile'``, ``0.5 -> 'half a mile'``, ``0.25 -> 'a quarter mile'``,
    ``0.75 -> 'three quarters of a mile'``, ``1.25 -> 'one and a quarter miles'``."""
    whole = int(miles)
    if miles == whole:
        return _plural(whole, "mile")
    after_whole, alone = _MILE_PARTS[miles - whole]
    return f"{number_words(whole)} and {after_whole} miles" if whole else alone


def say_mark(metres: float, units: str = "metric") -> str:
    """A distance as a track coach names it, without a unit where the track gives it:
    ``200 -> 'two hundred'``, ``1200 -> 'twelve hundred'``, ``1609.344 -> 'one mile'``, ``5000 -> 'five kilometres'``.

    Metres under 2000 (in imperial units, hundreds up to 3900: "thirty-two hundred") need no unit;
    miles and kilometres say theirs.
    """
    miles = _miles(metres)
    if miles is not None:
        return _say_miles(miles)
    m = int(half_up(metres))
    hundreds, rest = divmod(m, 100)
    if m < 1000:
        return number_words(m)
    if m == 1000:
        return "one kilometre"
    top = 39 if units == "imperial" else 19
    if rest == 0 and hundreds <= top and hundreds % 10:
        return f"{number_words(hundreds)} hundred"
    if m < 2000:
        return number_words(m)
    km = half_up(metres / 1000, 1)
    if km == int(km):
        return _plural(int(km), "kilometre")
    return f"{number_words(int(km))} point {number_words(int(half_up(km * 10)) % 10)} kilometres"


def say_distance(metres: float, units: str = "metric") -> str:
    """A distance in an announcement: ``200 -> 'two hundred metres'``, ``1600 -> 'sixteen hundred metres'``,
    ``1609.344 -> 'one mile'``, ``5000 -> 'five kilometres'``."""
    mark = say_mark(metres, units)
    return mark if mark.endswith(("mile", "miles", "kilometre", "kilometres")) else f"{mark} metres"


# ----- paces -----------------------------------------------------------------------------------

def say_pace(sec_per_m: float, units: str = "metric") -> str:
    """A pace in runner terms, whole seconds half-up: imperial ``'six minute mile pace'``,
    ``'six fifty mile pace'``; metric ``'five minutes per kilometre'``, ``'four forty per kilometre'``."""
    per = MILE_M if units == "imperial" else 1000.0
    m, s = divmod(int(half_up(sec_per_m * per)), 60)
    if units == "imperial":
        return f"{number_words(m)} minute mile pace" if not s else f"{number_words(m)} {_seconds_part(s)} mile pace"
    if not s:
        return _plural(m, "minute") + " per kilometre"
    return f"{number_words(m)} {_seconds_part(s)} per kilometre"


# ----- calls made during a rep ---------------------------------------------------------------

def lap_call(time_s: float, target_s: float | None = None, mark_m: float | None = None,
             units: str = "metric") -> str:
    """What is said when the runner presses lap: ``'thirty-seven point six, four tenths fast'``;
    at a split mark ``'two hundred, forty-four point one, one point one slow'``; with no target just the time.

    ``time_s`` is the time compared with ``target_s`` (seconds since the step started, or the lap's
    own time when there is no target); the difference is that of the two values as said, to the tenth.
    """
    parts = [say_mark(mark_m, units)] if mark_m is not None else []
    parts.append(say_time(time_s))
    if target_s is not None:
        parts.append(say_diff(diff_tenths(time_s, target_s)))
    return ", ".join(parts)


def split_call(mark_m: float, at_s: float, units: str = "metric") -> str:
    """The planned call at a split mark: ``(400, 80) -> 'four hundred, one twenty'`` (where the runner
    should be, at the moment they should be there)."""
    return lap_call(at_s, None, mark_m, units)


# ----- reps, sets and steps ------------------------------------------------------------------

def say_rep(rep: int, reps: int | None) -> str:
    """``'Rep three of eight.'`` (``'Rep three.'`` without a count)."""
    return f"Rep {number_words(rep)} of {number_words(reps)}." if reps else f"Rep {number_words(rep)}."


def say_set(set_: int, sets: int | None) -> str:
    """``'Set two of three.'``."""
    return f"Set {number_words(set_)} of {number_words(sets)}." if sets else f"Set {number_words(set_)}."


def last_words(last_rep: str | None, last_set: str | None) -> str | None:
    """What is said before a step that starts the final rep and/or the final set (``None``: nothing).

    Both on one step (the final set is a single rep): "Last one." unless the workout chose its
    own words for the final rep.
    """
    if last_rep and last_set:
        return LAST_ONE if last_rep == LAST_REP else last_rep
    return last_rep or last_set or None


def where_call(seg: Segment, step_elapsed_s: float, step_left_s: float | None, *, spoken: bool = False,
               countdown_s: float | None = None) -> str:
    """Where the runner is, on demand (the say key and ``--plain``): the step and its time.

    Shown: ``'Rep 3 of 8 · 1:12 left'``, ``'Rep 3 of 8 · 0:11 over the target'``, ``'Jog · 0:45 left'``,
    ``'Warm-up starts in 0:08'``. Spoken: ``'Rep three of eight, one twelve left.'``.
    A timed step says what is left; a lap-ended rep what is left to its target, or how far past
    it (whole seconds as the screen shows them: left rounds up, elapsed down); one without a
    target how long it has run. ``countdown_s``: the get-ready countdown is on.
    """
    def clock(seconds: float) -> str:
        return say_duration(seconds) if spoken else format_clock(seconds)

    if seg.is_rep and seg.rep is not None:  # (narrows rep for the type checker)
        parts = []
        if seg.set:
            parts.append(f"Set {_count(seg.set, seg.sets, spoken)}")
        parts.append(f"{'rep' if parts else 'Rep'} {_count(seg.rep, seg.reps, spoken)}")
        title = ", ".join(parts)
    else:
        title = step_title(seg)
    if countdown_s is not None:
        text = [f"{title} starts in {clock(math.ceil(countdown_s - _EPS))}"]
    elif step_left_s is not None:
        text = [title, f"{clock(math.ceil(step_left_s - _EPS))} left"]
    elif seg.target_s:
        over = step_elapsed_s - seg.target_s
        text = [title, f"{clock(math.floor(over + _EPS))} over the target" if over >= 0
                else f"{clock(math.ceil(-over - _EPS))} to the target"]
    else:
        text = [title, f"{clock(math.floor(step_elapsed_s + _EPS))} so far"]
    return ", ".join(text) + "." if spoken else " · ".join(text)


def _count(n: int, of: int | None, spoken: bool) -> str:
    if spoken:
        return f"{number_words(n)} of {number_words(of)}" if of else number_words(n)
    return f"{n} of {of}" if of else str(n)


def step_title(seg: Segment) -> str:
    """The step's name, or its kind's: ``'Hamstrings, left leg'``, ``'Jog'``, ``'Warm-up'``."""
    return seg.name or KIND_TITLE[seg.kind]


def title_of_kind(kind: str) -> str:
    """How a step kind is shown (``'cooldown' -> 'Cool-down'``), for a kind read back as text (a
    history row); a word that names no kind is shown as it is."""
    known = as_step_kind(kind)
    return KIND_TITLE[known] if known is not None else kind


def describe_step(seg: Segment, units: str = "metric", *, spoken: bool = False,
                  duration_s: float | None = None) -> str:
    """The one describer of a step, shown or spoken (labels, the screen, the picker, history, announcements).

    Shown: ``'Jog · 1:30'``, ``'Run · 200 m in 38s'``, ``'Warm-up · 15min easy'``,
    ``'Run · 10min at 6:50/mi'``, ``'Hill surge · 100 m until lap'``.
    Spoken: ``'Jog, one thirty'``, ``'Run, two hundred metres in thirty-eight seconds'``.
    ``duration_s`` overrides the planned length of a timed step (after +/-10 s).
    """
    sep = ", " if spoken else LABEL_SEPARATOR
    return f"{step_title(seg)}{sep}{step_target(seg, units, spoken=spoken, duration_s=duration_s)}"


def step_target(seg: Segment, units: str = "metric", *, spoken: bool = False,
                duration_s: float | None = None) -> str:
    """What ends the step and its target: ``'200 m in 38s'`` / ``'two hundred metres in thirty-eight seconds'``."""
    effort = f" {seg.effort}" if seg.effort else ""
    if seg.ends == "time" and not (seg.distance_m and seg.target_s):
        length = seg.duration_s if duration_s is None else duration_s
        text = say_duration(length) if spoken else format_duration(length)
        if spoken and seg.pace_s_per_m:
            text += f" at {say_pace(seg.pace_s_per_m, units)}"
        elif not spoken and seg.pace_range:
            unit = pace_unit(units)
            text += f" at {format_pace(seg.pace_range[0], unit)}–{format_pace(seg.pace_range[1], unit)}"
        elif not spoken and seg.pace_s_per_m:
            text += f" at {format_pace(seg.pace_s_per_m, pace_unit(units))}"
        return text + effort
    if seg.distance_m is None:
        return (LAP_WHEN_DONE if spoken else "until lap") + effort
    written = seg.written_m or seg.distance_m  # a lap in lane 3 is still "400 metres" to the coach
    if spoken:
        where = say_distance(written, units) + effort
        return f"{where} in {say_target(seg.target_s)}" if seg.target_s else f"{where}, {LAP_WHEN_DONE}"
    where = format_distance(written)
    if not seg.target_s:
        return f"{where} until lap{effort}"
    text = f"{where} in {format_target(seg.target_s)}"
    if seg.pace_range:
        unit = pace_unit(units)
        text += f" ({format_pace(seg.pace_range[0], unit)}–{format_pace(seg.pace_range[1], unit)})"
    return text + effort


def say_next(seg: Segment | None, units: str = "metric") -> str:
    """What comes next, for a template's ``{next}``: ``'Jog, one minute'``; after the last step, ``'the finish'``."""
    return describe_step(seg, units, spoken=True) if seg is not None else "the finish"


def announcement(seg: Segment, units: str = "metric", send_off_s: float | None = None) -> tuple[str, str]:
    """The standard spoken announcement of a step and its short form (said when time is short).

    A rep: ``('Rep three of eight. Two hundred metres in thirty-eight seconds.', 'Rep three. Thirty-eight seconds.')``;
    the first rep of a set starts ``'Set two of three. '``; a named rep adds its name; a rep of a
    send-off block (``send_off_s``) ends ``', on the two.'``.
    Any other step: ``('Jog, one thirty.', 'Jog.')``.
    """
    if seg.is_work and seg.rep is not None:
        head = say_rep(seg.rep, seg.reps)
        if seg.set is not None and seg.rep == 1:
            head = f"{say_set(seg.set, seg.sets)} {head}"
        if seg.name:
            head += f" {seg.name}."
        target = step_target(seg, units, spoken=True)
        if send_off_s:
            target += f", {say_send_off(send_off_s)}"
        short = f"Rep {number_words(seg.rep)}."
        if seg.target_s:
            short += f" {_sentence(say_target(seg.target_s))}."
        return f"{head} {_sentence(target)}.", short
    return f"{describe_step(seg, units, spoken=True)}.", f"{step_title(seg)}."


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


# ----- free text -------------------------------------------------------------------------------

_TOKEN_IN_TEXT = re.compile(r"(?<![\w.:])\d[\d:.]*\w*")
_CLOCK_TEXT = re.compile(r"(\d+):([0-5]\d)(?::([0-5]\d))?(?:\.(\d))?")
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-z])")  # a field filled in mid-template: "… pace. Four hundred …"
_DECIMAL_TEXT = re.compile(r"(\d+)(?:\.(\d+))?")


def speakable(text: str) -> str:
    """A workout's own words made safe for every engine: clock times and numbers in words, no ':'.

    ``'Hold 1:30 then 10 easy: relax'`` → ``'Hold one thirty then ten easy, relax'``. Numbers
    joined to letters (``5k``, ``200m``) are left as written; a sentence starts with a capital.
    """
    def token(m: re.Match[str]) -> str:
        word = m.group(0)
        stop = "." if word.endswith(".") else ""
        body = word[:-1] if stop else word
        clock = _CLOCK_TEXT.fullmatch(body)
        if clock:
            a, b, c, frac = clock.groups()
            secs = int(a) * 3600 + int(b) * 60 + int(c) if c else int(a) * 60 + int(b)
            return _say_tenths(secs * 10 + int(frac or 0), unit=False) + stop
        number = _DECIMAL_TEXT.fullmatch(body)
        if number:
            whole, frac = number.groups()
            words = number_words(int(whole))
            if frac:
                words += " point " + " ".join(number_words(int(d)) for d in frac)
            return words + stop
        return word

    text = _TOKEN_IN_TEXT.sub(token, text).replace(":", ",")
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


# ----- shown forms (digits) ------------------------------------------------------------------

def pace_unit(units: str) -> str:
    """``'mi'`` for imperial, else ``'km'``: the unit a pace is shown per."""
    return "mi" if units == "imperial" else "km"


def counted(n: int, noun: str) -> str:
    """``1 step``, ``8 steps``: a count with its noun in the right number (English ``-s`` plurals)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def format_clock(seconds: float, tenths: bool = False) -> str:
    """``95 -> '1:35'``, ``38 -> '0:38'``, ``5400 -> '1:30:00'``; with ``tenths``, ``37.6 -> '0:37.6'``.

    Half-up: ``89.5 -> '1:30'``.
    """
    neg = seconds < 0
    seconds = abs(seconds)
    if tenths:
        whole, frac = divmod(int(half_up(seconds * 10)), 10)
    else:
        whole, frac = int(half_up(seconds)), 0
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    text = f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
    if tenths:
        text += f".{frac}"
    return ("-" if neg else "") + text


def format_mark(seconds: float) -> str:
    """A time to hit, shown with its tenth only when it has one: ``80 -> '1:20'``, ``89.5 -> '1:29.5'``, ``19 -> '0:19'``."""
    return format_clock(seconds, tenths=abs(seconds - half_up(seconds)) >= 0.05)


def format_diff(time_s: float, target_s: float) -> str:
    """A time against its target as shown, from the shown values: ``(80.25, 80) -> '+0.3'``, ``(37.6, 38) -> '-0.4'``."""
    d = diff_tenths(time_s, target_s)
    whole, tenth = divmod(abs(d), 10)
    return f"{'-' if d < 0 else '+'}{whole}.{tenth}"


def format_split(at_m: float, after_s: float) -> str:
    """A split mark as a prompt shows it (exports write it; imports know it again): ``'400 m 1:29.5'``."""
    return f"{format_distance(at_m)} {format_mark(after_s)}"


def format_target(seconds: float) -> str:
    """A target time as shown, to its tenth like ``say_target``: ``38s``, ``37.5s``, ``1:00``, ``1:29.5``."""
    return format_duration(seconds) if tenths(seconds) < 600 else format_mark(seconds)


def format_duration(seconds: float) -> str:
    """A duration as a runner writes it: ``38s``, ``37.5s``, ``2min``, ``15min``, ``1:30``, ``1:30:00``."""
    if tenths(seconds) < 600:
        text = f"{half_up(seconds, 1):.1f}".rstrip("0").rstrip(".")
        return f"{text}s"
    if abs(seconds % 60) < 1e-9 and seconds < 3600:
        return f"{int(seconds // 60)}min"
    return format_clock(seconds)


def format_distance(metres: float) -> str:
    """As ``say_distance`` says it: ``200 -> '200 m'``, ``1600 -> '1600 m'``, ``1000 -> '1 km'``,
    ``1609.344 -> '1 mi'``, ``2414.016 -> '1.5 mi'``, ``402.336 -> '0.25 mi'``, ``5000 -> '5 km'``,
    ``3200 -> '3.2 km'``."""
    miles = _miles(metres)
    if miles is not None:
        return f"{miles:g} mi"
    m = int(half_up(metres))
    if m < 2000 and m != 1000:
        return f"{m} m"
    return f"{half_up(metres / 1000, 1):.1f}".rstrip("0").rstrip(".") + " km"


def format_pace(sec_per_m: float, unit: str = "mi") -> str:
    """A pace such as ``5:06/mi`` or ``3:10/km`` from seconds per metre (``unit`` is ``mi`` or ``km``)."""
    per = METRES[unit] if unit in METRES else MILE_M
    return f"{format_clock(sec_per_m * per)}/{unit}"


# ----- how long a phrase takes to say ------------------------------------------------------

DEFAULT_WPM = 170  # words per minute assumed when an engine's own rate is not set (about espeak-ng's)
_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:'[^\W\d_]+)?")
_PAUSE = re.compile(r"[,;:.!?]+(?:\s|$)")
PAUSE_S = 0.2  # a comma or a full stop
LETTERS_PER_WORD = 5.0


def _digit_words(digits: str) -> float:
    """Roughly how many words a number written in digits takes: '3' one, '38' two, '200' two."""
    n = int(digits)
    if n < 13:
        return 1.0
    if n < 20:
        return 1.5
    if n < 100:
        return 1.0 if n % 10 == 0 else 2.0
    if n < 1000:
        return 2.0 + _digit_words(str(n % 100)) if n % 100 else 2.0
    return 2.0 + _digit_words(str(n % 1000)) if n % 1000 else 2.0


@lru_cache(maxsize=8192)  # reps repeat the same phrases
def estimate_duration(text: str, words_per_minute: int | float = DEFAULT_WPM) -> float:
    """Seconds it takes to say ``text`` at ``words_per_minute``, pauses at punctuation included.

    For planning without audio (the compiler, ``check``, live engines). It errs slightly long:
    a cue planned too long only starts a little early.
    """
    words = 0.0
    for token in _TOKEN.findall(text):
        if token.isdigit():
            words += _digit_words(token)
        else:
            # "of", "in", "a" are said quickly; long words take longer than short ones.
            words += 0.6 if len(token) <= 2 else max(1.0, len(token) / LETTERS_PER_WORD)
    if words == 0:
        return 0.0
    words = max(words, 1.0)
    pauses = len(_PAUSE.findall(text.strip() + " ")) - (1 if text.rstrip()[-1:] in ".!?" else 0)
    return round(words * 60.0 / words_per_minute + max(0, pauses) * PAUSE_S, 3)
