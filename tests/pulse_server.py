"""A private PulseAudio server for tests and benches: own runtime folder and socket, one null sink.

Nothing is shared with the user's or another test's server: the daemon runs with ``-n`` (no
default.pa, so no real sound card), listens on a socket in a temporary folder, and has one null
sink ``tc`` (``norewinds=1``: what was written is what is heard, as on a real card) whose monitor
``parec`` records. Clients reach it through ``env`` (``PULSE_SERVER``); a test in this process
sets those variables (the ``pulse_server`` fixture does) so libpulse connects here.

    server = PrivatePulse(tmp_path); server.start()
    rec = server.record(); ...; samples = rec.stop()
    server.kill(); server.start()   # a sound server restarting mid-run
    server.stop()
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from array import array
from pathlib import Path

from support import stop_process

RATE = 44100
SINK = "tc"
TOOLS = ("pulseaudio", "pactl", "parec")


def missing_tools() -> list[str]:
    """The programs this needs that are not installed (apt-get install pulseaudio pulseaudio-utils)."""
    return [t for t in TOOLS if shutil.which(t) is None]


class Recording:
    """``parec`` of the null sink's monitor (mono, 16-bit, ``RATE``) into memory, from a thread."""

    def __init__(self, env: dict[str, str]) -> None:
        self.data = bytearray()
        self.proc = subprocess.Popen(["parec", "-d", f"{SINK}.monitor", "--raw", "--format=s16le",
                                      f"--rate={RATE}", "--channels=1", "--latency-msec=20"],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, bufsize=0)
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        while True:
            chunk = self.proc.stdout.read(8192)
            if not chunk:
                return
            self.data += chunk

    @property
    def frames(self) -> int:
        return len(self.data) // 2

    def samples(self) -> array:
        """The samples recorded so far (recording goes on)."""
        samples = array("h", bytes(self.data[:len(self.data) // 2 * 2]))
        if sys.byteorder == "big":
            samples.byteswap()
        return samples

    def stop(self) -> array:
        """Stop recording; the samples so far."""
        if self.proc.poll() is None:
            self.proc.terminate()
        self._thread.join(timeout=5)
        self.proc.wait(timeout=5)
        return self.samples()


class PrivatePulse:
    """One PulseAudio daemon under ``root`` (start, kill, start again: the same socket)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.runtime = self.root / "run"
        self.socket = self.runtime / "native"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = self.root / "pulseaudio.log"

    @property
    def env(self) -> dict[str, str]:
        """The variables that point a client (libpulse, pactl, parec) at this server only."""
        return {
            "PULSE_SERVER": f"unix:{self.socket}",
            "PULSE_RUNTIME_PATH": str(self.runtime),
            "PULSE_STATE_PATH": str(self.root / "state"),
            "PULSE_COOKIE": str(self.root / "cookie"),
            "PULSE_SINK": SINK,
        }

    def client_env(self) -> dict[str, str]:
        """The current environment with this server's variables (for subprocesses)."""
        return {**os.environ, **self.env}

    def start(self, timeout_s: float = 20.0) -> None:
        """Start the daemon and wait until it answers; raises RuntimeError if it does not."""
        self.runtime.mkdir(parents=True, exist_ok=True)
        (self.root / "state").mkdir(exist_ok=True)
        env = {**os.environ, **self.env, "HOME": str(self.root), "XDG_RUNTIME_DIR": str(self.runtime),
               "XDG_CONFIG_HOME": str(self.root / "config")}
        env.pop("PULSE_SERVER", None)  # the daemon itself must not try to reach a server
        argv = ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
                "--use-pid-file=no", "--log-target=stderr", "--system=false",
                "-L", f"module-native-protocol-unix auth-anonymous=1 socket={self.socket}",
                "-L", f"module-null-sink sink_name={SINK} norewinds=1 rate={RATE}"]
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(argv, stdout=log, stderr=log, env=env, start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while not self.answers():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"PulseAudio did not start: {self.log.read_text(errors='replace')[-800:]}")
            time.sleep(0.05)
        subprocess.run(["pactl", "set-default-sink", SINK], env=self.client_env(), capture_output=True,
                       timeout=10)

    def answers(self) -> bool:
        """True if the server takes requests now."""
        try:
            done = subprocess.run(["pactl", "info"], env=self.client_env(), capture_output=True, timeout=5)
        except subprocess.TimeoutExpired:
            return False
        return done.returncode == 0

    def record(self) -> Recording:
        """Start ``parec`` on the null sink's monitor."""
        return Recording(self.client_env())

    def kill(self) -> None:
        """SIGKILL the daemon (a crash: no goodbye to its clients)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None
        self.socket.unlink(missing_ok=True)

    def stop(self) -> None:
        """Stop the daemon (SIGTERM, then SIGKILL) if it runs."""
        proc, self.proc = self.proc, None
        stop_process(proc)
