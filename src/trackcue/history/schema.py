"""The history tables and their migrations, versioned with ``PRAGMA user_version``.

Every database is built the same way — the v1 DDL, then each migration in order — so a fresh
file and one from the first release end at the same schema through the same code.

- v1: ``sessions`` (one row per run) and ``events`` (every engine event as JSON, in order).
  Listing needed a scan of every session's events.
- v2: summary columns on ``sessions`` (step in progress, workout time, reps done, laps, the
  recording process) kept current by the recorder, backfilled here; indexes for listing and for
  reading one session's events.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Callable

from trackcue.history.db import Foreign, NewerSchema, Unwritable, transaction
from trackcue.history.summary import fold, summarize

# The first schema exactly as trackcue shipped it: never edit; add a migration instead.
V1_DDL = (
    """CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    workout TEXT NOT NULL,
    source TEXT,
    source_hash TEXT,
    params TEXT NOT NULL DEFAULT '{}',
    timeline_version INTEGER,
    total_s REAL,
    started_at REAL NOT NULL,
    ended_at REAL,
    status TEXT NOT NULL DEFAULT 'running'
)""",
    """CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    event TEXT NOT NULL,
    at_s REAL,
    t_s REAL,
    wall REAL,
    data TEXT NOT NULL
)""",
)

V2_DDL = (
    "ALTER TABLE sessions ADD COLUMN segment INTEGER",
    "ALTER TABLE sessions ADD COLUMN t_s REAL NOT NULL DEFAULT 0",
    "ALTER TABLE sessions ADD COLUMN reps_done INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE sessions ADD COLUMN laps INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE sessions ADD COLUMN owner TEXT",  # "host:pid" of the recording process
    "CREATE INDEX sessions_by_start ON sessions(started_at)",
    "CREATE UNIQUE INDEX events_by_session ON events(session_id, seq)",
)


def _create_v1(conn: sqlite3.Connection) -> None:
    for statement in V1_DDL:
        conn.execute(statement)


def _to_v2(conn: sqlite3.Connection) -> None:
    for statement in V2_DDL:
        conn.execute(statement)
    ids = [row[0] for row in conn.execute("SELECT id FROM sessions")]
    for session_id in ids:
        rows = conn.execute("SELECT data FROM events WHERE session_id = ? ORDER BY seq", (session_id,))
        s = summarize(fold([json.loads(data) for (data,) in rows]))
        conn.execute(
            "UPDATE sessions SET segment = ?, t_s = ?, reps_done = ?, laps = ? WHERE id = ?",
            (s.segment, s.elapsed_s, s.reps_done, s.laps, session_id),
        )


MIGRATIONS: list[tuple[int, Callable[[sqlite3.Connection], None]]] = [(1, _create_v1), (2, _to_v2)]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def version(conn: sqlite3.Connection) -> int:
    """The schema version stored in the file (0: empty)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version; NewerSchema for a newer trackcue's, Foreign for another program's."""
    conn.execute("BEGIN")  # one snapshot: another process may be creating the tables right now
    try:
        current = version(conn)
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already: the first error is the one to tell
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    if current > SCHEMA_VERSION:
        raise NewerSchema(
            f"history database {path} was written by a newer trackcue (schema {current}, "
            f"this one knows {SCHEMA_VERSION})",
            hint="upgrade trackcue, or use another file with --db PATH",
        )
    if current == 0 and has_tables:
        raise Foreign(f"{path} is an SQLite database but not trackcue history",
                      hint="point --db at another file")
    return current


def migrate(conn: sqlite3.Connection, path: Path, readonly: bool = False) -> None:
    """Bring the database to SCHEMA_VERSION, each step in its own transaction.

    Raises what ``check`` raises, and Unwritable when a read-only file needs migrating.
    """
    current = check(conn, path)
    if current == SCHEMA_VERSION:
        return
    if readonly:
        raise Unwritable(f"history database {path} needs upgrading but is read-only",
                         hint="make it writable once, or copy it and use --db COPY")
    for target, step in MIGRATIONS:
        with transaction(conn):
            if version(conn) >= target:  # another process migrated while we waited for the lock
                continue
            step(conn)
            conn.execute(f"PRAGMA user_version = {target}")
