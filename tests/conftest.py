"""Shared fixtures: every test runs with its own profile, cache, history database and data dirs."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's profile, speech cache or history."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TRACKCUE_PROFILE", str(home / "profile.yaml"))
    monkeypatch.setenv("TRACKCUE_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("TRACKCUE_DB", str(home / "history.sqlite"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xcache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))


@pytest.fixture
def workout_file(tmp_path: Path):
    """Write a workout YAML into a temporary folder and return its path."""

    def write(text: str, name: str = "w.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run ``trackcue ARGS`` in-process; return (exit code, stdout, stderr)."""
    from trackcue.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse errors
            code = exc.code if isinstance(exc.code, int) else 2
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def pulse_server(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """A private PulseAudio server with a null sink ``tc`` (norewinds=1), for this test only.

    This process's libpulse (and any subprocess given ``server.client_env()``) talks to it and to
    no other server; ``server.record()`` runs ``parec`` on the sink's monitor; ``server.kill()``
    and ``server.start()`` restart it on the same socket. Stopped after the test. Skips when
    pulseaudio or pulseaudio-utils is not installed.
    """
    from pulse_server import PrivatePulse, missing_tools

    missing = missing_tools()
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install pulseaudio pulseaudio-utils)")
    server = PrivatePulse(tmp_path_factory.mktemp("pulse"))
    server.start()
    for name, value in server.env.items():
        monkeypatch.setenv(name, value)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def dbus_session(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """A private D-Bus session daemon (``dbus-daemon --session --address unix:path=<tmp>``) for this test.

    ``DBUS_SESSION_BUS_ADDRESS`` points at it while the test runs; ``bus.call(...)`` is dbus-send.
    Skips when dbus-daemon or dbus-send is not installed (apt-get install dbus).
    """
    from private_dbus import PrivateBus, missing_tools

    missing = missing_tools()
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install dbus)")
    bus = PrivateBus(tmp_path_factory.mktemp("dbus"))
    bus.start()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
    try:
        yield bus
    finally:
        bus.stop()
