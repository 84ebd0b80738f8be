"""What the history says about past sessions of a workout: done with every rep on target, or not.

A small query of our own over the history tables (``sessions``), then the history package's
``get_session`` for the steps and laps that stand. A session counts for a workout when it was
recorded from the same file or under the workout's name.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from trackcue.history.summary import SessionStatus
from trackcue.phrases import format_duration


@dataclass(frozen=True)
class Outcome:
    """One recorded session of a workout: when, and how its reps went against their targets."""

    day: date
    session_id: int
    status: SessionStatus
    rep_diffs: tuple[float, ...]  # each timed rep's split minus its target (negative: fast)
    skipped: int  # work steps skipped, cut off, or never reached (finished early)

    def judge(self, tolerance_s: float) -> tuple[bool, str]:
        """(on target?, why): done, nothing skipped, no rep more than ``tolerance_s`` over its target."""
        if self.status != "done":
            return False, "stopped before the end" if self.status == "aborted" else f"{self.status}, not finished"
        if self.skipped:
            return False, f"{self.skipped} rep{'s' if self.skipped > 1 else ''} skipped or not run"
        slow = [d for d in self.rep_diffs if d > tolerance_s + 1e-9]
        if slow:
            worst = format_duration(round(max(slow), 1))
            return False, f"{len(slow)} rep{'s' if len(slow) > 1 else ''} slow (up to +{worst})"
        return True, "every rep on target" if self.rep_diffs else "completed"


def _midnight(day: date) -> float:
    return datetime.combine(day, time()).timestamp()


def session_outcomes(conn: sqlite3.Connection | None, path: Path, title: str, since: date, before: date) -> list[Outcome]:
    """Sessions of the workout at ``path`` (or named ``title``) from ``since`` up to the day
    before ``before``, oldest first. No history yet: an empty list."""
    if conn is None:
        return []
    from trackcue.history.queries import get_session

    rows = conn.execute(
        "SELECT id, started_at FROM sessions WHERE started_at >= ? AND started_at < ? AND (source = ? OR workout = ?)"
        " ORDER BY started_at, id",
        (_midnight(since), _midnight(before), str(path.resolve()), title),
    ).fetchall()
    out = []
    for session_id, started in rows:
        detail = get_session(conn, session_id)
        if detail is None:
            continue
        work = {s.index for s in detail.steps if s.work}
        skipped = sum(1 for s in detail.steps if s.work and s.outcome in ("skipped", "aborted"))
        reps = [(s.rep, s.reps) for s in detail.steps if s.work and s.rep is not None and s.reps]
        if reps and reps[-1][0] < reps[-1][1]:  # 'finish' before the last rep: the rest never ran
            skipped += reps[-1][1] - reps[-1][0]
        diffs = tuple(lap.diff_s for lap in detail.laps
                      if lap.ends_step and lap.segment in work and lap.diff_s is not None)
        out.append(Outcome(day=datetime.fromtimestamp(started).date(), session_id=session_id,
                           status=detail.info.status, rep_diffs=diffs, skipped=skipped))
    return out
