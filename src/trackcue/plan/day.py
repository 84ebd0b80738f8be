"""What ``trackcue today`` prints for one day: the plan's place, each session due with its
values, why, and the command line — or when the plan starts, that it is over, or a rest day."""

from __future__ import annotations

from datetime import date
from typing import Any

from trackcue.plan.calendar import block_of, day_label, end_date, next_session, week_of
from trackcue.plan.model import Plan
from trackcue.plan.today import TodaySession


def describe_day(plan: Plan, start: date, day: date, due: list[TodaySession]) -> str:
    """The text for ``day``; ``due`` is what ``today.due_on`` found for it."""
    week = week_of(plan, start, day)
    if week is None:
        if day < start:
            days = (start - day).days
            first = next_session(plan, start, day)
            text = f"{plan.name} starts on {day_label(start)} (in {days} day{'s' if days != 1 else ''})."
            if first is not None:
                text += f"\nFirst: {day_label(first.date)} {first.session.title} ({first.session.workout})."
            return text
        return (f"{plan.name} finished on {day_label(end_date(plan, start))}. "
                "Start another with: trackcue plan start PLAN")
    block = block_of(plan, week)
    head = f"{plan.name} · week {week} of {plan.weeks}" + (f" ({block.name})" if block.name else "") \
        + f" · {day_label(day)}"
    lines = [head]
    if not due:
        lines.append("Rest day.")
        upcoming = next_session(plan, start, day)
        if upcoming is not None:
            lines.append(f"Next: {day_label(upcoming.date)} {upcoming.session.title} ({upcoming.session.workout}).")
        return "\n".join(lines)
    for s in due:
        values = ", ".join(f"{k} {v}" for k, v in s.overrides.items())
        lines += ["", f"{s.title}" + (f" — {values}" if values else "") + ("  ✓ done" if s.done else "")]
        lines += [f"  {reason}" for reason in s.reasons]
        if s.note:
            lines.append(f"  {s.note}")
        lines.append(f"  run: {s.command}")
    return "\n".join(lines)


def day_json(plan: Plan, start: date, day: date, due: list[TodaySession]) -> dict[str, Any]:
    """The same as data."""
    return {
        "plan": plan.name, "start": start.isoformat(), "date": day.isoformat(), "week": week_of(plan, start, day),
        "sessions": [{"workout": s.workout, "title": s.title, "set": s.overrides, "reasons": list(s.reasons),
                      "note": s.note, "done": s.done, "command": s.command} for s in due],
    }
