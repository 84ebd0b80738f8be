"""SIGHUP and SIGTERM end trackcue cleanly at every stage — start-up, preparing speech, the picker,
the run — and leave the session interrupted (for ``trackcue resume``), never "being recorded".

Real processes: the screen in tmux (``tmux kill-server`` closes its terminal: SIGHUP), headless
runs signalled directly. A fake ``espeak-ng`` that hangs holds a run in "preparing speech".
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trackcue.session.stop import GRACE_S

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
    pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs POSIX signals"),
]

WORKOUT = """\
name: signals
steps:
  - warmup: 20s
  - run: 200m in 38s
    ends: lap
  - cooldown: 20s
"""
HANGING_ESPEAK = """#!/bin/sh
echo $$ >> "{pids}"
exec sleep 30
"""


@pytest.fixture
def world(tmp_path):
    """A workout, a history, and a fake espeak-ng that hangs (its pids kept, to end them after)."""
    workout = tmp_path / "signals.yaml"
    workout.write_text(WORKOUT, encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pids = tmp_path / "espeak.pids"
    fake = bin_dir / "espeak-ng"
    fake.write_text(HANGING_ESPEAK.format(pids=pids), encoding="utf-8")
    fake.chmod(0o755)
    env = {**os.environ, "TRACKCUE_DB": str(tmp_path / "history.sqlite3"), "PYTHONUNBUFFERED": "1"}
    hanging_env = {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"}
    yield workout, env, hanging_env, tmp_path
    if pids.exists():
        for pid in {int(p) for p in pids.read_text().split()}:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def wait_for_file(path: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


class Terminal:
    """A tmux server of its own running one trackcue command in an 80x24 pane."""

    count = 0

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        Terminal.count += 1
        self.name = f"trackcue-lifecycle-{os.getpid()}-{Terminal.count}"
        self.env = env
        command = "exec " + " ".join(_quote(a) for a in argv)
        self._tmux("new", "-d", "-x", "80", "-y", "24", command)
        self.pid = int(self._tmux("display", "-p", "-t", "0", "#{pane_pid}").strip())

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.name, *args], env=self.env, capture_output=True, text=True,
                              timeout=10)
        return done.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen():
                return
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen()}")

    def close(self) -> None:
        """Close the terminal: the server and its pane go, the program gets SIGHUP."""
        subprocess.run(["tmux", "-L", self.name, "kill-server"], env=self.env, capture_output=True, timeout=10)


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if _zombie(pid):
            return True
        time.sleep(0.05)
    return False


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def end(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def statuses(env: dict[str, str]) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "trackcue", "history", "--json"], env=env, capture_output=True,
                          text=True, timeout=30)
    return [s["status"] for s in json.loads(done.stdout or "[]")]


TRACKCUE = [sys.executable, "-m", "trackcue"]


@pytest.mark.parametrize("after_s", [0.05, 0.3, 0.6, 1.0, 3.0])
def test_a_terminal_closed_at_any_moment_of_start_up_or_the_run_ends_trackcue(world, after_s):
    workout, env, _, _ = world
    term = Terminal([*TRACKCUE, "run", str(workout), "--audio", "null", "--get-ready", "0"], env)
    try:
        time.sleep(after_s)
        if after_s >= 3.0:
            term.wait_for("WARM-UP")
        term.close()
        assert gone_within(term.pid, 10), "trackcue lived on without its terminal"
    finally:
        end(term.pid)
        term.close()
    found = statuses(env)
    assert "running" not in found and set(found) <= {"interrupted"}
    if after_s >= 3.0:
        assert found == ["interrupted"]  # kept for `trackcue resume`


def test_a_terminal_closed_while_speech_is_prepared_ends_trackcue(world):
    workout, _, hanging_env, tmp_path = world
    term = Terminal([*TRACKCUE, "run", str(workout), "--audio", f"wav:{tmp_path / 'out.wav'}",
                     "--speech", "espeak"], hanging_env)
    try:
        wait_for_file(tmp_path / "espeak.pids")  # the first phrase is being rendered (and hangs)
        term.wait_for("GET READY")
        term.close()
        assert gone_within(term.pid, 10), "trackcue lived on without its terminal"
    finally:
        end(term.pid)
        term.close()
    assert "running" not in statuses(hanging_env)


def test_a_resumed_session_closed_while_speech_is_prepared_stays_interrupted(world):
    workout, env, hanging_env, tmp_path = world
    run = subprocess.Popen([*TRACKCUE, "run", str(workout), "--headless", "--audio", "null", "--speed", "20",
                            "--get-ready", "0"], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    try:
        for line in run.stdout:
            if json.loads(line)["event"] == "segment":
                break
        run.kill()
        run.wait(10)
    finally:
        run.kill()
    assert statuses(env) == ["interrupted"]
    term = Terminal([*TRACKCUE, "resume", "--audio", f"wav:{tmp_path / 'out.wav'}", "--speech", "espeak"],
                    hanging_env)
    try:
        wait_for_file(tmp_path / "espeak.pids")  # the first phrase is being rendered (and hangs)
        assert statuses(env) == ["running"]  # claimed by the resume
        term.close()
        assert gone_within(term.pid, 10)
    finally:
        end(term.pid)
        term.close()
    assert statuses(env) == ["interrupted"]  # resumable again


def test_a_terminal_closed_in_the_picker_ends_trackcue(world):
    _, env, _, _ = world
    term = Terminal([*TRACKCUE, "--audio", "null"], env)
    try:
        term.wait_for("choose a workout")
        term.close()
        assert gone_within(term.pid, 10)
    finally:
        end(term.pid)
        term.close()


@pytest.mark.parametrize("after_s", [0.0, 0.1, 0.25, 0.5, 1.0])
def test_sigterm_during_a_headless_start_up_ends_it(world, after_s):
    workout, env, _, _ = world
    proc = subprocess.Popen([*TRACKCUE, "run", str(workout), "--headless", "--audio", "null", "--speed", "20"],
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(after_s)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode in (128 + signal.SIGTERM, -signal.SIGTERM), err  # -15: before Python ran our code
    assert b"Traceback" not in err
    assert "running" not in statuses(env)


def test_sigterm_while_headless_speech_is_prepared_ends_it(world):
    # The renders run on threads stuck in the hanging engine: trackcue exits when the guard's grace
    # (session.stop.GRACE_S) is over, with the signal's exit code, whatever is stuck.
    workout, _, hanging_env, tmp_path = world
    proc = subprocess.Popen([*TRACKCUE, "run", str(workout), "--headless", "--audio", f"wav:{tmp_path / 'o.wav'}",
                             "--speech", "espeak"], env=hanging_env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_file(tmp_path / "espeak.pids")  # the first phrase is being rendered (and hangs)
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert time.monotonic() - started < GRACE_S + 2
    assert out == b"" and b"Traceback" not in err
