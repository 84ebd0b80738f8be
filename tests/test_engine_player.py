"""The player on a fake clock: get-ready, cues queued ahead, and every control."""

import pytest

from trackcue.engine import FINISHED, GET_READY, IDLE, PAUSED, RUNNING, WAITING, FakeClock, Player
from engine_rig import make_timeline, rig

STEPS = [("warmup", 60), ("run", 30), ("jog", 45), ("cooldown", 40)]


def started(steps=STEPS, **kw):
    r = rig(steps, **kw)
    r.player.start()
    return r


def test_get_ready_counts_down_then_the_first_step_starts_at_zero():
    r = started()
    p = r.player
    assert p.state == GET_READY and p.countdown_s == 10 and p.index == 0
    assert r.log.names() == ["start", "cue"] and r.log[0]["t_s"] == -10
    assert r.log.cues("get_ready")[0]["t_s"] == -10
    r.run_to(7.5)
    assert p.countdown_s == pytest.approx(2.5) and p.elapsed_s == 0
    assert [e["t_s"] for e in r.log.cues("pip")] == [-3]
    r.run_to(10)
    assert p.state == RUNNING and p.countdown_s is None
    seg = r.log.of("segment")[0]
    assert (seg["index"], seg["t_s"], seg["at_s"]) == (0, 0, 0)
    assert r.log.names()[-2:] == ["segment", "cue"] and r.log[-1]["kind"] == "announce"


def test_a_shorter_get_ready_drops_lead_in_cues_before_it_and_zero_starts_at_once():
    r = started(get_ready_s=3)
    assert r.player.countdown_s == 3 and not r.log.cues("get_ready")
    r.run_to(3)
    assert [e["t_s"] for e in r.log.cues("pip")][:3] == [-3, -2, -1]
    assert r.player.state == RUNNING
    r0 = started(get_ready_s=0)
    assert r0.player.state == RUNNING and r0.log.names()[:2] == ["start", "segment"]


def test_cues_are_queued_a_horizon_ahead_at_their_exact_clock_times():
    r = rig(STEPS)
    queued_when = []
    queue = r.sink.queue
    r.sink.queue = lambda cue, at: (queued_when.append((at, r.clock.now())), queue(cue, at))
    r.player.start()
    r.advance(200, step=0.37)
    tl = r.player.timeline
    assert r.sink.times() == sorted(10 + c.at_s for c in tl.cues)  # origin: clock 10 is workout 0
    assert all(at - when >= 2 - 0.37 for at, when in queued_when if at >= 2)
    assert all(at - when <= 2 + 1e-9 for at, when in queued_when)


def test_cue_events_come_when_due_never_before():
    r = started()
    seen = []
    r.player.on_event = lambda e: seen.append((e, r.clock.now()))
    r.advance(100, step=0.23)
    for event, now in seen:
        assert now - 10 >= event["t_s"] - 1e-9
        assert now - 10 - event["t_s"] < 0.23 + 1e-9  # within one update of its time
    segments = [e for e, _ in seen if e["event"] == "segment"]
    assert [(e["index"], e["t_s"]) for e in segments] == [(0, 0), (1, 60), (2, 90)]


def test_pause_freezes_the_step_and_shifts_every_later_cue():
    r = started()
    p = r.player
    r.run_to(30)  # 20 s into the warm-up
    assert p.pause() and p.state == PAUSED
    assert r.sink.cancels == [30]
    left = p.step_left_s
    r.advance(15)
    assert p.step_left_s == left == 40 and p.t_s == 20
    assert not r.log.of("segment")[1:]  # the warm-up did not end while paused
    assert p.resume() and p.state == RUNNING
    resume = r.log.of("resume")[0]
    assert resume["paused_s"] == 15 and resume["t_s"] == 20
    r.run_to(100)
    run = r.log.of("segment")[1]
    assert run["t_s"] == 60 and run["at_s"] == 60  # the workout clock leaves pauses out
    assert 10 + 60 + 15 in r.sink.times("announce")  # on the device clock it moved by the pause
    assert not p.resume()


def test_toggle_pause_and_pause_during_get_ready():
    r = started()
    p = r.player
    r.run_to(4)
    assert p.toggle_pause() and p.state == PAUSED
    r.advance(30)
    assert p.countdown_s == 6
    assert p.toggle_pause() and p.state == GET_READY
    r.advance(6)
    assert p.state == RUNNING and r.clock.now() == 40


def test_skip_from_get_ready_starts_the_first_step_now():
    r = started()
    r.run_to(2)
    assert r.player.skip()
    assert r.player.state == RUNNING and r.player.t_s == 0
    assert r.log.names()[-3:] == ["skip", "segment", "cue"]
    r.run_to(2 + 60)
    assert r.log.of("segment")[-1]["index"] == 1


def test_skip_moves_to_the_next_step_now_and_later_steps_follow_it():
    r = started()
    p = r.player
    r.run_to(25)  # 15 s into the warm-up
    assert p.skip()
    skip = r.log.of("skip")[0]
    assert (skip["segment"], skip["to"], skip["t_s"]) == (0, 1, 15)
    assert p.index == 1 and p.step_left_s == 30 and p.remaining_s == 30 + 45 + 40
    assert r.log.of("segment")[-1]["t_s"] == 15 and r.log.of("segment")[-1]["at_s"] == 60
    r.run_to(120)
    assert r.sink.times("announce")[-3:] == [25, 55, 100]  # run now, jog 30 s later, cooldown 45 s after


def test_skip_on_the_last_step_finishes():
    r = started(get_ready_s=0)
    for _ in range(3):
        r.player.skip()
    assert r.player.index == 3
    assert r.player.skip() and r.player.state == FINISHED
    assert r.log.of("skip")[-1]["to"] is None and r.log[-1]["event"] == "finish"


def test_back_restarts_the_step_after_three_seconds_else_goes_to_the_previous():
    r = started(get_ready_s=0)
    p = r.player
    r.run_to(70)  # 10 s into the run
    assert p.back()
    back = r.log.of("back")[0]
    assert (back["segment"], back["to"], back["restart"]) == (1, 1, True)
    assert p.index == 1 and p.step_elapsed_s == 0 and p.step_left_s == 30
    r.run_to(72)
    assert p.back() and p.index == 0 and p.step_left_s == 60
    assert r.log.of("back")[-1]["restart"] is False
    assert r.log.of("segment")[-1]["index"] == 0 and r.log.of("segment")[-1]["t_s"] == 72
    r.run_to(73)
    assert p.back() and p.index == 0  # the first step can only restart


def test_adjust_moves_the_end_and_the_closing_pips_with_it():
    r = started(get_ready_s=0)
    p = r.player
    r.run_to(20)
    assert p.adjust(+10)
    assert p.step_left_s == 50 and p.step_duration_s == 70
    assert r.log.of("adjust")[0]["delta_s"] == 10 and r.log.of("adjust")[0]["duration_s"] == 70
    r.run_to(68)
    assert r.sink.times("pip")[-3:] == [67, 68, 69]
    r.run_to(71)
    assert r.log.of("segment")[-1]["index"] == 1 and r.log.of("segment")[-1]["t_s"] == 70
    assert p.adjust(-10) and p.step_left_s == 19
    r.run_to(90)
    assert [e["t_s"] for e in r.log.cues("pip")][-3:] == [87, 88, 89]
    assert r.log.of("segment")[-1]["index"] == 2 and r.log.of("segment")[-1]["t_s"] == 90


def test_shortening_past_now_ends_the_step_now():
    r = started(get_ready_s=0)
    r.run_to(55)
    assert r.player.adjust(-10)
    assert r.player.index == 1 and r.log.of("segment")[-1]["t_s"] == 55
    assert r.player.step_left_s == 30


def test_adjust_on_a_lap_ended_step_changes_its_planned_length_only():
    r = started([("warmup", 10), {"kind": "run", "duration_s": 80, "ends": "lap", "target_s": 80}], get_ready_s=0)
    r.run_to(15)
    assert r.player.state == WAITING
    assert r.player.adjust(+10) and r.player.step_duration_s == 90 and r.player.step_left_s is None
    r.run_to(200)
    assert r.player.state == WAITING


def test_finish_and_abort_end_the_session_and_controls_stop_working():
    r = started(get_ready_s=0)
    r.run_to(20)
    assert r.player.finish() and r.player.state == FINISHED and not r.player.aborted
    assert r.log[-1]["event"] == "finish" and r.log[-1]["t_s"] == 20 and r.sink.cancels[-1] == 20
    assert not any([r.player.pause(), r.player.skip(), r.player.back(), r.player.adjust(10), r.player.finish()])
    assert r.player.lap() is None and r.player.update() == [] and r.player.next_deadline() is None
    a = started(get_ready_s=0)
    a.run_to(5)
    assert a.player.abort() and a.player.aborted and a.log[-1]["event"] == "abort"
    assert not a.player.abort()


def test_the_workout_finishes_on_its_own_at_the_planned_end():
    r = started()
    r.advance(200, step=0.7)
    p = r.player
    assert p.state == FINISHED and p.remaining_s == 0
    finish = r.log[-1]
    assert finish["event"] == "finish" and finish["t_s"] == 175 and finish["at_s"] == 175
    assert finish["elapsed_s"] == 175


def test_state_for_the_screen():
    steps = [("warmup", 60), {"kind": "run", "duration_s": 60, "rep": 1, "reps": 2, "set": 1, "sets": 3}, ("jog", 30)]
    r = started(steps)
    p = r.player
    assert p.state == GET_READY and p.segment.kind == "warmup" and p.next_segment.kind == "run"
    assert p.remaining_s == 150 and p.step_elapsed_s == 0
    r.run_to(80)
    assert (p.rep, p.reps, p.set, p.sets) == (1, 2, 1, 3)
    assert p.step_elapsed_s == 10 and p.step_left_s == 50 and p.elapsed_s == 70 and p.remaining_s == 80
    r.run_to(160)
    assert p.next_segment is None and p.step_left_s == 0


def test_nothing_happens_before_start_and_start_only_once():
    r = rig(STEPS)
    p = r.player
    assert p.state == IDLE and p.update() == [] and p.next_deadline() is None
    assert not p.pause() and not p.skip() and p.lap() is None
    p.start()
    with pytest.raises(RuntimeError):
        p.start()
    with pytest.raises(ValueError):
        Player(make_timeline([]), FakeClock())


def test_next_deadline_is_the_next_queue_or_cue_or_step_end():
    r = started(get_ready_s=0, horizon_s=2)
    p = r.player
    r.run_to(50)
    assert p.next_deadline() == 55  # the first pip (57) enters the horizon
    assert p.next_due() == 57  # the next event: the pip
    r.run_to(56.5)
    assert p.next_deadline() == 57  # the pip itself, and 59 entering the horizon
    r.run_to(59.5)
    assert p.next_deadline() == 60
    assert p.next_due() == 60
    assert p.pause() and p.next_deadline() is None and p.next_due() is None


LAST_ON_LAP = """
name: last on lap
steps:
  - run: 20s
  - run: 200m in 38s
"""


def finish_on_lap_rig(workout_file, **kw):
    from trackcue.workout import compile_file

    r = rig(compile_file(workout_file(LAST_ON_LAP)), **kw)
    r.player.start()
    r.run_to(10 + 20)  # get-ready, then the 20 s run: the last step, ended by the lap key, begins
    return r


@pytest.mark.parametrize("lap_after_s", [8.0, 57.5])  # well under the 38 s target, and 19.5 s over it
def test_a_workout_ending_on_a_lap_says_its_finish_after_the_last_lap_never_before(workout_file, lap_after_s):
    """The finish phrase was planned at the last step's target: a slow runner heard "Workout
    complete" while still running, a fast one never heard it."""
    from trackcue.phrases import estimate_duration

    r = finish_on_lap_rig(workout_file)
    r.advance(lap_after_s - 0.05, step=0.25)
    assert not r.log.cues("finish") and not r.sink.times("finish")  # not at the planned end (38 s)
    lap_at = r.clock.now()
    r.player.lap()
    assert r.player.state == FINISHED
    (finish,) = r.log.cues("finish")
    (call,) = [(c, t) for c, t in r.sink.queued if c.kind == "lap"]
    (said,) = [(c, t) for c, t in r.sink.queued if c.kind == "finish"]
    assert said[0].text == "Workout complete. Well done." and said[0].plan_index is None  # placed as a call
    assert said[1] == pytest.approx(lap_at + estimate_duration(call[0].text))  # after the runner's time
    assert finish["t_s"] == pytest.approx(r.log.of("finish")[0]["t_s"])


def test_a_skip_past_the_last_step_says_the_finish_and_a_timed_end_says_it_once(workout_file):
    r = finish_on_lap_rig(workout_file)
    r.advance(5)
    r.player.skip()
    assert [c.kind for c, _ in r.sink.queued].count("finish") == 1
    from trackcue.workout import compile_file

    timed = rig(compile_file(workout_file("steps:\n  - run: 20s\n  - jog: 10s\n", name="timed.yaml")))
    timed.player.start()
    timed.advance(60, step=0.5)
    assert timed.player.state == FINISHED
    (said,) = [(c, t) for c, t in timed.sink.queued if c.kind == "finish"]
    assert said[1] == pytest.approx(10 + 30)  # as planned: at the end of the timed last step
    assert len(timed.log.cues("finish")) == 1
