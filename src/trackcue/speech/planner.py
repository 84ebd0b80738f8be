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

So a clash moves or shortens only the cues that clash: a cue whose written time is free is
played as written, a cue is shortened only when its full form fits nowhere in its window beside
the sounds that play, and dropped only when its short form fits nowhere either; of two cues that
clash, the less important one gives way. (The "10 seconds to go" that the next announcement
would talk over is just that: priority 3, it moves if it can, else it is dropped.)

Cost: a sort, then each cue looks only at the sounds inside its window (``fit.Occupancy``, a
time-bucketed index): O(n log n) in cues. No cue is placed twice; nothing is re-planned.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Mapping, get_args

from trackcue.speech.fit import (
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

# How a cue will play: as written, moved off its written time, in its short form, or not at all.
PlannedForm = Literal["full", "moved", "short", "dropped"]
PLANNED_FORMS: tuple[PlannedForm, ...] = get_args(PlannedForm)


@dataclass(frozen=True)
class PlannedCue:
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
    index: int
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


@dataclass
class Plan:
    """Every cue of a timeline in the order it starts, and one warning line per compromise made."""

    cues: list[PlannedCue]
    warnings: list[str] = field(default_factory=list)

    @property
    def playing(self) -> list[PlannedCue]:
        """The cues that will sound (not dropped)."""
        return [c for c in self.cues if not c.dropped]

    def by_index(self) -> dict[int, PlannedCue]:
        """Each planned cue under its written cue's position in ``Timeline.cues``."""
        return {c.index: c for c in self.cues}


@dataclass
class _Form:
    text: str | None
    earcon: float  # seconds from the start to the phrase (earcon + gap), 0 without earcon
    duration: float
    shortened: bool = False
    fallback: bool = False


@dataclass
class _Item:
    index: int
    cue: Cue
    fixed: bool
    earliest: float  # the start of the step it is written in (or its written time, if earlier)
    forms: list[_Form]
    silent: bool  # nothing to play: no phrase and no tone
    choice: int = 0
    start: float | None = None
    dropped: bool = False
    forced: bool = False

    @property
    def form(self) -> _Form:
        return self.forms[self.choice]

    def window(self, duration: float, slack_s: float) -> tuple[float, float]:
        """The starts this cue may take at ``duration`` seconds long (rule 2)."""
        cue = self.cue
        lo = self.earliest if cue.ends_by_s is not None else max(self.earliest, cue.at_s - slack_s)
        hi = cue.at_s + slack_s
        if cue.ends_by_s is not None:
            hi = min(hi, cue.ends_by_s - duration)
        return lo, hi


def plan_cues(
    timeline: Timeline,
    durations: Mapping[str, float],
    gap_s: float = GAP_S,
    slack_s: float = SLACK_S,
) -> Plan:
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
        else:
            pending.add(it.index, Interval(it.cue.at_s, it.cue.at_s + it.form.duration))
    movable = [it for it in items if not it.fixed and not it.silent]
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
        planned[sounding[n]] = replace(planned[sounding[n]], overlaps=True)
    return Plan(sorted(planned, key=lambda c: (c.at_s, c.index)), warnings)


def _item(n: int, timeline: Timeline, starts: list[float], segments: Mapping[int, Segment], cue: Cue,
          durations: Mapping[str, float], gap_s: float, warnings: list[str]) -> _Item:
    fixed = cue.type == "tone" or cue.kind == "go"
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
    return _Item(n, cue, fixed, min(boundary, cue.at_s), forms or [_Form(None, 0.0, 0.0)], silent=not forms)


def _settle(it: _Item, settled: Occupancy, pending: Occupancy, gap_s: float, slack_s: float) -> None:
    """Rule 4: the first form with a start free of the settled cues; else drop the cue or force it."""
    for choice, form in enumerate(it.forms):
        lo, hi = it.window(form.duration, slack_s)
        start = best_start(it.cue.at_s, lo, hi, form.duration, gap_s, settled, pending)
        if start is not None:
            it.choice, it.start = choice, start
            return
    it.choice = len(it.forms) - 1
    if it.cue.priority >= 2:
        it.dropped = True
        return
    d = it.form.duration
    lo, _ = it.window(d, slack_s)
    hi = max(lo, it.cue.at_s + slack_s)
    it.forced = True
    it.start = least_overlap_start(it.cue.at_s, d, lo, hi, settled.near(lo, hi + d, gap_s), gap_s)


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
