"""The cues of a compiled workout: good defaults for a plain file, plus what the coach asked for.

Nominal placement only: speech is placed with an estimated length so that an announcement ends
before the 3-2-1 pips; the speech planner re-times every phrase with its real length later.
A cue before its segment's start (negative offset) is only placed where the previous step ends
on the clock: after a lap-ended step nobody knows when the next one begins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trackcue import phrases
from trackcue.errors import Problem
from trackcue.phrases import estimate_duration
from trackcue.timeline import Cue, PlannedCueKind
from trackcue.workout.model import AtCue, CueSettings
from trackcue.workout.language import TEMPLATE_FIELDS
from trackcue.workout.template import Template, render

if TYPE_CHECKING:
    from trackcue.workout.compiler import Planned

PIPS_LEAD = 3.5  # the announcement must be over half a second before the first pip
AFTER_BOUNDARY = 0.5  # a stop tone or "go" first
AFTER_LAP_RESULT = 3.0  # the engine speaks the rep's time ("37.6, four tenths fast") first
EARCON_S = 0.6  # a tone played before a phrase, and the gap after it
OWN_CUE_REPLACES_S = 2.0  # an automatic call (split, halfway, to go) this near a coach's own words is left out
__all__ = ["TEMPLATE_FIELDS", "build"]
# The call of 'every: 30s' without words of its own: the time left, said as a recovery's warning is.
TIME_LEFT: Template = ("", "to_go", "")


def build(planned: list[Planned], settings: CueSettings, lead_in: float) -> tuple[list[Cue], list[Problem]]:
    """All cues, sorted by time."""
    cues: list[Cue] = []
    problems: list[Problem] = []
    for i, p in enumerate(planned):
        prev = planned[i - 1] if i else None
        nxt = planned[i + 1] if i + 1 < len(planned) else None
        _boundary(cues, p, prev, nxt, settings, lead_in)
        _inside(cues, p, nxt, settings, problems)
    if planned and settings.finish:
        last = planned[-1].segment
        cues.append(Cue(last.end_s, "speech", last.index, "finish", text=phrases.speakable(settings.finish),
                        sound="finish", priority=1))
    cues.sort(key=lambda c: (c.at_s, c.kind != "go"))
    return cues, problems


def _pips_into(p: Planned, settings: CueSettings, first: bool) -> bool:
    if p.step.pips is not None:
        return p.step.pips
    if settings.pips == "none":
        return False
    return first or settings.pips == "all" or p.segment.is_work


def _boundary(cues: list[Cue], p: Planned, prev: Planned | None, nxt: Planned | None, settings: CueSettings,
              lead_in: float) -> None:
    seg = p.segment
    t0 = seg.start_s
    known_start = prev is None or prev.segment.ends == "time"  # can cues go before this step?
    pips = known_start and _pips_into(p, settings, prev is None) and (prev is not None or lead_in >= 4)
    if prev is not None and prev.segment.is_work and not seg.is_work and prev.segment.ends == "time" \
            and not prev.lap_ended:
        # After a lap-ended rep the runner's own lap press ends it and the time is spoken at once:
        # a stop tone there would only talk over it (and with --auto-lap its target tone is there).
        cues.append(Cue(t0, "tone", seg.index, "stop", sound="stop", priority=1))
    if pips:
        for n, sound in ((3, "pip3"), (2, "pip2"), (1, "pip1")):
            cues.append(Cue(t0 - n, "tone", seg.index, "pip", sound=sound, priority=1))
    if seg.is_work and settings.go != "none" and (pips or prev is None or prev.segment.is_work is False):
        if settings.go == "say":
            # Spoken on the boundary itself: the go tone is only its fallback, never an earcon before it.
            cues.append(Cue(t0, "speech", seg.index, "go", text=phrases.GO, sound="go", priority=1, earcon=False))
        else:
            cues.append(Cue(t0, "tone", seg.index, "go", sound="go", priority=1))
    text, short = _announcement(p, nxt, settings)
    if text is None:
        return
    est = estimate_duration(text) + (EARCON_S if p.occ.last_words else 0.0)
    if prev is None:
        at, ends_by = -lead_in + 0.5 if lead_in > 0 else 0.0, (t0 - PIPS_LEAD if pips else None)
        if lead_in <= 0:
            ends_by = None
    elif known_start and (pips or seg.is_work):
        ends_by = t0 - (PIPS_LEAD if pips else 0.3)
        earliest = prev.segment.start_s + (AFTER_LAP_RESULT if _lap_result(prev) else AFTER_BOUNDARY)
        at = max(earliest, ends_by - est)
    else:
        ends_by = None
        at = t0 + (AFTER_LAP_RESULT if prev and _lap_result(prev) else AFTER_BOUNDARY if prev else 0.0)
    last_sound = "last_rep" if p.occ.last_words else None
    cues.append(Cue(round(at, 3), "speech", seg.index, "announce", text=text, sound=last_sound,
                    ends_by_s=ends_by, priority=1 if p.occ.last_words else 2, short_text=short))
    if p.step.sound is not None:
        cues.append(Cue(t0, "tone", seg.index, "custom", sound=str(p.step.sound.raw), priority=2))


def _lap_result(p: Planned) -> bool:
    return p.segment.ends == "lap" and p.segment.target_s is not None


def _inside(cues: list[Cue], p: Planned, nxt: Planned | None, settings: CueSettings, problems: list[Problem]) -> None:
    seg = p.segment
    t0, dur = seg.start_s, seg.duration_s
    own: list[Cue] = []  # the coach's cues: an automatic call at the same moment gives way to them
    for at in p.step.at:
        offset = at.offset_s * dur if at.fraction else at.offset_s
        if offset > dur + 1e-9:
            written = f"{at.offset_s * 100:g}%" if at.fraction else phrases.format_duration(at.offset_s)
            problems.append(Problem(f"the cue at {'-' if at.from_end else ''}{written} is outside the step, "
                                    f"which lasts {phrases.format_duration(dur)}", at.pos.file, at.pos.line,
                                    at.pos.col, "give an offset within the step"))
            continue
        _custom(own, p, nxt, settings, at, dur - offset if at.from_end else offset, "custom", 2)
    automatic: list[Cue] = []
    for mark in seg.splits:
        automatic.append(Cue(t0 + mark.after_s, "speech", seg.index, "split", text=phrases.split_call(
            mark.at_m, mark.after_s, settings.units), sound="split", priority=2))
    if p.lap_ended and seg.target_s is not None:
        # The rep's target passes with no lap yet: the same tone in a render (which plays every
        # rep at its target), in a run (cancelled by a lap before it) and with --auto-lap.
        cues.append(Cue(t0 + seg.target_s, "tone", seg.index, "target", sound="target", priority=1))
    halfway = p.step.halfway if p.step.halfway is not None else (
        settings.halfway and seg.is_work and seg.ends == "time" and dur >= 120 and not seg.splits)
    if halfway:
        automatic.append(Cue(t0 + dur / 2, "speech", seg.index, "halfway", text=phrases.HALFWAY, sound="halfway",
                             priority=3))
    warn = settings.recovery_warning
    if (warn and nxt is not None and nxt.segment.is_work and not seg.is_work and seg.ends == "time"
            and dur >= max(45.0, warn * 4)):
        automatic.append(Cue(t0 + dur - warn, "speech", seg.index, "warning", text=phrases.to_go(warn),
                             priority=3))
    said = [o.at_s for o in own if o.text]  # a tone of the coach's own plays beside the call
    cues.extend(c for c in automatic if not any(abs(c.at_s - at) < OWN_CUE_REPLACES_S for at in said))
    cues.extend(own)
    for every in p.step.every:
        if seg.ends != "time":
            problems.append(Problem("calls every so often need a step the clock ends", every.pos.file, every.pos.line,
                                    every.pos.col, "give the step a time (10min), or 'ends: target'"))
            continue
        k = 1
        while k * every.offset_s < dur - 1e-6:
            _custom(cues, p, nxt, settings, every, k * every.offset_s, "time_left", 3)
            k += 1


def _custom(cues: list[Cue], p: Planned, nxt: Planned | None, settings: CueSettings, cue: AtCue, offset: float,
            kind: PlannedCueKind, priority: int) -> None:
    """A coach's cue ``offset`` seconds into the step: its template said, or its sound played."""
    seg = p.segment
    at = seg.start_s + offset
    template = cue.template if cue.template is not None else (TIME_LEFT if not cue.sound else None)
    if template is not None:
        text = phrases.speakable(render(template, _fields(p, nxt, settings, offset)))
        cues.append(Cue(at, "speech", seg.index, kind, text=text, sound=cue.sound, priority=priority))
    elif cue.sound:
        cues.append(Cue(at, "tone", seg.index, kind, sound=cue.sound, priority=priority))


def _fields(p: Planned, nxt: Planned | None, settings: CueSettings, offset: float = 0.0) -> dict[str, str]:
    """The value of every template field (language.TEMPLATE_FIELDS), in words, for a cue ``offset``
    seconds into ``p``'s step (plus ``to_go``: the default call of ``every:``)."""
    seg, units = p.segment, settings.units
    left = max(0.0, seg.duration_s - offset)

    def count(n: int | None) -> str:
        return phrases.number_words(n) if n is not None else ""

    return {
        "rep": count(seg.rep), "reps": count(seg.reps), "set": count(seg.set), "sets": count(seg.sets),
        "target": phrases.step_target(seg, units, spoken=True),
        "distance": phrases.say_distance(seg.written_m or seg.distance_m, units) if seg.distance_m else "",
        "time": phrases.say_target(seg.target_s) if seg.target_s else phrases.say_duration(seg.duration_s),
        "pace": phrases.say_pace(seg.pace_s_per_m, units) if seg.pace_s_per_m else "",
        "name": seg.name or "", "kind": seg.kind,
        "next": phrases.say_next(nxt.segment if nxt is not None else None, units),
        "remaining": phrases.say_duration(left) if left > 0 else "",
        "elapsed": phrases.say_duration(offset) if offset > 0 else "",
        "to_go": phrases.to_go(left) if left > 0 else "",
    }


def _announcement(p: Planned, nxt: Planned | None, settings: CueSettings) -> tuple[str | None, str | None]:
    """The step's announcement and its short form; ``None`` when nothing is to be said."""
    step = p.step
    last = phrases.speakable(p.occ.last_words) if p.occ.last_words else None
    if step.say_template is not None:  # the coach's words; "" says nothing
        text = phrases.speakable(render(step.say_template, _fields(p, nxt, settings))).strip()
        return (" ".join(t for t in (last, text) if t) or None), None
    if not (step.announce if step.announce is not None else settings.announce):
        return last, None
    text, short = phrases.announcement(p.segment, settings.units, p.occ.cycle_s)
    if last:
        text, short = f"{last} {text}", f"{last} {short}"
    return text, short
