"""The history database: pragmas, schema versions, migration from v1, damaged and foreign files."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_history_kit import run_events, table_columns, write_newer_db  # noqa: E402

from trackcue.history import schema
from trackcue.history.db import Damaged, Foreign, NewerSchema, connect, default_path
from trackcue.history.queries import get_session, list_sessions, open_history

# The first schema as it shipped, frozen here on purpose: schema.V1_DDL must never drift from it.
V1_FIXTURE = """
CREATE TABLE sessions (
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
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    event TEXT NOT NULL,
    at_s REAL,
    t_s REAL,
    wall REAL,
    data TEXT NOT NULL
);
PRAGMA user_version = 1;
"""


def write_v1(path, sessions):
    """A database as trackcue's first schema wrote it, with the given (status, events) sessions."""
    conn = sqlite3.connect(path)
    conn.executescript(V1_FIXTURE)
    for sid, (status, events) in enumerate(sessions, 1):
        conn.execute("INSERT INTO sessions (id, workout, params, started_at, status) VALUES (?,?,?,?,?)",
                     (sid, "400s", "{}", events[0]["wall"], status))
        for seq, e in enumerate(events):
            conn.execute("INSERT INTO events (session_id, seq, event, at_s, t_s, wall, data) VALUES (?,?,?,?,?,?,?)",
                         (sid, seq, e["event"], e["at_s"], e["t_s"], e["wall"], json.dumps(e)))
    conn.commit()
    conn.close()


def test_v1_ddl_is_the_shipped_first_schema(tmp_path):
    frozen, current = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    frozen.executescript(V1_FIXTURE)
    for statement in schema.V1_DDL:
        current.execute(statement)
    dump = "SELECT sql FROM sqlite_master ORDER BY name"
    assert frozen.execute(dump).fetchall() == current.execute(dump).fetchall()


def test_new_database_is_wal_full_sync_current_version(tmp_path):
    conn = connect(tmp_path / "h.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert schema.version(conn) == schema.SCHEMA_VERSION == 2
    assert {"segment", "t_s", "reps_done", "laps", "owner"} <= table_columns(conn, "sessions")


def test_v1_database_migrates_and_keeps_every_session(tmp_path):
    path = tmp_path / "old.sqlite3"
    write_v1(path, [("done", run_events([81.0, 79.5, 80.2])),
                    ("running", run_events([82.0, 80.0], reps=4, end=None, wall0=1_700_100_000.0))])
    conn = connect(path)
    assert schema.version(conn) == 2
    indexes = {row[1] for row in conn.execute("PRAGMA index_list(events)")}
    assert "events_by_session" in indexes
    newest, oldest = list_sessions(conn)
    assert (oldest.status, oldest.reps_done, oldest.laps) == ("done", 3, 3)
    assert (newest.status, newest.reps_done, newest.laps, newest.segment) == ("interrupted", 2, 2, 4)
    assert [lap.split_s for lap in get_session(conn, 1).laps] == [81.0, 79.5, 80.2]


def test_migration_is_a_no_op_on_a_current_database(tmp_path):
    path = tmp_path / "h.sqlite3"
    connect(path).close()
    conn = connect(path)
    assert schema.version(conn) == 2


def test_newer_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "new.sqlite3"
    before = write_newer_db(path)
    with pytest.raises(NewerSchema, match="newer trackcue"):
        connect(path)
    assert path.read_bytes() == before


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE contacts (name)")
    raw.commit()
    raw.close()
    with pytest.raises(Foreign):
        connect(path)


def test_garbage_file_is_damaged(tmp_path):
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(Damaged):
        connect(path)


def test_reading_never_creates_a_database(tmp_path):
    assert open_history(tmp_path / "none.sqlite3") is None
    assert not (tmp_path / "none.sqlite3").exists()


def test_db_path_comes_from_option_then_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKCUE_DB", str(tmp_path / "env.sqlite3"))
    assert default_path() == tmp_path / "env.sqlite3"
    assert default_path(tmp_path / "opt.sqlite3") == tmp_path / "opt.sqlite3"
    monkeypatch.delenv("TRACKCUE_DB")
    assert default_path().name == "history.sqlite3"
