"""The promise, end to end: kill -9 a headless run mid-rep, every lap is in history, resume finishes it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")

WORKOUT = """\
name: Track 400s
params:
  reps: {default: 5, min: 1, max: 12, about: how many 400s}
steps:
  - warmup: 10s easy
  - repeat: reps
    steps:
      - run: 400m in 80s
      - jog: 10s
  - cooldown: 10s easy
"""
SPEED = "20"
RUNNING: list[Headless] = []


@pytest.fixture(autouse=True)
def _no_stray_processes():
    yield
    while RUNNING:
        run = RUNNING.pop()
        run.watchdog.cancel()
        if run.proc.poll() is None:
            run.proc.kill()
            run.proc.wait()


class Headless:
    """A ``trackcue ... --headless`` process: read its events, send it keys."""

    def __init__(self, *args: str, env: dict) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "trackcue", *args, "--headless", "--speed", SPEED,
                                      "--get-ready", "0", "--audio", "null"], env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.watchdog = threading.Timer(60, self.proc.kill)  # a hung run fails the test, not the suite
        self.watchdog.start()
        self.events: list[dict] = []
        RUNNING.append(self)

    def until(self, name: str, /, **match) -> dict:
        """Read events until a ``name`` event with the given fields; return it."""
        for line in self.proc.stdout:
            event = json.loads(line)
            self.events.append(event)
            if event["event"] == name and all(event.get(k) == v for k, v in match.items()):
                return event
        raise AssertionError(f"no {name} {match}: {self.proc.stderr.read()}")

    def send(self, command: str) -> None:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def run_reps(self, reps: range, split_real_s: float = 0.3) -> None:
        """Lap each rep once, ``split_real_s`` real seconds after it starts."""
        for rep in reps:
            self.until("segment", kind="run", rep=rep)
            time.sleep(split_real_s)
            self.send("lap")
            self.until("lap", rep=rep)

    def finish(self) -> int:
        self.proc.stdin.close()
        code = self.proc.wait(timeout=60)
        self.watchdog.cancel()
        return code


def cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "trackcue", *args], env=env, text=True,
                          capture_output=True, timeout=60)


def test_killed_run_keeps_every_lap_and_resume_finishes_it(tmp_path):
    workout = tmp_path / "400s.yaml"
    workout.write_text(WORKOUT)
    env = {**os.environ, "TRACKCUE_DB": str(tmp_path / "history.sqlite3")}

    run = Headless("run", str(workout), env=env)
    run.run_reps(range(1, 4))
    run.until("segment", kind="run", rep=4)  # in the middle of rep 4...
    time.sleep(0.1)
    os.kill(run.proc.pid, signal.SIGKILL)  # ...the phone dies
    run.proc.wait(timeout=10)
    run.watchdog.cancel()
    printed = [e for e in run.events if e["event"] == "lap"]

    listing = cli("history", env=env)
    assert listing.returncode == 0, listing.stderr
    assert "interrupted" in listing.stdout and "trackcue resume" in listing.stdout
    [session] = json.loads(cli("history", "--json", env=env).stdout)
    assert (session["status"], session["laps"], session["reps_done"]) == ("interrupted", 3, 3)
    shown = json.loads(cli("history", "show", str(session["id"]), "--json", env=env).stdout)
    assert [(lap["rep"], lap["split_s"]) for lap in shown["laps"]] == [(e["rep"], e["split_s"]) for e in printed]
    assert shown["events"][:len(run.events)] == run.events  # every event printed was committed

    again = Headless("resume", env=env)
    start = again.until("start")
    assert (start["resumed_from"], start["laps"]) == (7, 3)  # rep 4 from its start, 3 laps kept
    again.run_reps(range(4, 6))
    again.until("finish")
    assert again.finish() == 0

    [done] = json.loads(cli("history", "--json", env=env).stdout)
    assert done["id"] == session["id"]
    assert (done["status"], done["laps"], done["reps_done"]) == ("done", 5, 5)
    text = cli("history", "show", str(done["id"]), env=env).stdout
    assert all(f"rep {n}/5" in text for n in range(1, 6))
    assert "trackcue resume" not in cli("history", env=env).stdout
    nothing = cli("resume", env=env)
    assert nothing.returncode == 2 and "no interrupted session" in nothing.stderr
