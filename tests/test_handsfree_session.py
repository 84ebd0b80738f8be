"""Hands-free in real runs: the stream kept alive from the get-ready, music ducked under a run's cues,
the Termux wake lock around a run, a headset's button lapping a headless run."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path

import pytest
from sound_analysis import levels, runs_above
from support import subprocess_env, trackcue_cmd

WORKOUT = """name: hands-free test
steps:
  - run: 4s
  - jog: 3s
"""


def sink_state(env: dict[str, str]) -> str:
    out = subprocess.run(["pactl", "list", "sinks", "short"], env=env, capture_output=True, text=True,
                         timeout=10).stdout
    return next((line.split("\t")[4] for line in out.splitlines() if "\ttc\t" in line), "?")


def test_the_stream_keeps_a_sleeping_sink_awake_from_the_get_ready(pulse_server, tmp_path: Path):
    """A sink suspended when idle (as Bluetooth ones are) is running for the first pip, which is whole."""
    env = pulse_server.client_env()
    subprocess.run(["pactl", "load-module", "module-suspend-on-idle", "timeout=1"], env=env, check=True, timeout=10)
    deadline = time.monotonic() + 10
    while sink_state(env) != "SUSPENDED" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sink_state(env) == "SUSPENDED"  # nothing plays: the sink sleeps
    workout = tmp_path / "w.yaml"
    workout.write_text(WORKOUT)
    recording = pulse_server.record()  # parec keeps the monitor source busy, not the sink
    states: list[str] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.1):
            states.append(sink_state(env))

    proc = subprocess.Popen([*trackcue_cmd(), "run", str(workout), "--headless", "--audio", "pulse", "--speech",
                             "none", "--get-ready", "4"],
                            env=subprocess_env(**pulse_server.env), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    watcher = threading.Thread(target=watch, daemon=True)
    events = []
    for line in proc.stdout:
        event = json.loads(line)
        events.append(event["event"])
        if event["event"] == "start":
            watcher.start()
        if event["event"] == "finish":  # the end: the stream closes after the last sound
            stop.set()
            watcher.join()
    assert proc.wait(timeout=30) == 0, proc.stderr.read() if proc.stderr else ""
    samples = recording.stop()
    assert events[0] == "start" and events[-1] == "finish"
    assert states and set(states) == {"RUNNING"}, states  # never asleep from the get-ready to the end
    # The first pip (1 kHz, 0.15 s) sounds whole, as loud as the next countdown's: the sink was awake.
    pips = runs_above(levels(samples, 44100, 1000.0, 0.01), 500.0, min_len=1)
    assert len(pips) >= 2 and pips[0][1] - pips[0][0] + 1 >= 13, pips


# ----- a headset's button, on the screen and headless ------------------------------------------------

PRESS = ("org.mpris.MediaPlayer2.trackcue", "/org/mpris/MediaPlayer2", "org.mpris.MediaPlayer2.Player.PlayPause")


def press_when_ready(bus, *call: str, timeout_s: float = 15.0) -> None:
    """dbus-send the call, retrying while the player has not taken its name yet."""
    deadline = time.monotonic() + timeout_s
    while True:
        done = bus.call(*call)
        if done.returncode == 0 or time.monotonic() > deadline:
            assert done.returncode == 0, done.stderr
            return
        time.sleep(0.1)


def test_the_headsets_button_laps_on_the_track_screen(dbus_session):
    import asyncio

    from trackcue.engine.player import RUNNING, WAITING
    from trackcue.handsfree.runtime import HandsFree, HandsFreeOptions
    from tui_rig import advance, fake_app, sync

    @sync
    async def scenario() -> None:
        app, clock = fake_app()
        assert app.first is not None
        app.first.handsfree = HandsFree(clock, HandsFreeOptions(duck_db=None, wake_lock=False))
        async with app.run_test(size=(80, 24)) as pilot:
            await advance(pilot, clock, 10 + 300)  # get-ready and warm-up: rep 1 waits for its lap
            player = app.session.player
            assert player.state == WAITING
            await asyncio.to_thread(press_when_ready, dbus_session, *PRESS)  # the 100 m split
            await asyncio.to_thread(press_when_ready, dbus_session, *PRESS)  # the finish: the rep ends
            for _ in range(100):
                if len(player.laps) == 2:
                    break
                await pilot.pause(0.05)
            assert [lap.mark for lap in player.laps] == ["split", "end"]
            assert player.state == RUNNING and player.segment.kind == "jog"
            await asyncio.to_thread(press_when_ready, dbus_session, *PRESS[:2],
                                    "org.mpris.MediaPlayer2.Player.Stop")
            for _ in range(100):
                if player.state != RUNNING:
                    break
                await pilot.pause(0.05)
            assert player.state == "paused"
        app.session.close()  # as run_player does once the screen is gone
        assert app.session.handsfree.buttons.state == "off"  # closed with the session's sound

    scenario()


LAP_WORKOUT = """name: lap by headset
steps:
  - run: until lap
    about: 5s
  - jog: 2s
"""


def headless(workout: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*trackcue_cmd(), "run", str(workout), "--headless", *args], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_headless_run_with_no_stdin_waits_for_the_headsets_lap(dbus_session, tmp_path: Path):
    workout = tmp_path / "lap.yaml"
    workout.write_text(LAP_WORKOUT)
    proc = headless(workout, subprocess_env(DBUS_SESSION_BUS_ADDRESS=dbus_session.address),
                    "--audio", "null", "--get-ready", "1")
    assert proc.stdout is not None
    events = []
    for line in proc.stdout:
        event = json.loads(line)
        if event["event"] != "cue":
            events.append(event["event"])
        if event["event"] == "segment" and event["index"] == 0:
            time.sleep(0.5)  # stdin has long ended: without the headset this run would be aborted
            press_when_ready(dbus_session, *PRESS)
    assert proc.wait(timeout=30) == 0
    assert events == ["start", "segment", "lap", "segment", "finish"], events


def test_without_a_bus_the_end_of_stdin_still_aborts(tmp_path: Path):
    workout = tmp_path / "lap.yaml"
    workout.write_text(LAP_WORKOUT)
    env = subprocess_env()
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env["XDG_RUNTIME_DIR"] = str(tmp_path)
    proc = headless(workout, env, "--audio", "null", "--get-ready", "1")
    out, err = proc.communicate(timeout=30)
    assert [json.loads(line)["event"] for line in out.splitlines()][-1] == "abort"
    assert "end of input while waiting for a lap" in err


# ----- ducking in real runs, and a run that dies mid-duck ----------------------------------------------

DUCK_WORKOUT = """name: duck test
steps:
  - run: 6s
  - jog: 6s
"""


def music_at(env: dict[str, str]) -> str:
    from test_handsfree_duck import sink_inputs

    return sink_inputs(env).get("music", "")


def test_music_dips_under_a_runs_cues_and_is_back_after_it(pulse_server, tmp_path: Path):
    from sound_analysis import db
    from test_handsfree_duck import MUSIC_HZ, Music, wait_for

    env = pulse_server.client_env()
    music = Music(env)
    workout = tmp_path / "duck.yaml"
    workout.write_text(DUCK_WORKOUT)
    try:
        assert wait_for(lambda: "music" in music_at(env) or bool(music_at(env)))
        time.sleep(0.3)
        recording = pulse_server.record()
        proc = headless(workout, subprocess_env(**pulse_server.env), "--audio", "pulse", "--speech", "none",
                        "--get-ready", "4")
        out, err = proc.communicate(timeout=60)
        time.sleep(0.6)  # the music after the run, back up
        samples = recording.stop()
        after = music_at(env)
    finally:
        music.stop()
    assert proc.returncode == 0, err
    assert "100%" in after
    tune = levels(samples, 44100, MUSIC_HZ, 0.01)
    cues = [run for hz in (1000.0, 1250.0, 1500.0) for run in runs_above(levels(samples, 44100, hz, 0.01), 500.0)]
    assert len(cues) >= 6, cues  # 3-2-1 before the run, before the jog and before the end
    full = max(tune[:cues[0][0] - 30])  # before anything sounded
    for first, last in cues:
        during = sum(tune[first:last + 1]) / (last - first + 1)
        assert db(during / full) == pytest.approx(-12.0, abs=1.5), (first, last)
    assert db(sum(tune[-30:]) / 30 / full) == pytest.approx(0.0, abs=1.0)  # and back after the run


def _run_until_ducked(pulse_server, tmp_path: Path):
    from test_handsfree_duck import Music, wait_for

    env = pulse_server.client_env()
    music = Music(env)
    assert wait_for(lambda: bool(music_at(env)))
    workout = tmp_path / "duck.yaml"
    workout.write_text(DUCK_WORKOUT)
    proc = headless(workout, subprocess_env(**pulse_server.env), "--audio", "pulse", "--speech", "none",
                    "--get-ready", "4")
    assert wait_for(lambda: "63%" in music_at(env), 20), music_at(env)  # 3-2-1: the music is down
    return env, music, proc


def test_a_killed_run_leaves_the_music_down_until_the_next_start(pulse_server, tmp_path: Path):
    import signal

    from test_handsfree_duck import wait_for

    env, music, proc = _run_until_ducked(pulse_server, tmp_path)
    try:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        time.sleep(0.5)
        assert "63%" in music_at(env)  # nobody could put it back
        workout = tmp_path / "short.yaml"
        workout.write_text("name: next\nsteps:\n  - run: 1s\n")
        nxt = headless(workout, subprocess_env(**pulse_server.env), "--audio", "null", "--get-ready", "0",
                       "--duck", "off")
        _, err = nxt.communicate(timeout=60)
        assert nxt.returncode == 0
        assert wait_for(lambda: "100%" in music_at(env), 5)
        assert "ducking: put back music (left lowered by a trackcue that was killed)" in err
    finally:
        music.stop()


def test_a_stop_signal_mid_duck_puts_the_music_back_on_the_way_out(pulse_server, tmp_path: Path):
    import signal

    from test_handsfree_duck import wait_for

    env, music, proc = _run_until_ducked(pulse_server, tmp_path)
    try:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
        assert json.loads(out.splitlines()[-1])["event"] == "interrupt"
        assert wait_for(lambda: "100%" in music_at(env), 5), music_at(env)
    finally:
        music.stop()


# ----- the Termux wake lock around a run ------------------------------------------------------------


def termux_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    from test_handsfree_wakelock import stand_ins

    env, log = stand_ins(tmp_path, "termux-wake-lock", "termux-wake-unlock")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return subprocess_env(**env), log


def test_a_run_on_termux_holds_the_wake_lock_from_start_to_end(tmp_path: Path):
    from test_handsfree_wakelock import calls

    env, log = termux_env(tmp_path)
    workout = tmp_path / "short.yaml"
    workout.write_text("name: pocket\nsteps:\n  - run: 2s\n")
    proc = headless(workout, env, "--audio", "null", "--get-ready", "1")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert calls(log) == ["termux-wake-lock ", "termux-wake-unlock "]


@pytest.mark.parametrize("how", ["quit", "SIGTERM", "SIGHUP"])
def test_the_wake_lock_is_given_back_on_an_abort_and_a_stop_signal(tmp_path: Path, how: str):
    import signal

    from test_handsfree_wakelock import calls

    env, log = termux_env(tmp_path)
    workout = tmp_path / "long.yaml"
    workout.write_text("name: pocket\nsteps:\n  - run: 10min\n")
    proc = subprocess.Popen([*trackcue_cmd(), "run", str(workout), "--headless", "--audio", "null",
                             "--get-ready", "0"], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdin is not None
    for line in proc.stdout:
        if json.loads(line)["event"] == "segment":
            break
    assert calls(log) == ["termux-wake-lock "]  # held while it runs
    if how == "quit":
        proc.stdin.write("quit\n")
        proc.stdin.flush()
    else:
        proc.send_signal(getattr(signal, how))
    rest, err = proc.communicate(timeout=30)
    assert json.loads(rest.splitlines()[-1])["event"] == ("abort" if how == "quit" else "interrupt"), err
    assert calls(log) == ["termux-wake-lock ", "termux-wake-unlock "]


# ----- the calibrated latency, used by a run ------------------------------------------------------------


def test_a_run_uses_the_calibration_of_the_sink_it_plays_to(pulse_server, tmp_path: Path):
    from trackcue.handsfree.latencies import Calibration, save

    outputs = tmp_path / "outputs.yaml"
    save("pulse:tc", Calibration(150.0, 10, 12.0, "2026-11-30"), outputs)
    save("pulse:another_sink", Calibration(300.0, 10, 12.0, "2026-11-30"), outputs)
    workout = tmp_path / "short.yaml"
    workout.write_text("name: latency\nsteps:\n  - run: 1s\n")
    env = subprocess_env(**pulse_server.env, TRACKCUE_OUTPUTS=str(outputs))
    for flags, expected in (((), ", + 150 ms after the server"), (("--latency", "20"), ", + 20 ms after the server")):
        proc = headless(workout, env, "--audio", "pulse", "--speech", "none", "--get-ready", "0", "--duck", "off",
                        *flags)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        status = next(line for line in err.splitlines() if line.startswith("trackcue: audio: pulse: PulseAudio"))
        assert expected in status, status
