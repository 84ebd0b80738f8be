"""Progression across sessions from the history, and `trackcue today` telling why."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from trackcue.history.recorder import Recorder
from trackcue.plan.calendar import sessions_on
from trackcue.plan.outcomes import Outcome
from trackcue.plan.parse import load_plan
from trackcue.plan.progress import per_session
from trackcue.plan.today import due_on, today_session
from trackcue.workout import load_workout, resolve_path

START = date(2031, 1, 6)  # a Monday, far enough ahead that 'plan start --on' is never in the past
SPEED = START + timedelta(weeks=12)  # week 13, the first week of the speed block
TUESDAYS = [SPEED + timedelta(weeks=w, days=1) for w in range(8)]  # weeks 13-20


def record_session(day: date, workout: str = "200m-repeats", diffs: tuple[float, ...] = (0.0,) * 8,
                   status: str = "done", skip: int = 0, target: float = 38.0, planned: int = 0) -> None:
    """Record one session of ``workout`` on ``day``: a rep per diff (split − target), each
    followed by a jog; ``skip`` reps skipped at the end; ``planned`` reps in the block (more
    than were run: finished early); ``status`` done or aborted."""
    path = resolve_path(workout).resolve()
    title = load_workout(path).name
    wall = datetime.combine(day, time(7, 0)).timestamp()
    reps = max(planned, len(diffs) + skip)
    t, seg = 0.0, 0
    with Recorder() as rec:
        rec.record({"event": "start", "at_s": -10.0, "t_s": -10.0, "wall": wall - 10, "name": title,
                    "source": str(path), "params": {}, "total_s": 1000.0})
        for rep, diff in enumerate(diffs, 1):
            rec.record({"event": "segment", "index": seg, "kind": "run", "intensity": "work", "at_s": t, "t_s": t,
                        "wall": wall + t, "duration_s": target, "rep": rep, "reps": reps})
            t += target + diff
            rec.record({"event": "lap", "segment": seg, "rep": rep, "reps": reps, "lap": 1, "lap_s": target + diff,
                        "split_s": target + diff, "target_s": target, "diff_s": diff, "ends_step": True,
                        "at_s": t, "t_s": t, "wall": wall + t})
            rec.record({"event": "segment", "index": seg + 1, "kind": "jog", "intensity": "recovery", "at_s": t,
                        "t_s": t, "wall": wall + t, "duration_s": 60.0, "rep": rep, "reps": reps})
            seg += 2
            t += 60
        for rep in range(len(diffs) + 1, reps + 1):
            rec.record({"event": "segment", "index": seg, "kind": "run", "intensity": "work", "at_s": t, "t_s": t,
                        "wall": wall + t, "duration_s": target, "rep": rep, "reps": reps})
            rec.record({"event": "skip", "segment": seg, "to": seg + 1, "at_s": t, "t_s": t, "wall": wall + t})
            rec.record({"event": "segment", "index": seg + 1, "kind": "cooldown", "intensity": "cooldown",
                        "at_s": t, "t_s": t, "wall": wall + t, "duration_s": 60.0, "rep": None, "reps": None})
            seg += 2
        end = {"event": "finish" if status == "done" else "abort", "at_s": t, "t_s": t, "wall": wall + t}
        if status == "done":
            end.update(laps=len(diffs), elapsed_s=t)
        rec.record(end)


def _rule():
    plan = load_plan("faster-mile")
    ds = sessions_on(plan, START, TUESDAYS[0])[0]
    return ds.session.rules["recovery"]


def _o(day: date, ok: bool = True) -> Outcome:
    return Outcome(day=day, session_id=1, status="done", rep_diffs=(0.2, -0.5) if ok else (0.2, 2.5), skipped=0)


def test_each_session_on_target_takes_15_seconds_off_never_below_0_30():
    rule = _rule()
    values = [per_session(rule, [_o(TUESDAYS[0])] * n).value for n in range(9)]
    assert values == ["2:00", "1:45", "1:30", "1:15", "1:00", "0:45", "0:30", "0:30", "0:30"]


def test_an_off_target_session_holds_and_says_why():
    rule = _rule()
    got = per_session(rule, [_o(TUESDAYS[0]), _o(TUESDAYS[1], ok=False)])
    assert got.value == "1:45"
    assert "held" in got.reason and "1 rep slow (up to +2.5s)" in got.reason


def test_last_two_on_target_is_said():
    got = per_session(_rule(), [_o(TUESDAYS[0], ok=False), _o(TUESDAYS[1]), _o(TUESDAYS[2])])
    assert got.value == "1:30"
    assert got.reason.startswith("recovery 1:30 — last two sessions on target, 2 sessions on target in all")


@pytest.fixture
def plan_started(cli):
    code, out, err = cli("plan", "start", "faster-mile", "--on", START.isoformat())
    assert code == 0, err
    return load_plan("faster-mile")


def test_history_moves_the_recovery_and_misses_hold_it(plan_started, cli):
    plan = plan_started
    seen = []
    outcomes = [dict(), dict(diffs=(0.0, 2.0) + (0.0,) * 6), dict(), dict(status="aborted"),
                dict(skip=2, diffs=(0.0,) * 6), dict(diffs=(0.0,) * 2, planned=8), None]  # None: missed that Tuesday
    for day, how in zip(TUESDAYS, outcomes):
        code, out, _ = cli("today", "--date", day.isoformat())
        assert code == 0
        seen.append(next(line for line in out.splitlines() if line.startswith("200 m repeats")))
        if how is not None:
            record_session(day, **how)
    assert seen == [
        "200 m repeats — reps 8, recovery 2:00",  # first session
        "200 m repeats — reps 8, recovery 1:45",  # one on target
        "200 m repeats — reps 8, recovery 1:45",  # a slow rep: held
        "200 m repeats — reps 8, recovery 1:30",
        "200 m repeats — reps 8, recovery 1:30",  # aborted: held
        "200 m repeats — reps 8, recovery 1:30",  # reps skipped: held
        "200 m repeats — reps 8, recovery 1:30",  # finished after 2 of 8 reps: held
    ]
    code, out, _ = cli("today", "--date", TUESDAYS[7].isoformat())  # after a missed Tuesday: still held
    assert (f"recovery 1:30 — held: last session Tue {TUESDAYS[5].isoformat()} 6 reps skipped or not run; "
            "2 sessions on target so far") in out
    assert "run: trackcue run 200m-repeats --set reps=8 --set recovery=1:30" in out


def test_only_sessions_of_that_workout_since_the_block_began_count(plan_started):
    record_session(SPEED - timedelta(days=3))  # during the base block: does not count
    record_session(TUESDAYS[0], workout="400m-split-repeats")
    due = due_on(plan_started, START, TUESDAYS[1], None)
    assert due[0].overrides["recovery"] == "2:00"
    from trackcue.history.queries import open_history

    conn = open_history()
    try:
        assert due_on(plan_started, START, TUESDAYS[1], conn)[0].overrides["recovery"] == "2:00"
        sat = TUESDAYS[1] + timedelta(days=4)
        assert due_on(plan_started, START, sat, conn)[0].overrides["recovery"] == "1:45"
    finally:
        conn.close()


def test_vo2max_recovery_comes_down_to_45_seconds(plan_started, cli):
    tuesdays = [START + timedelta(weeks=20 + w, days=1) for w in range(6)]
    values, reasons = [], []
    for day in tuesdays:
        session = today_session(day)
        assert session is not None and session.workout == "vo2max"
        values.append(session.overrides["recovery"])
        reasons.append(session.reason)
        record_session(day, workout="vo2max", diffs=(-1.0,) * 4, target=395.0)
    assert values == ["4:00", "3:15", "2:30", "1:45", "1:00", "0:45"]
    assert reasons[-1].startswith("recovery 0:45 — reached after 5 sessions on target")


def test_today_session_for_the_picker(plan_started):
    tue = TUESDAYS[0]
    s = today_session(tue)
    assert s.workout == "200m-repeats" and s.overrides == {"reps": "8", "recovery": "2:00"}
    assert s.reason.startswith("recovery 2:00 — first session")
    record_session(tue)
    assert today_session(tue) is None  # done today: nothing left to put first
    assert today_session(START - timedelta(days=1)) is None


def test_today_session_without_a_plan_is_none():
    assert today_session(date(2031, 1, 7)) is None


def test_today_without_a_plan_says_how_to_start(cli):
    code, out, _ = cli("today")
    assert code == 0 and "trackcue plan start faster-mile" in out


def test_today_json(plan_started, cli):
    import json

    code, out, _ = cli("today", "--date", TUESDAYS[0].isoformat(), "--json")
    data = json.loads(out)
    assert data["week"] == 13 and data["sessions"][0]["set"] == {"reps": "8", "recovery": "2:00"}
    assert data["sessions"][0]["command"] == "trackcue run 200m-repeats --set reps=8 --set recovery=2:00"


def test_the_guide_shows_what_today_prints(cli):
    """docs/plan-format.md's sample: two 200 m sessions on target, then week 15's Tuesday."""
    import re
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[1] / "docs/plan-format.md").read_text(encoding="utf-8")
    sample = re.search(r"```\n(Faster mile · week 15.*?)```", guide, flags=re.S).group(1)
    assert cli("plan", "start", "faster-mile", "--on", "2026-06-01", "--force")[0] == 0
    record_session(date(2026, 8, 25))
    record_session(date(2026, 9, 1))
    code, out, _ = cli("today", "--date", "2026-09-08")
    assert code == 0 and out == sample
