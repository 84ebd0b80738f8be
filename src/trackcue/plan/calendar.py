"""A plan on the calendar: week N runs from the start date + 7·(N−1) for seven days, and each
weekday of the block takes the sessions the plan gives it. Per-week progressions are applied
here; per-session ones need the history (see ``progress``). Pure: no I/O, no clock."""

from __future__ import annotations

from datetime import date, timedelta

from trackcue.plan.model import PER_WEEK, WEEKDAY_NAMES, Block, DatedSession, Plan, PlanSession, Rule


def end_date(plan: Plan, start: date) -> date:
    """The last day of the plan."""
    return start + timedelta(days=7 * plan.weeks - 1)


def week_of(plan: Plan, start: date, day: date) -> int | None:
    """The plan week (1-based) that ``day`` falls in, or None before the start or after the end."""
    offset = (day - start).days
    if offset < 0 or offset >= 7 * plan.weeks:
        return None
    return offset // 7 + 1


def block_of(plan: Plan, week: int) -> Block:
    """The block holding ``week``."""
    return next(b for b in plan.blocks if b.first <= week <= b.last)


def sessions_on(plan: Plan, start: date, day: date) -> list[DatedSession]:
    """The sessions due on ``day`` (empty on a rest day or outside the plan)."""
    week = week_of(plan, start, day)
    if week is None:
        return []
    block = block_of(plan, week)
    return [_dated(day, week, block, s) for s in block.days.get(day.weekday(), [])]


def calendar(plan: Plan, start: date) -> list[DatedSession]:
    """Every session of the plan in date order."""
    out: list[DatedSession] = []
    for offset in range(7 * plan.weeks):
        out += sessions_on(plan, start, start + timedelta(days=offset))
    return out


def next_session(plan: Plan, start: date, after: date) -> DatedSession | None:
    """The first session after ``after`` (for 'rest day; next: …')."""
    day = max(after + timedelta(days=1), start)
    last = end_date(plan, start)
    while day <= last:
        found = sessions_on(plan, start, day)
        if found:
            return found[0]
        day += timedelta(days=1)
    return None


def weekly_value(rule: Rule, block: Block, week: int) -> float:
    """A per-week rule's value in ``week``: ``by`` each week (never past ``to``), or a straight
    line from ``start`` in the block's first week to ``to`` in its last. Weeks between the two
    ends are rounded the way a coach writes them: counts to whole reps, times of 10 minutes or
    more to whole minutes, shorter times to 5 seconds."""
    i = week - block.first
    if rule.by is not None:
        return rule.at_step(i)
    assert rule.to is not None
    if i == 0 or block.weeks == 1:
        return rule.start
    if i == block.weeks - 1:
        return rule.to
    value = rule.start + (rule.to - rule.start) * i / (block.weeks - 1)
    grain = 1 if rule.kind == "count" else 60 if value >= 600 else 5
    return grain * round(value / grain)


def day_label(day: date) -> str:
    """``Tue 2026-08-11``."""
    return f"{WEEKDAY_NAMES[day.weekday()][:3]} {day.isoformat()}"


def _dated(day: date, week: int, block: Block, session: PlanSession) -> DatedSession:
    overrides = dict(session.sets)
    reasons: dict[str, str] = {}
    for name, rule in session.rules.items():
        if rule.per != PER_WEEK:
            continue
        value = weekly_value(rule, block, week)
        overrides[name] = rule.fmt(value)
        where = f"week {week - block.first + 1} of {block.weeks}" + (f" in {block.name}" if block.name else "")
        if rule.by is not None:
            change = f"{rule.step_text()} a week from {rule.fmt(rule.start)}"
            if rule.to is not None:
                change += f", never past {rule.fmt(rule.to)}"
        else:
            change = f"{rule.fmt(rule.start)} → {rule.fmt(rule.to or rule.start)} over the block"
        reasons[name] = f"{name} {rule.fmt(value)} — {where} ({change})"
    return DatedSession(date=day, week=week, block=block, session=session, overrides=overrides, reasons=reasons)



def parse_day(text: str, option: str, today: date) -> date:
    """A date the user typed: ``2026-06-01``, ``today``, ``tomorrow`` or ``yesterday``."""
    from trackcue.errors import UserError

    word = text.strip().lower()
    relative = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if word in relative:
        return today + timedelta(days=relative[word])
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise UserError(f"{option} '{text}' is not a date", hint="write YYYY-MM-DD, e.g. 2026-06-01, or today") from None
