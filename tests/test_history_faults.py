"""The history file read-only, damaged, full, on read-only media, or resumed twice at once — with
real trackcue processes. The run goes on, nothing is kept only in memory, and each fault is one
clear line."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from support import headless_args, lap_reps_workout

TESTS = Path(__file__).resolve().parent
REPS = lap_reps_workout("faults", warmup_s=2, reps=4, target_s=38, jog_s=20, cooldown_s=5)
PLAY = headless_args(20)


def cli(*args: str, env: dict[str, str], stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "trackcue", *args], env=env, stdin=stdin, capture_output=True,
                          text=True, timeout=60)


class Run:
    """``trackcue run/resume … --headless``: read its events, press lap, kill it."""

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "trackcue", *args, *PLAY], env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.watchdog = threading.Timer(60, self.proc.kill)
        self.watchdog.start()
        self.events: list[dict] = []

    def until(self, name: str, **match: object) -> dict:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.events.append(json.loads(line))
            event = self.events[-1]
            if event["event"] == name and all(event.get(k) == v for k, v in match.items()):
                return event
        raise AssertionError(f"no {name} {match}; stderr: {self.stderr()}")

    def send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self.watchdog.cancel()

    def stderr(self) -> str:
        if self.proc.poll() is None:
            self.kill()
        assert self.proc.stderr is not None
        return self.proc.stderr.read()

    def close(self) -> None:
        self.watchdog.cancel()
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture
def setup(tmp_path):
    workout = tmp_path / "faults.yaml"
    workout.write_text(REPS, encoding="utf-8")
    env = {**os.environ, "TRACKCUE_DB": str(tmp_path / "history.sqlite3"), "PYTHONUNBUFFERED": "1"}
    runs: list[Run] = []
    yield str(workout), env, runs
    for run in runs:
        run.close()


def lap_reps(run: Run, reps: range) -> list[dict]:
    laps = []
    for rep in reps:
        run.until("segment", kind="run", rep=rep)
        run.send("lap")
        laps.append(run.until("lap", rep=rep))
    return laps


QUICK = [*headless_args(300), "--auto-lap"]  # a whole session in a second


def one_session(setup, *extra: str) -> int:
    workout, env, runs = setup
    done = cli("run", workout, *QUICK, *extra, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(cli("history", "--json", env=env).stdout)[0]["id"]


@pytest.fixture
def read_only():
    """Make a file read-only for this process — chmod for a user, the immutable flag for root."""
    made: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() != 0:
            path.chmod(0o444)
        elif shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)]).returncode != 0:
            pytest.skip("running as root without chattr +i: a file cannot be made read-only")
        made.append(path)

    yield make
    for path in made:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        else:
            path.chmod(0o644)


def test_a_read_only_history_records_the_run_to_a_fallback_file_that_history_lists(setup, read_only):
    workout, env, runs = setup
    one_session(setup)
    db = Path(env["TRACKCUE_DB"])
    before = db.read_bytes()
    read_only(db)
    run = Run("run", workout, env=env)
    runs.append(run)
    printed = lap_reps(run, range(1, 4))
    run.kill()  # once, every lap of the run was only in memory: gone
    said = [line for line in run.stderr().splitlines() if "history" in line]
    assert len(said) == 1 and "read-only" in said[0]
    fallback = Path(said[0].rsplit("recording this run to ", 1)[1])
    assert fallback.exists() and fallback != db and db.read_bytes() == before

    listing = cli("history", env=env)
    assert listing.returncode == 0, listing.stderr
    assert f"Recorded in {fallback}" in listing.stdout
    items = json.loads(cli("history", "--json", env=env).stdout)
    [elsewhere] = [s for s in items if s.get("db") == str(fallback)]
    assert (elsewhere["status"], elsewhere["laps"]) == ("interrupted", 3)
    shown = json.loads(cli("history", "--db", str(fallback), "show", str(elsewhere["id"]), "--json", env=env).stdout)
    assert [lap["split_s"] for lap in shown["laps"]] == [lap["split_s"] for lap in printed]


def test_garbage_pages_are_one_line_moved_aside_and_the_run_goes_on(setup):
    workout, env, runs = setup
    one_session(setup)
    db = Path(env["TRACKCUE_DB"])
    with open(db, "r+b") as f:  # three 4 KiB pages of garbage
        for page in (2, 3, 4):
            f.seek((page - 1) * 4096)
            f.write(bytes((i * 13 + page) % 251 for i in range(4096)))
    damaged = db.read_bytes()
    done = cli("run", workout, *QUICK, env=env)
    assert done.returncode == 0 and "Traceback" not in done.stderr and "RecursionError" not in done.stderr
    assert json.loads(done.stdout.splitlines()[-1])["event"] == "finish"
    [said] = [line for line in done.stderr.splitlines() if "history" in line]
    [aside] = db.parent.glob(db.name + ".damaged-*")
    assert aside.read_bytes() == damaged and str(aside) in said and "damaged" in said
    [fresh] = json.loads(cli("history", "--json", env=env).stdout)
    assert fresh["status"] == "done"


def test_two_resumes_of_one_session_at_once_the_second_is_refused(setup):
    workout, env, runs = setup
    run = Run("run", workout, env=env)
    runs.append(run)
    lap_reps(run, range(1, 2))
    run.kill()
    [session] = json.loads(cli("history", "--json", env=env).stdout)
    assert session["status"] == "interrupted"
    for _ in range(3):
        both = [Run("resume", str(session["id"]), env=env) for _ in range(2)]
        runs.extend(both)
        codes = [r.proc.wait(20) if _refused(r) else None for r in both]
        playing = [r for r, code in zip(both, codes) if code is None]
        refused = [r for r, code in zip(both, codes) if code == 2]
        assert len(playing) == 1 and len(refused) == 1, codes
        [line] = refused[0].stderr().splitlines()
        assert f"session {session['id']} is being recorded by another trackcue right now" in line
        playing[0].send("quit")
        assert playing[0].until("abort")["laps"] == 1
        playing[0].proc.wait(20)


def _refused(run: Run) -> bool:
    """Read the first line: a start event means it plays; end of output means it was refused."""
    assert run.proc.stdout is not None
    line = run.proc.stdout.readline()
    if line:
        run.events.append(json.loads(line))
        return False
    return True


def _can_unshare_mounts() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
        return probe.returncode == 0
    return True


def _in_mount_namespace(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    unshare = ["unshare", "-m"] if subprocess.run(["unshare", "-m", "true"]).returncode == 0 else ["unshare", "-rm"]
    return subprocess.run([*unshare, "sh", "-c", script], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not _can_unshare_mounts(), reason="needs a mount namespace (unshare -m)")
def test_history_reads_a_database_on_read_only_media(setup):
    workout, env, runs = setup
    one_session(setup)
    db = Path(env["TRACKCUE_DB"])
    folder = db.parent
    trackcue = f"{sys.executable} -m trackcue"
    done = _in_mount_namespace(
        f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && "
        f"{trackcue} history && {trackcue} history show 1 --json", env)
    assert done.returncode == 0, done.stderr
    assert "faults" in done.stdout and "done" in done.stdout
    assert '"laps": [' in done.stdout


FULL_DISK = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from test_history_kit import run_events
    from trackcue.history import recorder as rm
    from trackcue.history.queries import get_session, list_sessions, open_history
    rm.RETRY_AFTER_S = 0.05
    db = Path({folder!r}) / "history.sqlite3"
    with rm.Recorder(db) as crashed:  # an earlier run that was killed
        for e in run_events([81.0, 80.0], reps=3, end=None):
            crashed.record(e)
    filler = Path({folder!r}) / "filler"
    with open(filler, "wb") as f:  # the disk is full
        try:
            while True:
                f.write(b"x" * 65536)
                f.flush()
        except OSError:
            pass
    notes, saved = [], []
    rec = rm.Recorder(db, notify=notes.append, on_saved=saved.extend)
    events = [dict(e, note="x" * 5000) for e in run_events([80.0, 79.0, 78.0])]
    for e in events[:3]:
        rec.record(e)
    assert not rec.flush(1.5), "written to a full disk?"
    assert saved == [], saved
    filler.unlink()  # space is freed
    for e in events[3:]:
        rec.record(e)
    assert rec.flush(20), notes
    rec.close()
    assert saved == events, (len(saved), len(events))
    assert not any("FOREIGN KEY" in n for n in notes), notes
    assert len(get_session(open_history(db), rec.session_id).events) == len(events)
    print("NOTES", notes)
""")


@pytest.mark.skipif(not _can_unshare_mounts(), reason="needs a mount namespace for a small tmpfs")
def test_a_full_disk_after_an_earlier_crash_recovers_once_space_is_freed(tmp_path):
    folder = tmp_path / "small"
    folder.mkdir()
    script = tmp_path / "full.py"
    script.write_text(FULL_DISK.format(tests=str(TESTS), folder=str(folder)), encoding="utf-8")
    done = _in_mount_namespace(f"mount -t tmpfs -o size=1m tmpfs {folder} && {sys.executable} {script}",
                               dict(os.environ))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "no space" in done.stdout and "caught up" in done.stdout


LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def test_a_history_locked_by_another_program_never_stops_the_clock(tmp_path):
    # Once the engine waited in SQLite's busy timeout: a stall, and the pips of those seconds skipped.
    beeps = ", ".join(f"{k}s: {{sound: beep}}" for k in range(2, 120, 2))
    workout = tmp_path / "beeps.yaml"
    workout.write_text(f"name: beeps\nsteps:\n  - run: 120s\n    at: {{{beeps}}}\n", encoding="utf-8")
    db = tmp_path / "history.sqlite3"
    env = {**os.environ, "TRACKCUE_DB": str(db), "PYTHONUNBUFFERED": "1"}
    run = subprocess.Popen([sys.executable, "-m", "trackcue", "run", str(workout), "--headless", "--audio", "null",
                            "--speed", "20", "--get-ready", "0"], env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert json.loads(run.stdout.readline())["event"] == "start"  # the file exists and is ours
        holder = subprocess.Popen([sys.executable, "-c", LOCK, str(db), "3"], stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline().strip() == "locked"
        out, err = run.communicate(timeout=60)
        holder.wait(30)
    finally:
        run.kill()
    seen = [json.loads(line) for line in out.splitlines()]
    assert run.returncode == 0 and seen[-1]["event"] == "finish"
    cues = [e for e in seen if e["event"] == "cue"]
    assert len(cues) >= 59 and not any(c["skipped"] for c in cues)
    assert not any(e["event"] == "stall" for e in seen)
    assert max(c["late_s"] for c in cues) < 0.25 * 20  # never late enough to be skipped (20x clock)


def test_resume_goes_on_from_the_time_really_run_not_the_plan(setup):
    workout, env, runs = setup
    run = Run("run", workout, env=env)
    runs.append(run)
    run.until("segment", kind="run", rep=1)
    run.send("lap")  # rep 1 in a few seconds instead of its planned 38 s
    lap = run.until("lap", rep=1)
    jog = run.until("segment", kind="jog", rep=1)
    run.kill()
    stopped = max(e["t_s"] for e in run.events)
    assert jog["at_s"] - jog["t_s"] > 20  # the plan is well ahead of the time run
    again = Run("resume", env=env)
    runs.append(again)
    start = again.until("start")
    step = again.until("segment")
    assert start["t_s"] + start["get_ready_s"] == pytest.approx(stopped, abs=0.002)  # not the plan's 40 s
    assert (step["kind"], step["t_s"], step["at_s"]) == ("jog", pytest.approx(stopped, abs=0.002), jog["at_s"])
    again.send("quit")
    abort = again.until("abort")
    again.proc.wait(20)
    [session] = json.loads(cli("history", "--json", env=env).stdout)
    assert session["duration_s"] == pytest.approx(abort["t_s"], abs=0.002) and session["duration_s"] < 30
    assert abort["elapsed_s"] == pytest.approx(abort["t_s"], abs=0.002)
    shown = json.loads(cli("history", "show", str(session["id"]), "--json", env=env).stdout)
    assert [x["split_s"] for x in shown["laps"]] == [lap["split_s"]]
