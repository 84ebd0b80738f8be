"""Record one run, event by event, so that a killed process loses nothing already announced.

``Recorder.record(event)`` commits the event before it returns and never raises: a workout must
go on whatever happens to the database. When the file is damaged it is moved aside (never
deleted) and the run goes on in a fresh file; when it is from a newer trackcue, another
program's, or cannot be written, the run goes to a fresh file next to it or in the temp
directory; when the disk is full or the file locked, events wait in memory and are written with
the next one. Every such change is reported once through ``notify`` with the file now in use.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

from trackcue.history.db import Damaged, HistoryError, classify, connect, default_path, transaction
from trackcue.history.summary import SessionFold, fold, summarize
from trackcue.timeline import TIMELINE_VERSION

RETRY_AFTER_S = 2.0  # after a failed write, wait this long before trying again


def file_hash(path: str | os.PathLike | None) -> str | None:
    """``sha256:<hex>`` of a workout file's content, or None when it cannot be read."""
    if not path:
        return None
    try:
        return "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def print_notice(message: str) -> None:
    """The command line's ``notify``: one line on stderr (stdout may be JSON lines)."""
    try:
        print(f"trackcue: {message}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass  # no terminal to tell: the run goes on regardless


def owner_tag() -> str:
    """``host:pid`` of this process, so history can tell a live run from an interrupted one."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Recorder:
    """Writes the events of one session to the history database as they happen.

    ``continue_session``: the id of an interrupted session to append to (``trackcue resume``).
    ``notify``: called with one line whenever recording changes file or falls behind.
    """

    def __init__(
        self,
        path: str | os.PathLike | None = None,
        *,
        continue_session: int | None = None,
        notify: Callable[[str], None] | None = None,
        source_hash: str | None = None,
    ) -> None:
        self.path = default_path(path)
        self.session_id: int | None = None
        self.state = SessionFold()
        self._notify = notify or (lambda message: None)
        self._source_hash = source_hash
        self._events: list[dict[str, Any]] = []  # every event of this session, in order
        self._written = 0  # how many of them the current file holds
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._retry_at = 0.0
        self._trouble: str | None = None  # the failure already reported, not to repeat it
        self._open(self.path)
        if continue_session is not None:
            self._load(continue_session)

    @property
    def pending(self) -> int:
        """Events recorded in memory but not yet in a database file."""
        return len(self._events) - self._written

    def record(self, event: dict[str, Any]) -> None:
        """Commit one engine event (a dict as documented in docs/events.md). Never raises."""
        with self._lock:
            self._events.append(dict(event))
            self.state.apply(event)
            if time.monotonic() >= self._retry_at:
                self._flush()

    def close(self) -> None:
        """Write what is still pending (to a fresh file if need be) and close. Never raises."""
        with self._lock:
            if self.pending:
                self._flush()
            if self.pending and self._conn is not None:
                self._switch(f"could not write to {self.path}")
                self._flush()
            if self.pending:
                self._notify(f"history: {self.pending} events of this run could not be saved anywhere")
            if self._conn is not None:
                self._release()
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- opening and falling back ---------------------------------------------------------------

    def _open(self, path: Path) -> None:
        try:
            self._conn = connect(path)
            self.path = path
            return
        except Damaged as err:
            moved = _move_aside(path)
            reason = f"{err} — moved it to {moved}" if moved else str(err)
            if moved:
                try:
                    self._conn = connect(path)
                    self.path = path
                    self._notify(f"history: {reason}; recording to a fresh {path}")
                    return
                except HistoryError:
                    pass
        except HistoryError as err:
            reason = str(err)
        self._switch(reason)

    def _switch(self, reason: str) -> None:
        """Continue in a fresh file: next to the old one, else in the temp directory."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        candidates = [
            self.path.with_name(f"{self.path.stem}-{stamp}-{os.getpid()}{self.path.suffix or '.sqlite3'}"),
            Path(tempfile.gettempdir()) / f"trackcue-history-{stamp}-{os.getpid()}.sqlite3",
        ]
        for candidate in candidates:
            try:
                self._conn = connect(candidate)
            except HistoryError:
                continue
            self.path, self.session_id, self._written = candidate, None, 0
            self._trouble = None
            self._notify(f"history: {reason}; recording this run to {candidate}")
            return
        self._notify(f"history: {reason}; no fresh file could be created, keeping this run in memory")

    def _load(self, session_id: int) -> None:
        """Continue an earlier session: its events so far become this recorder's."""
        if self._conn is None:
            return
        try:
            rows = self._conn.execute(
                "SELECT data FROM events WHERE session_id = ? ORDER BY seq", (session_id,)
            ).fetchall()
        except sqlite3.Error as err:
            self._notify(f"history: cannot read session {session_id} ({err}); recording a new one")
            return
        if not rows:
            self._notify(f"history: no session {session_id} in {self.path}; recording a new one")
            return
        self._events = [json.loads(data) for (data,) in rows]
        self._written = len(self._events)
        self.session_id = session_id
        self.state = fold(self._events)

    def _release(self) -> None:
        """Mark the session as no longer recorded by this process (unfinished: interrupted)."""
        if self.session_id is None or self._conn is None:
            return
        try:
            with transaction(self._conn):
                self._conn.execute("UPDATE sessions SET owner = NULL WHERE id = ?", (self.session_id,))
        except sqlite3.Error:
            pass  # the owner's pid being gone says the same thing

    # -- writing --------------------------------------------------------------------------------

    def _flush(self) -> None:
        if self._conn is None or not self.pending:
            return
        try:
            self._write_pending(self._conn)
        except (sqlite3.Error, OSError, HistoryError) as err:
            problem = classify(err, self.path)
            if isinstance(problem, Damaged):
                self._conn.close()
                self._conn = None
                self.session_id, self._written = None, 0
                self._open(self.path)  # moves the damaged file aside, re-records the whole run
                if self._conn is not None:
                    self._flush()
                return
            self._retry_at = time.monotonic() + RETRY_AFTER_S
            if str(problem) != self._trouble:
                self._trouble = str(problem)
                self._notify(f"history: {problem}; keeping events in memory and retrying")
            return
        if self._trouble:
            self._notify(f"history: caught up, {self.path} has every event again")
            self._trouble = None
        self._retry_at = 0.0

    def _write_pending(self, conn: sqlite3.Connection) -> None:
        with transaction(conn):
            if self.session_id is None:
                self.session_id = self._insert_session(conn)
            for seq in range(self._written, len(self._events)):
                event = self._events[seq]
                conn.execute(
                    "INSERT INTO events (session_id, seq, event, at_s, t_s, wall, data) VALUES (?,?,?,?,?,?,?)",
                    (self.session_id, seq, str(event.get("event", "")), _num(event.get("at_s")),
                     _num(event.get("t_s")), _num(event.get("wall")), json.dumps(event, default=str)),
                )
                if event.get("event") == "start":
                    conn.execute("UPDATE sessions SET owner = ? WHERE id = ?", (owner_tag(), self.session_id))
            s = summarize(self.state)  # the list's columns: the numbers every view shows
            conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, segment = ?, t_s = ?, reps_done = ?, laps = ?"
                " WHERE id = ?",
                (s.status, self.state.ended_wall, s.segment, s.elapsed_s, s.reps_done, s.laps, self.session_id),
            )
        self._written = len(self._events)

    def _insert_session(self, conn: sqlite3.Connection) -> int:
        start = next((e for e in self._events if e.get("event") == "start"), self._events[0])
        source = start.get("source")
        if source:  # workouts are shown relative to the cwd; resume may run from elsewhere
            source = str(Path(source).absolute())
        if self._source_hash is None:
            self._source_hash = file_hash(source)
        cur = conn.execute(
            "INSERT INTO sessions (workout, source, source_hash, params, timeline_version, total_s,"
            " started_at, owner) VALUES (?,?,?,?,?,?,?,?)",
            (str(start.get("name") or start.get("workout") or "workout"), None if source is None else str(source),
             self._source_hash, json.dumps(start.get("params") or {}, default=str, sort_keys=True),
             int(start.get("timeline_version") or TIMELINE_VERSION), _num(start.get("total_s")),
             _num(start.get("wall")) or time.time(), owner_tag()),
        )
        return int(cur.lastrowid)


def _move_aside(path: Path) -> Path | None:
    """Rename a damaged database (and its -wal/-shm) to ``NAME.damaged-STAMP``; None if impossible."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    try:
        os.replace(path, target)
    except OSError:
        return None
    for extra in ("-wal", "-shm"):
        side = path.with_name(path.name + extra)
        if side.exists():
            try:
                os.replace(side, target.with_name(target.name + extra))
            except OSError:
                pass  # the main file is safe; a stray side file is ignored by a fresh database
    return target


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None
