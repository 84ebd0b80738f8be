"""Latency calibration: a simulated tapper on the clicks, the median kept per output, used by a run."""

from __future__ import annotations

import json
import random
import subprocess
import threading
import time
from pathlib import Path

import pytest
import yaml
from sound_analysis import levels, runs_above
from support import subprocess_env, trackcue_cmd

from trackcue.handsfree.calibrate import CalibrationError, ClickPlan, measure
from trackcue.handsfree.latencies import Calibration, OutputsFileError, for_sink, load, output_key, save

PLAN = ClickPlan(first=10.0, interval_s=1.0, count=12)


def tapper(delay_s: float, spread_s: float, seed: int = 7) -> list[float]:
    """A runner who hears each click ``delay_s`` late and taps with ``spread_s`` of unsteadiness."""
    rng = random.Random(seed)
    return [t + delay_s + rng.gauss(0.0, spread_s) for t in PLAN.times()]


def test_the_median_offset_of_steady_taps_is_the_latency():
    result = measure(PLAN, tapper(0.180, 0.012))
    assert result.median_ms == pytest.approx(180, abs=8)
    assert len(result.offsets_ms) == 10 and result.ignored == 2  # the first two find the beat
    assert result.spread_ms < 30


def test_missed_doubled_and_stray_taps_do_not_move_it():
    taps = tapper(0.180, 0.010)
    del taps[5]  # a missed click
    taps.append(taps[6] + 0.05)  # a double tap
    taps.append(PLAN.times()[8] + 0.55)  # a stray tap, nearer the next click but long before its sound
    result = measure(PLAN, taps)
    assert result.median_ms == pytest.approx(180, abs=8)
    assert len(result.offsets_ms) == 9 and result.ignored == 4
    assert all(140 < offset < 220 for offset in result.offsets_ms)  # neither the double nor the stray counted


def test_a_negative_offset_is_measured_too():
    """The output's own estimate may be too long: taps come early, the offset is negative."""
    assert measure(PLAN, tapper(-0.040, 0.008)).median_ms == pytest.approx(-40, abs=6)


def test_too_few_or_too_scattered_taps_are_refused():
    with pytest.raises(CalibrationError, match="only 3 tap"):
        measure(PLAN, tapper(0.1, 0.01)[:5])
    with pytest.raises(CalibrationError, match="tap steadily with the beat"):
        measure(PLAN, tapper(0.1, 0.2))


def test_calibrations_are_kept_per_output(tmp_path: Path):
    path = tmp_path / "outputs.yaml"
    bt = output_key("pulse", "bluez_output.00_1B_66_AA_BB_CC.1")
    save(bt, Calibration(182.0, 10, 14.0, "2026-11-30"), path)
    save(output_key("pulse", "alsa_output.analog-stereo"), Calibration(3.0, 10, 6.0, "2026-11-30"), path)
    save(output_key("miniaudio", None), Calibration(45.0, 9, 11.0, "2026-11-30"), path)
    found = load(path)
    assert found[bt].latency_ms == 182.0 and found["miniaudio"].latency_ms == 45.0
    assert for_sink(found, "bluez_output.00_1B_66_AA_BB_CC.1") == {"pulse": 0.182}
    assert for_sink(found, None) == {"miniaudio": 0.045}
    assert path.read_text().startswith("# trackcue calibrate")


def test_a_damaged_outputs_file_says_where(tmp_path: Path):
    path = tmp_path / "outputs.yaml"
    path.write_text("outputs:\n  pulse:tc: {latency_ms: [\n")
    with pytest.raises(OutputsFileError, match=r"outputs.yaml:\d+:\d+: not YAML"):
        load(path)
    path.write_text("outputs:\n  pulse:tc: {latency_ms: fast}\n")
    with pytest.raises(OutputsFileError, match="output 'pulse:tc': expected latency_ms: 0 to 2000"):
        load(path)
    save("pulse:tc", Calibration(20.0, 8, 5.0, "2026-11-30"), path)  # replaced by one that works
    assert load(path)["pulse:tc"].latency_ms == 20.0


def test_calibrate_refuses_an_output_that_plays_to_no_one(cli):
    code, out, err = cli("calibrate", "--audio", "null")
    assert code == 2
    assert err.strip() == ("error: --audio null plays to no one: there is no delay to measure "
                           "(hint: use --audio auto, pulse, miniaudio, simpleaudio or pipe)")
    code, _, err = cli("calibrate", "--clicks", "3")
    assert code == 2 and err.count("\n") == 1 and "--clicks must be a whole number from 8 to 100" in err


# ----- the real command, a simulated tapper, a private PulseAudio server -----------------------------


def boottime() -> float:
    return time.clock_gettime(time.CLOCK_BOOTTIME)  # the clock trackcue runs on (RealClock)


def run_calibrate(env: dict[str, str], tap: object, *args: str) -> tuple[int, list[dict], str]:
    """``trackcue calibrate --json``; ``tap(event, stdin)`` is called for each click line, on a thread."""
    proc = subprocess.Popen([*trackcue_cmd(), "calibrate", "--audio", "pulse", "--json", *args], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdin is not None
    events = []
    for line in proc.stdout:
        event = json.loads(line)
        events.append(event)
        if event["event"] == "click":
            threading.Thread(target=tap, args=(event, proc.stdin), daemon=True).start()
    err = proc.stderr.read() if proc.stderr else ""
    return proc.wait(timeout=30), events, err


def test_a_simulated_tapper_calibrates_the_output_and_the_clicks_sound_on_time(pulse_server, tmp_path: Path):
    outputs = tmp_path / "outputs.yaml"
    env = subprocess_env(**pulse_server.env, TRACKCUE_OUTPUTS=str(outputs))
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    lock = threading.Lock()

    def tap(event: dict, stdin) -> None:  # hears each click 150 ms late: a slow headset
        time.sleep(max(0.0, event["t"] + 0.150 - boottime()))
        with lock:
            stdin.write("\n")
            stdin.flush()

    recording = pulse_server.record()
    code, events, err = run_calibrate(env, tap, "--clicks", "10", "--interval", "0.6")
    samples = recording.stop()
    assert code == 0, err
    result = events[-1]
    assert result["event"] == "calibrated" and result["output"] == "pulse:tc"
    assert result["taps"] == 8 and result["latency_ms"] == pytest.approx(150, abs=25)
    stored = yaml.safe_load(outputs.read_text())["outputs"]["pulse:tc"]
    assert stored["latency_ms"] == result["latency_ms"]
    # Every click was heard, on its beat: 10 onsets 0.6 s apart (to within 5 ms).
    window = 0.005
    clicks = runs_above(levels(samples, 44100, 2000.0, window), 1500.0, min_len=1)
    assert len(clicks) == 10, clicks
    gaps = [(b[0] - a[0]) * window for a, b in zip(clicks, clicks[1:])]
    assert all(abs(g - 0.6) <= 0.0051 for g in gaps), gaps


def test_the_headsets_button_taps_too(pulse_server, dbus_session, tmp_path: Path):
    env = subprocess_env(**pulse_server.env, TRACKCUE_OUTPUTS=str(tmp_path / "outputs.yaml"),
                         DBUS_SESSION_BUS_ADDRESS=dbus_session.address)

    def press(event: dict, stdin) -> None:
        time.sleep(max(0.0, event["t"] + 0.1 - boottime()))
        dbus_session.call("org.mpris.MediaPlayer2.trackcue", "/org/mpris/MediaPlayer2",
                          "org.mpris.MediaPlayer2.Player.PlayPause")

    code, events, err = run_calibrate(env, press, "--clicks", "8", "--interval", "0.8")
    assert code == 0, err
    assert events[-1]["taps"] == 6
    assert events[-1]["latency_ms"] == pytest.approx(100, abs=40)  # dbus-send itself takes a few ms


def test_no_taps_is_a_failed_calibration_and_nothing_is_stored(pulse_server, tmp_path: Path):
    outputs = tmp_path / "outputs.yaml"
    env = subprocess_env(**pulse_server.env, TRACKCUE_OUTPUTS=str(outputs))
    code, events, _ = run_calibrate(env, lambda event, stdin: None, "--clicks", "8", "--interval", "0.4")
    assert code == 1
    assert events[-1]["event"] == "failed" and "only 0 tap(s)" in events[-1]["why"]
    assert not outputs.exists()
