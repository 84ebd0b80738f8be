"""Recording a run: every event committed at once, and a workout never stopped by the database."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_history_kit import play, run_events, track_timeline, write_newer_db  # noqa: E402

from trackcue.history import recorder as recorder_mod  # noqa: E402
from trackcue.history.db import fallback_files  # noqa: E402
from trackcue.history.queries import (  # noqa: E402
    get_session, latest_interrupted, list_sessions, open_history, resume_point,
)
from trackcue.history.recorder import Recorder  # noqa: E402
from trackcue.timeline import TIMELINE_VERSION  # noqa: E402


def record_all(rec: Recorder, events: list[dict]) -> None:
    for event in events:
        rec.record(event)


def test_each_event_is_committed_before_it_is_passed_on(tmp_path):
    path = tmp_path / "h.sqlite3"
    other = sqlite3.connect(path, check_same_thread=False)  # another process's view
    seen: list[tuple[int, int]] = []

    def saved(events):  # where a front end shows or prints them
        seen.append((len(events), other.execute("SELECT count(*) FROM events").fetchone()[0]))

    events = run_events([81.0, 79.0], end=None)
    with Recorder(path, on_saved=saved) as rec:
        record_all(rec, events)
        assert rec.flush(10)
    assert sum(n for n, _ in seen) == len(events)
    shown = 0
    for n, committed in seen:
        shown += n
        assert committed >= shown  # nothing was passed on before it was on disk
    assert other.execute("SELECT laps, reps_done FROM sessions").fetchone() == (2, 2)


def test_record_returns_at_once_while_another_program_holds_the_lock(tmp_path):
    path = tmp_path / "h.sqlite3"
    saved: list[dict] = []
    rec = Recorder(path, on_saved=saved.extend)
    events = run_events([80.0, 79.0])
    rec.record(events[0])
    assert rec.flush(10)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program writing for a long time
    started = time.perf_counter()
    record_all(rec, events[1:])
    assert time.perf_counter() - started < 0.05  # the engine never waits for the database
    time.sleep(0.3)
    assert len(saved) == 1  # nothing shown that is not on disk
    holder.execute("COMMIT")
    assert rec.flush(15)
    rec.close()
    assert saved == events
    assert len(get_session(open_history(path), rec.session_id).events) == len(events)


def test_start_stores_workout_hash_params_and_timeline_version(tmp_path):
    workout = tmp_path / "400s.yaml"
    workout.write_text("name: 400s\n")
    with Recorder(tmp_path / "h.sqlite3") as rec:
        record_all(rec, run_events([80.0], source=str(workout)))
    info = list_sessions(open_history(tmp_path / "h.sqlite3"))[0]
    assert info.source == str(workout)
    assert info.source_hash == recorder_mod.file_hash(workout) and info.source_hash.startswith("sha256:")
    assert info.params == {"pace": "80s"} and info.timeline_version == TIMELINE_VERSION
    assert (info.status, info.reps_done) == ("done", 1)


def test_unfinished_run_is_interrupted_once_its_recorder_closes(tmp_path):
    path = tmp_path / "h.sqlite3"
    rec = Recorder(path)
    record_all(rec, run_events([80.0, 81.0], reps=3, end=None))
    assert rec.flush(10)
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


def garble_pages(path, pages=(2, 3, 4), size=4096) -> None:
    """Overwrite whole pages with garbage (a bad sector, another program scribbling)."""
    with open(path, "r+b") as f:
        for page in pages:
            f.seek((page - 1) * size)
            f.write(bytes((i * 7 + page) % 251 for i in range(size)))


def test_garbage_pages_are_moved_aside_and_the_run_goes_on_in_a_fresh_file(tmp_path):
    # Three 4 KiB pages of garbage once made every write recurse until RecursionError.
    path = tmp_path / "h.sqlite3"
    with Recorder(path) as earlier:
        record_all(earlier, run_events([80.0, 79.0, 78.0]))
    garble_pages(path)
    damaged = path.read_bytes()
    notes: list[str] = []
    with Recorder(path, notify=notes.append) as rec:
        record_all(rec, run_events([81.0]))
    [aside] = tmp_path.glob("h.sqlite3.damaged-*")
    assert aside.read_bytes() == damaged  # kept as it was
    assert len(notes) == 1 and "damaged" in notes[0] and str(aside) in notes[0] and str(path) in notes[0]
    assert "\n" not in notes[0]
    [info] = list_sessions(open_history(path))
    assert (info.status, info.laps) == ("done", 1)


def test_file_damaged_mid_run_is_moved_aside_and_the_whole_run_rerecorded(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    events = run_events([80.0, 79.0])
    notes: list[str] = []
    rec = Recorder(path, notify=notes.append)
    record_all(rec, events[:4])
    assert rec.flush(10)
    real_write = Recorder._write_pending
    scribbled = []

    def write_then_find_damage(self, conn):
        if not scribbled:  # another program scribbles over the file while we run
            scribbled.append(True)
            raise sqlite3.DatabaseError("database disk image is malformed")
        real_write(self, conn)

    monkeypatch.setattr(Recorder, "_write_pending", write_then_find_damage)
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


def test_unwritable_directory_falls_back_to_a_file_in_the_user_data_directory(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data directory should be")
    notes: list[str] = []
    with Recorder(blocker / "h.sqlite3", notify=notes.append) as rec:
        record_all(rec, run_events([80.0]))
    assert rec.path.parent == tmp_path.parent / "home0" / "data" / "trackcue" / "fallback" or \
        rec.path.parent.name == "fallback"
    assert str(rec.path) in notes[0]
    assert list_sessions(open_history(rec.path))[0].status == "done"
    assert fallback_files(blocker / "h.sqlite3") == [rec.path]


def test_nowhere_to_write_keeps_the_run_in_memory_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(recorder_mod, "fallback_candidates", lambda primary: [])
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    notes: list[str] = []
    saved: list[dict] = []
    events = run_events([80.0])
    with Recorder(blocker / "h.sqlite3", notify=notes.append, on_saved=saved.extend) as rec:
        record_all(rec, events)
        assert rec.flush(10)
        assert saved == events  # nothing can be written: shown anyway, and said loudly
    assert rec.path is None and "memory only" in notes[0]


class LimitedDisk:
    """SQLite's own "disk is full" (max_page_count) on every connection the recorder opens."""

    def __init__(self, monkeypatch):
        self.conns: list[sqlite3.Connection] = []
        self.full = True
        real = recorder_mod.connect

        def connect(path, **kw):
            conn = real(path, **kw)
            self.conns.append(conn)
            if self.full:
                self.limit(conn)
            return conn

        monkeypatch.setattr(recorder_mod, "connect", connect)

    @staticmethod
    def limit(conn):
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")

    def free(self):
        self.full = False
        for conn in self.conns:
            conn.execute("PRAGMA max_page_count = 1000000")


def test_full_disk_keeps_events_and_catches_up_when_space_is_freed(tmp_path, monkeypatch):
    monkeypatch.setattr(recorder_mod, "RETRY_AFTER_S", 0.05)
    path = tmp_path / "h.sqlite3"
    with Recorder(path) as crashed:  # an earlier run, killed: its session stays behind
        record_all(crashed, run_events([81.0, 80.0], reps=3, end=None))
    disk = LimitedDisk(monkeypatch)
    events = [{**e, "note": "x" * 3000} for e in run_events([80.0, 79.0, 78.0])]
    notes: list[str] = []
    saved: list[dict] = []
    rec = Recorder(path, notify=notes.append, on_saved=saved.extend)
    record_all(rec, events[:3])
    assert not rec.flush(1.0) and saved == []  # held, not shown: not on disk
    assert "no space" in notes[0]
    disk.free()
    record_all(rec, events[3:])
    assert rec.flush(10)
    rec.close()
    assert saved == events and "caught up" in notes[-1]
    assert not any("FOREIGN KEY" in n for n in notes)
    assert len(get_session(open_history(path), rec.session_id).events) == len(events)
    assert [s.status for s in list_sessions(open_history(path))] == ["done", "interrupted"]


def test_resumed_session_continues_with_its_laps_and_finishes(tmp_path):
    path = tmp_path / "h.sqlite3"
    timeline = track_timeline(4)
    with Recorder(path) as first:
        record_all(first, play(timeline, [81.0, 80.0, 79.0], end=None))  # killed in the jog after rep 3
    at = resume_point(get_session(open_history(path), first.session_id))
    assert (at.segment, len(at.laps)) == (6, 3)
    with Recorder(path, continue_session=first.session_id) as again:
        record_all(again, play(timeline, [78.0], resume=(at.segment, [lap.to_json() for lap in at.laps]), wall0=2e9))
    assert again.state.reps_done == 4
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


def test_every_status_history_lists_is_one_of_its_vocabulary(tmp_path):
    # done, aborted, running (this process records it), interrupted (its process is gone); a status
    # this trackcue does not know (a newer one wrote it, or the file was edited) is shown as stopped
    # before the end, never passed on as an unknown word.
    from trackcue.history.summary import SESSION_STATUSES

    path = tmp_path / "h.sqlite3"
    with Recorder(path) as rec:
        record_all(rec, run_events([81.0]))
    with Recorder(path) as rec:
        record_all(rec, run_events([81.0], end="abort"))
    live = Recorder(path)
    record_all(live, run_events([80.0], reps=3, end=None))
    assert live.flush(10)
    conn = open_history(path)
    assert [s.status for s in reversed(list_sessions(conn))] == ["done", "aborted", "running"]
    live.close()
    assert list_sessions(conn)[0].status == "interrupted"
    raw = sqlite3.connect(path)
    raw.execute("UPDATE sessions SET status = 'paused-on-mars', owner = NULL WHERE id = 1")
    raw.commit()
    raw.close()
    statuses = [s.status for s in reversed(list_sessions(conn))]
    assert statuses == ["aborted", "aborted", "interrupted"]
    assert set(statuses) <= set(SESSION_STATUSES)
    assert SESSION_STATUSES == ("running", "done", "aborted", "interrupted")
