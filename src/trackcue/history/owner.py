"""Which process is recording a session: ``host:pid`` in ``sessions.owner``, and claiming one.

A session whose owner is a live trackcue on this host is ``running``; one whose owner is gone
(killed, crashed, a dead battery) or released (``NULL``) and that never finished is
``interrupted``. ``trackcue resume`` claims a session inside a write transaction, so a second
``resume`` of the same session sees the first one's claim and is refused.
"""

from __future__ import annotations

import os
import socket
import sqlite3
from pathlib import Path


def owner_tag() -> str:
    """``host:pid`` of this process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def is_live(owner: str | None) -> bool:
    """Is the process that recorded a session still running here? (False when unknowable.)"""
    if not owner or ":" not in owner:
        return False
    host, _, pid_text = owner.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False  # os.kill(pid, 0) would terminate it on Windows; treat as interrupted
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, someone else's
    except OSError:
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.parent.exists():  # Linux: a reused pid running something else is not our run
        try:
            return b"trackcue" in cmdline.read_bytes()
        except OSError:
            return False
    return True


def claim(conn: sqlite3.Connection, session_id: int) -> None:
    """Make this process the session's owner; call inside the transaction that found it free."""
    conn.execute("UPDATE sessions SET owner = ? WHERE id = ?", (owner_tag(), session_id))


def release(conn: sqlite3.Connection, session_id: int) -> None:
    """No process records the session any more (unfinished, it is ``interrupted``)."""
    conn.execute("UPDATE sessions SET owner = NULL WHERE id = ?", (session_id,))
