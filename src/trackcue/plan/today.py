"""What is due on a day: the plan's sessions with their parameters resolved from the calendar and
the history, the reasons, and the exact ``trackcue run`` command line for each."""

from __future__ import annotations

import shlex
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from trackcue.plan.calendar import sessions_on
from trackcue.plan.model import DatedSession, Plan
from trackcue.plan.outcomes import session_outcomes
from trackcue.plan.progress import per_session
from trackcue.workout import library


@dataclass(frozen=True)
class TodaySession:
    """One session due on ``date``: run ``workout`` (a library name or a path) with ``overrides``."""

    workout: str
    overrides: dict[str, str]
    reason: str  # why the parameters are what they are, one sentence per progressed parameter
    title: str
    date: date
    week: int
    block: str
    note: str = ""
    reasons: tuple[str, ...] = ()
    done: bool = False  # a session of this workout is already recorded as done on that day

    @property
    def command(self) -> str:
        """The command line that runs it: ``trackcue run 200m-repeats --set reps=8 --set recovery=1:15``."""
        return run_command(self.workout, self.overrides)


def run_command(workout: str, overrides: dict[str, str]) -> str:
    """``trackcue run WORKOUT --set k=v …``, quoted for a shell."""
    parts = ["trackcue", "run", workout]
    for name, value in overrides.items():
        parts += ["--set", f"{name}={value}"]
    return " ".join(shlex.quote(p) for p in parts)


def run_ref(ds: DatedSession) -> str:
    """The library name when the session's workout is the shipped one, else its full path."""
    name = ds.session.workout
    found = library.find_workout(name) if "/" not in name and "\\" not in name else None
    if found is not None and found.resolve() == ds.session.path.resolve():
        return name
    return str(ds.session.path.resolve())


def resolve(ds: DatedSession, plan_start: date, conn: sqlite3.Connection | None) -> TodaySession:
    """``ds`` with its per-session progressions decided by the history before its date."""
    overrides = dict(ds.overrides)
    reasons = dict(ds.reasons)
    block_start = plan_start + timedelta(days=7 * (ds.block.first - 1))
    session = ds.session
    pending = ds.pending
    if pending:
        history = session_outcomes(conn, session.path, session.title, block_start, ds.date)
        for name, rule in pending.items():
            got = per_session(rule, history)
            overrides[name] = got.value
            reasons[name] = got.reason
    done_today = any(o.status == "done" for o in session_outcomes(
        conn, session.path, session.title, ds.date, ds.date + timedelta(days=1)))
    ordered = tuple(reasons[k] for k in session.rules if k in reasons)
    where = f"week {ds.week}" + (f", {ds.block.name}" if ds.block.name else "")
    return TodaySession(workout=run_ref(ds), overrides=overrides, reason="; ".join(ordered) or where,
                        title=session.title, date=ds.date, week=ds.week, block=ds.block.name, note=session.note,
                        reasons=ordered, done=done_today)


def due_on(plan: Plan, start: date, day: date, conn: sqlite3.Connection | None) -> list[TodaySession]:
    """Every session due on ``day``, resolved."""
    return [resolve(ds, start, conn) for ds in sessions_on(plan, start, day)]


def today_session(day: date | None = None) -> TodaySession | None:
    """The active plan's first session due on ``day`` (default today) not done yet, or None.

    For the track screen's picker: never raises — no plan, a broken plan file or an unreadable
    history all mean there is nothing to put first.
    """
    from trackcue.errors import UserError
    from trackcue.history.db import HistoryError
    from trackcue.history.queries import open_history
    from trackcue.plan.parse import load_plan
    from trackcue.plan.state import load_active

    day = day or date.today()
    try:
        active = load_active()
        if active is None:
            return None
        plan = load_plan(active.plan_ref)
        try:
            conn = open_history()
        except HistoryError:
            conn = None
        try:
            due = due_on(plan, active.start, day, conn)
        finally:
            if conn is not None:
                conn.close()
    except (UserError, HistoryError, sqlite3.Error, OSError):
        return None
    return next((s for s in due if not s.done), None)

