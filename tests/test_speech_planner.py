"""The speech planner: real clip lengths in, cue placements and warnings out."""

from __future__ import annotations

import random

import pytest

from trackcue.phrases import estimate_duration
from trackcue.speech.planner import GAP_S, plan_cues
from trackcue.timeline import Cue, Segment, Timeline

TONES = {"pip": 0.15, "go": 0.3, "ding": 0.4}
ANNOUNCE = "Rep 2 of 2, 200 metres in 38 seconds"


def repeats(recovery_s: float, extra: list[Cue] = ()) -> Timeline:
    """200 m, jog ``recovery_s``, 200 m — with the cues a compiler writes for it."""
    b1, b2 = 38.0, 38.0 + recovery_s
    segs = [
        Segment(0, "run", "work", "200m", 0.0, 38.0),
        Segment(1, "jog", "recovery", f"jog 0:{int(recovery_s):02d}", b1, recovery_s),
        Segment(2, "run", "work", "200m", b2, 38.0),
    ]
    cues = [
        Cue(-3, "tone", 0, "pip", sound="pip"),
        Cue(-2, "tone", 0, "pip", sound="pip"),
        Cue(-1, "tone", 0, "pip", sound="pip"),
        Cue(0, "tone", 0, "go", sound="go", priority=1),
        Cue(b1, "speech", 1, "step", text="Recovery jog", short_text="Jog", sound="ding", priority=2),
        Cue(max(b1, b2 - 6), "speech", 2, "announce", text=ANNOUNCE, short_text="Rep 2", ends_by_s=b2 - 3, priority=1),
        Cue(b2 - 3, "tone", 2, "pip", sound="pip"),
        Cue(b2 - 2, "tone", 2, "pip", sound="pip"),
        Cue(b2 - 1, "tone", 2, "pip", sound="pip"),
        Cue(b2, "speech", 2, "go", text="Go", priority=1),
        *extra,
    ]
    return Timeline("200s", segs, cues)


def durations(**phrases: float) -> dict[str, float]:
    base = {"Recovery jog": 1.2, "Jog": 0.4, ANNOUNCE: 2.0, "Rep 2": 0.6, "Go": 0.3, "Halfway": 0.6}
    base.update({k.replace("_", " "): v for k, v in phrases.items()})
    return {**TONES, **base}


def by_text(plan, text):
    return next(c for c in plan.cues if c.text == text or (c.text is None and c.kind == text))


def assert_no_overlap(plan):
    playing = sorted(plan.playing, key=lambda c: c.at_s)
    for a, b in zip(playing, playing[1:]):
        assert a.end_s <= b.at_s + 1e-6, f"{a} overlaps {b}"


def test_everything_fits_at_its_written_time():
    tl = repeats(90)
    plan = plan_cues(tl, durations())
    assert plan.warnings == []
    assert [c.at_s for c in plan.cues] == sorted(c.at_s for c in tl.cues)
    assert all(c.moved_s == 0 and not c.dropped and not c.shortened for c in plan.cues)
    assert_no_overlap(plan)


def test_long_announcement_is_moved_earlier_to_end_before_the_pips():
    tl = repeats(90)  # boundary at 128, pips from 125, announcement written at 122
    plan = plan_cues(tl, {**durations(), ANNOUNCE: 5.0})
    cue = by_text(plan, ANNOUNCE)
    assert cue.end_s <= 125 - GAP_S + 1e-6
    assert cue.at_s == pytest.approx(125 - GAP_S - 5.0)
    assert cue.moved_s < 0 and not cue.shortened
    assert plan.warnings == []
    assert_no_overlap(plan)


def test_moved_earlier_but_not_before_the_previous_cue_ends():
    tl = repeats(12)  # boundary 38..50: "Recovery jog" (earcon + speech) from 38, pips from 47
    plan = plan_cues(tl, {**durations(), ANNOUNCE: 6.9})
    step = by_text(plan, "Recovery jog")
    cue = by_text(plan, ANNOUNCE)
    assert step.end_s == pytest.approx(38 + 0.4 + GAP_S + 1.2) and step.form == "full"
    assert cue.at_s == pytest.approx(47 - GAP_S - 6.9) and cue.form == "moved"
    assert cue.at_s >= step.end_s + GAP_S
    assert plan.warnings == []
    # A little longer and the two clash: the less important step call gives way (its short form),
    # the priority-1 announcement keeps its words.
    plan = plan_cues(tl, {**durations(), ANNOUNCE: 7.2})
    assert by_text(plan, ANNOUNCE).form == "moved"
    assert by_text(plan, "Jog").form == "short"
    assert_no_overlap(plan)


def test_earcon_then_speech_counts_in_the_cue_length():
    plan = plan_cues(repeats(90), durations())
    step = by_text(plan, "Recovery jog")
    assert step.sound == "ding"
    assert step.speech_at_s == pytest.approx(38 + 0.4 + GAP_S)
    assert step.duration_s == pytest.approx(0.4 + GAP_S + 1.2)


def test_recovery_too_short_shortens_the_less_important_cue_with_a_warning():
    tl = repeats(8)  # 38..46, pips from 43: no room for a 3 s announcement after "Recovery jog"
    plan = plan_cues(tl, {**durations(), ANNOUNCE: 3.0})
    cue = next(c for c in plan.cues if c.kind == "announce")
    assert cue.text == ANNOUNCE and cue.end_s <= 43 - GAP_S + 1e-6
    step = next(c for c in plan.cues if c.kind == "step")
    assert step.text == "Jog" and step.form == "short"
    assert plan.warnings == ['step 2 (jog 0:08): announcement "Recovery jog" shortened to fit']
    assert_no_overlap(plan)
    # Longer still, and the priority-1 announcement must give up its words too.
    plan = plan_cues(tl, {**durations(Rep_2=1.5), ANNOUNCE: 5.0})
    cue = next(c for c in plan.cues if c.kind == "announce")
    assert cue.text == "Rep 2" and cue.shortened and not cue.dropped
    assert 'step 3 (200m): announcement "Rep 2 of 2, 200 metres in 38 seconds" shortened to fit' in plan.warnings
    assert_no_overlap(plan)


def test_lowest_priority_is_dropped_first():
    halfway = Cue(40, "speech", 1, "split", text="Halfway", priority=3)
    tl = repeats(10, [halfway])  # 38..48, announcement due at 42, pips from 45
    plan = plan_cues(tl, {**durations(Rep_2=4.2), ANNOUNCE: 4.5})
    # The announcement must move back to end before the pips, over the halfway call: the
    # priority-3 call gives way; the step call, clear of both, plays as written.
    assert [c.text for c in plan.cues if c.dropped] == ["Halfway"]
    assert by_text(plan, ANNOUNCE).form == "moved"
    assert by_text(plan, "Recovery jog").form == "full"
    assert plan.warnings == ['step 2 (jog 0:10): split "Halfway" dropped: not enough time']
    assert_no_overlap(plan)


def test_priority_two_is_dropped_before_priority_one():
    tl = repeats(5)  # 38..43, pips from 40: room only for the short announcement
    plan = plan_cues(tl, durations(Rep_2=1.5))
    step = next(c for c in plan.cues if c.kind == "step")
    assert step.dropped and step.priority == 2
    assert any(w.startswith("step 2 (jog 0:05): announcement") and "dropped" in w for w in plan.warnings)
    announce = next(c for c in plan.cues if c.kind == "announce")
    assert not announce.dropped and announce.text == "Rep 2"
    assert_no_overlap(plan)


def test_priority_one_that_cannot_fit_still_plays_overlapping_least_with_a_warning():
    tl = repeats(4)  # 38..42, pips from 39: nothing fits between them
    plan = plan_cues(tl, durations(Rep_2=2.5))
    announce = next(c for c in plan.cues if c.kind == "announce")
    assert not announce.dropped and announce.overlaps
    assert any("plays anyway, overlapping as little as possible" in w for w in plan.warnings)
    others = [c for c in plan.playing if c is not announce]

    def overlap(start):
        return sum(max(0, min(start + announce.duration_s, c.end_s) - max(start, c.at_s)) for c in others)

    # No start between the recovery's beginning and the latest it may slip to overlaps less.
    best = min(overlap(38 + i / 100) for i in range(0, 151))
    assert overlap(announce.at_s) <= best + 1e-6


def test_go_stays_on_the_boundary():
    tl = repeats(6)
    plan = plan_cues(tl, {**durations(), ANNOUNCE: 9.0, "Rep 2": 9.0})
    go = [c for c in plan.cues if c.kind == "go"]
    assert [c.at_s for c in go] == [0, 44] and all(c.moved_s == 0 and not c.dropped for c in go)


def test_speech_off_plays_the_earcon_or_drops_with_a_warning():
    tl = repeats(90)
    plan = plan_cues(tl, dict(TONES))
    step = next(c for c in plan.cues if c.kind == "step")
    assert step.fallback and step.sound == "ding" and step.text is None and step.duration_s == 0.4
    go = next(c for c in plan.cues if c.kind == "go" and c.type == "speech")
    assert go.dropped
    assert "step 3 (200m): go \"Go\" has no speech and no tone: skipped" in plan.warnings


def test_random_lengths_never_overlap_and_respect_ends_by():
    rng = random.Random(7)
    for _ in range(200):
        rec = rng.choice([4, 6, 9, 15, 30, 60])
        extra = [Cue(38 + rec / 2, "speech", 1, "split", text="Halfway", priority=3)]
        d = durations(Recovery_jog=rng.uniform(0.5, 4), Rep_2=rng.uniform(0.3, 3), Halfway=rng.uniform(0.3, 2))
        d[ANNOUNCE] = rng.uniform(1, 8)
        plan = plan_cues(repeats(rec, extra), d)
        if not any(c.overlaps for c in plan.cues):
            assert_no_overlap(plan)
        for c in plan.playing:
            cue_ends_by = 38 + rec - 3 if c.kind == "announce" else None
            if cue_ends_by is not None and not c.overlaps:
                assert c.end_s <= cue_ends_by + 1e-6
            if c.type == "tone" or c.kind == "go":
                assert c.moved_s == 0


def test_estimate_duration_grows_with_words_and_shrinks_with_rate():
    short, long = estimate_duration("Go"), estimate_duration(ANNOUNCE)
    assert 0.2 < short < 0.6 and 2.0 < long < 5.0
    assert estimate_duration(ANNOUNCE, 240) < long
    assert estimate_duration("Rep 3 of 8, 200 metres") > estimate_duration("Rep 3 of 8") + 0.2
    assert estimate_duration("Rep 17 of 20") > estimate_duration("Rep 1 of 2")
    assert estimate_duration("   ") == 0.0
