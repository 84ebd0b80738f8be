"""``--plain``: one line of text per event for screen readers and Braille displays, keys as on the screen."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time

import pytest

from support import subprocess_env, trackcue_cmd
from trackcue.engine.clock import FakeClock
from trackcue.engine.events import EVENT_KINDS
from trackcue.engine.player import WAITING, Player
from trackcue.hearing import ASKED_SILENCE, Hearing
from session_fakes import FakeRecorder, FakeSound, fake_session
from trackcue.tui.plain import KEY_HELP, QUIT_QUESTION, PlainFrontend, PlainText, every_line, key_command
from tui_rig import track_timeline

NOT_PLAIN = re.compile(r"[\x1b\r\x08]|[\u2500-\u257f]")  # escape sequences, redraws, box drawing


def played() -> list[dict]:
    """The 200 m test session's events: warm-up, rep 1 split at 19.4 and ended at 37.6, a pause, rep 2 late."""
    clock, events = FakeClock(), []
    player = Player(track_timeline(), clock, get_ready_s=10, on_event=events.append)
    player.start()

    def to(t: float) -> None:
        while clock.now() < t - 1e-9:
            clock.set(min(t, clock.now() + 0.5))
            player.update()

    to(10 + 300 + 19.4)
    player.lap()
    to(10 + 300 + 37.6)
    player.lap()
    to(10 + 300 + 37.6 + 60)
    player.pause()
    clock.set(clock.now() + 15)
    player.resume()
    to(10 + 300 + 37.6 + 105 + 15 + 50)
    player.lap()
    player.abort()
    return events


def test_every_event_kind_has_its_lines():
    assert set(PlainText(track_timeline()).writers) == set(EVENT_KINDS)


def test_a_session_reads_as_one_plain_line_per_event():
    lines = every_line(PlainText(track_timeline()), played())
    assert lines == [
        "Get ready: Warm-up · 5min in 0:10.",
        "0:00 Warm-up · 5min. Next: Run · 200 m in 38s.",
        "5:00 Rep 1 of 2: Run · 200 m in 38s. Press l at the end. Next: Jog · 1:45.",
        "Lap, rep 1/2 100 m: 0:19.4, target 0:19.0, +0.4 slow.",
        "Lap, rep 1/2 200 m: 0:37.6, target 0:38.0, -0.4 fast.",
        "5:38 Jog · 1:45. Next: Run · 200 m in 38s.",
        "Paused at 6:38. Space resumes.",
        "Resumed after 0:15.",
        "7:23 Rep 2 of 2: Run · 200 m in 38s. Press l at the end. Next: Cool-down · 5min.",
        "Lap, rep 2/2 100 m: 0:50.0, target 0:19.0, +31.0 slow.",
        "Stopped at 8:13, 3 laps kept.",
    ]
    assert not any(NOT_PLAIN.search(line) for line in lines)


def played_file(path, auto_lap: bool = False) -> tuple[object, list[dict]]:
    """The timeline of ``path`` and the events of playing it through, laps pressed on each target."""
    from trackcue.workout import compile_file

    tl = compile_file(path, use_profile=False, get_ready_s=0, auto_lap=auto_lap)
    clock, events = FakeClock(), []
    player = Player(tl, clock, get_ready_s=0, on_event=events.append)
    player.start()
    while player.state != "finished":
        clock.set(clock.now() + 0.5)
        player.update()
        target = player.segment.target_s
        if player.state == WAITING and target is not None and player.step_elapsed_s >= target:
            player.lap()
    return tl, events


def test_last_rep_is_a_line_and_well_done_is_said_once(workout_file):
    tl, events = played_file(workout_file("name: Three\nsteps:\n  - repeat: 3\n    steps:\n"
                                          "      - run: 200m in 38s\n      - jog: 20s\n"))
    lines = every_line(PlainText(tl), events)
    last = [i for i, line in enumerate(lines) if line.startswith("Last rep.")]
    assert lines[last[0]] == "Last rep.", lines  # the step's own line right after says the rest
    rep3 = [i for i, line in enumerate(lines) if " Rep 3 of 3: " in line]
    assert len(last) == 1 and len(rep3) == 1 and last[0] < rep3[0], lines  # before the last rep, once
    assert sum("Well done" in line for line in lines) == 1, lines
    assert lines[-1].startswith("Done: ")


def test_with_auto_lap_nobody_is_asked_to_press_l(workout_file):
    tl, events = played_file(workout_file("name: Auto\nsteps:\n  - run: 200m in 38s\n  - jog: 20s\n"), auto_lap=True)
    lines = every_line(PlainText(tl), events)
    assert not any("Press l" in line for line in lines), lines
    assert any(line.startswith("0:38 Jog") for line in lines), lines


def test_the_target_tone_of_a_lap_ended_rep_is_a_line_too():
    cue = {"event": "cue", "at_s": 338.0, "t_s": 338.0, "wall": 0.0, "type": "tone", "kind": "target", "text": None,
           "sound": "target", "segment": 1, "priority": 1, "skipped": False, "late_s": 0.0}
    assert PlainText(track_timeline()).lines(cue) == ["Target passed: 0:38. Press l when you finish."]


def test_before_the_start_it_says_what_will_be_heard_and_the_keys():
    text = PlainText(track_timeline())
    assert text.opening(ASKED_SILENCE) == [
        "200 m test session: 13:01 planned, 5 steps.",
        "NO SOUND: you will hear nothing (--audio null). Fix: leave out --audio null.",
        KEY_HELP,
    ]
    assert text.opening(Hearing("sound", True))[1] == "You will hear tones and speech."


@pytest.mark.parametrize(("key", "command"), [
    ("l", "lap"), ("\r", "lap"), ("\n", "lap"), (" ", "toggle"), ("n", "skip"), ("b", "back"), ("+", "+10"),
    ("-", "-10"), ("s", "say"), ("m", "mute"), ("q", "quit"), ("?", "help"), ("lap\n", "lap"),
    ("pause\n", "pause"), ("x", "x"), ("", None), ("  \n", None),
])
def test_keys_are_the_screen_s_and_lines_may_be_headless_commands(key, command):
    assert key_command(key) == command


def test_s_prints_and_says_where_the_runner_is_and_q_asks_before_stopping():
    sound = FakeSound(hearing=ASKED_SILENCE)
    recorder = FakeRecorder()
    session = fake_session(track_timeline(), sound=sound, recorder=recorder)
    out = io.StringIO()
    front = PlainFrontend(PlainText(track_timeline()), out, io.StringIO())
    session.prepare()
    session.begin()
    clock = session.clock
    clock.set(10 + 300 + 24.3)
    session.player.update()
    front.command(session, "s")
    assert session.sink.drain()
    front.command(session, "q")
    front.command(session, "n")
    assert session.player.state != "finished"
    front.command(session, "q")
    front.command(session, "y")
    assert session.player.state == "finished" and session.player.aborted
    assert out.getvalue().splitlines() == [
        "Rep 1 of 2 · 0:14 to the target", QUIT_QUESTION, "Carrying on.", QUIT_QUESTION]
    said = [c.text for c, _ in sound.queued if c.kind == "where"]
    assert said == ["Rep one of two, fourteen seconds to the target."]
    # Said through the player, placed among the cues and recorded like every call.
    assert [e["text"] for e in recorder.events if e["event"] == "cue" and e["kind"] == "where"] == said


def test_trackcue_run_plain_prints_lines_and_takes_commands_from_a_pipe(tmp_path, workout_file):
    path = workout_file("name: Plain test\nsteps:\n  - warmup: 3s\n  - run: until lap\n  - cooldown: 2s\n")
    proc = subprocess.run(
        trackcue_cmd() + ["run", str(path), "--plain", "--audio", "null", "--get-ready", "1", "--speed", "4"],
        input="s\n", capture_output=True, text=True, timeout=60,
        env=subprocess_env(TRACKCUE_DB=str(tmp_path / "h.sqlite")),
    )
    lines = proc.stdout.splitlines()
    assert lines[0] == "Plain test: 1:05 planned, 3 steps."  # the lap-ended run reckoned at a minute
    assert lines[1].startswith("NO SOUND: you will hear nothing (--audio null)")
    assert any(re.fullmatch(r"Warm-up (starts in 0:0\d|· 0:0\d left)", line) for line in lines), lines  # s
    assert "0:03 Run · until lap. Press l at the end. Next: Cool-down · 2s." in lines
    assert not any(NOT_PLAIN.search(line) for line in lines), proc.stdout
    assert "end of input while waiting for a lap" in proc.stderr


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_in_a_terminal_each_key_acts_at_once_without_enter(tmp_path, workout_file):
    path = workout_file("name: Keys test\nsteps:\n  - warmup: 10min\n")
    server = f"trackcue-plain-{time.monotonic_ns()}"
    tmux = ["tmux", "-L", server]
    command = " ".join(trackcue_cmd() + ["run", str(path), "--plain", "--audio", "null", "--get-ready", "0"])
    command += "; sleep 30"  # the pane stays to be read after trackcue ends
    env = subprocess_env(TRACKCUE_DB=str(tmp_path / "h.sqlite"))
    subprocess.run(tmux + ["new-session", "-d", "-x", "80", "-y", "20", command], env=env, check=True)
    try:
        def screen() -> str:
            return subprocess.run(tmux + ["capture-pane", "-p"], capture_output=True, text=True).stdout

        def wait_for(pattern: str) -> str:
            """The screen once a line matches ``pattern`` (a regular expression)."""
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                shown = screen()
                if re.search(pattern, shown, flags=re.M):
                    return shown
                time.sleep(0.1)
            raise AssertionError(f"{pattern!r} not on the screen:\n{screen()}")

        wait_for("0:00 Warm-up · 10min")
        subprocess.run(tmux + ["send-keys", "s"], check=True)  # no Enter
        # The answer's own line, the time left (the step's line above also reads "Warm-up · ").
        wait_for(r"^Warm-up · (9:5\d|10:00) left$")
        subprocess.run(tmux + ["send-keys", " "], check=True)
        wait_for("Paused at 0:0")
        subprocess.run(tmux + ["send-keys", "q"], check=True)
        wait_for(re.escape(QUIT_QUESTION))
        subprocess.run(tmux + ["send-keys", "y"], check=True)
        shown = wait_for("Saved as session")
        assert "Stopped at 0:0" in shown
    finally:
        subprocess.run(tmux + ["kill-server"], capture_output=True)


def test_docs_screen_md_plain_example_is_what_plain_prints():
    from pathlib import Path

    from trackcue.hearing import SPEECH_FIX
    from trackcue.workout import compile_file

    doc = (Path(__file__).resolve().parents[1] / "docs" / "screen.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n(.*?)```", doc, flags=re.S).group(1).splitlines()
    tl = compile_file("200m-repeats", use_profile=False)
    text = PlainText(tl)
    clock, events = FakeClock(), []
    player = Player(tl, clock, on_event=events.append)
    player.start()
    while player.segment.intensity != "work":
        clock.set(clock.now() + 1)
        player.update()
    clock.set(clock.now() + 37.6)
    player.update()
    player.lap()
    lines = text.opening(Hearing("sound", False, "no speech engine works here", SPEECH_FIX)) + every_line(text, events)
    expected = [line for line in shown if line != "..."]
    assert lines[:5] == expected[:5]
    assert expected[5:] == [line for line in lines if line.startswith(("25:30", "Lap"))]


def test_the_lines_show_paces_in_the_units_the_cues_are_spoken_in(tmp_path, workout_file):
    # No profile choice: the workout's units decide what is spoken, and the lines must agree
    # (they were metric: "4:14/km" on the screen while "seven minute mile pace" was said).
    path = workout_file("name: Miles\ncues: {units: imperial}\nsteps:\n  - run: 4s at 7:00/mi\n")
    proc = subprocess.run(
        trackcue_cmd() + ["run", str(path), "--plain", "--audio", "null", "--get-ready", "0", "--speed", "4"],
        input="", capture_output=True, text=True, timeout=60,
        env=subprocess_env(TRACKCUE_DB=str(tmp_path / "h.sqlite"), TRACKCUE_PROFILE=str(tmp_path / "none.yaml")),
    )
    assert proc.returncode == 0, proc.stderr
    assert "7:00/mi" in proc.stdout and "/km" not in proc.stdout, proc.stdout


def test_run_takes_units_from_the_command_line_over_the_workout(tmp_path, workout_file):
    # compile --units previewed what run could not play: run had no --units.
    path = workout_file("name: Km\nsteps:\n  - run: 4s at 4:00/km\n")
    proc = subprocess.run(
        trackcue_cmd() + ["run", str(path), "--plain", "--audio", "null", "--get-ready", "0", "--speed", "4",
                          "--units", "imperial"],
        input="", capture_output=True, text=True, timeout=60,
        env=subprocess_env(TRACKCUE_DB=str(tmp_path / "h.sqlite"), TRACKCUE_PROFILE=str(tmp_path / "none.yaml")),
    )
    assert proc.returncode == 0, proc.stderr
    assert "6:26/mi" in proc.stdout and "/km" not in proc.stdout, proc.stdout
