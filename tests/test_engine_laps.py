"""Lap-ended steps, splits and what the runner hears after a lap; resuming with earlier laps."""

import pytest

from trackcue.engine import FINISHED, GET_READY, WAITING
from trackcue.engine.laps import Lap, lap_label
from trackcue.phrases import lap_call, say_diff
from engine_rig import make_timeline, rig
from trackcue.timeline import Cue, Split


def rep(n, **kw):
    spec = {"kind": "run", "duration_s": 38, "ends": "lap", "target_s": 38, "distance_m": 200, "rep": n, "reps": 2}
    return {**spec, **kw}


REPS = [("warmup", 20), rep(1), ("jog", 60), rep(2), ("cooldown", 30)]


def started(steps=REPS, **kw):
    r = rig(steps, **kw)
    r.player.start()
    return r


def test_a_lap_ended_step_waits_for_the_lap_key_past_its_planned_time():
    r = started(get_ready_s=0)
    p = r.player
    r.run_to(20)
    assert p.state == WAITING and p.step_left_s is None and p.step_duration_s == 38
    r.run_to(20 + 45)
    assert p.state == WAITING and p.index == 1 and p.step_elapsed_s == 45  # counting up past 38
    assert p.remaining_s == 60 + 38 + 30  # the rest of the plan; this step is overdue
    assert p.next_deadline() is None  # nothing to do until the lap key


def test_the_lap_records_the_rep_says_its_time_at_once_and_later_steps_shift():
    r = started(get_ready_s=0)
    p = r.player
    r.run_to(20 + 41.2)
    lap = p.lap()
    assert lap.split_s == pytest.approx(41.2) and lap.target_s == 38 and lap.diff_s == pytest.approx(3.2)
    assert (lap.rep, lap.reps, lap.lap, lap.ends_step) == (1, 2, 1, True)
    event = r.log.of("lap")[0]
    assert event["text"] == "forty-one point two, three point two slow" and event["diff_s"] == 3.2 and event["segment"] == 1
    call = r.log.cues("lap")[0]
    assert call["text"] == event["text"] and call["t_s"] == pytest.approx(61.2)
    assert [t for c, t in r.sink.queued if c.kind == "lap"] == [pytest.approx(61.2)]  # now: well within 300 ms
    assert r.log.names()[-4:] == ["lap", "cue", "segment", "cue"]  # the call before the jog's announcement
    assert p.index == 2 and p.step_left_s == 60
    r.run_to(61.2 + 60)
    assert r.log.of("segment")[-1]["index"] == 3
    assert r.log.of("segment")[-1]["t_s"] == pytest.approx(121.2)


def test_the_target_s_splits_are_called_while_waiting():
    cues = [Cue(20, "speech", 1, "announce", text="Rep 1"), Cue(39, "speech", 1, "split", text="19")]
    steps = [("warmup", 20), rep(1, splits=(Split(100, 19),)), ("jog", 60)]
    r = started(make_timeline(steps, cues=cues), get_ready_s=0)
    r.run_to(20 + 19.5)
    assert [e["text"] for e in r.log.cues("split")] == ["19"]  # the planned call: the runner is late
    r.player.lap()
    r.run_to(20 + 37.7)
    r.player.lap()
    assert [e["text"] for e in r.log.of("lap")] == ["one hundred, nineteen point five, five tenths slow", "thirty-seven point seven, three tenths fast"]


def test_a_lap_at_a_split_mark_of_a_lap_ended_rep_is_a_split_and_the_rep_goes_on():
    """Shipped 400m-split-repeats: a lap at 200 m used to end the rep ("51.2 — forty-one point two
    fast") and start the jog with 200 m still to run."""
    steps = [("warmup", 20), rep(1, duration_s=92.4, target_s=92.4, distance_m=400, splits=(Split(200, 48.7),)),
             ("jog", 120)]
    r = started(steps, get_ready_s=0)
    p = r.player
    r.run_to(20 + 49.8)
    split = p.lap()
    assert (split.mark, split.mark_m, split.target_s, split.ends_step) == ("split", 200, 48.7, False)
    assert split.diff_s == pytest.approx(1.1) and (split.kind, split.intensity) == ("run", "work")
    assert r.log.of("lap")[0]["text"] == "two hundred, forty-nine point eight, one point one slow"
    assert p.state == WAITING and p.index == 1 and p.laps_in_step == 1  # still in the rep
    assert not r.log.of("segment")[2:]  # the jog has not started
    r.run_to(20 + 91.0)
    end = p.lap()
    assert (end.mark, end.mark_m, end.target_s, end.ends_step, end.lap) == ("end", 400, 92.4, True, 2)
    assert end.split_s == pytest.approx(91.0) and end.lap_s == pytest.approx(41.2)
    assert r.log.of("lap")[1]["text"] == "one thirty-one, one point four fast"
    assert p.index == 2 and p.state == "running" and r.log.of("segment")[-1]["t_s"] == pytest.approx(111.0)


def test_a_split_reached_early_drops_its_planned_call_but_not_the_rest():
    cues = [Cue(20, "speech", 1, "announce", text="Rep 1"), Cue(39, "speech", 1, "split", text="19"),
            Cue(50, "speech", 1, "custom", text="Relax")]
    steps = [("warmup", 20), rep(1, splits=(Split(100, 19),)), ("jog", 60)]
    r = started(make_timeline(steps, cues=cues), get_ready_s=0)
    r.run_to(20 + 17.9)  # the planned "19" is already queued (2 s horizon)
    assert [c.text for c, _ in r.sink.queued if c.kind == "split"] == ["19"]
    r.player.lap()
    assert r.log.of("lap")[0]["text"] == "one hundred, seventeen point nine, one point one fast"
    assert [c.text for c, _ in r.sink.queued if c.kind == "split"] == []  # stale: not said after the call
    assert [c.text for c, _ in r.sink.queued if c.kind == "lap"] == ["one hundred, seventeen point nine, one point one fast"]
    r.run_to(20 + 40)
    assert [e["text"] for e in r.log.cues()] == ["Rep 1", "one hundred, seventeen point nine, one point one fast", "Relax"]
    assert [c.text for c, _ in r.sink.queued if c.kind == "custom"] == ["Relax"]


def test_a_step_run_again_counts_its_marks_from_the_start():
    steps = [("warmup", 20), rep(1, splits=(Split(100, 19),)), ("jog", 60)]
    r = started(steps, get_ready_s=0)
    r.run_to(20 + 19)
    r.player.lap()  # the 100 m split
    r.run_to(20 + 25)
    r.player.back()  # a false start: run the rep again
    r.run_to(20 + 25 + 19.4)
    again = r.player.lap()
    assert (again.mark, again.lap, again.ends_step) == ("split", 1, False)


def test_the_last_rep_s_lap_finishes_the_workout():
    r = started([("warmup", 10), rep(1)], get_ready_s=0)
    r.run_to(48)
    r.player.lap()
    assert r.player.state == FINISHED and r.log.names()[-3:] == ["lap", "cue", "finish"]
    assert r.log[-1]["laps"] == 1
    assert [c.kind for c, _ in r.sink.queued][-1] == "lap"  # finishing did not cancel the call


def test_laps_in_a_timed_step_record_splits_against_the_planned_marks():
    steps = [{"kind": "run", "duration_s": 170, "target_s": 160, "splits": (Split(400, 80),)}]
    r = started(steps, get_ready_s=0)
    r.run_to(79.5)
    first = r.player.lap()
    r.run_to(158)
    second = r.player.lap()
    r.run_to(165)
    third = r.player.lap()
    assert (first.target_s, first.diff_s, first.ends_step) == (80, pytest.approx(-0.5), False)
    assert (second.lap_s, second.split_s, second.target_s) == (pytest.approx(78.5), 158, 160)
    assert third.target_s is None and third.lap == 3
    assert [lap.mark for lap in (first, second, third)] == ["split", "end", None]
    texts = [e["text"] for e in r.log.of("lap")]
    assert texts == ["four hundred, one nineteen point five, five tenths fast", "two thirty-eight, two seconds fast", "seven"]
    assert r.player.index == 0 and len(r.player.laps) == 3


def test_a_lap_with_no_target_says_the_lap_time():
    r = started([("warmup", 300)], get_ready_s=0)
    r.run_to(95.3)
    r.player.lap()
    assert r.log.of("lap")[0]["text"] == "one thirty-five point three" and r.log.of("lap")[0]["diff_s"] is None


def test_laps_are_ignored_during_get_ready_and_pause():
    r = started()
    assert r.player.lap() is None
    r.run_to(15)
    r.player.pause()
    assert r.player.lap() is None and not r.log.of("lap")


@pytest.mark.parametrize(
    "split, target, text",
    [
        (37.6, 38, "thirty-seven point six, four tenths fast"),
        (41.2, 38, "forty-one point two, three point two slow"),
        (38.0, 38, "thirty-eight, on target"),
        (38.04, 38, "thirty-eight, on target"),
        (37.9, 38, "thirty-seven point nine, one tenth fast"),
        (39.0, 38, "thirty-nine, one second slow"),
        (75.3, 72, "one fifteen point three, three point three slow"),
        (100.0, 75, "one forty, twenty-five seconds slow"),
        (86.1, 85, "one twenty-six point one, one point one slow"),
        (89.95, 89.5, "one thirty, five tenths slow"),  # 89.95 is said 1:30.0: the diff is of what is said
    ],
)
def test_what_is_said_after_a_rep(split, target, text):
    assert lap_call(split, target) == text


def test_big_differences_are_said_as_times():
    assert say_diff(1234) == "two oh three point four slow"


def test_resume_from_restores_laps_and_starts_at_that_step_after_get_ready():
    r = started(get_ready_s=0)
    r.run_to(20 + 37.6)
    r.player.lap()
    recorded = r.log.of("lap")

    again = rig(REPS, get_ready_s=5)
    again.player.resume_from(3, recorded)
    p = again.player
    start = again.log[0]
    assert (start["resumed_from"], start["laps"], start["t_s"]) == (3, 1, 118 - 5)
    assert p.state == GET_READY and p.index == 3 and p.laps[0].split_s == pytest.approx(37.6)
    assert not again.log.cues("get_ready")  # the lead-in's speech names the first step, not this one
    again.run_to(5)
    assert again.log.of("segment")[0]["index"] == 3 and p.state == WAITING
    again.run_to(5 + 36.9)
    p.lap()
    assert [lap.rep for lap in p.laps] == [1, 2] and again.log.of("lap")[0]["text"] == "thirty-six point nine, one point one fast"


def test_resume_mid_step_skips_the_cues_already_past():
    steps = [("warmup", 60), ("run", 120), ("jog", 60)]
    cues = [Cue(60, "speech", 1, "announce", text="Run"), Cue(90, "speech", 1, "custom", text="Relax"),
            Cue(150, "speech", 1, "custom", text="Thirty to go"), Cue(-3, "tone", 0, "pip", sound="pip3")]
    r = rig(make_timeline(steps, cues=cues), get_ready_s=5)
    r.player.resume_from(1, [], elapsed_in_segment=45)
    r.run_to(5)
    assert r.player.step_elapsed_s == 45 and r.player.step_left_s == 75
    r.run_to(5 + 80)
    assert [e["text"] or e["kind"] for e in r.log.cues()] == ["pip", "Thirty to go"]
    assert r.log.cues("custom")[0]["t_s"] == 150


def test_resume_from_a_step_that_does_not_exist():
    with pytest.raises(ValueError):
        rig(REPS).player.resume_from(9, [])


def lap_of(**kw):
    spec = dict(segment=3, rep=2, reps=8, lap=1, lap_s=38, split_s=38, target_s=38, diff_s=0, t_s=0,
                ends_step=True, mark="end", mark_m=200, kind="run", intensity="work")
    return Lap(**{**spec, **kw})


@pytest.mark.parametrize(
    "lap, long, short",
    [
        (lap_of(), "rep 2/8", "2"),
        (lap_of(lap=1, ends_step=False, mark="split", mark_m=100), "rep 2/8 100 m", "2.1"),
        (lap_of(lap=2), "rep 2/8 200 m", "2.2"),
        # a lap in the jog between reps is named by the jog, not labelled as a rep
        (lap_of(kind="jog", intensity="recovery", ends_step=False, mark=None, mark_m=None), "jog 2/8 lap 1", "jog2.1"),
        (lap_of(kind="warmup", intensity="warmup", rep=None, reps=None, lap=2, ends_step=False, mark=None,
                mark_m=None), "warm-up lap 2", "wu.2"),
    ],
)
def test_every_view_names_a_lap_the_same_way(lap, long, short):
    assert (lap_label(lap), lap_label(lap, short=True)) == (long, short)
