"""The plan as a calendar a runner reads (``trackcue plan show``) and as JSON for other tools."""

from __future__ import annotations

import textwrap
from datetime import date
from typing import Any

from trackcue.plan.calendar import calendar, day_label, end_date
from trackcue.plan.model import PER_SESSION, WEEKDAY_NAMES, DatedSession, Plan

_NOMINAL = date(2024, 1, 1)  # a Monday: weeks without a start date are shown Monday first


def session_values(ds: DatedSession) -> str:
    """``reps 8, recovery 2:00 → 0:30 (−15s per session on target)``."""
    parts = [f"{k} {v}" for k, v in ds.overrides.items()]
    for name, rule in ds.session.rules.items():
        if rule.per == PER_SESSION:
            parts.append(f"{name} {rule.fmt(rule.start)} → {rule.fmt(rule.to or rule.start)} "
                         f"({rule.step_text()} per session on target)")
    return ", ".join(parts)


def calendar_text(plan: Plan, start: date | None) -> str:
    """Every week of the plan, each day's sessions with their parameters; dated when ``start`` is known."""
    lines = [f"{plan.name} — {plan.weeks} weeks" + (
        f", {day_label(start)} to {day_label(end_date(plan, start))}" if start else " (not started: no dates)")]
    if plan.description:
        lines += textwrap.wrap(plan.description, 96)
    week, block = None, None
    for ds in calendar(plan, start or _NOMINAL):
        if ds.block is not block:
            block = ds.block
            lines += ["", f"{ds.block.name or 'Block'} — weeks {ds.block.first}-{ds.block.last}"
                      + (f": {ds.block.about}" if ds.block.about else "")]
        if ds.week != week:
            week = ds.week
            lines.append(f"  Week {week}" + (f" · {day_label(ds.date)}" if start else ""))
        day = WEEKDAY_NAMES[ds.date.weekday()][:3] + (f" {ds.date:%m-%d}" if start else "")
        values = session_values(ds)
        lines.append(f"    {day}  {ds.session.workout}" + (f"  {values}" if values else ""))
    return "\n".join(lines) + "\n"


def calendar_json(plan: Plan, start: date | None) -> dict[str, Any]:
    """The plan's sessions as data: ``{"name", "weeks", "start", "sessions": [...]}``."""
    sessions = []
    for ds in calendar(plan, start or _NOMINAL):
        sessions.append({
            "date": ds.date.isoformat() if start else None,
            "week": ds.week,
            "weekday": WEEKDAY_NAMES[ds.date.weekday()].lower()[:3],
            "block": ds.block.name,
            "workout": ds.session.workout,
            "title": ds.session.title,
            "set": ds.overrides,
            "progress": {name: {"per": r.per, "from": r.fmt(r.start), "to": r.fmt(r.to) if r.to is not None else None,
                                "by": r.step_text() if r.by is not None else None}
                         for name, r in ds.session.rules.items()},
            "note": ds.session.note,
        })
    return {"name": plan.name, "weeks": plan.weeks, "start": start.isoformat() if start else None,
            "sessions": sessions}
