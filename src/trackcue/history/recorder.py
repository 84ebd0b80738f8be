"""Record one run on a writer thread: the clock never waits for the database, and a killed
process loses nothing it has shown.

``Recorder.record(event)`` only queues the event. One thread (``trackcue-history``) owns the
connection, commits the queued events in order (whatever has queued up, in one transaction) and
then passes them to ``on_saved``. Front ends show or print an event only from ``on_saved``, so
what the runner saw is on disk (docs/history.md, "Durability").

The run goes on whatever happens to the file, and every change is told once through ``notify``
with the file now in use:

- damaged (found at open or mid-run): moved aside (never deleted) and the whole run recorded
  again in a fresh file at the same path;
- read-only, from a newer trackcue, or another program's database: left alone, the run recorded
  in a fallback file (``db.fallback_candidates``: on disk, never only in memory), which
  ``trackcue history`` lists too;
- locked or full: events wait here and are written as soon as the file takes them; after
  ``FALLBACK_AFTER_S`` of failing, or when the recorder closes, they go to a fallback file;
- no file can be created anywhere: the run is kept in memory, said loudly, and retried.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Union

from trackcue.history.db import (
    Busy, Damaged, Full, HistoryError, ReadOnly, classify, connect, default_path, fallback_candidates, transaction,
)
from trackcue.engine.events import Event
from trackcue.history.owner import claim, owner_tag, release
from trackcue.history.summary import DONE, SessionFold, fold, summarize
from trackcue.timeline import TIMELINE_VERSION

RETRY_AFTER_S = 1.0  # after a failed write, wait this long before trying again
FALLBACK_AFTER_S = 20.0  # a file failing this long (locked, full) gives way to a fallback file
_STOP = "stop"
_Item = Union[Event, threading.Event, str]

__all__ = ["Recorder", "file_hash", "owner_tag", "print_notice"]


def file_hash(path: str | os.PathLike[str] | None) -> str | None:
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


def _ignore(_message: str) -> None:
    pass


def _ignore_events(_events: Sequence[Event]) -> None:
    pass


class Recorder:
    """Writes the events of one session to the history database, on its own thread.

    ``path``: the history file (default ``db.default_path()``). ``continue_session``: the id of
    an interrupted session to append to (``trackcue resume``). ``notify``: one line whenever
    recording changes file or falls behind. ``on_saved``: called on the writer thread with each
    run of events, in order, once they are committed — or once no file can take them (said
    through ``notify`` first). A ``SessionRecorder`` (``trackcue.session.protocols``).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        continue_session: int | None = None,
        notify: Callable[[str], None] | None = None,
        on_saved: Callable[[Sequence[Event]], None] | None = None,
        source_hash: str | None = None,
    ) -> None:
        self.requested = default_path(path)
        self._notify = notify or _ignore
        self._on_saved = on_saved or _ignore_events
        self._source_hash = source_hash
        self._continue = continue_session
        self._inbox: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._lock = threading.Lock()  # guards what other threads read: path, session_id, closing
        self._path: Path | None = self.requested
        self._session_id: int | None = None
        self._closing = False
        self._done = threading.Event()
        # The writer thread's own state: nothing else touches it while the thread runs.
        self.state = SessionFold()
        self._conn: sqlite3.Connection | None = None
        self._file: Path = self.requested  # the file written now
        self._file_session: int | None = None  # the session's id in that file, once committed
        self._events: list[Event] = []
        self._written = 0  # how many of the events that file holds
        self._delivered = 0  # how many have been passed to on_saved
        self._memory_only = False
        self._loaded: tuple[int, int] | None = None  # (continued session, its events) in the history file
        self._failing_since: float | None = None
        self._retry_at = 0.0
        self._trouble: str | None = None
        self._waiting: list[threading.Event] = []
        self._thread = threading.Thread(target=self._run, name="trackcue-history", daemon=True)
        self._thread.start()

    # -- what any thread may call ---------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The file the session is recorded in (None while it is kept in memory only)."""
        with self._lock:
            return self._path

    @property
    def session_id(self) -> int | None:
        """The session's number in ``path``, once its first event is committed there."""
        with self._lock:
            return self._session_id

    @property
    def pending(self) -> int:
        """Events recorded but not (yet) in a database file: exact once the recorder is closed."""
        return len(self._events) - self._written

    def record(self, event: Event) -> None:
        """Queue one engine event (a dict as in docs/events.md) for the writer. Never blocks or raises."""
        self._inbox.put(dict(event))

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every event recorded so far is committed (or cannot be); ``False`` on timeout.

        Blocks: not on the UI thread or in the engine.
        """
        marker = threading.Event()
        self._inbox.put(marker)
        return marker.wait(timeout)

    def close_soon(self) -> None:
        """Write what is left, release the session and stop the writer; returns at once."""
        with self._lock:
            if self._closing:
                return
            self._closing = True
        self._inbox.put(_STOP)

    def close(self, timeout: float | None = None) -> bool:
        """``close_soon`` and wait at most ``timeout`` seconds for it; ``True`` once closed."""
        self.close_soon()
        return self._done.wait(timeout)

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the writer thread ----------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._open_first()
            if self._continue is not None:
                self._load(self._continue)
            stop = False
            while not stop:
                for item in self._take():
                    if isinstance(item, str):
                        stop = True
                    elif isinstance(item, threading.Event):
                        self._waiting.append(item)
                    else:
                        self._add(item)
                self._write(final=stop)
            self._finish()
        except Exception as err:  # noqa: BLE001 — a fault here must not stall the run: pass events on
            self._notify(f"history: recording stopped ({type(err).__name__}: {err}); this run is not saved")
            self._memory_only = True
            self._pass_through()
        finally:
            self._done.set()
            for marker in self._waiting:
                marker.set()

    def _take(self) -> list[_Item]:
        """Wait for something to do (until the next retry, while events are pending); take it all."""
        timeout = max(0.0, self._retry_at - time.monotonic()) if self.pending else None
        try:
            items: list[_Item] = [self._inbox.get(timeout=timeout)]
        except queue.Empty:
            return []
        while True:
            try:
                items.append(self._inbox.get_nowait())
            except queue.Empty:
                return items

    def _pass_through(self) -> None:
        """After an internal fault: hand every event on unsaved until the recorder closes."""
        self._deliver_all()
        while True:
            for item in self._take():
                if isinstance(item, str):
                    self._deliver_all()
                    return
                if isinstance(item, threading.Event):
                    item.set()
                else:
                    self._events.append(item)
            self._deliver_all()

    def _add(self, event: Event) -> None:
        self._events.append(event)
        try:
            self.state.apply(event)
        except (TypeError, ValueError):
            pass  # a malformed event is still stored as it came; only the summary columns miss it

    def _write(self, final: bool) -> None:
        if self.pending and (final or time.monotonic() >= self._retry_at):
            self._try_write(final)
        if self._memory_only:
            self._deliver_all()
        else:
            self._deliver(self._written)
        if not self.pending or self._memory_only:
            for marker in self._waiting:
                marker.set()
            self._waiting.clear()

    def _try_write(self, final: bool) -> None:
        for _ in range(6):  # each turn below moves to another file; there are fewer than six
            if self._conn is None and not (self._reconnect() if self._memory_only else self._connect(final)):
                self._retry_at = time.monotonic() + RETRY_AFTER_S
                return
            assert self._conn is not None
            try:
                self._write_pending(self._conn)
            except (sqlite3.Error, OSError, HistoryError) as err:
                problem = classify(err, self._file)
                if isinstance(problem, Damaged):
                    self._replace_damaged(problem)
                elif isinstance(problem, (Busy, Full)) and not final and self._failing_for() < FALLBACK_AFTER_S:
                    self._falling_behind(problem)
                    return
                else:
                    self._switch(str(problem))
                continue
            self._caught_up()
            return

    def _write_pending(self, conn: sqlite3.Connection) -> None:
        session_id = self._file_session
        with transaction(conn):
            if session_id is None:
                session_id = self._insert_session(conn)
            for seq in range(self._written, len(self._events)):
                event = self._events[seq]
                conn.execute(
                    "INSERT INTO events (session_id, seq, event, at_s, t_s, wall, data) VALUES (?,?,?,?,?,?,?)",
                    (session_id, seq, str(event.get("event", "")), _num(event.get("at_s")),
                     _num(event.get("t_s")), _num(event.get("wall")), json.dumps(event, default=str)),
                )
                if event.get("event") == "start":
                    claim(conn, session_id)
            s = summarize(self.state)  # the list's columns: the numbers every view shows
            conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, segment = ?, t_s = ?, reps_done = ?, laps = ?"
                " WHERE id = ?",
                (s.status, self.state.ended_wall, s.segment, s.elapsed_s, s.reps_done, s.laps, session_id),
            )
        # Only now: an id from a rolled-back insert names no row (a retry would break its foreign keys).
        self._file_session = session_id
        self._written = len(self._events)
        with self._lock:
            self._path, self._session_id = self._file, session_id

    def _insert_session(self, conn: sqlite3.Connection) -> int:
        start = next((e for e in self._events if e.get("event") == "start"), self._events[0])
        source = start.get("source")
        if source:  # workouts are shown relative to the cwd; resume may run from elsewhere
            source = str(Path(str(source)).absolute())
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
        return int(cur.lastrowid or 0)

    def _deliver(self, upto: int) -> None:
        if upto > self._delivered:
            batch = self._events[self._delivered:upto]
            self._delivered = upto
            try:
                self._on_saved(batch)
            except Exception as err:  # noqa: BLE001 — a front end's fault must not stop the recording
                self._notify(f"history: showing saved events failed ({type(err).__name__}: {err})")

    def _deliver_all(self) -> None:
        self._deliver(len(self._events))

    # -- opening, falling back, catching up ------------------------------------------------------

    def _open_first(self) -> None:
        self._connect(final=False)

    def _connect(self, final: bool) -> bool:
        """Open the file meant (at the start, or after it was locked or full); ``False`` if not yet.

        Damaged: moved aside. Locked or full: tried again later, a fallback once that has lasted
        ``FALLBACK_AFTER_S`` (or at the close). Read-only, newer, foreign: a fallback at once.
        """
        try:
            conn = connect(self._file, probe_write=True)
        except Damaged as err:
            self._replace_damaged(err)
        except (Busy, Full) as err:
            if not final and self._failing_for() < FALLBACK_AFTER_S:
                self._falling_behind(err)
                return False
            self._switch(str(err))
        except HistoryError as err:
            self._switch(str(err))
        else:
            self._use(self._file, conn)
        return self._conn is not None

    def _use(self, path: Path, conn: sqlite3.Connection) -> None:
        self._close_conn()
        if path != self._file:
            self._failing_since, self._trouble = None, None
        self._conn, self._file = conn, path
        self._file_session, self._written = None, 0
        if self._loaded is not None and path == self.requested:  # a resumed session goes on where it is
            self._file_session, self._written = self._loaded
        self._memory_only = False
        self._retry_at = 0.0

    def _replace_damaged(self, problem: HistoryError) -> None:
        """Move the damaged file aside and go on in a fresh one at the same path (else a fallback)."""
        path = self._file
        self._close_conn()
        if path == self.requested:
            self._loaded = None  # a resumed session's earlier events go to the fresh file with the rest
        moved = _move_aside(path)
        if moved is None:
            self._switch(f"{problem} and cannot be moved aside")
            return
        try:
            self._use(path, connect(path, probe_write=True))
        except HistoryError as err:
            self._switch(f"{problem} — moved it to {moved}; {err}")
            return
        self._notify(f"history: {problem} — moved it to {moved}; recording to a fresh {path}")

    def _switch(self, reason: str) -> None:
        """Go on in a fresh fallback file, the whole run written again there; else memory."""
        self._close_conn()
        fallbacks = [c for c in fallback_candidates(self.requested) if c != self._file]
        if self._open_one_of(fallbacks, f"history: {reason}; recording this run to {{}}"):
            return
        self._conn, self._memory_only = None, True
        self._file_session, self._written = None, 0
        self._retry_at = time.monotonic() + RETRY_AFTER_S
        with self._lock:
            self._path, self._session_id = None, None
        self._notify(f"history: {reason}; no file could be created for it either — this run is kept in "
                     "memory only (lost if trackcue is killed) and saved as soon as a file takes it")

    def _reconnect(self) -> bool:
        """In memory only: try the history file, then the fallbacks, again."""
        return self._open_one_of([self.requested, *fallback_candidates(self.requested)],
                                 "history: recording this run to {} after all")

    def _open_one_of(self, candidates: list[Path], said: str) -> bool:
        """Go on in the first of ``candidates`` that opens for writing, and say so (``said``: ``{}`` is the file)."""
        for candidate in candidates:
            try:
                conn = connect(candidate, probe_write=True)
            except HistoryError:
                continue
            self._use(candidate, conn)
            self._notify(said.format(candidate))
            return True
        return False

    def _falling_behind(self, problem: HistoryError) -> None:
        now = time.monotonic()
        if self._failing_since is None:
            self._failing_since = now
        self._retry_at = now + RETRY_AFTER_S
        if str(problem) != self._trouble:
            self._trouble = str(problem)
            self._notify(f"history: {problem}; keeping this run's events until it can be written")

    def _failing_for(self) -> float:
        return 0.0 if self._failing_since is None else time.monotonic() - self._failing_since

    def _caught_up(self) -> None:
        if self._trouble:
            self._notify(f"history: caught up, {self._file} has every event again")
        self._trouble, self._failing_since, self._retry_at = None, None, 0.0

    def _load(self, session_id: int) -> None:
        """Continue an earlier session: its events so far become this recorder's (not shown again)."""
        try:
            conn = self._conn if self._conn is not None and self._file == self.requested else \
                connect(self.requested, readonly=True)
        except HistoryError as err:
            self._notify(f"history: cannot read session {session_id} ({err}); recording a new one")
            return
        try:
            rows = conn.execute("SELECT data FROM events WHERE session_id = ? ORDER BY seq", (session_id,)).fetchall()
        except sqlite3.Error as err:
            self._notify(f"history: cannot read session {session_id} ({err}); recording a new one")
            return
        finally:
            if conn is not self._conn:
                conn.close()
        if not rows:
            self._notify(f"history: no session {session_id} in {self.requested}; recording a new one")
            return
        self._events = [json.loads(data) for (data,) in rows]
        self._delivered = len(self._events)
        self.state = fold(self._events)
        self._loaded = (session_id, len(self._events))
        if self._conn is not None and self._file == self.requested:
            self._file_session, self._written = self._loaded
            with self._lock:
                self._session_id = session_id

    def _finish(self) -> None:
        """Release the session (an unfinished one is then ``interrupted``) and close the file."""
        if self.pending and not self._memory_only:
            self._notify(f"history: {self.pending} event(s) of this run could not be saved anywhere")
        if self._conn is not None and self._file_session is not None and self.state.status != DONE:
            try:
                with transaction(self._conn):
                    release(self._conn, self._file_session)
            except sqlite3.Error:
                pass  # the owner's pid being gone says the same thing
        self._close_conn()

    def _close_conn(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None


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
