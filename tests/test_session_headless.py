"""Headless runs end: the end of input means "no more commands", and the README's example finishes."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support import headless_args, lap_reps_workout

REPO = Path(__file__).resolve().parents[1]
REPS = lap_reps_workout("reps", warmup_s=10, reps=2, target_s=38, jog_s=10, cooldown_s=10)
FAST = headless_args(50)


def trackcue(*args: str, stdin=subprocess.DEVNULL, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "trackcue", *args], stdin=stdin, capture_output=True, text=True,
                          timeout=timeout)


def events(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def history() -> list[dict]:
    return json.loads(trackcue("history", "--json").stdout)


@pytest.fixture
def reps(tmp_path) -> str:
    path = tmp_path / "reps.yaml"
    path.write_text(REPS, encoding="utf-8")
    return str(path)


def test_end_of_input_at_a_lap_ended_rep_records_an_abort_and_ends(reps):
    done = trackcue("run", reps, *FAST)  # stdin at its end from the start; once waited forever
    assert done.returncode == 0, done.stderr
    seen = events(done.stdout)
    last_step = [e for e in seen if e["event"] == "segment"][-1]
    assert seen[-1]["event"] == "abort" and (last_step["ends"], last_step["rep"]) == ("lap", 1)
    assert "end of input while waiting for a lap: the session is recorded as aborted" in done.stderr
    assert "--auto-lap" in done.stderr
    [session] = history()
    assert (session["status"], session["segment"]) == ("aborted", 1)


def test_closing_stdin_mid_run_never_leaves_the_session_being_recorded(reps):
    proc = subprocess.Popen([sys.executable, "-m", "trackcue", "run", reps, *FAST], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stdout:
            if json.loads(line)["event"] == "segment":
                break
        proc.stdin.write("lap\n")  # ignored in the warm-up: a timed step; then no more commands
        proc.stdin.close()
        rest = proc.stdout.read()
        proc.wait(30)
    finally:
        proc.kill()
    assert proc.returncode == 0 and events(rest)[-1]["event"] == "abort"
    [session] = history()
    assert session["status"] == "aborted"
    again = trackcue("resume", str(session["id"]), *FAST, "--auto-lap")
    assert again.returncode == 0, again.stderr
    assert "being recorded" not in again.stderr


def test_auto_lap_plays_to_the_end_without_input(reps):
    done = trackcue("run", reps, *FAST, "--auto-lap")
    assert done.returncode == 0, done.stderr
    assert events(done.stdout)[-1]["event"] == "finish"


def test_paused_at_the_end_of_input_aborts_at_once(reps):
    proc = subprocess.run([sys.executable, "-m", "trackcue", "run", reps, *FAST, "--auto-lap"], input="pause\n",
                          capture_output=True, text=True, timeout=60)
    seen = events(proc.stdout)
    assert [e["event"] for e in seen][-2:] == ["pause", "abort"]
    assert "end of input while paused" in proc.stderr


def test_auto_lap_survives_a_resume(reps, tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "trackcue", "run", reps, "--headless", "--audio", "null",
                             "--speed", "5", "--get-ready", "0"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stdout:
            if json.loads(line)["event"] == "segment":
                break
        os.kill(proc.pid, signal.SIGKILL)  # killed in the warm-up
        proc.wait(10)
    finally:
        proc.kill()
    [session] = history()
    assert session["status"] == "interrupted"
    # Once stopped at the first lap-ended rep and waited for a lap anyway.
    done = trackcue("resume", str(session["id"]), *FAST, "--auto-lap")
    assert done.returncode == 0, done.stderr
    seen = events(done.stdout)
    assert seen[-1]["event"] == "finish"
    assert [e["rep"] for e in seen if e["event"] == "segment" and e["kind"] == "run"] == [1, 2]
    [after] = history()
    assert (after["id"], after["status"]) == (session["id"], "done")


@pytest.mark.parametrize("flag, value", [
    ("--speed", "nan"), ("--speed", "inf"), ("--speed", "-inf"), ("--speed", "1e9"), ("--latency", "nan"),
    ("--rate", "nan"), ("--get-ready", "inf"),
])
def test_numbers_that_are_not_finite_are_one_line_errors(reps, flag, value):
    done = trackcue("run", reps, "--headless", "--audio", "null", f"{flag}={value}")
    assert done.returncode == 2 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith(f"error: {flag}") and "hint:" in line and "Traceback" not in done.stderr


def readme_headless_example() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [line] = [m for m in re.findall(r"^(trackcue run \S+ --headless[^#\n]*)", readme, flags=re.M)]
    return line.strip()


def test_the_readme_headless_example_runs_to_completion_as_printed():
    args = shlex.split(readme_headless_example())
    assert args[0] == "trackcue"
    done = trackcue(*args[1:], timeout=120)
    assert done.returncode == 0, done.stderr
    seen = events(done.stdout)
    assert seen[0]["event"] == "start" and seen[-1]["event"] == "finish"
    assert not any(e["event"] == "cue" and e["skipped"] for e in seen)


def test_start_now_before_the_sound_is_open_reaches_it_when_it_opens():
    """`n` pressed while the output is still opening: the speech is not waited for once it is."""
    from session_fakes import FakeSound, fake_session
    from tui_rig import track_timeline

    sound = FakeSound()
    session = fake_session(track_timeline(), sound=sound)
    session.start_now()  # the sound is not open yet
    assert not sound.started_now
    session.prepare()
    assert sound.started_now and sound.prepared
