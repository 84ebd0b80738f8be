"""``trackcue run --headless`` end to end: JSON lines out, commands in, on a fast clock."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

REPS = """\
name: headless test
steps:
  - warmup: 10s
  - run: 200m in 38s
    ends: lap
  - jog: 10s
"""
TIMED = """\
name: timed test
steps:
  - warmup: 10s
  - run: 20s
  - cooldown: 10s
"""


@pytest.fixture(autouse=True)
def history_db(tmp_path, monkeypatch):
    """Sessions played here are recorded in a throwaway history, not the user's."""
    monkeypatch.setenv("TRACKCUE_DB", str(tmp_path / "history.sqlite"))


def trackcue(*args, **kw):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "trackcue", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, **kw)


def workout(tmp_path, text):
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def events_until(proc, name):
    seen = []
    for line in proc.stdout:
        seen.append(json.loads(line))
        if seen[-1]["event"] == name:
            return seen
    raise AssertionError(f"no {name} event; stderr: {proc.stderr.read()}")


def test_a_timed_workout_plays_to_the_end_with_no_stdin(tmp_path):
    proc = trackcue("run", workout(tmp_path, TIMED), "--headless", "--speed", "50", "--get-ready", "2",
                    "--audio", "null", stdin=subprocess.DEVNULL)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    assert events[0]["event"] == "start" and events[0]["name"] == "timed test" and events[0]["total_s"] == 40
    assert events[-1]["event"] == "finish" and events[-1]["t_s"] == 40
    assert [e["index"] for e in events if e["event"] == "segment"] == [0, 1, 2]
    cues = [e for e in events if e["event"] == "cue"]
    assert cues and all(c["t_s"] == c["at_s"] and not c["skipped"] for c in cues)


def test_commands_on_stdin_lap_pause_and_a_lap_ended_rep(tmp_path):
    proc = trackcue("run", workout(tmp_path, REPS), "--headless", "--speed", "50", "--get-ready", "0",
                    "--audio", "null", stdin=subprocess.PIPE)
    seen = events_until(proc, "segment")
    assert seen[-1]["index"] == 0
    proc.stdin.write("pause\n")
    proc.stdin.flush()
    seen += events_until(proc, "pause")
    proc.stdin.write("bogus\nresume\n")
    proc.stdin.flush()
    seen += events_until(proc, "resume")
    while not (seen[-1]["event"] == "segment" and seen[-1]["ends"] == "lap"):
        seen += events_until(proc, "segment")
    time.sleep(0.4)  # 20 s of the rep at 50x
    rest, err = proc.communicate("lap\n", timeout=30)
    events = seen + [json.loads(line) for line in rest.splitlines()]
    assert proc.returncode == 0
    assert [line for line in err.splitlines() if "unknown command" in line] == [
        "trackcue: unknown command 'bogus' (hint: one of lap, pause, resume, skip, back, +10, -10, finish, quit)"]
    lap = next(e for e in events if e["event"] == "lap")
    assert lap["ends_step"] and lap["target_s"] == 38 and 15 < lap["split_s"] < 37
    assert lap["text"].endswith("fast")
    names = [e["event"] for e in events]
    assert names.index("lap") < names.index("finish") and names[-1] == "finish"


def test_quit_records_an_abort(tmp_path):
    proc = trackcue("run", workout(tmp_path, TIMED), "--headless", "--get-ready", "0", "--audio", "null",
                    stdin=subprocess.PIPE)
    events_until(proc, "segment")
    out, _ = proc.communicate("quit\n", timeout=30)
    last = json.loads(out.splitlines()[-1])
    assert proc.returncode == 0 and last["event"] == "abort" and last["laps"] == 0


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGTERM delivery on Windows")
def test_sigterm_records_the_session_as_interrupted_for_resume(tmp_path):
    proc = trackcue("run", workout(tmp_path, TIMED), "--headless", "--audio", "null", stdin=subprocess.PIPE)
    events_until(proc, "segment")
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=30)
    last = json.loads(out.splitlines()[-1])
    assert (last["event"], last["reason"], last["segment"]) == ("interrupt", "SIGTERM", 0)
    assert proc.returncode == 128 + signal.SIGTERM
    listing = subprocess.run([sys.executable, "-m", "trackcue", "history", "--json"], capture_output=True,
                             text=True, timeout=30)
    assert [s["status"] for s in json.loads(listing.stdout)] == ["interrupted"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--speed", "0"], "--speed must be more than zero"),
        (["--speed", "fast"], "--speed needs a number"),
        (["--get-ready", "-3"], "--get-ready cannot be negative"),
        (["--audio", "trumpet"], "trumpet"),
        (["--set", "nonsense"], ""),
    ],
)
def test_bad_options_are_one_line_and_exit_2(tmp_path, args, message):
    proc = trackcue("run", workout(tmp_path, TIMED), "--headless", *args, stdin=subprocess.DEVNULL)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2 and out == "" and message in err and "Traceback" not in err


def test_an_unknown_workout_is_a_user_error():
    proc = trackcue("run", "no-such-workout-anywhere", "--headless", stdin=subprocess.DEVNULL)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2 and "no-such-workout-anywhere" in err
