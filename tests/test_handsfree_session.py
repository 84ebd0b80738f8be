"""Hands-free in real runs: the stream kept alive from the get-ready, music ducked under a run's cues,
the Termux wake lock around a run, a headset's button lapping a headless run."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path

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
    stop.set()
    watcher.join()
    assert proc.wait(timeout=30) == 0, proc.stderr.read() if proc.stderr else ""
    samples = recording.stop()
    assert events[0] == "start" and events[-1] == "finish"
    assert states and set(states) == {"RUNNING"}, states  # never asleep from the get-ready to the end
    # The first pip (1 kHz, 0.15 s) sounds whole, as loud as the next countdown's: the sink was awake.
    pips = runs_above(levels(samples, 44100, 1000.0, 0.01), 500.0, min_len=1)
    assert len(pips) >= 2 and pips[0][1] - pips[0][0] + 1 >= 13, pips
