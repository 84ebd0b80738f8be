"""Timing the cues with their real lengths: Go on the boundary, announcements done before the pips.

The compiler places cues where they belong; only here are the clips' real durations known.
``plan_cues`` keeps every tone and every "go" cue exactly where it was written and fits each
spoken cue around them: at its time if it fits, else moved (earlier when it must end by
``ends_by_s``), then in its short form, then — lowest priority first — cues are dropped.
A priority-1 cue is never dropped: if it cannot fit it plays anyway, overlapping as little as
possible, with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping

from trackcue.speech.fit import Interval, best_start, least_overlap_start, overlapping
from trackcue.timeline import Cue, Timeline

GAP_S = 0.15  # silence between two cues, and between an earcon and its phrase
SLACK_S = 1.5  # how far a cue without ``ends_by_s`` may move off its time to avoid another
KIND_NAMES = {"announce": "announcement", "announcement": "announcement", "step": "announcement"}


@dataclass(frozen=True)
class PlannedCue:
    """One cue as it will play: ``sound`` at ``at_s``, then ``text`` spoken at ``speech_at_s``.

    ``sound`` is a tone cue's clip, a spoken cue's earcon, or its fallback tone (``fallback``)
    when the phrase cannot be spoken; ``text`` is the key of its pre-rendered clip. Dropped cues
    are kept (flagged) so ``trackcue check`` can show them; the engine skips them.
    """

    at_s: float
    duration_s: float
    segment: int
    kind: str
    type: str
    priority: int
    sound: str | None = None
    text: str | None = None
    speech_at_s: float | None = None
    moved_s: float = 0.0  # planned minus written time: negative means earlier
    shortened: bool = False
    dropped: bool = False
    fallback: bool = False
    overlaps: bool = False

    @property
    def end_s(self) -> float:
        return self.at_s + self.duration_s


@dataclass
class Plan:
    """Every cue of a timeline in the order it starts, and one warning line per compromise made."""

    cues: list[PlannedCue]
    warnings: list[str] = field(default_factory=list)

    @property
    def playing(self) -> list[PlannedCue]:
        """The cues that will sound (not dropped)."""
        return [c for c in self.cues if not c.dropped]


@dataclass
class _Form:
    text: str | None
    earcon: float  # seconds from the start to the phrase (earcon + gap), 0 without earcon
    duration: float
    shortened: bool = False
    fallback: bool = False


@dataclass
class _Item:
    cue: Cue
    fixed: bool
    earliest: float
    forms: list[_Form]
    choice: int = 0
    dropped: bool = False
    forced: bool = False

    @property
    def form(self) -> _Form:
        return self.forms[self.choice]

    def can_shorten(self) -> bool:
        return self.choice + 1 < len(self.forms)


def plan_cues(
    timeline: Timeline,
    durations: Mapping[str, float],
    gap_s: float = GAP_S,
    slack_s: float = SLACK_S,
) -> Plan:
    """Place every cue of ``timeline`` given ``durations`` (seconds per tone name and per phrase).

    A phrase missing from ``durations`` cannot be spoken (speech off, or its rendering failed):
    its cue plays its ``sound`` instead, or is dropped if it has none.
    """
    warnings: list[str] = []
    items = [_item(timeline, cue, durations, gap_s, warnings) for cue in timeline.cues]
    # Stable: cues written at the same moment keep the compiler's order.
    items.sort(key=lambda it: (it.cue.at_s, not it.fixed))
    silent = {id(it) for it in items if it.dropped}  # nothing to play at all
    while True:
        starts, stuck, region = _place(items, gap_s, slack_s)
        if stuck is None:
            break
        _resolve(stuck, region)
    for it in items:
        outcome = _outcome(it, id(it) in silent)
        if outcome:
            warnings.append(f"{_where(timeline, it.cue)}: {_what(it.cue)} {outcome}")
    planned = [_planned(it, starts.get(id(it))) for it in items]
    sounding = [i for i, p in enumerate(planned) if not p.dropped]
    for n in overlapping([Interval(planned[i].at_s, planned[i].end_s) for i in sounding]):
        planned[sounding[n]] = replace(planned[sounding[n]], overlaps=True)
    return Plan(sorted(planned, key=lambda c: c.at_s), warnings)


def _item(timeline: Timeline, cue: Cue, durations: Mapping[str, float], gap_s: float, warnings: list[str]) -> _Item:
    fixed = cue.type == "tone" or cue.kind == "go"
    sound = durations.get(cue.sound) if cue.sound else None
    if cue.sound and sound is None:
        warnings.append(f"{_where(timeline, cue)}: unknown sound {cue.sound!r}")
    if cue.type == "tone":
        forms = [_Form(None, 0.0, sound or 0.0)]
    else:
        earcon = sound + gap_s if sound is not None and cue.earcon else 0.0
        forms = [
            _Form(text, earcon, earcon + durations[text], shortened=n > 0)
            for n, text in enumerate(dict.fromkeys(t for t in (cue.text, cue.short_text) if t))
            if text in durations
        ]
        if not forms and sound is not None:
            forms = [_Form(None, 0.0, sound, fallback=True)]
    item = _Item(cue, fixed, _earliest(timeline, cue), forms or [_Form(None, 0.0, 0.0)])
    item.dropped = not forms
    return item


def _earliest(timeline: Timeline, cue: Cue) -> float:
    """The segment boundary before the cue: it may be moved earlier, but not past it."""
    seg = timeline.segment_at(cue.at_s) if cue.at_s >= 0 else None
    boundary = seg.start_s if seg is not None else -timeline.lead_in_s
    return min(boundary, cue.at_s)


def _place(items: list[_Item], gap_s: float, slack_s: float):
    """One pass in time order; returns (starts, None, []) or the first cue that does not fit."""
    fixed = sorted(
        Interval(it.cue.at_s, it.cue.at_s + it.form.duration) for it in items if it.fixed and not it.dropped
    )
    starts: dict[int, float] = {}
    placed: list[tuple[_Item, Interval]] = []
    prev_end = float("-inf")
    for it in items:
        if it.dropped:
            continue
        cue, d = it.cue, it.form.duration
        if it.fixed:
            start = cue.at_s
        else:
            lo = max(it.earliest, prev_end + gap_s)
            if cue.ends_by_s is not None:
                window = (lo, min(cue.at_s + slack_s, cue.ends_by_s - d))
            else:
                window = (max(lo, cue.at_s - slack_s), cue.at_s + slack_s)
            start = best_start(cue.at_s, d, window, fixed, gap_s)
            if start is None and it.forced:
                others = fixed + [iv for _, iv in placed]
                start = least_overlap_start(cue.at_s, d, it.earliest, cue.at_s + slack_s, others, gap_s)
            if start is None:
                region = [p for p, iv in placed if not p.fixed and iv.end > it.earliest]
                return starts, it, region
        starts[id(it)] = start
        placed.append((it, Interval(start, start + d)))
        prev_end = max(prev_end, start + d)
    return starts, None, []


def _resolve(stuck: _Item, region: list[_Item]) -> None:
    """Make room for ``stuck``: shorten it, shorten others, drop the least important, or force it."""
    if stuck.can_shorten():
        stuck.choice += 1
        return
    shorter = [it for it in region if it.can_shorten() and it.cue.priority >= stuck.cue.priority]
    if shorter:
        max(shorter, key=lambda i: i.cue.priority).choice += 1
        return
    droppable = [it for it in [*region, stuck] if it.cue.priority >= 2]
    if droppable:
        lowest = max(it.cue.priority for it in droppable)
        it = stuck if stuck.cue.priority == lowest else [i for i in droppable if i.cue.priority == lowest][-1]
        it.dropped = True
        return
    stuck.forced = True


def _outcome(it: _Item, silent: bool) -> str:
    """What ``trackcue check`` should say about a cue that does not play as written."""
    if silent:
        return "has no speech and no tone: skipped"
    if it.dropped:
        return "dropped: not enough time"
    if it.forced:
        return "does not fit: it plays anyway, overlapping as little as possible"
    if it.form.shortened:
        return "shortened to fit"
    return ""


def _planned(it: _Item, start: float | None) -> PlannedCue:
    cue, form = it.cue, it.form
    at = cue.at_s if start is None else start
    return PlannedCue(
        at_s=round(at, 3),
        duration_s=round(form.duration, 3),
        segment=cue.segment,
        kind=cue.kind,
        type=cue.type,
        priority=cue.priority,
        sound=cue.sound if (cue.type == "tone" or form.earcon or form.fallback) else None,
        text=form.text,
        speech_at_s=round(at + form.earcon, 3) if form.text else None,
        moved_s=round(at - cue.at_s, 3),
        shortened=form.shortened,
        dropped=it.dropped,
        fallback=form.fallback,
    )


def _where(timeline: Timeline, cue: Cue) -> str:
    seg = next((s for s in timeline.segments if s.index == cue.segment), None)
    return f"step {seg.index + 1} ({seg.label})" if seg is not None else "lead-in"


def _what(cue: Cue) -> str:
    name = KIND_NAMES.get(cue.kind, cue.kind)
    words = cue.text or cue.sound or ""
    return f'{name} "{words[:40]}"' if words else name
