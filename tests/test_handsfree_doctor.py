"""``trackcue doctor`` reports each hands-free piece: media button, ducking, calibrated latency, wake lock."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from test_handsfree_duck import Music, sink_inputs, wait_for
from test_handsfree_wakelock import stand_ins

from trackcue.handsfree.latencies import Calibration, save
from trackcue.handsfree.pulse_volumes import PulseVolumes


def handsfree(cli) -> dict[str, list[dict]]:
    code, out, _ = cli("doctor", "--json")
    assert code == 0
    rows: dict[str, list[dict]] = {}
    for row in json.loads(out)["hands-free"]:
        rows.setdefault(row["name"], []).append(row)
    return rows


def test_everything_on_with_a_bus_a_sound_server_and_a_calibration(cli, dbus_session, pulse_server, tmp_path,
                                                                   monkeypatch):
    outputs = tmp_path / "outputs.yaml"
    monkeypatch.setenv("TRACKCUE_OUTPUTS", str(outputs))
    save("pulse:tc", Calibration(150.0, 10, 12.0, "2026-11-30"), outputs)
    save("pulse:bluez_output.00_1B_66_AA_BB_CC.1", Calibration(182.0, 9, 20.0, "2026-11-29"), outputs)
    rows = handsfree(cli)
    assert rows["media button"] == [{"name": "media button", "ok": True, "detail":
                                     "on while a workout plays (MPRIS on the session bus: play/pause = lap, "
                                     "next = skip, stop = pause)"}]
    assert rows["ducking"][0]["ok"] and rows["ducking"][0]["detail"].startswith(
        "on: other streams -12 dB during cues (pulseaudio ")
    latency = [r["detail"] for r in rows["latency"]]
    assert latency == ["pulse:bluez_output.00_1B_66_AA_BB_CC.1: 182 ms (9 taps, spread 20 ms, 2026-11-29)",
                       "pulse:tc: 150 ms (10 taps, spread 12 ms, 2026-11-30) — this output now",
                       f"kept in {outputs}"]
    assert rows["wake lock"] == [{"name": "wake lock", "ok": True, "detail": "not needed: not running under Termux"}]


def test_off_says_why(cli, monkeypatch, tmp_path):
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no bus socket there either
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'no-server'}")
    rows = handsfree(cli)
    assert rows["media button"][0] == {"name": "media button", "ok": False, "detail":
                                       "off (no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set); "
                                       "a page-turner's Enter and Space still work"}
    assert not rows["ducking"][0]["ok"] and rows["ducking"][0]["detail"].startswith(
        "off (no PulseAudio or PipeWire server")
    assert rows["latency"][0]["detail"].startswith("not calibrated: the output's own estimate is used")
    code, out, _ = cli("doctor")
    assert "hands-free:\n  --  media button off (no D-Bus session bus" in out


def test_on_termux_the_wake_lock_and_the_api_app(cli, monkeypatch, tmp_path):
    env, _ = stand_ins(tmp_path, "termux-wake-lock", "termux-wake-unlock", "pm", pm_lists="package:com.termux.api\n")
    for key in ("PATH", "TERMUX_VERSION", "PREFIX"):
        monkeypatch.setenv(key, env[key])
    rows = handsfree(cli)
    assert rows["wake lock"] == [{"name": "wake lock", "ok": True,
                                  "detail": "taken while a workout plays (termux-wake-lock)"}]
    assert rows["Termux:API"] == [{"name": "Termux:API", "ok": True, "detail": "installed (com.termux.api)"}]


def test_doctor_puts_back_music_a_killed_trackcue_left_lowered(cli, pulse_server):
    env = pulse_server.client_env()
    music = Music(env)
    try:
        assert wait_for(lambda: "music" in sink_inputs(env))
        dead = subprocess.Popen(["true"])
        dead.wait()
        PulseVolumes(own_pid=dead.pid).set_level(-12.0)  # then "killed": never put back
        assert "63%" in sink_inputs(env)["music"]
        rows = handsfree(cli)
        assert rows["ducking"][0]["detail"].endswith("; put back music (left lowered by a trackcue that was killed)")
        assert "100%" in sink_inputs(env)["music"]
    finally:
        music.stop()
