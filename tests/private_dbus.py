"""A private D-Bus session daemon for tests: its own socket in a temporary folder, nobody else's bus.

    bus = PrivateBus(tmp_path); bus.start()
    bus.send("org.mpris.MediaPlayer2.trackcue", "/org/mpris/MediaPlayer2", "org.mpris.MediaPlayer2.Player.Next")
    bus.stop()
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from support import stop_process

TOOLS = ("dbus-daemon", "dbus-send")


def missing_tools() -> list[str]:
    """The programs this needs that are not installed (apt-get install dbus)."""
    return [t for t in TOOLS if shutil.which(t) is None]


class PrivateBus:
    """``dbus-daemon --session`` listening on ``<root>/bus`` only."""

    def __init__(self, root: Path) -> None:
        self.socket = Path(root) / "bus"
        self.address = f"unix:path={self.socket}"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        """The environment of a client of this bus (and of no other)."""
        return {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.address}

    def start(self, timeout_s: float = 20.0) -> None:
        self.proc = subprocess.Popen(["dbus-daemon", "--session", "--nofork", f"--address={self.address}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while not self.answers():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("dbus-daemon did not start")
            time.sleep(0.05)

    def answers(self) -> bool:
        if not self.socket.exists():
            return False
        done = self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.GetId")
        return done.returncode == 0

    def call(self, dest: str, path: str, method: str, *args: str, timeout_s: float = 10.0
             ) -> subprocess.CompletedProcess[str]:
        """``dbus-send --print-reply`` a method call; the finished process (stdout: the reply)."""
        return subprocess.run(["dbus-send", "--session", "--print-reply", "--reply-timeout=5000",
                               f"--dest={dest}", path, method, *args],
                              env=self.env, capture_output=True, text=True, timeout=timeout_s)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        stop_process(proc)
