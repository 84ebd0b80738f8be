"""What stands after skip, back, +/-10 s, abort and resume: the fold of a session's events."""

from __future__ import annotations

import sys

import pytest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from test_history_kit import play, run_events, track_timeline  # noqa: E402

from trackcue.engine.clock import FakeClock  # noqa: E402
from trackcue.engine.player import Player  # noqa: E402
from trackcue.history.summary import fold  # noqa: E402


def driven(reps: int = 3):
    """A player on a fake clock and the list its events go to, past get-ready into the warm-up."""
    clock, events = FakeClock(), []
    player = Player(track_timeline(reps), clock, on_event=events.append, wall=lambda: 1e9 + clock.now(), stall_s=1e9)
    player.start()
    clock.advance(5.0)
    player.update()
    return player, clock, events


def test_finished_run_has_every_step_done_and_reps_counted():
    state = fold(run_events([81.0, 79.0]))
    assert state.status == "done" and state.reps_done == 2 and state.starts == 1
    assert [(s.kind, s.outcome) for s in state.steps] == [("warmup", "done"), ("run", "done"), ("jog", "done"),
                                                         ("run", "done"), ("jog", "done")]
    rep = state.steps[1]
    assert (rep.target_s, rep.actual_s, rep.diff_s) == (80.0, 81.0, 1.0)


def test_skipped_rep_is_not_a_rep_done():
    player, clock, events = driven()
    player.skip()  # leave the warm-up
    clock.advance(30.0)
    player.skip()  # skip rep 1
    state = fold(events)
    assert [(s.kind, s.outcome) for s in state.steps] == [("warmup", "skipped"), ("run", "skipped"), ("jog", "running")]
    assert state.reps_done == 0


def test_back_runs_a_rep_again_and_its_first_try_no_longer_stands():
    player, clock, events = driven()
    player.skip()
    clock.advance(40.0)
    player.lap()  # rep 1 in 40 s: a false start, say
    clock.advance(2.0)
    player.back()  # 2 s into the jog: back to rep 1
    clock.advance(78.0)
    player.lap()
    state = fold(events)
    assert [lap.split_s for lap in state.laps] == [78.0]
    # The first try and the 2 s of jog stay rows with the time they took (no rep, no laps).
    assert [(s.index, s.outcome) for s in state.steps] == [
        (0, "skipped"), (1, "restarted"), (2, "restarted"), (1, "done"), (2, "running")]
    first_try = state.steps[1]
    assert first_try.end_t_s - first_try.start_t_s == 40.0 and first_try.laps == 0
    assert state.reps_done == 1


def test_adjust_moves_the_step_target():
    player, clock, events = driven()
    clock.advance(20.0)
    player.update()
    player.adjust(10.0)
    assert fold(events).steps[-1].target_s == 130.0


def test_abort_cuts_the_step_in_progress():
    state = fold(run_events([81.0], reps=3, end="abort"))
    assert state.status == "aborted" and state.steps[-1].outcome == "aborted" and state.reps_done == 1


def test_resume_replaces_the_interrupted_step_and_keeps_earlier_laps():
    timeline = track_timeline(3)
    first = play(timeline, [81.0, 79.0], end=None)
    first_state = fold(first)
    assert first_state.segment == 4  # killed in the jog after rep 2
    laps = [lap.to_json() for lap in first_state.laps]
    again = play(timeline, [80.0], resume=(4, laps), wall0=1_800_000_000.0)
    state = fold(first + again)
    assert state.starts == 2 and state.status == "done" and state.reps_done == 3
    assert [lap.split_s for lap in state.laps] == [81.0, 79.0, 80.0]
    assert [s.index for s in state.steps] == [0, 1, 2, 3, 4, 5, 6]  # killed as the jog began: no try to keep


def test_the_time_run_in_a_step_a_crash_cut_off_is_kept_as_its_own_row():
    # 28 s into a 30 s jog the process is killed; resume runs the jog again. The 28 s were lost:
    # the step rows added up to 70 s of a 98 s session.
    events = [
        {"event": "start", "t_s": 0.0}, {"event": "segment", "index": 0, "kind": "jog", "t_s": 0.0, "duration_s": 30.0},
        {"event": "cue", "t_s": 28.0},  # the last thing recorded before the kill
        {"event": "start", "t_s": 28.0}, {"event": "segment", "index": 0, "kind": "jog", "t_s": 28.0, "duration_s": 30.0},
        {"event": "segment", "index": 1, "kind": "run", "t_s": 58.0, "duration_s": 40.0},
        {"event": "finish", "t_s": 98.0},
    ]
    state = fold(events)
    rows = [(s.index, s.outcome, s.start_t_s, s.end_t_s) for s in state.steps]
    assert rows == [(0, "restarted", 0.0, 28.0), (0, "done", 28.0, 58.0), (1, "done", 58.0, 98.0)]
    assert sum(s.end_t_s - s.start_t_s for s in state.steps) == state.t_s == 98.0


def test_a_lone_work_step_is_work_not_a_rep_in_every_count(workout_file):
    # 3 x 200 m, then a 1-minute run: the screen counts "Rep 1 / 3"; the summary said
    # "reps 1 of 4" and history counted the run as a fourth rep.
    from trackcue.engine.player import WAITING
    from trackcue.history.report import summary_lines
    from trackcue.history.summary import summarize
    from trackcue.workout import compile_file
    from trackcue.workout.report import Totals

    tl = compile_file(workout_file("name: Mixed\nsteps:\n  - repeat: 3\n    steps:\n      - run: 200m in 38s\n"
                                   "      - jog: 30s\n  - run: 1min\n"), use_profile=False, get_ready_s=0)
    clock, events = FakeClock(), []
    player = Player(tl, clock, get_ready_s=0, on_event=events.append)
    player.start()
    shown_reps = set()
    while player.state != "finished":
        clock.set(clock.now() + 0.5)
        player.update()
        if player.segment.rep:
            shown_reps.add(player.segment.reps)
        if player.state == WAITING and player.step_elapsed_s >= 38:
            player.lap()
    summary = summarize(fold(events))
    assert shown_reps == {3} and Totals.of(tl).reps == 3 and summary.reps_done == 3
    assert summary_lines(summary, reps_planned=Totals.of(tl).reps)[0] == "reps 3 of 3 · laps 3"


def test_a_workout_without_repeats_says_no_reps():
    from trackcue.history.report import summary_lines
    from trackcue.history.summary import Summary

    summary = Summary(status="done", elapsed_s=1200.0, reps_done=0, laps=0, splits=0, fast=0, slow=0, even=0,
                      avg_diff_s=None, segment=2, stalls=0)
    assert summary_lines(summary, reps_planned=0) == ["laps 0"]


def test_history_show_cuts_a_long_step_label_never_its_rep_number():
    from trackcue.history.report import LABEL_W, step_table
    from trackcue.history.summary import StepResult

    long = StepResult(index=3, kind="run", label="Run · 1 mi in 6:35 (4:02/km–4:05/km)", rep=3, reps=8, work=True,
                      planned_start_s=0.0, start_t_s=0.0, end_t_s=395.0, target_s=395.0, outcome="done")
    row = step_table([long])[1]
    assert "… 3/8" in row and len(row.split("  ")[1].strip()) <= LABEL_W


def test_steps_add_up_to_the_session_after_back_twice():
    # A rep, 5 s of jog, back (the jog again), 1.5 s, back (the rep again): both jog tries were
    # dropped and history's steps added up to 73.2 s of a 79.7 s session.
    events = [
        {"event": "start", "t_s": 0.0},
        {"event": "segment", "index": 0, "kind": "run", "intensity": "work", "rep": 1, "reps": 2, "t_s": 0.0},
        {"event": "segment", "index": 1, "kind": "jog", "t_s": 30.0},
        {"event": "segment", "index": 1, "kind": "jog", "t_s": 35.0},  # back: the jog again
        {"event": "segment", "index": 0, "kind": "run", "intensity": "work", "rep": 1, "reps": 2, "t_s": 36.5},
        {"event": "segment", "index": 1, "kind": "jog", "t_s": 66.5},
        {"event": "finish", "t_s": 79.7},
    ]
    state = fold(events)
    assert sum(s.end_t_s - s.start_t_s for s in state.steps) == pytest.approx(state.t_s)
    assert [(s.index, s.outcome) for s in state.steps] == [
        (0, "restarted"), (1, "restarted"), (1, "restarted"), (0, "done"), (1, "done")]


def test_the_laps_said_at_the_finish_are_the_laps_history_keeps_after_back():
    # A lap in rep 1, back into it, a lap again: --plain said "4 laps" at the finish where history
    # counted the ones that stand.
    from trackcue.history.summary import summarize

    player, clock, events = driven()
    player.skip()
    clock.advance(40.0)
    player.lap()
    clock.advance(2.0)
    player.back()  # back to rep 1: its lap no longer stands
    clock.advance(78.0)
    player.lap()
    player.finish()
    finish = next(e for e in events if e["event"] == "finish")
    assert finish["laps"] == summarize(fold(events)).laps == len(player.laps) == 1
