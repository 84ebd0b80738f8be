"""``trackcue history`` list/show/export and ``trackcue resume`` as a user runs them, bad input included."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_history_kit import run_events, write_newer_db  # noqa: E402

from trackcue.history.recorder import Recorder  # noqa: E402


def db() -> Path:
    return Path(os.environ["TRACKCUE_DB"])  # each test has its own (tests/conftest.py)


def record(events: list[dict], path: Path | None = None) -> int:
    with Recorder(path or db()) as rec:
        for event in events:
            rec.record(event)
    return rec.session_id


@pytest.fixture
def two_sessions(tmp_path) -> tuple[int, int]:
    workout = tmp_path / "400s.yaml"
    workout.write_text("name: 400s\n")
    done = record(run_events([81.0, 79.5, 80.25], source=str(workout)))
    cut = record(run_events([82.0, 78.0], reps=4, end=None, wall0=1_700_090_000.0, source=str(workout)))
    return done, cut


def test_empty_history_says_so(cli):
    assert cli("history") == (0, f"No sessions yet in {db()}. Run a workout: trackcue run FILE\n", "")
    code, out, _ = cli("history", "--json")
    assert (code, json.loads(out)) == (0, [])
    assert not db().exists()


def test_list_shows_newest_first_with_outcome_time_and_reps(cli, two_sessions):
    done, cut = two_sessions
    code, out, _ = cli("history")
    assert code == 0
    header, first, second, _, hint = out.splitlines()
    assert header.split() == ["ID", "STARTED", "WORKOUT", "STATUS", "TIME", "REPS", "LAPS"]
    assert first.split()[0] == str(cut) and "interrupted" in first and first.split()[-2:] == ["2", "2"]
    assert second.split()[0] == str(done) and "done" in second and second.split()[-2:] == ["3", "3"]
    assert hint == f"Session {cut} was interrupted: 'trackcue resume' continues it."


def test_list_json_is_a_list_of_sessions_with_ids(cli, two_sessions):
    code, out, _ = cli("history", "--json")
    sessions = json.loads(out)
    assert code == 0 and [s["id"] for s in sessions] == list(reversed(two_sessions))
    assert sessions[1]["status"] == "done" and sessions[1]["reps_done"] == 3
    assert sessions[1]["started"].startswith("2023-11-1") and sessions[1]["params"] == {"pace": "80s"}


def test_show_lists_every_step_and_charts_the_rep_splits(cli, two_sessions, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = cli("history", "show", str(two_sessions[0]))
    assert code == 0
    assert out.startswith(f"Session {two_sessions[0]} · 400s · ")
    assert "done" in out.splitlines()[0]
    step = next(line for line in out.splitlines() if "400m 3/3" in line)
    assert step.split()[-4:] == ["1:20.0", "1:20.3", "+0.3", "done"]  # target actual diff result
    chart = out[out.index("Laps"):].splitlines()
    assert chart[2].split()[:5] == ["rep", "1/3", "1:21.0", "1:20.0", "+1.0"] and chart[2].endswith("│" + "█" * 12)
    assert chart[3].split()[:5] == ["rep", "2/3", "1:19.5", "1:20.0", "-0.5"] and chart[3].endswith(" ██████│")


def test_show_json_has_steps_laps_and_events(cli, two_sessions):
    code, out, _ = cli("history", "show", str(two_sessions[1]), "--json")
    session = json.loads(out)
    assert code == 0 and session["id"] == two_sessions[1] and session["status"] == "interrupted"
    assert [(lap["segment"], lap["split_s"], lap["target_s"]) for lap in session["laps"]] == [(1, 82.0, 80.0), (3, 78.0, 80.0)]
    assert all(lap["t_s"] > 0 for lap in session["laps"])
    assert [s["outcome"] for s in session["steps"]] == ["done"] * 4 + ["running"]
    kinds = [e["event"] for e in session["events"] if e["event"] != "cue"]
    assert kinds == ["start", "segment", "segment", "lap", "segment", "segment", "lap", "segment"]


def test_export_csv_of_one_session_opens_as_a_table(cli, two_sessions):
    code, out, _ = cli("history", "export", str(two_sessions[0]), "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [float(r["split_s"]) for r in rows] == [81.0, 79.5, 80.25]
    assert rows[0]["session"] == str(two_sessions[0]) and rows[0]["rep"] == "1" and rows[0]["diff_s"] == "1.0"
    code, out, _ = cli("history", "export", str(two_sessions[0]), "--csv", "--table", "steps")
    steps = list(csv.DictReader(io.StringIO(out)))
    assert [s["kind"] for s in steps] == ["warmup", "run", "jog"] * 1 + ["run", "jog"] * 2


def test_export_all_sessions_as_csv_and_json(cli, two_sessions, tmp_path):
    code, out, _ = cli("history", "export", "--all", "--csv", "--table", "sessions")
    assert code == 0 and [r["session"] for r in csv.DictReader(io.StringIO(out))] == [str(i) for i in two_sessions]
    target = tmp_path / "all.json"
    code, out, err = cli("history", "export", "--all", "--json", "-o", str(target))
    docs = json.loads(target.read_text())
    assert code == 0 and err == f"wrote {target}\n" and [d["id"] for d in docs] == list(two_sessions)
    assert [len(d["laps"]) for d in docs] == [3, 2]
    code, out, _ = cli("history", "export", str(two_sessions[0]), "--json")
    assert json.loads(out)["laps"][2]["split_s"] == 80.25


@pytest.mark.parametrize("args, message", [
    (["history", "show", "99"], "error: no session 99 in"),
    (["history", "export", "99", "--csv"], "error: no session 99 in"),
    (["history", "export", "--csv"], "error: give one session ID or --all"),
    (["history", "show", "seven"], "invalid int value: 'seven'"),
    (["resume", "99"], "error: no session 99 in"),
])
def test_bad_ids_are_one_line_and_exit_2(cli, two_sessions, args, message):
    code, out, err = cli(*args)
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1
    assert "hint:" in err and "Traceback" not in err


def test_resume_refuses_a_finished_session_or_none(cli, two_sessions):
    code, _, err = cli("resume", str(two_sessions[0]))
    assert code == 2 and f"session {two_sessions[0]} is already finished" in err
    assert cli("history", "--db", str(db().with_name("empty.sqlite3")))[0] == 0
    code, _, err = cli("resume", "--db", str(db().with_name("empty.sqlite3")))
    assert code == 2 and "no history yet" in err


def test_resume_refuses_when_the_workout_file_is_gone(cli, two_sessions, tmp_path):
    (tmp_path / "400s.yaml").unlink()
    code, _, err = cli("resume", "--headless")
    assert code == 2 and "workout file of session" in err and "is gone" in err


def test_db_option_before_or_after_the_action(cli, two_sessions, tmp_path):
    other = tmp_path / "other.sqlite3"
    record(run_events([70.0]), other)
    for args in (["history", "--db", str(other), "show", "1", "--json"], ["history", "show", "1", "--json", "--db", str(other)]):
        code, out, _ = cli(*args)
        assert code == 0 and [lap["split_s"] for lap in json.loads(out)["laps"]] == [70.0]


def test_database_from_a_newer_trackcue_is_a_clear_error_and_untouched(cli):
    before = write_newer_db(db(), 40)
    code, out, err = cli("history")
    assert code == 2 and "newer trackcue (schema 40, this one knows 2)" in err and "hint: upgrade" in err
    assert db().read_bytes() == before


def test_damaged_database_is_a_clear_error_and_kept(cli):
    db().write_bytes(b"\x13\x37" * 4096)
    code, out, err = cli("history", "show", "1")
    assert code == 2 and "is damaged" in err and "Traceback" not in err
    assert db().read_bytes() == b"\x13\x37" * 4096


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_when_exporting_is_a_clear_error(cli, two_sessions):
    code, _, err = cli("history", "export", "--all", "--json", "-o", "/dev/full")
    assert code == 2 and "No space left" in err and Path("/dev/full").is_char_device()
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "trackcue", "history", "export", "--all", "--csv"],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert proc.returncode == 2 and "cannot write the output: No space left" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_export_into_a_missing_directory_is_a_clear_error(cli, two_sessions, tmp_path):
    code, _, err = cli("history", "export", "--all", "--csv", "-o", str(tmp_path / "nope" / "x.csv"))
    assert code == 2 and "cannot write" in err and not (tmp_path / "nope").exists()


def test_headless_run_on_a_damaged_database_goes_on_and_says_where(tmp_path):
    workout = tmp_path / "short.yaml"
    workout.write_text("name: short\nsteps:\n  - warmup: 10s easy\n  - cooldown: 10s easy\n")
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"not a database" * 300)
    proc = subprocess.run([sys.executable, "-m", "trackcue", "run", str(workout), "--headless", "--speed", "100",
                           "--get-ready", "0", "--db", str(path)], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0
    assert json.loads(proc.stdout.splitlines()[-1])["event"] == "finish"
    [aside] = tmp_path.glob("history.sqlite3.damaged-*")
    assert aside.read_bytes() == b"not a database" * 300
    assert "is damaged" in proc.stderr and str(aside) in proc.stderr and "fresh" in proc.stderr
    shown = subprocess.run([sys.executable, "-m", "trackcue", "history", "--json", "--db", str(path)],
                           capture_output=True, text=True, timeout=60)
    assert json.loads(shown.stdout)[0]["status"] == "done"


def test_the_resume_point_carries_the_session_s_events_for_the_summary(two_sessions):
    from trackcue.history.summary import fold
    from trackcue.session.resume import claim_resume_point

    _, cut = two_sessions
    point = claim_resume_point(db(), cut)
    assert point.segment == 4 and len(point.laps) == 2
    assert fold(point.events).reps_done == 2 and point.events[0]["event"] == "start"
