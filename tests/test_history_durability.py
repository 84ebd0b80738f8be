"""A lap shown is a lap kept: kill -9 a real headless run the moment a lap's line appears on stdout.

Each line is printed only once its event is committed (docs/history.md, "Durability"), so the lap
must be in the database every time; and ``resume`` must go on after the rep that lap ended, with
the lap, however the kill fell between the lap and the next step's start.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from support import headless_args, lap_reps_workout

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")

TRIALS = 20
WORKOUT = lap_reps_workout("lap kill", warmup_s=1, reps=3, target_s=20, jog_s=30, cooldown_s=10)
PLAY = headless_args(20)


def trackcue(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "trackcue", *args], env=env, text=True, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def read_until(proc: subprocess.Popen[str], name: str, **match: object) -> dict:
    assert proc.stdout is not None
    for line in proc.stdout:
        event = json.loads(line)
        if event["event"] == name and all(event.get(k) == v for k, v in match.items()):
            return event
    raise AssertionError(f"no {name} {match} before the end of output")


def stored_laps(db: str) -> list[dict]:
    conn = sqlite3.connect(db)
    try:
        return [json.loads(data) for (data,) in conn.execute("SELECT data FROM events WHERE event = 'lap'")]
    finally:
        conn.close()


def test_every_lap_line_is_on_disk_and_resume_goes_on_after_its_rep(tmp_path):
    workout = tmp_path / "laps.yaml"
    workout.write_text(WORKOUT, encoding="utf-8")
    started = time.monotonic()
    resumed_at = []
    for trial in range(TRIALS):
        db = str(tmp_path / f"h{trial}.sqlite3")
        env = {**os.environ, "TRACKCUE_DB": db, "PYTHONUNBUFFERED": "1"}
        run = trackcue("run", str(workout), *PLAY, env=env)
        watchdog = threading.Timer(30, run.kill)
        watchdog.start()
        try:
            read_until(run, "segment", kind="run", rep=1)
            assert run.stdin is not None
            run.stdin.write("lap\n")
            run.stdin.flush()
            lap = read_until(run, "lap", rep=1)
            os.kill(run.pid, signal.SIGKILL)  # the moment the line appears
            run.wait(10)
        finally:
            watchdog.cancel()
            run.kill()
        assert lap in stored_laps(db), f"trial {trial}: the lap printed is not in the database"

        again = trackcue("resume", *PLAY, env=env)
        try:
            start = read_until(again, "start")
            first = read_until(again, "segment")
        finally:
            again.kill()
            again.wait(10)
        resumed_at.append((start["resumed_from"], start["laps"], first["kind"], first["rep"]))
        assert resumed_at[-1] == (2, 1, "jog", 1), f"trial {trial}: resume re-ran the rep or lost its lap"
    assert time.monotonic() - started < 120  # CI time: well under a minute on an idle machine
