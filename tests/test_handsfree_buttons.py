"""A headset's buttons: trackcue as an MPRIS player on a private D-Bus session bus, driven by dbus-send."""

from __future__ import annotations

import queue
import socket
import threading
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

from trackcue.handsfree.buttons import BUTTON_CALLS, command_for
from trackcue.handsfree.mpris import BUS_NAME, OBJECT_PATH, PLAYER, MediaButtons, session_bus_address

PLAYER_CALL = f"{PLAYER}."


def test_a_press_is_a_lap_while_running_and_resumes_a_pause():
    table = {(call, status): command_for(call, status)
             for call in BUTTON_CALLS for status in ("Playing", "Paused", "Stopped")}
    for press in ("PlayPause", "Play", "Pause"):  # a headset sends Play or Pause by its own guess
        assert table[(press, "Playing")] == "lap"
        assert table[(press, "Paused")] == "resume"
    assert table[("Next", "Playing")] == "skip"
    assert table[("Previous", "Playing")] == "back"
    assert table[("Stop", "Playing")] == "pause"
    assert table[("Stop", "Paused")] is None  # already paused
    assert all(table[(call, "Stopped")] is None for call in BUTTON_CALLS)


def _service(bus) -> tuple[MediaButtons, "queue.Queue[str]"]:
    got: queue.Queue[str] = queue.Queue()
    buttons = MediaButtons(got.put, address=bus.address)
    buttons.start()
    assert buttons.wait_ready(10), buttons.status
    return buttons, got


def _drain(got: "queue.Queue[str]", n: int) -> list[str]:
    return [got.get(timeout=10) for _ in range(n)]


def test_buttons_sent_with_dbus_send_become_commands(dbus_session):
    buttons, got = _service(dbus_session)
    try:
        assert buttons.bus_name == BUS_NAME
        assert buttons.status == f"media buttons: on ({BUS_NAME})"
        buttons.set_playback("Playing", "Rep 1 of 8")
        for call in ("PlayPause", "Play", "Pause", "Next", "Previous", "Stop"):
            done = dbus_session.call(BUS_NAME, OBJECT_PATH, PLAYER_CALL + call)
            assert done.returncode == 0, done.stderr
        assert _drain(got, 6) == ["lap", "lap", "lap", "skip", "back", "pause"]
        buttons.set_playback("Paused", "Rep 1 of 8")
        assert dbus_session.call(BUS_NAME, OBJECT_PATH, PLAYER_CALL + "PlayPause").returncode == 0
        assert _drain(got, 1) == ["resume"]
        buttons.set_playback("Stopped")
        assert dbus_session.call(BUS_NAME, OBJECT_PATH, PLAYER_CALL + "PlayPause").returncode == 0
        with pytest.raises(queue.Empty):
            got.get(timeout=0.3)  # after the end a press does nothing
    finally:
        buttons.close()
    assert buttons.state == "off"


def test_properties_and_introspection_follow_the_spec(dbus_session):
    buttons, _ = _service(dbus_session)
    try:
        buttons.set_playback("Paused", "Jog · 1:30")
        get = dbus_session.call(BUS_NAME, OBJECT_PATH, "org.freedesktop.DBus.Properties.Get",
                                f"string:{PLAYER}", "string:PlaybackStatus")
        assert get.returncode == 0 and '"Paused"' in get.stdout
        every = dbus_session.call(BUS_NAME, OBJECT_PATH, "org.freedesktop.DBus.Properties.GetAll", f"string:{PLAYER}")
        assert every.returncode == 0
        for expected in ('"CanControl"', '"CanGoNext"', '"xesam:title"', '"Jog · 1:30"', '"/org/trackcue/step/1"'):
            assert expected in every.stdout
        root = dbus_session.call(BUS_NAME, OBJECT_PATH, "org.freedesktop.DBus.Properties.Get",
                                 "string:org.mpris.MediaPlayer2", "string:Identity")
        assert '"trackcue"' in root.stdout
        setting = dbus_session.call(BUS_NAME, OBJECT_PATH, "org.freedesktop.DBus.Properties.Set",
                                    f"string:{PLAYER}", "string:Volume", "variant:double:0.5")
        assert setting.returncode != 0 and "PropertyReadOnly" in setting.stderr
        unknown = dbus_session.call(BUS_NAME, OBJECT_PATH, PLAYER_CALL + "Shuffle")
        assert unknown.returncode != 0 and "UnknownMethod" in unknown.stderr
        xml = dbus_session.call(BUS_NAME, OBJECT_PATH, "org.freedesktop.DBus.Introspectable.Introspect")
        text = xml.stdout.split('string "', 1)[1].rsplit('"', 1)[0]
        node = ElementTree.fromstring(text.split("\n", 2)[2])  # after the DOCTYPE
        player = next(i for i in node.iter("interface") if i.get("name") == PLAYER)
        methods = {m.get("name") for m in player.iter("method")}
        assert set(BUTTON_CALLS) <= methods
    finally:
        buttons.close()


def test_a_change_of_state_is_signalled(dbus_session):
    """Desktops give the buttons to the player that last started playing: they follow PropertiesChanged."""
    from jeepney import MatchRule, message_bus
    from jeepney.io.threading import DBusRouter, Proxy, open_dbus_connection

    buttons, _ = _service(dbus_session)
    conn = open_dbus_connection(bus=dbus_session.address)
    router = DBusRouter(conn)
    try:
        rule = MatchRule(type="signal", interface="org.freedesktop.DBus.Properties", member="PropertiesChanged",
                         path=OBJECT_PATH)
        Proxy(message_bus, router, timeout=5).AddMatch(rule)
        with router.filter(rule, bufsize=10) as signals:
            buttons.set_playback("Playing", "Rep 2 of 8")
            interface, changed, _ = signals.get(timeout=10).body
        assert interface == PLAYER
        assert changed["PlaybackStatus"] == ("s", "Playing")
        assert changed["Metadata"][1]["xesam:title"] == ("s", "Rep 2 of 8")
    finally:
        router.close()
        conn.close()
        buttons.close()


def test_a_second_trackcue_takes_the_instance_name(dbus_session):
    first, _ = _service(dbus_session)
    second, got = _service(dbus_session)
    try:
        assert second.bus_name is not None and second.bus_name.startswith(f"{BUS_NAME}.instance")
        second.set_playback("Playing")
        assert dbus_session.call(second.bus_name, OBJECT_PATH, PLAYER_CALL + "Next").returncode == 0
        assert _drain(got, 1) == ["skip"]
    finally:
        second.close()
        first.close()


def test_no_session_bus_is_off_and_says_why(tmp_path: Path):
    buttons = MediaButtons(lambda c: None, env={})
    buttons.start()
    assert not buttons.wait_ready(5)
    assert buttons.status == "media buttons: off (no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set)"
    missing = MediaButtons(lambda c: None, address=f"unix:path={tmp_path / 'nobody'}")
    missing.start()
    assert not missing.wait_ready(5)
    assert missing.status.startswith("media buttons: off (no D-Bus session bus at unix:path=")
    assert "FileNotFoundError" in missing.status
    buttons.close()
    missing.close()


def test_a_bus_that_never_answers_blocks_nobody(tmp_path: Path):
    """start() and set_playback() return at once; the silent bus is found out on the service's thread."""
    path = tmp_path / "silent"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(1)
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(server.accept()[0]), daemon=True).start()
    buttons = MediaButtons(lambda c: None, address=f"unix:path={path}")
    t0 = time.monotonic()
    buttons.start()
    buttons.set_playback("Playing", "Rep 1")
    took = time.monotonic() - t0
    try:
        assert took < 0.1
        assert buttons.state == "starting"
        assert not buttons.wait_ready(10)
        assert "no D-Bus session bus" in buttons.status
    finally:
        buttons.close()
        server.close()
        for s in accepted:
            s.close()


def test_the_session_bus_of_a_systemd_login_is_found_without_the_variable(tmp_path: Path):
    (tmp_path / "bus").touch()
    assert session_bus_address({"XDG_RUNTIME_DIR": str(tmp_path)}) == f"unix:path={tmp_path / 'bus'}"
    assert session_bus_address({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"}) == "unix:path=/x"
    assert session_bus_address({}) is None
