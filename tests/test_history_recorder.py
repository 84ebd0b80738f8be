"""Recording a run: every event committed at once, and a workout never stopped by the database."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_history_kit import play, run_events, track_timeline, write_newer_db  # noqa: E402

from trackcue.history import recorder as recorder_mod  # noqa: E402
from trackcue.history.queries import (  # noqa: E402
    get_session, latest_interrupted, list_sessions, open_history, resume_point,
)
from trackcue.history.recorder import Recorder  # noqa: E402


def record_all(rec: Recorder, events: list[dict]) -> None:
    for event in events:
        rec.record(event)


def test_each_event_is_committed_before_record_returns(tmp_path):
    path = tmp_path / "h.sqlite3"
    rec = Recorder(path)
    other = sqlite3.connect(path)  # another process's view
    for n, event in enumerate(run_events([81.0, 79.0], end=None), 1):
        rec.record(event)
        assert other.execute("SELECT count(*) FROM events").fetchone()[0] == n
    assert other.execute("SELECT laps, reps_done, status FROM sessions").fetchone() == (2, 2, "running")


def test_start_stores_workout_hash_params_and_timeline_version(tmp_path):
    workout = tmp_path / "400s.yaml"
    workout.write_text("name: 400s\n")
    with Recorder(tmp_path / "h.sqlite3") as rec:
        record_all(rec, run_events([80.0], source=str(workout)))
    info = list_sessions(open_history(tmp_path / "h.sqlite3"))[0]
    assert info.source == str(workout)
    assert info.source_hash == recorder_mod.file_hash(workout) and info.source_hash.startswith("sha256:")
    assert info.params == {"pace": "80s"} and info.timeline_version == 1
    assert (info.status, info.reps_done) == ("done", 1)


def test_unfinished_run_is_interrupted_once_its_recorder_closes(tmp_path):
    path = tmp_path / "h.sqlite3"
    rec = Recorder(path)
    record_all(rec, run_events([80.0, 81.0], reps=3, end=None))
    conn = open_history(path)
    assert list_sessions(conn)[0].status == "running"  # this process is still recording it
    assert latest_interrupted(conn) is None
    rec.close()
    assert latest_interrupted(conn).id == rec.session_id


def test_damaged_file_is_moved_aside_and_the_run_goes_on_in_a_fresh_one(tmp_path):
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"\x00garbage, not sqlite" * 500)
    notes: list[str] = []
    with Recorder(path, notify=notes.append) as rec:
        record_all(rec, run_events([80.0]))
    aside = list(tmp_path.glob("h.sqlite3.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"\x00garbage")
    assert any(str(aside[0]) in n and str(path) in n for n in notes)
    assert list_sessions(open_history(path))[0].status == "done"


def test_file_damaged_mid_run_is_moved_aside_and_the_whole_run_rerecorded(tmp_path):
    path = tmp_path / "h.sqlite3"
    events = run_events([80.0, 79.0])
    notes: list[str] = []
    rec = Recorder(path, notify=notes.append)
    record_all(rec, events[:4])
    rec._conn.close()  # another program scribbles over the file while we run
    path.write_bytes(b"scribble" * 4000)
    for wal in (tmp_path / "h.sqlite3-wal", tmp_path / "h.sqlite3-shm"):
        wal.unlink(missing_ok=True)
    rec._conn = sqlite3.connect(path, isolation_level=None)
    record_all(rec, events[4:])
    rec.close()
    assert list(tmp_path.glob("h.sqlite3.damaged-*"))
    detail = get_session(open_history(path), rec.session_id)
    assert len(detail.events) == len(events) and detail.info.status == "done"
    assert any("damaged" in n for n in notes)


def test_newer_database_is_left_alone_and_the_run_recorded_next_to_it(tmp_path):
    path = tmp_path / "h.sqlite3"
    before = write_newer_db(path)
    notes: list[str] = []
    with Recorder(path, notify=notes.append) as rec:
        record_all(rec, run_events([80.0]))
    assert path.read_bytes() == before
    assert rec.path != path and rec.path.parent == tmp_path
    assert str(rec.path) in notes[0] and "newer" in notes[0]
    assert list_sessions(open_history(rec.path))[0].laps == 1


def test_unwritable_directory_falls_back_to_the_temp_directory(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data directory should be")
    monkeypatch.setattr(recorder_mod.tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    notes: list[str] = []
    with Recorder(blocker / "h.sqlite3", notify=notes.append) as rec:
        record_all(rec, run_events([80.0]))
    assert rec.path.parent == tmp_path / "tmp"
    assert str(rec.path) in notes[0]
    assert list_sessions(open_history(rec.path))[0].status == "done"


def test_full_disk_keeps_events_in_memory_and_catches_up(tmp_path, monkeypatch):
    monkeypatch.setattr(recorder_mod, "RETRY_AFTER_S", 0.0)
    path = tmp_path / "h.sqlite3"
    events = run_events([80.0, 79.0, 78.0])
    notes: list[str] = []
    rec = Recorder(path, notify=notes.append)
    rec.record(events[0])
    pages = rec._conn.execute("PRAGMA page_count").fetchone()[0]
    rec._conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
    record_all(rec, [{**e, "note": "x" * 3000} for e in events[1:6]])
    assert rec.pending > 0 and "no space" in notes[0]
    rec._conn.execute("PRAGMA max_page_count = 1000000")
    record_all(rec, events[6:])
    rec.close()
    assert rec.pending == 0 and "caught up" in notes[-1]
    assert len(get_session(open_history(path), rec.session_id).events) == len(events)


def test_resumed_session_continues_with_its_laps_and_finishes(tmp_path):
    path = tmp_path / "h.sqlite3"
    timeline = track_timeline(4)
    with Recorder(path) as first:
        record_all(first, play(timeline, [81.0, 80.0, 79.0], end=None))  # killed in the jog after rep 3
    segment, laps = resume_point(get_session(open_history(path), first.session_id))
    assert (segment, len(laps)) == (6, 3)
    with Recorder(path, continue_session=first.session_id) as again:
        assert again.state.reps_done == 3
        record_all(again, play(timeline, [78.0], resume=(segment, [lap.to_json() for lap in laps]), wall0=2e9))
    assert again.session_id == first.session_id
    conn = open_history(path)
    [info] = list_sessions(conn)
    assert (info.status, info.laps, info.reps_done) == ("done", 4, 4)
    assert [lap.split_s for lap in get_session(conn, info.id).laps] == [81.0, 80.0, 79.0, 78.0]


WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[2])
    from test_history_kit import run_events
    from trackcue.history.recorder import Recorder
    notes = []
    for n in range(int(sys.argv[3])):
        with Recorder(sys.argv[1], notify=notes.append) as rec:
            for e in run_events([80.0] * 10):
                rec.record(e)
    assert not notes, notes
""")


def test_two_processes_recording_at_once_neither_corrupt_nor_block(tmp_path):
    path = tmp_path / "h.sqlite3"
    tests_dir = str(Path(__file__).parent)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), tests_dir, "15"],
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    conn = open_history(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    sessions = list_sessions(conn)
    assert len(sessions) == 30 and all(s.status == "done" and s.laps == 10 for s in sessions)


@pytest.mark.parametrize("bad", [b"", b"SQLite format 3\x00" + b"\xff" * 5000], ids=["empty", "bad-header"])
def test_record_never_raises(tmp_path, bad):
    path = tmp_path / "h.sqlite3"
    path.write_bytes(bad)
    with Recorder(path) as rec:
        record_all(rec, run_events([80.0]))
        rec.record({"event": "weird", "t_s": "not a number", "wall": None})
    assert rec.pending == 0
