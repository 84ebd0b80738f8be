"""Re-deriving cue times: which cues follow a step's end, and which steps' starts are known."""

from trackcue.engine import schedule
from engine_rig import make_timeline
from trackcue.timeline import Cue, Segment

RUN = Segment(index=1, kind="run", intensity="work", label="run", start_s=100, duration_s=180)


def test_closing_cues_follow_the_end_and_the_rest_follow_the_start():
    halfway, warning, pip = (Cue(at, "speech", 1, "x") for at in (190, 270, 277))
    assert not schedule.anchored_to_end(halfway, RUN)
    assert schedule.anchored_to_end(warning, RUN) and schedule.anchored_to_end(pip, RUN)
    assert schedule.cue_time(halfway, RUN, start_t=50, adjust_s=10) == 140
    assert schedule.cue_time(pip, RUN, start_t=50, adjust_s=10) == 237
    assert schedule.cue_time(pip, RUN, start_t=50) == 227
    short = Segment(index=0, kind="run", intensity="work", label="strides", start_s=0, duration_s=20)
    assert not schedule.anchored_to_end(Cue(8, "tone", 0, "x"), short)  # the first half stays
    assert not schedule.anchored_to_end(Cue(0, "tone", 0, "x"), short)


def test_the_chain_stops_at_the_first_lap_ended_step():
    tl = make_timeline([("warmup", 60), ("run", 30), {"kind": "run", "duration_s": 80, "ends": "lap"}, ("jog", 60)])
    steps = schedule.chain(tl.segments, 0, start_t=5, adjust_s=10)
    assert [(s.index, s.start_t, s.end_t) for s in steps] == [(0, 5, 75), (1, 75, 105), (2, 105, None)]


def test_upcoming_cues_are_in_order_with_a_step_s_closing_cue_before_the_next_step_s():
    segs = make_timeline([("run", 10), ("jog", 10)]).segments
    closing, opening = Cue(10, "tone", 0, "stop"), Cue(10, "speech", 1, "announce")
    groups = [[closing], [opening]]
    entries = schedule.upcoming(segs, groups, schedule.chain(segs, 0, 0), from_t=0, inclusive=True)
    assert [e.cue for e in entries] == [closing, opening]
    assert schedule.upcoming(segs, groups, schedule.chain(segs, 0, 0), from_t=10, inclusive=False) == []
