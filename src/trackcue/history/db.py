"""Open the history database: where it lives, how it is tuned, and what can go wrong with it.

Durability choice: WAL with ``synchronous=FULL``. In WAL mode a committed transaction already
survives a killed process with ``NORMAL``; ``FULL`` also makes it survive power loss (a phone that
dies at the track), and costs one fsync per event — a few per minute, measured in
bench/history_record.py.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

DB_ENV = "TRACKCUE_DB"
DB_NAME = "history.sqlite3"
BUSY_TIMEOUT_S = 5.0  # another trackcue writing holds the lock for milliseconds, never this long


class HistoryError(Exception):
    """The history database cannot be used; ``hint`` says what the user can do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class Damaged(HistoryError):
    """The file is not a database or its pages are corrupt (safe to move aside)."""


class NewerSchema(HistoryError):
    """Written by a newer trackcue: left untouched."""


class Foreign(HistoryError):
    """An SQLite database that is not trackcue history: left untouched."""


class Unwritable(HistoryError):
    """Read-only, full, locked for too long, or its directory cannot be created."""


def default_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database path: ``--db`` if given, else ``$TRACKCUE_DB``, else the user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only the recording and history commands need it

    return Path(platformdirs.user_data_dir("trackcue", appauthor=False)) / DB_NAME


def classify(err: BaseException, path: Path) -> HistoryError:
    """Turn an sqlite3/OS error on ``path`` into the HistoryError a user can act on."""
    if isinstance(err, HistoryError):
        return err
    if isinstance(err, OSError):
        return Unwritable(
            f"cannot write history at {path}: {err.strerror or err}",
            hint=f"choose another place with --db PATH or ${DB_ENV}",
        )
    name = getattr(err, "sqlite_errorname", "") or ""  # Python >= 3.11; messages below for 3.10
    text = str(err).lower()
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or "not a database" in text or "malformed" in text:
        return Damaged(f"history database {path} is damaged ({err})", hint="trackcue run moves it aside")
    if name == "SQLITE_FULL" or "disk is full" in text or "database or disk is full" in text:
        return Unwritable(f"no space left to write history at {path}", hint="free some space")
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in text:
        return Unwritable(
            f"history database {path} is locked by another program",
            hint="close the other program and try again",
        )
    return Unwritable(
        f"cannot use history database {path} ({err})",
        hint=f"check its permissions, or choose another file with --db PATH or ${DB_ENV}",
    )


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """An open, migrated connection to the history at ``path`` (created unless ``readonly``).

    Autocommit mode: callers wrap writes in ``with transaction(conn):``. Raises HistoryError.
    """
    from trackcue.history import schema  # schema folds events; keep import order one-way

    path = Path(path)
    conn = None
    try:
        if readonly:
            conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S,
                                   isolation_level=None, check_same_thread=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        schema.check(conn, path)  # before anything writes: a newer or foreign file stays as it was
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        schema.migrate(conn, path, readonly=readonly)
        return conn
    except (sqlite3.Error, OSError, HistoryError) as err:
        if conn is not None:
            conn.close()
        raise classify(err, path) from None


class transaction:
    """``with transaction(conn):`` — BEGIN IMMEDIATE … COMMIT, or ROLLBACK on error.

    IMMEDIATE takes the write lock up front, so a second writer waits (busy timeout) instead of
    failing half-way through.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the original error is the one worth reporting
