"""When each cue plays once skips, pauses, laps and +/-10 s have moved the steps.

The Timeline says where a cue sits relative to its segment; the player knows when each segment
actually started. A cue near the end of a step (the last ``END_WINDOW_S``, at most half the step)
is anchored to the step's end, so "10 seconds" and the 3-2-1 pips move with +/-10 s; others stay
anchored to the start (splits, "halfway" in long steps). Times here are on the workout clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from trackcue.timeline import Cue, Segment, Timeline

END_WINDOW_S = 30.0
TIE_S = 1e-6  # times closer than this are the same moment (float sums differ in the last bits)


@dataclass
class Entry:
    """A cue placed on the workout clock; ``queued`` once handed to the sink."""

    t: float
    cue: Cue
    queued: bool = False


@dataclass(frozen=True)
class ScheduledStep:
    """A segment's place in the actual schedule; ``end_t`` is ``None`` until a lap ends it."""

    index: int
    start_t: float
    end_t: float | None
    adjust_s: float = 0.0


def split_cues(timeline: Timeline) -> tuple[list[Cue], list[list[Cue]]]:
    """The lead-in cues (before the first segment) and every other cue grouped by its segment."""
    first = timeline.segments[0].start_s if timeline.segments else 0.0
    lead_in = [c for c in timeline.cues if c.at_s < first]
    groups: list[list[Cue]] = [[] for _ in timeline.segments]
    for cue in timeline.cues:
        if cue.at_s < first:
            continue
        owner = cue.segment if 0 <= cue.segment < len(groups) else None
        if owner is None:  # a cue naming no step of this timeline: the step playing at its time
            seg = timeline.segment_at(cue.at_s)
            if seg is None:  # no steps at all
                continue
            owner = seg.index
        groups[owner].append(cue)
    return lead_in, groups


def anchored_to_end(cue: Cue, seg: Segment) -> bool:
    """True for cues in the closing part of a step, which move with the step's end."""
    from_start = cue.at_s - seg.start_s
    return from_start > 0 and seg.end_s - cue.at_s <= min(END_WINDOW_S, seg.duration_s / 2)


def cue_time(cue: Cue, seg: Segment, start_t: float, adjust_s: float = 0.0) -> float:
    """Workout time of ``cue`` when ``seg`` started at ``start_t`` and was lengthened by ``adjust_s``."""
    if adjust_s and anchored_to_end(cue, seg):
        return start_t + seg.duration_s + adjust_s + (cue.at_s - seg.end_s)
    return start_t + (cue.at_s - seg.start_s)


def chain(segments: list[Segment], index: int, start_t: float, adjust_s: float = 0.0) -> list[ScheduledStep]:
    """The steps from ``index`` on whose start is known: up to and including the first lap-ended one."""
    steps = []
    t, adjust = start_t, adjust_s
    for seg in segments[index:]:
        if seg.ends == "lap":
            steps.append(ScheduledStep(seg.index, t, None, adjust))
            break
        end = t + max(0.0, seg.duration_s + adjust)
        steps.append(ScheduledStep(seg.index, t, end, adjust))
        t, adjust = end, 0.0
    return steps


def upcoming(
    segments: list[Segment], groups: list[list[Cue]], steps: list[ScheduledStep], from_t: float, inclusive: bool
) -> list[Entry]:
    """Cues of ``steps`` due after ``from_t`` (or at it, when ``inclusive``), in playing order."""
    out = []
    for step in steps:
        seg = segments[step.index]
        for cue in groups[step.index]:
            t = cue_time(cue, seg, step.start_t, step.adjust_s)
            if t > from_t + TIE_S or (inclusive and t >= from_t - TIE_S):
                out.append(Entry(t, cue))
    out.sort(key=lambda e: round(e.t, 6))  # stable: a step's cues stay before the next step's
    return out


def same_time(a: float, b: float) -> bool:
    """Whether two workout times are the same moment."""
    return abs(a - b) <= TIE_S
