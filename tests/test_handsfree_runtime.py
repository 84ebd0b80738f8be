"""One session's hands-free pieces together: buttons follow the player, the music ducks, the lock is held."""

from __future__ import annotations

import queue
import shutil

import pytest
from test_handsfree_duck import Music, sink_inputs, wait_for
from test_handsfree_wakelock import calls, stand_ins

from trackcue.engine.clock import RealClock
from trackcue.handsfree.mpris import BUS_NAME, OBJECT_PATH, MediaButtons
from trackcue.handsfree.runtime import HandsFree, HandsFreeOptions, playback_after
from trackcue.handsfree.wakelock import WakeLock

PRESS = "org.mpris.MediaPlayer2.Player.PlayPause"


def test_the_player_state_follows_its_events():
    assert playback_after({"event": "start", "name": "200 m repeats"}) == ("Playing", "200 m repeats")
    assert playback_after({"event": "segment", "label": "Rep 1 of 8 · 200 m", "kind": "run"}) == \
        ("Playing", "Rep 1 of 8 · 200 m")
    assert playback_after({"event": "pause"}) == ("Paused", None)
    assert playback_after({"event": "resume"}) == ("Playing", None)
    for end in ("finish", "abort", "interrupt"):
        assert playback_after({"event": end}) == ("Stopped", None)
    assert playback_after({"event": "lap"}) is None


def test_a_duck_must_lower():
    with pytest.raises(ValueError):
        HandsFreeOptions(duck_db=0.0)


def test_a_session_with_everything(dbus_session, pulse_server, tmp_path):
    env, log = stand_ins(tmp_path, "termux-wake-lock", "termux-wake-unlock")
    music = Music(pulse_server.client_env())
    clock = RealClock()
    got: queue.Queue[str] = queue.Queue()
    hands = HandsFree(clock, wake_lock=WakeLock(env, lambda name: shutil.which(name, path=env["PATH"])))
    hands.set_receiver(got.put)
    try:
        assert wait_for(lambda: "music" in sink_inputs(pulse_server.client_env()))
        hands.start()
        assert hands.buttons.wait_ready(10)
        hands.on_event({"event": "start", "name": "200 m repeats"})
        hands.on_event({"event": "segment", "label": "Rep 1 of 8", "kind": "run"})
        assert dbus_session.call(BUS_NAME, OBJECT_PATH, PRESS).returncode == 0
        assert got.get(timeout=10) == "lap"
        hands.on_event({"event": "pause", "segment": 1})
        assert dbus_session.call(BUS_NAME, OBJECT_PATH, PRESS).returncode == 0
        assert got.get(timeout=10) == "resume"
        hands.expect(clock.now() + 0.3, 1.0)
        assert wait_for(lambda: "63%" in sink_inputs(pulse_server.client_env())["music"], 5)
        assert hands.buttons.status == f"media buttons: on ({BUS_NAME})"
        assert hands.ducker is not None and hands.ducker.status.startswith("ducking: on (-12 dB, pulseaudio")
        assert hands.wake_lock.status == "wake lock: held (termux-wake-lock)"
    finally:
        hands.close()
        after = sink_inputs(pulse_server.client_env())
        music.stop()
    assert "100%" in after["music"]  # closed mid-duck: the music is back at once
    assert calls(log) == ["termux-wake-lock ", "termux-wake-unlock "]
    assert hands.buttons.state == "off"


def test_nothing_here_is_off_quietly(monkeypatch, tmp_path):
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'none'}")
    hands = HandsFree(RealClock(), buttons=MediaButtons(lambda c: None, env={}), wake_lock=WakeLock({}))
    hands.start()
    hands.buttons.wait_ready(5)
    hands.expect(0.0, 1.0)  # no ducker: ignored
    hands.on_event({"event": "start", "name": "x"})
    hands.close()
    assert hands.buttons.status.startswith("media buttons: off (")
    assert hands.ducker is None and hands.duck_status.startswith("ducking: off (no PulseAudio or PipeWire server")
    assert hands.wake_lock.status.startswith("wake lock: off (not running under Termux")
    off = HandsFree(RealClock(), HandsFreeOptions(duck_db=None), wake_lock=WakeLock({}))
    assert off.duck_status == "ducking: off (--duck off)"


def test_the_duck_option_reads_decibels_or_off(cli):
    from trackcue.cli._common import duck_db

    assert [duck_db(text) for text in ("-12", "12", "-18dB", "off", "0")] == [-12.0, -12.0, -18.0, None, None]
    for bad, message in (("-90", "--duck must lower by 1 to 60 dB, got -90"), ("loud", "--duck needs a number, got 'loud'")):
        code, _, err = cli("run", "200m-repeats", "--headless", "--audio", "null", "--duck", bad)
        assert code == 2
        assert err == f"error: {message} (hint: write e.g. --duck -12 (decibels, -1 to -60) or --duck off)\n"
