"""Timing the cues with their real lengths: Go on the boundary, announcements done before the pips.

The compiler writes each cue where it belongs; only here are the clips' lengths known (measured
from the rendered clips, or estimated when no engine renders). ``plan_cues`` follows these rules:

1. Tones and "go" cues sound exactly where they were written; nothing moves them.
2. Every other cue has a **window** of starts: from ``SLACK_S`` before its written time (a cue
   that must end by ``ends_by_s``, an announcement, may go back to the start of the step it is
   written in) to ``SLACK_S`` after it, and never so late that it ends after ``ends_by_s``.
   A cue is **free** at a start when it stays ``GAP_S`` clear of every other sound there.
3. Cues are settled one at a time, most important first (priority 1, then 2, then 3); among
   equals a cue that must end by a moment first (the next step's announcement: it says more
   than the calls around it), then the later-written first, so when two clash the earlier one
   moves earlier. A settled cue is never moved again.
4. Each cue, in its full form, takes its written time if that is free of the cues settled so far
   and of the written times of those still to settle. Else, among the starts in its window free
   of the settled cues, the one in the way of the fewest cues still to settle (they will move in
   their turn), then the nearest its written time, earlier before later. If no start is free,
   the same with its short form. Then a cue of priority 2 or 3 is **dropped**; a priority-1 cue
   plays anyway in its shortest form, where it overlaps the least, with a warning.

5. **The lap call's room.** When a step ends on the lap key the runner hears the lap's time the
   moment they press it, and that moment starts the next step. So the start of the step after a
   lap-ended one (or the end of the workout, when the last step ends on the lap key) is kept
   free for as long as the call of a lap ``LAP_ROOM_OFF`` (5 %) slower than the step's target
   takes to say (``lap_rooms``), and ``gap_s`` after it: no cue that can move is placed there
   (rule 4 treats the room as a settled sound). Its length is that phrase's own in ``durations`` —
   rendered by the same engine as every other phrase (``soundtrack.prepare`` renders it) — and
   estimated from its words only when it is not there. Tones and "go" stay where they are;
   the room (and the call) starts after them. A cue written inside the room aims just after it,
   and its window reaches as much further as the room is long: the room costs it a move, not its
   words. (The call itself is placed at run time, in free time: ``soundtrack/airtime.py``.)

So a clash moves or shortens only the cues that clash: a cue whose written time is free is
played as written, a cue is shortened only when its full form fits nowhere in its window beside
the sounds that play, and dropped only when its short form fits nowhere either; of two cues that
clash, the less important one gives way. (The "10 seconds to go" that the next announcement
would talk over is just that: priority 3, it moves if it can, else it is dropped.)

Cost: a sort, then each cue looks only at the sounds inside its window (``fit.Occupancy``, a
time-bucketed index): O(n log n) in cues. No cue is placed twice; nothing is re-planned.

``PlannedCue``, ``LapRoom`` and ``CuePlan`` are NamedTuples (change one with ``_replace``) and the
working items plain classes, not dataclasses: ``trackcue check`` plans with this module, and the
dataclass machinery costs it more than half a bare interpreter's start to import, then about a
millisecond per class. Annotations are not postponed here (no ``from __future__ import
annotations``): a NamedTuple compiles each field's annotation given as a string, and the first
compile in a process builds Python's syntax tree types, a quarter of a bare start
(tests/test_startup.py keeps both out).
"""

from bisect import bisect_left, bisect_right
from typing import Any, Literal, Mapping, NamedTuple, get_args

from trackcue.phrases import DEFAULT_WPM, estimate_duration, half_up, lap_call
from trackcue.speech.occupancy import (
    EPS,
    Interval,
    Occupancy,
    best_start,
    least_overlap_start,
    overlapping,
)
from trackcue.timeline import Cue, Segment, Timeline

GAP_S = 0.15  # silence between two cues, and between an earcon and its phrase
SLACK_S = 1.5  # how far a cue may move off its written time (an announcement may go back further)
KIND_NAMES = {"announce": "announcement", "announcement": "announcement", "step": "announcement"}
# The room kept for a lap call is that of a lap this much slower than the target: the longest
# call a runner near their target usually gets ("thirty-nine point nine, one point nine slow").
LAP_ROOM_OFF = 0.05

# How a cue will play: as written, moved off its written time, in its short form, or not at all.
PlannedForm = Literal["full", "moved", "short", "dropped"]
PLANNED_FORMS: tuple[PlannedForm, ...] = get_args(PlannedForm)


def is_exact(type_: str, kind: str) -> bool:
    """Rule 1: tones and "go" cues sound exactly where they were written."""
    return type_ == "tone" or kind == "go"


class PlannedCue(NamedTuple):
    """One cue as it will play: ``sound`` at ``at_s``, then ``text`` spoken at ``speech_at_s``.

    ``index`` is the written cue's position in ``Timeline.cues``. ``sound`` is a tone cue's clip,
    a spoken cue's earcon, or its fallback tone (``fallback``) when the phrase cannot be spoken;
    ``text`` is the key of its pre-rendered clip. Dropped cues are kept (flagged) so
    ``trackcue check`` and ``compile`` can show them; the engine skips them. ``forced``: a
    priority-1 cue that fit nowhere and plays overlapping others. Times in seconds.
    """

    at_s: float
    duration_s: float
    segment: int
    kind: str
    type: str
    priority: int
    index: int  # type: ignore[assignment]  # the field shadows tuple.index(): the written cue's place
    sound: str | None = None
    text: str | None = None
    speech_at_s: float | None = None
    moved_s: float = 0.0  # planned minus written time: negative means earlier
    shortened: bool = False
    dropped: bool = False
    fallback: bool = False
    forced: bool = False
    overlaps: bool = False

    @property
    def end_s(self) -> float:
        return self.at_s + self.duration_s

    @property
    def exact(self) -> bool:
        """A tone or "go": it sounds where it was written, and nothing ever moves it (rule 1)."""
        return is_exact(self.type, self.kind)

    @property
    def written_at_s(self) -> float:
        return round(self.at_s - self.moved_s, 3)

    @property
    def form(self) -> PlannedForm:
        """``dropped``, ``short`` (perhaps moved too), ``moved`` or ``full`` (as written)."""
        if self.dropped:
            return "dropped"
        if self.shortened:
            return "short"
        return "moved" if abs(self.moved_s) > 1e-6 else "full"

    def to_json(self) -> dict[str, Any]:
        """The cue's ``plan`` in ``trackcue compile --json`` (docs/timeline-json.md).

        A dropped cue plays nothing: its ``text``, ``sound`` and ``speech_at_s`` are ``None``.
        """
        sounds = not self.dropped
        return {
            "form": self.form,
            "at_s": self.at_s,
            "duration_s": self.duration_s if sounds else 0.0,
            "text": self.text if sounds else None,
            "speech_at_s": self.speech_at_s if sounds else None,
            "sound": self.sound if sounds else None,
            "fallback": self.fallback,
            "overlaps": self.overlaps,
        }


class LapRoom(NamedTuple):
    """Time kept free for the lap call from ``at_s``: the start of the step after a lap-ended one,
    or just after the tones that sound there (a "go").

    ``text`` is the call planned for (a lap ``LAP_ROOM_OFF`` off target), ``length_s`` how long it
    takes to say: measured when ``durations`` had it, else estimated (``estimated``). Seconds.
    """

    at_s: float
    segment: int  # the lap-ended step whose lap is called
    text: str
    length_s: float
    estimated: bool
    lap_s: float  # where the lap is pressed: the end of that step (``at_s`` is later after a tone there)

    @property
    def end_s(self) -> float:
        return self.at_s + self.length_s


def lap_rooms(timeline: Timeline) -> list[tuple[float, int, str]]:
    """(workout time, lap-ended step, call text) for each lap that ends a step: where the call is said.

    The call is the one for a lap ``LAP_ROOM_OFF`` slower than the step's target (its planned
    length when it has none), with a tenth in it: the longer form every runner near the target
    hears. ``soundtrack.prepare`` renders these texts with the workout's phrases.
    """
    out = []
    calls: dict[tuple[float, float | None], str] = {}  # reps share targets: each call worded once
    for seg in timeline.segments:
        if seg.ends != "lap":
            continue
        key = (seg.target_s if seg.target_s is not None else seg.duration_s, seg.target_s)
        text = calls.get(key)
        if text is None:
            time = half_up(key[0] * (1 + LAP_ROOM_OFF), 1)
            if round(time * 10) % 10 == 0:
                time += 0.1  # "thirty-nine, one second slow" is shorter than most calls near it
            text = calls[key] = lap_call(time, seg.target_s)
        out.append((seg.end_s, seg.index, text))
    return out


class CuePlan(NamedTuple):
    """Every cue of a timeline in the order it starts, one warning line per compromise made, and
    the room kept for each lap call (rule 5)."""

    cues: list[PlannedCue]
    warnings: list[str]
    lap_rooms: list[LapRoom]

    @property
    def playing(self) -> list[PlannedCue]:
        """The cues that will sound (not dropped)."""
        return [c for c in self.cues if not c.dropped]

    def by_index(self) -> dict[int, PlannedCue]:
        """Each planned cue under its written cue's position in ``Timeline.cues``."""
        return {c.index: c for c in self.cues}


class _Form(NamedTuple):
    text: str | None
    earcon: float  # seconds from the start to the phrase (earcon + gap), 0 without earcon
    duration: float
    shortened: bool = False
    fallback: bool = False


class _Item:
    """One cue being settled: what it could play (``forms``) and, once settled, where and how."""

    __slots__ = ("index", "cue", "fixed", "earliest", "forms", "silent", "aim", "pushed", "choice", "start",
                 "dropped", "forced")

    def __init__(self, index: int, cue: Cue, fixed: bool, earliest: float, forms: list[_Form], silent: bool,
                 aim: float = 0.0, pushed: float = 0.0) -> None:
        self.index = index
        self.cue = cue
        self.fixed = fixed
        self.earliest = earliest  # the start of the step it is written in (or its written time, if earlier)
        self.forms = forms
        self.silent = silent  # nothing to play: no phrase and no tone
        self.aim = aim  # where it would play: its written time, or just after the lap room written over
        self.pushed = pushed  # the length of that room: it may go that much further (the room took the time)
        self.choice = 0
        self.start: float | None = None
        self.dropped = False
        self.forced = False

    @property
    def form(self) -> _Form:
        return self.forms[self.choice]

    def window(self, duration: float, slack_s: float) -> tuple[float, float]:
        """The starts this cue may take at ``duration`` seconds long (rule 2)."""
        cue = self.cue
        lo = self.earliest if cue.ends_by_s is not None else max(self.earliest, self.aim - slack_s)
        hi = self.aim + slack_s + self.pushed
        if cue.ends_by_s is not None:
            hi = min(hi, cue.ends_by_s - duration)
        return lo, hi


def plan_cues(
    timeline: Timeline,
    durations: Mapping[str, float],
    gap_s: float = GAP_S,
    slack_s: float = SLACK_S,
) -> CuePlan:
    """Place every cue of ``timeline`` given ``durations`` (seconds per tone name and per phrase).

    A phrase missing from ``durations`` cannot be spoken (speech off, or its rendering failed):
    its cue plays its ``sound`` instead, or is dropped if it has none. The rules are the module's.
    """
    warnings: list[str] = []
    starts = [s.start_s for s in timeline.segments]
    segments = {s.index: s for s in timeline.segments}
    items = [_item(n, timeline, starts, segments, cue, durations, gap_s, warnings)
             for n, cue in enumerate(timeline.cues)]
    settled, pending = Occupancy(), Occupancy()
    for it in items:
        if it.silent:
            it.dropped = True
        elif it.fixed:
            it.start = it.cue.at_s
            settled.add(it.index, Interval(it.start, it.start + it.form.duration))
    fixed = sorted((it for it in items if it.fixed and not it.silent), key=lambda it: it.cue.at_s)
    times, longest = [it.cue.at_s for it in fixed], max((it.form.duration for it in fixed), default=0.0)
    rooms = [_room(at, seg, text, durations, fixed, times, longest, gap_s) for at, seg, text in lap_rooms(timeline)]
    for n, room in enumerate(rooms):  # keys below every cue's index: a room is never settled or moved
        settled.add(-1 - n, Interval(room.at_s, room.end_s))
    movable = [it for it in items if not it.fixed and not it.silent]
    _aim_past(rooms, movable, gap_s)
    for it in movable:
        pending.add(it.index, Interval(it.aim, it.aim + it.form.duration))
    for it in sorted(movable, key=lambda i: (i.cue.priority, i.cue.ends_by_s is None, -i.cue.at_s, -i.index)):
        pending.remove(it.index)
        _settle(it, settled, pending, gap_s, slack_s)
        if it.start is not None:
            settled.add(it.index, Interval(it.start, it.start + it.form.duration))
    for it in sorted(items, key=lambda i: (i.cue.at_s, i.index)):
        outcome = _outcome(it)
        if outcome:
            warnings.append(f"{_where(segments.get(it.cue.segment))}: {_what(it.cue)} {outcome}")
    planned = [_planned(it) for it in items]
    sounding = [i for i, p in enumerate(planned) if not p.dropped]
    for n in overlapping([Interval(planned[i].at_s, planned[i].end_s) for i in sounding]):
        planned[sounding[n]] = planned[sounding[n]]._replace(overlaps=True)
    return CuePlan(sorted(planned, key=lambda c: (c.at_s, c.index)), warnings, rooms)


def _aim_past(rooms: list[LapRoom], movable: list[_Item], gap_s: float) -> None:
    """A cue written inside a lap room aims just after it, and may go as much later again as the
    room is long (rule 5): the cues written there all fit after it, and the room costs them a move,
    never their words."""
    rooms = sorted(rooms, key=lambda r: r.lap_s)
    starts = [r.lap_s for r in rooms]
    for it in movable:
        i = bisect_right(starts, it.cue.at_s + EPS) - 1
        if i >= 0 and it.cue.at_s < rooms[i].end_s + gap_s - EPS:
            it.aim, it.pushed = rooms[i].end_s + gap_s, rooms[i].end_s - rooms[i].lap_s


def _room(at: float, segment: int, text: str, durations: Mapping[str, float], fixed: list[_Item],
          times: list[float], longest: float, gap_s: float) -> LapRoom:
    """The lap call's room from ``at``, after the tones of the next steps that sound there (a "go"
    on the boundary): the call is placed after them. The lap-ended step's own target tone is not
    one of them: a lap at or before the target cancels it. ``fixed``: the exact cues by time
    (``times``), the ``longest`` lasting that long. Its length measured if ``durations`` has it,
    else estimated."""
    length = durations.get(text)
    estimated = length is None
    if length is None:
        length = estimate_duration(text, DEFAULT_WPM)
    start, moved = at, True
    while moved:
        moved = False
        for it in fixed[bisect_left(times, start - longest - gap_s):bisect_right(times, start + length + gap_s)]:
            end = it.cue.at_s + it.form.duration
            if it.cue.segment != segment and it.cue.at_s < start + length + gap_s - EPS and end + gap_s > start + EPS:
                start, moved = end + gap_s, True
    return LapRoom(round(start, 3), segment, text, length, estimated, at)


def _item(n: int, timeline: Timeline, starts: list[float], segments: Mapping[int, Segment], cue: Cue,
          durations: Mapping[str, float], gap_s: float, warnings: list[str]) -> _Item:
    fixed = is_exact(cue.type, cue.kind)
    sound = durations.get(cue.sound) if cue.sound else None
    if cue.sound and sound is None:
        warnings.append(f"{_where(segments.get(cue.segment))}: unknown sound {cue.sound!r}")
    if cue.type == "tone":
        forms = [_Form(None, 0.0, sound or 0.0)]
    else:
        earcon = sound + gap_s if sound is not None and cue.earcon else 0.0
        forms = [
            _Form(text, earcon, earcon + durations[text], shortened=k > 0)
            for k, text in enumerate(dict.fromkeys(t for t in (cue.text, cue.short_text) if t))
            if text in durations
        ]
        if not forms and sound is not None:
            forms = [_Form(None, 0.0, sound, fallback=True)]
    # The segment boundary before the cue: it may be moved earlier, but not past it.
    i = bisect_right(starts, cue.at_s) - 1
    boundary = starts[max(0, i)] if cue.at_s >= 0 and starts else -timeline.lead_in_s
    return _Item(n, cue, fixed, min(boundary, cue.at_s), forms or [_Form(None, 0.0, 0.0)], silent=not forms,
                 aim=cue.at_s)


def _settle(it: _Item, settled: Occupancy, pending: Occupancy, gap_s: float, slack_s: float) -> None:
    """Rule 4: the first form with a start free of the settled cues; else drop the cue or force it."""
    for choice, form in enumerate(it.forms):
        lo, hi = it.window(form.duration, slack_s)
        start = best_start(it.aim, lo, hi, form.duration, gap_s, settled, pending)
        if start is not None:
            it.choice, it.start = choice, start
            return
    it.choice = len(it.forms) - 1
    if it.cue.priority >= 2:
        it.dropped = True
        return
    d = it.form.duration
    lo, _ = it.window(d, slack_s)
    hi = max(lo, it.aim + slack_s + it.pushed)
    it.forced = True
    it.start = least_overlap_start(it.aim, d, lo, hi, settled.near(lo, hi + d, gap_s), gap_s)


def _outcome(it: _Item) -> str:
    """What ``trackcue check`` should say about a cue that does not play as written."""
    if it.silent:
        return "has no speech and no tone: skipped"
    if it.dropped:
        return "dropped: not enough time"
    if it.forced:
        return "does not fit: it plays anyway, overlapping as little as possible"
    if it.form.shortened:
        return "shortened to fit"
    return ""


def _planned(it: _Item) -> PlannedCue:
    cue, form = it.cue, it.form
    at = cue.at_s if it.start is None else it.start
    return PlannedCue(
        at_s=round(at, 3),
        duration_s=round(form.duration, 3),
        segment=cue.segment,
        kind=cue.kind,
        type=cue.type,
        priority=cue.priority,
        index=it.index,
        sound=cue.sound if (cue.type == "tone" or form.earcon or form.fallback) else None,
        text=form.text,
        speech_at_s=round(at + form.earcon, 3) if form.text else None,
        moved_s=round(at - cue.at_s, 3),
        shortened=form.shortened,
        dropped=it.dropped,
        fallback=form.fallback,
        forced=it.forced,
    )


def _where(seg: Segment | None) -> str:
    return f"step {seg.index + 1} ({seg.label})" if seg is not None else "lead-in"


def _what(cue: Cue) -> str:
    name = KIND_NAMES.get(cue.kind, cue.kind)
    words = cue.text or cue.sound or ""
    return f'{name} "{words[:40]}"' if words else name
