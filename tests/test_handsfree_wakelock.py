"""The phone in a pocket: termux-wake-lock at the start, termux-wake-unlock at the end, stand-ins on PATH."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from trackcue.handsfree.wakelock import WakeLock, termux_api_app, under_termux


def stand_ins(tmp_path: Path, *names: str, pm_lists: str = "") -> tuple[dict[str, str], Path]:
    """A PATH whose ``names`` only log their calls (one line each) to the returned log file."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "calls.log"
    for name in names:
        script = bin_dir / name
        body = f'echo "{name} $*" >> "{log}"\n'
        if name == "pm":
            body += f'printf "%s" "{pm_lists}"\n'
        script.write_text("#!/bin/sh\n" + body)
        script.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "TERMUX_VERSION": "0.118.0",
           "PREFIX": "/data/data/com.termux/files/usr"}
    return env, log


def calls(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def which_in(env: dict[str, str]):
    return lambda name: shutil.which(name, path=env["PATH"])


def test_the_lock_is_taken_and_given_back_once(tmp_path):
    env, log = stand_ins(tmp_path, "termux-wake-lock", "termux-wake-unlock")
    lock = WakeLock(env, which_in(env))
    with lock:
        assert lock.state == "held"
        assert lock.status == "wake lock: held (termux-wake-lock)"
    lock.release()  # twice is once
    assert calls(log) == ["termux-wake-lock ", "termux-wake-unlock "]
    assert lock.status == "wake lock: released (termux-wake-unlock)"


def test_not_under_termux_nothing_is_called(tmp_path):
    env, log = stand_ins(tmp_path, "termux-wake-lock", "termux-wake-unlock")
    for key in ("TERMUX_VERSION", "PREFIX"):
        env.pop(key)
    lock = WakeLock(env, which_in(env))
    lock.acquire()
    lock.release()
    assert calls(log) == []
    assert lock.status.startswith("wake lock: off (not running under Termux")


def test_under_termux_without_the_command_it_says_what_to_install(tmp_path):
    env, log = stand_ins(tmp_path, "termux-wake-unlock")
    lock = WakeLock(env, which_in(env))
    lock.acquire()
    lock.release()
    assert calls(log) == []
    assert lock.status == "wake lock: off (termux-wake-lock not found (pkg install termux-tools))"


def test_termux_is_recognised_by_its_variables():
    assert under_termux({"TERMUX_VERSION": "0.118.0"})
    assert under_termux({"PREFIX": "/data/data/com.termux/files/usr"})
    assert not under_termux({"PREFIX": "/usr/local"})


def test_the_termux_api_app_is_found_by_pm(tmp_path):
    env, log = stand_ins(tmp_path, "pm", pm_lists="package:com.termux.api\n")
    assert termux_api_app(env, which_in(env)) == (True, "installed (com.termux.api)")
    assert calls(log) == ["pm list packages com.termux.api"]
    other = tmp_path / "other"
    other.mkdir()
    env, _ = stand_ins(other, "pm", pm_lists="package:com.termux.api.extra\n")
    ok, detail = termux_api_app(env, which_in(env))
    assert not ok and detail.startswith("not installed: get Termux:API")
    assert termux_api_app(env, lambda name: None) == (False, "cannot tell: no pm command")
