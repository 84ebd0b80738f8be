"""A lap at a split mark is a split, on shipped workouts, all the way to what history keeps.

Before: in ``400m-split-repeats`` a lap at 200 m said "51.2 — forty-one point two fast", started
the jog with 200 m still to run, and history stored the rep as 0:51.2, -41.2, done. The same with
``run: 200m in 38s`` + ``splits: 100m``. One lap concept did two jobs: every lap in a lap-ended
step ended it. Now the step's marks decide (``trackcue.engine.laps.place_lap``).
"""

from __future__ import annotations

import os

import pytest

from trackcue.engine.clock import FakeClock
from trackcue.engine.player import WAITING, Player
from engine_rig import EventLog
from trackcue.history.recorder import Recorder
from trackcue.workout import compile_file


def to_first_rep(player: Player, clock: FakeClock) -> None:
    player.start()
    while player.state != WAITING:
        clock.set(player.next_deadline())
        player.update()


def press(player: Player, clock: FakeClock, after_s: float):
    clock.advance(after_s)
    player.update()
    return player.lap()


def test_a_lap_at_200_m_of_a_shipped_split_400_is_a_split_and_history_keeps_the_whole_rep(cli):
    timeline = compile_file("400m-split-repeats", use_profile=False)
    rep = timeline.segments[13]
    assert (rep.ends, rep.distance_m, rep.target_s, [s.at_m for s in rep.splits]) == ("lap", 400, 92.4, [200])
    clock, log = FakeClock(), EventLog()
    with Recorder(os.environ["TRACKCUE_DB"]) as recorder:
        def both(event):
            log(event)
            recorder.record(event)

        player = Player(timeline, clock, on_event=both, stall_s=1e9)
        to_first_rep(player, clock)
        split = press(player, clock, 51.2)
        assert log.of("lap")[-1]["text"] == "two hundred, fifty-one point two, two point five slow"
        assert (split.mark, split.ends_step, split.target_s) == ("split", False, 48.7)
        assert player.index == 13 and player.state == WAITING  # 200 m still to run: no jog yet
        end = press(player, clock, 41.8)
        assert log.of("lap")[-1]["text"] == "one thirty-three, six tenths slow"
        assert (end.mark, end.ends_step, end.lap_s) == ("end", True, pytest.approx(41.8))
        assert player.index == 14 and player.segment.kind == "jog"
        player.abort()

    code, out, _ = cli("history", "show", str(recorder.session_id))
    assert code == 0
    row = next(line for line in out.splitlines() if line.lstrip().startswith("14 "))
    assert row.split()[-4:] == ["1:32.4", "1:33.0", "+0.6", "done"]  # not 0:51.2, -41.2
    chart = [line.split()[:5] for line in out.splitlines() if line.startswith("rep 1/6")]
    assert chart == [["rep", "1/6", "200", "m", "0:51.2"], ["rep", "1/6", "400", "m", "1:33.0"]]
    assert "reps 1 · laps 2 (1 split)" in out


def test_200m_in_38s_with_100m_splits_calls_the_split_then_ends_the_rep(workout_file):
    path = workout_file("name: 200s\nsteps:\n  - run: 200m in 38s\n    splits: 100m\n  - jog: 1min\n")
    timeline = compile_file(str(path), use_profile=False)
    clock, log = FakeClock(), EventLog()
    player = Player(timeline, clock, on_event=log, stall_s=1e9)
    to_first_rep(player, clock)
    press(player, clock, 19.6)
    assert player.index == 0 and player.state == WAITING
    press(player, clock, 18.3)
    assert [e["text"] for e in log.of("lap")] == ["one hundred, nineteen point six, six tenths slow", "thirty-seven point nine, one tenth fast"]
    assert [(e["mark"], e["mark_m"], e["target_s"], e["ends_step"]) for e in log.of("lap")] == [
        ("split", 100, 19, False), ("end", 200, 38, True)]
    assert player.index == 1 and player.segment.kind == "jog"
