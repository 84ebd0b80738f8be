"""The plan as an iCalendar file (RFC 5545) so the sessions show in any calendar app.

Written by hand rather than with a library: the file is a list of all-day events with text
properties, so only three rules matter and all are here — TEXT escaping (§3.3.11), lines of at
most 75 octets folded without splitting a UTF-8 character (§3.1), and CRLF line ends. The tests
parse the output back with the ``icalendar`` package. UIDs depend on the plan, its start and
the session's place in it, so importing a fresh export again updates events instead of
duplicating them.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone

from trackcue.plan.calendar import calendar
from trackcue.plan.model import PER_SESSION, DatedSession, Plan

PRODID = "-//trackcue//training plan//EN"


def escape_text(text: str) -> str:
    """An iCalendar TEXT value: backslash, semicolon, comma and newlines escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, continuation lines starting with a space."""
    out: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def session_text(ds: DatedSession, command: str) -> tuple[str, str]:
    """(summary, description) of one session as the calendar shows it."""
    s = ds.session
    where = f"week {ds.week}" + (f", {ds.block.name}" if ds.block.name else "")
    summary = f"{s.title} ({where})"
    lines = []
    values = [f"{k} {v}" for k, v in ds.overrides.items()]
    if values:
        lines.append(", ".join(values))
    for name, rule in s.rules.items():
        if rule.per == PER_SESSION:
            lines.append(f"{name}: from {rule.fmt(rule.start)}, {rule.step_text()} after each session with every "
                         f"rep on target, down to {rule.fmt(rule.to or rule.start)} — 'trackcue today' gives the day's value")
    if s.note:
        lines.append(s.note)
    lines.append(command)
    return summary, "\n".join(lines)


def plan_ics(plan: Plan, start: date, stamp: datetime | None = None) -> str:
    """The whole plan from ``start`` as an RFC 5545 calendar (CRLF line ends)."""
    from trackcue.plan.today import run_command, run_ref

    stamp = (stamp or datetime.now(timezone.utc)).astimezone(timezone.utc)
    key = hashlib.sha256(f"{plan.path.name}|{plan.name}|{start.isoformat()}".encode()).hexdigest()[:12]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(plan.name)}"]
    per_day: dict[date, int] = {}
    for ds in calendar(plan, start):
        n = per_day[ds.date] = per_day.get(ds.date, 0) + 1
        summary, description = session_text(ds, run_command(run_ref(ds), ds.overrides))
        lines += [
            "BEGIN:VEVENT",
            f"UID:{ds.date:%Y%m%d}-{n}-{key}@trackcue",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{ds.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{ds.date + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
