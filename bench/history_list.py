"""Listing a history of 10 000 sessions (goal: <= 200 ms), and recording one event.

Run: python bench/history_list.py
Fills a temporary database with 10 000 sessions of 30 events each (one transaction, through the
real schema), then prints medians for: open + list_sessions, the same plus the printed table,
the whole ``trackcue history`` command (``--version``: Python's and the CLI's own start-up), and one event: handed to ``Recorder.record`` (what the engine pays) and committed by its writer thread.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

SESSIONS, EVENTS_PER_SESSION = 10_000, 30


def median_ms(fn, number: int = 5, repeat: int = 9) -> float:
    """Median milliseconds per call."""
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1000


def fill(path: Path) -> None:
    from trackcue.history.db import connect, transaction

    conn = connect(path)
    wall0 = time.time() - SESSIONS * 86400 / 4
    with transaction(conn):
        for sid in range(1, SESSIONS + 1):
            wall = wall0 + sid * 21600
            conn.execute(
                "INSERT INTO sessions (id, workout, source, params, timeline_version, total_s, started_at,"
                " ended_at, status, segment, t_s, reps_done, laps) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (sid, f"workout {sid % 40}", f"workouts/w{sid % 40}.yaml", '{"pace": "80s"}', 1, 2400.0,
                 wall, wall + 2400, "done" if sid % 9 else "aborted", 20, 2400.0, 10, 10),
            )
            conn.executemany(
                "INSERT INTO events (session_id, seq, event, at_s, t_s, wall, data) VALUES (?,?,?,?,?,?,?)",
                [(sid, seq, "cue", seq * 80.0, seq * 80.0, wall + seq * 80,
                  json.dumps({"event": "cue", "at_s": seq * 80.0, "t_s": seq * 80.0, "wall": wall + seq * 80,
                              "type": "speech", "kind": "rep", "text": "Rep 3 of 10, 400 metres in 80"}))
                 for seq in range(EVENTS_PER_SESSION)],
            )
    conn.close()


def main() -> None:
    from trackcue.history.queries import list_sessions, open_history
    from trackcue.history.recorder import Recorder
    from trackcue.history.report import session_table

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "history.sqlite3"
        t0 = time.perf_counter()
        fill(path)
        size_mb = path.stat().st_size / 1e6
        print(f"filled {SESSIONS} sessions x {EVENTS_PER_SESSION} events ({size_mb:.0f} MB) "
              f"in {time.perf_counter() - t0:.1f} s")

        def listing():
            conn = open_history(path)
            sessions = list_sessions(conn)
            conn.close()
            return sessions

        assert len(listing()) == SESSIONS
        print(f"open + list_sessions ({SESSIONS}): {median_ms(listing):.1f} ms  (goal <= 200 ms)")
        print(f"open + list_sessions + table: {median_ms(lambda: session_table(listing())):.1f} ms")

        env = {**os.environ, "TRACKCUE_DB": str(path)}
        for command in (["--version"], ["history"], ["history", "--json"]):
            runs = []
            for _ in range(5):
                t = time.perf_counter()
                subprocess.run([sys.executable, "-m", "trackcue", *command], env=env,
                               stdout=subprocess.DEVNULL, check=True)
                runs.append(time.perf_counter() - t)
            print(f"trackcue {' '.join(command)}, whole process: {statistics.median(runs) * 1000:.0f} ms")

        rec = Recorder(path)
        event = {"event": "lap", "at_s": 1.0, "t_s": 1.0, "wall": time.time(), "segment": 1, "split_s": 80.0}
        rec.record({"event": "start", "at_s": 0.0, "t_s": 0.0, "wall": time.time(), "name": "bench"})
        rec.flush()
        handed, committed = [], []
        for _ in range(200):
            t = time.perf_counter()
            rec.record(event)  # what the engine pays
            handed.append(time.perf_counter() - t)
            rec.flush()  # until the writer thread has committed it
            committed.append(time.perf_counter() - t)
        rec.close()
        handed.sort()
        committed.sort()
        print(f"Recorder.record returns (the engine's cost): median {statistics.median(handed) * 1e6:.1f} µs, "
              f"p95 {handed[189] * 1e6:.1f} µs")
        print(f"one event committed by the writer thread (synchronous=FULL): median "
              f"{statistics.median(committed) * 1000:.2f} ms, p95 {committed[189] * 1000:.2f} ms")


if __name__ == "__main__":
    main()
