"""A frozen process (or a sleeping phone): a stall is reported, the workout is where the runner is."""

import pytest

from trackcue.engine import FakeClock, ScaledClock
from engine_rig import RecordingSink
from trackcue.engine.player import Player
from engine_rig import EventLog, make_timeline, rig
from trackcue.timeline import Cue

STEPS = [("run", 30), ("jog", 30)]
TICKS = [Cue(float(t), "tone", 0 if t < 30 else 1, "tick", sound="tick") for t in range(60)]


def started(**kw):
    r = rig(make_timeline(STEPS, cues=TICKS), get_ready_s=0, **kw)
    r.player.start()
    return r


def test_a_five_second_freeze_is_a_stall_and_late_cues_are_skipped_not_burst():
    r = started()
    r.run_to(20)
    before = len(r.sink.queued)
    r.clock.advance(5)
    events = r.player.update()
    stall = events[0]
    assert stall["event"] == "stall" and stall["gap_s"] == 5 and stall["t_s"] == 25
    assert r.player.t_s == 25 and r.player.step_elapsed_s == 25  # where the runner is
    ticks = {e["t_s"]: e for e in events if e["event"] == "cue"}
    assert not ticks[21]["skipped"] and not ticks[22]["skipped"]  # queued before the freeze: the sink had them
    assert ticks[23]["skipped"] and ticks[24]["skipped"] and ticks[23]["late_s"] == 2
    assert not ticks[25]["skipped"]  # due right now
    assert r.player.stalls[0].gap_s == 5 and r.player.stalls[0].skipped_cues == 2
    after = [t for _, t in r.sink.queued[before:]]
    assert after == [25, 26, 27]  # no burst of old cues: only now and the next horizon


def test_a_stall_across_a_step_change_keeps_the_planned_step_times():
    r = started()
    r.run_to(28)
    r.clock.advance(10)
    events = r.player.update()
    assert [e["event"] for e in events if e["event"] != "cue"] == ["stall", "segment"]
    segment = next(e for e in events if e["event"] == "segment")
    assert segment["index"] == 1 and segment["t_s"] == 30
    assert r.player.index == 1 and r.player.step_left_s == 22
    r.run_to(70)
    assert r.log[-1]["event"] == "finish" and r.log[-1]["t_s"] == 60


def test_regular_updates_and_pauses_are_not_stalls():
    r = started()
    r.advance(10, step=0.9)
    r.player.pause()
    r.clock.advance(300)  # the phone slept through a water break
    r.player.resume()
    r.advance(10, step=0.5)
    assert not r.player.stalls and not r.log.of("stall")
    assert not r.log.cues(played=False)


def test_on_a_scaled_clock_the_thresholds_are_real_seconds():
    base = FakeClock()
    clock = ScaledClock(base, 10)
    log = EventLog()
    p = Player(make_timeline(STEPS, cues=TICKS), clock, RecordingSink(), get_ready_s=0, on_event=log)
    p.start()
    base.advance(0.5)  # 5 s of workout in half a real second: not a stall
    p.update()
    assert not p.stalls and not log.cues(played=False)
    base.advance(1.5)
    p.update()
    assert p.stalls[0].gap_s == pytest.approx(15)
