"""The planner's rules (its module docstring) held on random crowded timelines, checked from outside.

Every check here recomputes what it needs from the timeline and the plan alone: windows,
clearances and the starts worth trying, with none of the planner's own code.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trackcue.speech.planner import GAP_S, SLACK_S, PlannedCue, plan_cues
from trackcue.timeline import Cue, Segment, Timeline

TONE_S = {"pip": 0.15, "go": 0.3, "ding": 0.4}
EPS = 2e-3  # the plan is rounded to the millisecond


@dataclass
class Case:
    timeline: Timeline
    durations: dict[str, float]


@st.composite
def crowded(draw: st.DrawFn) -> Case:
    lead_in = draw(st.sampled_from([0.0, 5.0, 10.0]))
    lengths = draw(st.lists(st.floats(4, 30).map(lambda x: round(x, 2)), min_size=1, max_size=4))
    segments, t = [], 0.0
    for i, d in enumerate(lengths):
        segments.append(Segment(i, "run" if i % 2 == 0 else "jog", "work" if i % 2 == 0 else "recovery",
                                f"step {i}", t, d))
        t += d
    total = t
    cues: list[Cue] = []
    durations = dict(TONE_S)
    for seg in segments:  # pips into every step after the first, and a tone or a spoken "Go" on it
        if seg.index:
            cues += [Cue(seg.start_s - n, "tone", seg.index, "pip", sound="pip", priority=1) for n in (3, 2, 1)]
        if draw(st.booleans()):
            cues.append(Cue(seg.start_s, "tone", seg.index, "go", sound="go", priority=1))
        else:
            cues.append(Cue(seg.start_s, "speech", seg.index, "go", text="Go", priority=1))
    durations["Go"] = 0.3
    n = draw(st.integers(1, 12))
    for k in range(n):
        at = round(draw(st.floats(-lead_in, total)), 2)
        seg = max((s for s in segments if s.start_s <= at), key=lambda s: s.start_s, default=segments[0])
        priority = draw(st.integers(1, 3))
        text, short = f"cue {k}", f"c{k}"
        full_s = round(draw(st.floats(0.3, 5.0)), 2)
        durations[text] = full_s
        has_short = draw(st.booleans())
        if has_short:
            durations[short] = round(draw(st.floats(0.2, full_s)), 2)
        ends_by = None
        if draw(st.booleans()):
            ends_by = round(at + draw(st.floats(0.5, 6.0)), 2)
        earcon = "ding" if draw(st.booleans()) else None
        cues.append(Cue(at, "speech", seg.index, draw(st.sampled_from(["announce", "custom", "split"])),
                        text=text, sound=earcon, ends_by_s=ends_by, priority=priority,
                        short_text=short if has_short else None))
    cues.sort(key=lambda c: c.at_s)
    return Case(Timeline("random", segments, cues, lead_in_s=lead_in), durations)


def earliest(tl: Timeline, cue: Cue) -> float:
    if cue.at_s < 0:
        return min(-tl.lead_in_s, cue.at_s)
    seg = max((s for s in tl.segments if s.start_s <= cue.at_s), key=lambda s: s.start_s)
    return min(seg.start_s, cue.at_s)


def form_length(case: Case, cue: Cue, text: str) -> float:
    earcon = case.durations[cue.sound] + GAP_S if cue.sound else 0.0
    return earcon + case.durations[text]


def window(case: Case, cue: Cue, length: float) -> tuple[float, float]:
    lo = earliest(case.timeline, cue)
    if cue.ends_by_s is None:
        lo = max(lo, cue.at_s - SLACK_S)
    hi = cue.at_s + SLACK_S
    if cue.ends_by_s is not None:
        hi = min(hi, cue.ends_by_s - length)
    return lo, hi


def clear(start: float, length: float, others: list[PlannedCue], margin: float = -EPS) -> bool:
    """``GAP_S`` clear of ``others`` (give or take the plan's rounding; a positive margin: with room to spare)."""
    return all(start + length + GAP_S + margin <= o.at_s or start >= o.end_s + GAP_S + margin for o in others)


def fits_somewhere(case: Case, cue: Cue, length: float, others: list[PlannedCue]) -> bool:
    """Is there a start in the cue's window ``GAP_S`` clear of ``others``? Exact: a free stretch, if
    any, begins at the window's start or just after one of the others."""
    lo, hi = window(case, cue, length)
    starts = {lo + EPS, hi - EPS, *(o.end_s + GAP_S + EPS for o in others), *(o.at_s - GAP_S - length - EPS for o in others)}
    return any(lo <= s <= hi and clear(s, length, others, EPS) for s in starts)


def forms(case: Case, cue: Cue) -> list[str]:
    return [t for t in dict.fromkeys((cue.text, cue.short_text)) if t]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crowded())
def test_the_planner_keeps_its_rules(case: Case) -> None:
    tl = case.timeline
    plan = plan_cues(tl, case.durations)
    by_index = plan.by_index()
    assert sorted(by_index) == list(range(len(tl.cues)))
    playing = plan.playing
    for i, cue in enumerate(tl.cues):
        p = by_index[i]
        others = [o for o in playing if o.index != i]
        fixed = cue.type == "tone" or cue.kind == "go"
        if fixed:  # rule 1: tones and go cues never move and are never dropped
            assert abs(p.at_s - cue.at_s) < EPS and p.form == "full"
            continue
        if cue.priority == 1:  # priority 1 is never dropped
            assert not p.dropped
        if p.dropped:
            # Dropped only when no form fits anywhere in its window beside what plays...
            assert not any(fits_somewhere(case, cue, form_length(case, cue, t), others) for t in forms(case, cue))
            # ...and the less important cues are not what is in the way.
            weightier = [o for o in others if o.priority <= cue.priority or tl.cues[o.index].type == "tone"
                         or o.kind == "go"]
            assert not any(fits_somewhere(case, cue, form_length(case, cue, t), weightier) for t in forms(case, cue))
            continue
        length = p.duration_s
        if p.forced:  # a priority-1 cue that fits nowhere, in no form, plays anyway
            assert cue.priority == 1
            assert not any(fits_somewhere(case, cue, form_length(case, cue, t), others) for t in forms(case, cue))
            continue
        # Everything else plays inside its window, clear of every other sound but a forced one.
        lo, hi = window(case, cue, length)
        assert lo - EPS <= p.at_s <= hi + EPS, (p, lo, hi)
        assert clear(p.at_s, length, [o for o in others if not o.forced]), p
        if p.shortened:  # shortened only when the full form fits nowhere beside what plays
            full = form_length(case, cue, cue.text or "")
            assert not fits_somewhere(case, cue, full, others)
            weightier = [o for o in others if o.priority <= cue.priority or tl.cues[o.index].type == "tone"
                         or o.kind == "go"]
            assert not fits_somewhere(case, cue, full, weightier)


@settings(max_examples=200, deadline=None)
@given(crowded())
def test_a_cue_with_room_is_played_as_written(case: Case) -> None:
    """A cue whose written time is clear of every other cue's written time plays there, in full,
    unless a more important cue had to move onto it."""
    tl = case.timeline
    plan = plan_cues(tl, case.durations)
    by_index = plan.by_index()
    written = []
    for i, cue in enumerate(tl.cues):
        length = form_length(case, cue, cue.text) if cue.type == "speech" and cue.text else case.durations[cue.sound or ""]
        written.append((cue.at_s, cue.at_s + length))
    for i, cue in enumerate(tl.cues):
        start, end = written[i]
        if cue.type == "tone" or cue.kind == "go" or (cue.ends_by_s is not None and end > cue.ends_by_s + EPS):
            continue
        if start < earliest(tl, cue) - EPS:
            continue
        alone = all(end + GAP_S <= s + EPS or start >= e + GAP_S - EPS for j, (s, e) in enumerate(written) if j != i)
        if not alone:
            continue
        p = by_index[i]
        movers = [o for o in plan.playing if o.index != i and o.moved_s != 0 and o.priority <= cue.priority]
        if clear(start, end - start, movers):
            assert abs(p.at_s - cue.at_s) < EPS and p.form == "full", p
