"""Losing the terminal (SIGHUP) or Ctrl-C in a real pty: the run is kept with its laps — aborted on
Ctrl-C (the runner's choice), interrupted on SIGHUP (for ``trackcue resume``)."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from tui_rig import PtyProcess

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin",
                                reason="needs a Linux pty")


def play_two_laps(tmp_path) -> tuple[PtyProcess, str]:
    db = str(tmp_path / "history.sqlite")
    proc = PtyProcess([sys.executable, "-m", "trackcue", "run", "200m-repeats", "--audio", "null",
                       "--speed", "10", "--get-ready", "0"], 80, 24, {"TRACKCUE_DB": db})
    proc.wait_for(b"WARM-UP", timeout=20)
    proc.send("l")
    proc.send("l")
    proc.wait_for(b"wu.2", timeout=10)  # the second lap is in the splits table
    return proc, db


def sessions(db: str):
    from trackcue.history.queries import list_sessions, open_history

    conn = open_history(db)
    try:
        return [(s.status, s.laps) for s in list_sessions(conn)]
    finally:
        conn.close()


@pytest.mark.parametrize("how, code, status", [("SIGHUP", 129, "interrupted"), ("ctrl+c", 130, "aborted")])
def test_a_lost_terminal_or_ctrl_c_keeps_the_run(tmp_path, how, code, status):
    proc, db = play_two_laps(tmp_path)
    try:
        if how == "SIGHUP":
            os.kill(proc.pid, signal.SIGHUP)
        else:
            proc.send("\x03")
        assert proc.exited(timeout=10) == code
    finally:
        proc.stop()
    assert sessions(db) == [(status, 2)]
