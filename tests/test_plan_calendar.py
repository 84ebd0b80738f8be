"""The plan on the calendar: dated sessions, per-week progressions, and the shipped plan week by week."""

from __future__ import annotations

import json
from datetime import date, timedelta

from trackcue.plan.calendar import calendar, end_date, week_of
from trackcue.plan.parse import load_plan
from trackcue.workout import compile_file

START = date(2031, 1, 6)  # Monday
WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _week(cal, n):
    return {ds.date.weekday(): ds for ds in cal if ds.week == n}


def test_weeks_begin_on_the_start_date_whatever_the_weekday(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("name: Two weeks\nblocks:\n  - weeks: 1-2\n    days: {mon: strength, fri: stretching}\n")
    plan = load_plan(path)
    wednesday = date(2031, 1, 8)
    cal = calendar(plan, wednesday)
    assert [(ds.date.isoformat(), ds.week, ds.session.workout) for ds in cal] == [
        ("2031-01-10", 1, "stretching"), ("2031-01-13", 1, "strength"),
        ("2031-01-17", 2, "stretching"), ("2031-01-20", 2, "strength")]
    assert end_date(plan, wednesday) == date(2031, 1, 21)
    assert week_of(plan, wednesday, date(2031, 1, 7)) is None and week_of(plan, wednesday, date(2031, 1, 22)) is None


def test_the_base_block_is_twelve_easy_weeks_with_strength_twice_a_week():
    cal = calendar(load_plan("faster-mile"), START)
    long_runs = []
    for n in range(1, 13):
        week = _week(cal, n)
        assert {d: ds.session.workout for d, ds in week.items()} == {
            0: "strength", 1: "base-run", 2: "stretching", 3: "base-run", 4: "strength", 5: "base-run"}
        assert all(ds.block.name == "Base" for ds in week.values())
        long_runs.append(week[5].overrides["duration"])
    assert long_runs[0] == "40min" and long_runs[-1] == "60min"
    assert long_runs == sorted(long_runs, key=lambda v: int(v[:-3]))  # never shorter than last week
    assert [_week(cal, n)[1].overrides["duration"] for n in (1, 12)] == ["30min", "45min"]


def test_the_speed_and_mile_blocks_week_by_week():
    cal = calendar(load_plan("faster-mile"), START)
    for n in range(13, 21):
        week = _week(cal, n)
        assert [week[d].session.workout for d in range(7)] == [
            "strength", "200m-repeats", "base-run", "hill-repeats", "strength", "400m-split-repeats", "base-run"]
        assert week[1].overrides == {"reps": "8"} and set(week[1].pending) == {"recovery"}
        assert week[3].overrides == {"reps": str(min(6 + n - 13, 10))}  # hills: a rep more each week
    for n in range(21, 27):
        week = _week(cal, n)
        assert [week[d].session.workout for d in range(7)] == [
            "strength", "vo2max", "base-run", "downhill-repeats", "strength", "threshold", "base-run"]
    assert [_week(cal, n)[5].overrides["recovery"] for n in range(21, 27)] == [
        "2:00", "1:50", "1:35", "1:25", "1:10", "1:00"]
    assert len(cal) == 12 * 6 + 14 * 7 and cal[-1].date == START + timedelta(weeks=26, days=-1)


def test_every_dated_session_compiles_with_its_values():
    seen = set()
    for ds in calendar(load_plan("faster-mile"), START):
        key = (str(ds.session.path), tuple(sorted(ds.overrides.items())))
        if key not in seen:
            seen.add(key)
            assert compile_file(ds.session.path, ds.overrides, use_profile=False).segments


def test_plan_show_prints_the_calendar(cli):
    code, out, _ = cli("plan", "show", "faster-mile", "--on", START.isoformat())
    assert code == 0
    assert out.startswith("Faster mile — 26 weeks, Mon 2031-01-06 to Sun 2031-07-06\n")
    assert "Speed — weeks 13-20: 200 m and 400 m repeats" in out
    assert "    Tue 04-01  200m-repeats  reps 8, recovery 2:00 → 0:30 (−15s per session on target)" in out
    assert "    Thu 04-03  hill-repeats  reps 6" in out
    code, out, _ = cli("plan", "show", "faster-mile", "--json")
    data = json.loads(out)
    assert data["start"] is None and len(data["sessions"]) == 170
    assert data["sessions"][0] == {"date": None, "week": 1, "weekday": "mon", "block": "Base", "workout": "strength",
                                   "title": "Strength circuit", "set": {}, "progress": {}, "note": ""}


def test_plan_start_refuses_a_past_date_unless_forced(cli):
    code, _, err = cli("plan", "start", "faster-mile", "--on", "2020-01-06")
    assert code == 2 and "in the past" in err and "--force" in err
    code, out, _ = cli("plan", "start", "faster-mile", "--on", "2020-01-06", "--force")
    assert code == 0 and "Started Faster mile: 26 weeks, Mon 2020-01-06 to Sun 2020-07-05." in out
    code, _, err = cli("plan", "start", "faster-mile", "--on", "next week")
    assert code == 2 and "--on 'next week' is not a date" in err
    code, out, _ = cli("today", "--date", "2020-07-06")
    assert "finished on Sun 2020-07-05" in out
    code, out, _ = cli("plan", "show")
    assert code == 0 and "Mon 2020-01-06" in out.splitlines()[0]
    code, out, _ = cli("plan", "stop")
    assert code == 0 and "Stopped" in out
    code, _, err = cli("plan", "show")
    assert code == 2 and "none started" in err


def test_today_before_the_start_and_on_a_rest_day(cli):
    cli("plan", "start", "faster-mile", "--on", START.isoformat())
    code, out, _ = cli("today", "--date", (START - timedelta(days=2)).isoformat())
    assert out.splitlines() == ["Faster mile starts on Mon 2031-01-06 (in 2 days).",
                                "First: Mon 2031-01-06 Strength circuit (strength)."]
    code, out, _ = cli("today", "--date", (START + timedelta(days=6)).isoformat())
    assert out.splitlines() == ["Faster mile · week 1 of 26 (Base) · Sun 2031-01-12", "Rest day.",
                                "Next: Mon 2031-01-13 Strength circuit (strength)."]
