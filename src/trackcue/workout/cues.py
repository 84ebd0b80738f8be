"""The cues of a compiled workout: good defaults for a plain file, plus what the coach asked for.

Nominal placement only: speech is placed with an estimated length so that an announcement ends
before the 3-2-1 pips; the speech planner re-times every phrase with its real length later.
A cue before its segment's start (negative offset) is only placed where the previous step ends
on the clock: after a lap-ended step nobody knows when the next one begins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trackcue import phrases
from trackcue.errors import Problem
from trackcue.phrases import estimate_duration
from trackcue.timeline import Cue
from trackcue.workout.model import CueSettings

if TYPE_CHECKING:
    from trackcue.workout.compiler import Planned

PIPS_LEAD = 3.5  # the announcement must be over half a second before the first pip
AFTER_BOUNDARY = 0.5  # a stop tone or "go" first
AFTER_LAP_RESULT = 3.0  # the engine speaks the rep's time ("37.6, four tenths fast") first
EARCON_S = 0.6  # a tone played before a phrase, and the gap after it
TEMPLATE_FIELDS = ("rep", "reps", "set", "sets", "target", "distance", "time", "pace", "name", "kind")


def build(planned: list[Planned], settings: CueSettings, lead_in: float) -> tuple[list[Cue], list[Problem]]:
    """All cues, sorted by time."""
    cues: list[Cue] = []
    problems: list[Problem] = []
    for i, p in enumerate(planned):
        prev = planned[i - 1] if i else None
        nxt = planned[i + 1] if i + 1 < len(planned) else None
        _boundary(cues, p, prev, settings, lead_in, problems)
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


def _boundary(cues: list[Cue], p: Planned, prev: Planned | None, settings: CueSettings, lead_in: float,
              problems: list[Problem]) -> None:
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
    text, short = _announcement(p, settings, problems)
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
    for mark in seg.splits:
        cues.append(Cue(t0 + mark.at_s, "speech", seg.index, "split", text=phrases.split_call(mark.at_m, mark.at_s,
                        settings.units), sound="split", priority=2))
    if p.lap_ended and seg.target_s is not None:
        # The rep's target passes with no lap yet: the same tone in a render (which plays every
        # rep at its target), in a run (cancelled by a lap before it) and with --auto-lap.
        cues.append(Cue(t0 + seg.target_s, "tone", seg.index, "target", sound="target", priority=1))
    halfway = p.step.halfway if p.step.halfway is not None else (
        settings.halfway and seg.is_work and seg.ends == "time" and dur >= 120 and not seg.splits)
    if halfway:
        cues.append(Cue(t0 + dur / 2, "speech", seg.index, "halfway", text=phrases.HALFWAY, sound="halfway",
                        priority=3))
    warn = settings.recovery_warning
    if (warn and nxt is not None and nxt.segment.is_work and not seg.is_work and seg.ends == "time"
            and dur >= max(45.0, warn * 4)):
        cues.append(Cue(t0 + dur - warn, "speech", seg.index, "warning", text=phrases.to_go(warn),
                        priority=3))
    for at in p.step.at:
        offset = at.offset_s * dur if at.fraction else at.offset_s
        base = t0 + dur - offset if at.from_end else t0 + offset
        if offset > dur + 1e-9:
            problems.append(Problem(f"the cue at {'-' if at.from_end else ''}{at.offset_s:g}s is outside the step, "
                                    f"which lasts {dur:g}s", at.pos.file, at.pos.line, at.pos.col,
                                    "give an offset within the step"))
            continue
        if at.say:
            text = phrases.speakable(_template(at.say, p, settings, problems, at.pos))
            cues.append(Cue(base, "speech", seg.index, "custom", text=text, sound=at.sound, priority=2))
        elif at.sound:
            cues.append(Cue(base, "tone", seg.index, "custom", sound=at.sound, priority=2))


def _fields(p: Planned, settings: CueSettings) -> dict[str, Any]:
    """The template fields, every one in words."""
    seg, units = p.segment, settings.units

    def count(n: int | None) -> str:
        return phrases.number_words(n) if n is not None else ""

    return {
        "rep": count(seg.rep), "reps": count(seg.reps), "set": count(seg.set), "sets": count(seg.sets),
        "target": phrases.step_target(seg, units, spoken=True),
        "distance": phrases.say_distance(seg.distance_m, units) if seg.distance_m else "",
        "time": phrases.say_target(seg.target_s) if seg.target_s else phrases.say_duration(seg.duration_s),
        "pace": phrases.say_pace(seg.pace_s_per_m, units) if seg.pace_s_per_m else "",
        "name": seg.name or "", "kind": seg.kind,
    }


class _Strict(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        raise KeyError(key)


def _template(text: str, p: Planned, settings: CueSettings, problems: list[Problem], pos: Any) -> str:
    try:
        return text.format_map(_Strict(_fields(p, settings)))
    except KeyError as err:
        problems.append(Problem(f"unknown placeholder {{{err.args[0]}}} in '{text}'", pos.file, pos.line, pos.col,
                                "placeholders: " + ", ".join("{" + f + "}" for f in TEMPLATE_FIELDS)))
    except (ValueError, IndexError):
        problems.append(Problem(f"unbalanced braces in '{text}'", pos.file, pos.line, pos.col,
                                "write {rep} and {reps}; a literal brace is {{ or }}"))
    return text


def _announcement(p: Planned, settings: CueSettings, problems: list[Problem]) -> tuple[str | None, str | None]:
    """The step's announcement and its short form; ``None`` when nothing is to be said."""
    step = p.step
    last = phrases.speakable(p.occ.last_words) if p.occ.last_words else None
    if step.say is not None:  # the coach's words; "" says nothing
        text = phrases.speakable(_template(str(step.say.raw), p, settings, problems, step.say.pos)).strip()
        return (" ".join(t for t in (last, text) if t) or None), None
    if not (step.announce if step.announce is not None else settings.announce):
        return last, None
    text, short = phrases.announcement(p.segment, settings.units)
    if last:
        text, short = f"{last} {text}", f"{last} {short}"
    return text, short
