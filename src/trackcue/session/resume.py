"""``trackcue resume``: which session continues, from where, with which laps and time — claimed
so that no second trackcue continues it at the same time."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from trackcue.engine.laps import Lap
from trackcue.errors import Problem, UserError
from trackcue.session.options import PlayOptions
from trackcue.session.protocols import Event, Notify
from trackcue.timeline import Timeline

if TYPE_CHECKING:
    from trackcue.history.queries import SessionInfo


@dataclass(frozen=True)
class ResumePoint:
    """What a resumed run continues.

    ``segment``: the step to run again from its beginning (the one in progress, or the next one
    when a lap had just ended it); ``laps``: the laps that stand before it; ``t_s``: the workout
    clock where the session stopped (seconds, pauses excluded) — the resumed step starts there;
    ``changed``: the workout file differs from the one the session started with; ``events``:
    the session's events so far (for a summary of the whole session).
    """

    session_id: int
    db: Path
    source: str
    params: Mapping[str, str]
    segment: int
    laps: tuple[Lap, ...]
    t_s: float
    changed: bool = False
    events: tuple[Event, ...] = ()


def claim_resume_point(db: str | os.PathLike[str] | None, session_id: int | None) -> ResumePoint:
    """The session to resume (the latest interrupted one by default), now owned by this process.

    The check and the claim are one write transaction: of two ``trackcue resume`` of the same
    session, the second finds it taken. Raises ``UserError`` saying why a session cannot resume.
    A history that cannot be written (read-only) is read without a claim: the recorder then
    continues the session in a fallback file.
    """
    from trackcue.history.db import HistoryError, ReadOnly, classify, default_path, transaction
    from trackcue.history.owner import claim
    from trackcue.history.queries import get_session, open_history, resume_point
    from trackcue.history.recorder import file_hash

    path = default_path(db)
    try:
        conn = open_history(path)
    except HistoryError as err:
        raise UserError([Problem(str(err), hint=err.hint)]) from None
    if conn is None:
        raise UserError(f"no history yet in {path}", hint="run a workout first: trackcue run FILE")
    try:
        try:
            with transaction(conn):
                info = _resumable(conn, path, session_id)
                claim(conn, info.id)
        except sqlite3.Error as err:
            if not isinstance(classify(err, path), ReadOnly):
                raise classify(err, path) from None
            info = _resumable(conn, path, session_id)  # nothing to claim, and no other writer either
        detail = get_session(conn, info.id)
    except HistoryError as err:
        raise UserError([Problem(str(err), hint=err.hint)]) from None
    finally:
        conn.close()
    assert detail is not None and info.source is not None
    at = resume_point(detail)
    return ResumePoint(
        session_id=info.id, db=path, source=info.source, params={k: str(v) for k, v in info.params.items()},
        segment=at.segment, laps=tuple(at.laps), t_s=at.t_s,
        changed=info.source_hash is not None and file_hash(info.source) != info.source_hash,
        events=tuple(detail.events),
    )


def _resumable(conn: sqlite3.Connection, path: Path, session_id: int | None) -> SessionInfo:
    """The session ``trackcue resume [ID]`` means, if it can be resumed; else ``UserError`` saying why."""
    from trackcue.history.queries import get_info, latest_interrupted

    if session_id is None:
        info = latest_interrupted(conn)
        if info is None:
            raise UserError("no interrupted session to resume",
                            hint="'trackcue history' lists sessions; 'trackcue resume ID' picks one")
    else:
        info = get_info(conn, session_id)
        if info is None:
            raise UserError(f"no session {session_id} in {path}",
                            hint="'trackcue history' lists the sessions and their numbers")
    if info.status == "done":
        raise UserError(f"session {info.id} is already finished", hint="start it again: trackcue run FILE")
    if info.status == "running":
        raise UserError(f"session {info.id} is being recorded by another trackcue right now",
                        hint="finish or quit it there first; 'trackcue history' shows it as running")
    if not info.source or not Path(info.source).is_file():
        raise UserError(f"the workout file of session {info.id} is gone ({info.source or 'not recorded'})",
                        hint="put the file back where it was to resume")
    return info


def load_resumed(point: ResumePoint, options: PlayOptions, notify: Notify) -> Timeline:
    """The session's workout compiled again with its parameters and today's playing options.

    Raises ``UserError`` when the file no longer has the step the session stopped in.
    """
    from trackcue.workout import compile_file

    if point.changed:
        notify(f"{point.source} changed since session {point.session_id} started; resuming with it as it is now")
    timeline = compile_file(point.source, dict(point.params), get_ready_s=options.get_ready_s,
                            auto_lap=options.auto_lap, units=options.units)
    steps = len(timeline.segments)
    if point.segment == steps:
        raise UserError(f"session {point.session_id} had reached the end of {point.source}: nothing is left to run",
                        hint="its laps are kept: 'trackcue history show "
                             f"{point.session_id}'")
    if point.segment > steps:
        raise UserError(f"{point.source} now has {steps} steps; session {point.session_id} "
                        f"stopped at step {point.segment + 1}", hint="restore the workout file as it was")
    return timeline
