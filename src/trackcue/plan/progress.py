"""Per-session progressions from the history: each session of the workout completed with every
rep on target moves the parameter one step; a missed or off-target session holds it. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from trackcue.plan.calendar import day_label
from trackcue.plan.model import Rule
from trackcue.plan.outcomes import Outcome


@dataclass(frozen=True)
class Progressed:
    """A per-session rule's value today and the line that says why."""

    value: str
    reason: str


def per_session(rule: Rule, history: list[Outcome]) -> Progressed:
    """The value of ``rule`` after the sessions in ``history`` (oldest first) and why."""
    judged = [(o, *o.judge(rule.tolerance_s)) for o in history]
    n = sum(1 for _, ok, _ in judged if ok)
    value = rule.at_step(n)
    text = rule.fmt(value)
    assert rule.by is not None and rule.to is not None
    how = f"{rule.fmt(rule.start)}, {rule.step_text()} after each session with every rep on target, never past {rule.fmt(rule.to)}"
    name = rule.param
    if not judged:
        return Progressed(text, f"{name} {text} — first session ({how})")
    last, ok, why = judged[-1]
    streak = 0
    for _, good, _ in reversed(judged):
        if not good:
            break
        streak += 1
    on = f"{n} session{'s' if n != 1 else ''} on target"
    if value == round(rule.to) and ok:
        return Progressed(text, f"{name} {text} — reached after {on} ({how})")
    if ok:
        run = {1: "last session", 2: "last two sessions", 3: "last three sessions"}.get(streak, f"last {streak} sessions")
        return Progressed(text, f"{name} {text} — {run} on target, {on} in all ({how})")
    return Progressed(text, f"{name} {text} — held: last session {day_label(last.day)} {why}; {on} so far ({how})")

