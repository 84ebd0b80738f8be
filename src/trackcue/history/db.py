"""Open the history database: where it lives, how it is tuned, and what can go wrong with it.

Durability choice: WAL with ``synchronous=FULL``. In WAL mode a committed transaction already
survives a killed process with ``NORMAL``; ``FULL`` also makes it survive power loss (a phone that
dies at the track), and costs one fsync per event — a few per minute, measured in
bench/history_record.py.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import tempfile
import time
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


class ReadOnly(Unwritable):
    """The file or its directory cannot be written at all: waiting will not help."""


class Busy(Unwritable):
    """Another program holds the write lock longer than the busy timeout: waiting may help."""


class Full(Unwritable):
    """No space left (or the disk failing a write): freeing some may help."""


def default_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database path: ``--db`` if given, else ``$TRACKCUE_DB``, else the user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only the recording and history commands need it

    return Path(platformdirs.user_data_dir("trackcue", appauthor=False)) / DB_NAME


def fallback_candidates(primary: Path) -> list[Path]:
    """Fresh files for a run that ``primary`` cannot take, best first: beside it, in the user
    data directory, in the temp directory. Each name says which history it stands in for, so
    ``fallback_files`` finds them again (and ``trackcue history`` lists them)."""
    primary = Path(primary).absolute()
    tag = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    found = [primary.with_name(f"{primary.stem}.fallback-{tag}{primary.suffix or '.sqlite3'}")]
    found += [folder / f"{_key(primary)}-{tag}.sqlite3" for folder in _fallback_dirs()]
    return [p for i, p in enumerate(found) if p.parent not in {q.parent for q in found[:i]}]


def fallback_files(primary: Path) -> list[Path]:
    """The fallback files of ``primary`` that exist, oldest first."""
    primary = Path(primary).absolute()
    patterns = [(primary.parent, f"{primary.stem}.fallback-*{primary.suffix or '.sqlite3'}")]
    patterns += [(folder, f"{_key(primary)}-*.sqlite3") for folder in _fallback_dirs()]
    found: dict[Path, None] = {}
    for folder, pattern in patterns:
        try:
            for p in folder.glob(pattern):
                if p.is_file():
                    found.setdefault(p, None)
        except OSError:
            continue
    return sorted(found, key=_mtime)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _key(primary: Path) -> str:
    return "history-" + hashlib.sha256(str(primary).encode()).hexdigest()[:12]


def _fallback_dirs() -> list[Path]:
    dirs = []
    try:
        import platformdirs

        dirs.append(Path(platformdirs.user_data_dir("trackcue", appauthor=False)) / "fallback")
    except ImportError:  # pragma: no cover - a dependency; the temp directory remains
        pass
    dirs.append(Path(tempfile.gettempdir()) / "trackcue-fallback")
    return dirs


def classify(err: BaseException, path: Path) -> HistoryError:
    """Turn an sqlite3/OS error on ``path`` into the HistoryError a user can act on."""
    if isinstance(err, HistoryError):
        return err
    if isinstance(err, OSError):
        import errno

        kind: type[Unwritable] = Unwritable
        if err.errno in (errno.ENOSPC, errno.EDQUOT):
            kind = Full
        elif err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            kind = ReadOnly
        return kind(
            f"cannot write history at {path}: {err.strerror or err}",
            hint=f"choose another place with --db PATH or ${DB_ENV}",
        )
    # The error's name: set by SQLite's module from Python 3.11 on, absent from an error made
    # elsewhere (and on 3.10), where the messages below tell the kinds apart.
    name = ""
    if sys.version_info >= (3, 11) and isinstance(err, sqlite3.Error):
        try:
            name = err.sqlite_errorname or ""
        except AttributeError:
            name = ""
    text = str(err).lower()
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or "not a database" in text or "malformed" in text:
        return Damaged(f"history database {path} is damaged ({err})", hint="trackcue run moves it aside")
    if name.startswith("SQLITE_READONLY") or "readonly database" in text or "read-only" in text:
        return ReadOnly(f"history database {path} is read-only",
                        hint=f"make it writable, or choose another file with --db PATH or ${DB_ENV}")
    if name in ("SQLITE_FULL", "SQLITE_IOERR_SHMSIZE") or "disk is full" in text:
        return Full(f"no space left to write history at {path}", hint="free some space")
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return Full(f"cannot write history at {path} (disk I/O error: is the disk full or failing?)",
                    hint="free some space, or choose another file with --db PATH")
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in text:
        return Busy(
            f"history database {path} is locked by another program",
            hint="close the other program and try again",
        )
    return Unwritable(
        f"cannot use history database {path} ({err})",
        hint=f"check its permissions, or choose another file with --db PATH or ${DB_ENV}",
    )


def connect(path: Path, *, readonly: bool = False, probe_write: bool = False) -> sqlite3.Connection:
    """An open, migrated connection to the history at ``path`` (created unless ``readonly``).

    Autocommit mode: callers wrap writes in ``with transaction(conn):``. ``probe_write`` checks
    now that the file can be written (``ReadOnly`` otherwise: SQLite opens a read-only file
    silently and fails only at the first write); it takes the write lock for a moment, so readers
    do not ask for it. A read-only connection also opens a file on read-only media (where SQLite
    cannot create the lock files a WAL database needs). Raises HistoryError.
    """
    from trackcue.history import schema  # schema folds events; keep import order one-way

    path = Path(path)
    conn = None
    try:
        if readonly:
            conn = _open_readonly(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        schema.check(conn, path)  # before anything writes: a newer or foreign file stays as it was
        if not readonly:
            _use_wal(conn)
            conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        schema.migrate(conn, path, readonly=readonly)
        if probe_write and not readonly:
            _check_writable(conn)
        return conn
    except (sqlite3.Error, OSError, HistoryError) as err:
        if conn is not None:
            conn.close()
        raise classify(err, path) from None


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode (it stays so), retrying while another connection holds it.

    Switching the journal mode answers SQLITE_BUSY at once, without the busy handler's wait, when
    another trackcue is opening or closing the same file at that moment (two runs recording at
    once made each other "locked" about one time in three). The mode is read first, so a file
    already in WAL is not switched at all; a switch that keeps meeting a lock is retried for up
    to ``BUSY_TIMEOUT_S``, as any other statement would wait. (Called from the recorder's own
    thread or a command, never the screen's.)
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(0.005)


def _check_writable(conn: sqlite3.Connection) -> None:
    """A write that changes nothing: SQLITE_READONLY now, not at the first event."""
    with transaction(conn):
        conn.execute("UPDATE sessions SET id = id WHERE 0")


def _open_readonly(path: Path) -> sqlite3.Connection:
    """``mode=ro``; on read-only media (no lock files possible) a snapshot that needs none.

    A WAL file beside it may hold the last committed events, which ``immutable`` would not
    read: then the database and its WAL are copied to a temporary directory and read there.
    """
    uri = path.absolute().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                               check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.Error:
        if os.access(path.parent, os.W_OK):
            raise  # not read-only media: a real problem, reported as such
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        import shutil
        import tempfile

        copy = Path(tempfile.mkdtemp(prefix="trackcue-history-")) / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        return sqlite3.connect(str(copy), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False)


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

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the original error is the one worth reporting
