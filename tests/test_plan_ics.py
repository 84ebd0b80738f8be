"""`trackcue plan export --ics`: RFC 5545 that a calendar library reads back, event by event."""

from __future__ import annotations

from datetime import date, datetime, timezone

import icalendar

from trackcue.plan.ics import escape_text, fold, plan_ics
from trackcue.plan.parse import load_plan

START = date(2031, 1, 6)


def test_the_shipped_plan_reads_back_with_every_session(tmp_path, cli):
    assert cli("plan", "start", "faster-mile", "--on", START.isoformat())[0] == 0
    out = tmp_path / "plan.ics"
    code, text, err = cli("plan", "export", "--ics", "-o", str(out))
    assert code == 0, err
    assert "170 sessions" in text
    raw = out.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")
    cal = icalendar.Calendar.from_ical(raw)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 170 and len({str(e["UID"]) for e in events}) == 170
    first = events[0]
    assert first.decoded("DTSTART") == START and first.decoded("DTEND") == date(2031, 1, 7)
    assert str(first["SUMMARY"]) == "Strength circuit (week 1, Base)"
    speed = [e for e in events if e.decoded("DTSTART") == date(2031, 4, 1)][0]
    assert str(speed["SUMMARY"]) == "200 m repeats (week 13, Speed)"
    desc = str(speed["DESCRIPTION"])
    assert desc.splitlines()[0] == "reps 8"
    assert "recovery: from 2:00, −15s after each session with every rep on target, down to 0:30" in desc
    assert desc.splitlines()[-1] == "trackcue run 200m-repeats --set reps=8"


def test_export_is_stable_so_a_reimport_updates():
    plan = load_plan("faster-mile")
    stamp = datetime(2031, 1, 1, tzinfo=timezone.utc)
    assert plan_ics(plan, START, stamp) == plan_ics(plan, START, stamp)
    other = plan_ics(plan, date(2031, 2, 3), stamp)
    assert "UID:20310203-1-" in other


def test_text_is_escaped_and_long_lines_fold_between_characters():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces) and all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line
    event = icalendar.Event.from_ical(f"BEGIN:VEVENT\r\n{fold('SUMMARY:' + escape_text('x, y; z'))}\r\nEND:VEVENT\r\n")
    assert str(event["SUMMARY"]) == "x, y; z"


def test_export_needs_a_start_date(cli):
    code, _, err = cli("plan", "export", "faster-mile", "--ics")
    assert code == 2 and "not started" in err and "--on DATE" in err
    code, out, _ = cli("plan", "export", "faster-mile", "--ics", "--on", START.isoformat())
    assert code == 0 and out.startswith("BEGIN:VCALENDAR\r\n")
