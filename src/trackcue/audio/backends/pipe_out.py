"""Raw PCM piped into a system player (pacat/paplay, aplay, or sox's ``play``): one stream.

Works where no Python audio library does (Termux with PulseAudio, minimal Linux, macOS with
sox). A thread writes small blocks; each write returns when the pipe has room, which paces the
mix. The pipe is shrunk (Linux) and the players asked for short buffers to keep latency low.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from typing import IO

from trackcue.audio.output import BackendUnavailable, Clock
from trackcue.audio.stream import PushedOutput

_PIPE_BYTES = 8192  # ~93 ms at 44.1 kHz mono 16-bit
_PROBE_S = 0.3  # a player that cannot reach a device exits within this


def player_commands(rate: int) -> list[tuple[str, list[str], float]]:
    """(program, command line, its own buffer in seconds) for each player, preferred first."""
    pulse = ["--raw", "--format=s16le", f"--rate={rate}", "--channels=1",
             "--latency-msec=40", "--client-name=trackcue"]
    return [
        ("pacat", ["pacat", "--playback", *pulse], 0.04),
        ("paplay", ["paplay", *pulse], 0.04),
        ("aplay", ["aplay", "-q", "-t", "raw", "-f", "S16_LE", "-r", str(rate), "-c", "1",
                   "--buffer-time=50000", "-"], 0.05),
        # macOS's afplay cannot read stdin; sox's play can, everywhere.
        ("play", ["play", "-q", "-t", "raw", "-r", str(rate), "-e", "signed", "-b", "16",
                  "-c", "1", "-L", "--buffer", "2048", "-"], 0.1),
    ]


class PipeOutput(PushedOutput):
    """Feeds the mix into a player process's stdin from a thread."""

    def __init__(self, clock: Clock, rate: int, latency_s: float, program: str,
                 proc: subprocess.Popen[bytes], stdin: IO[bytes]) -> None:
        super().__init__(clock, rate, latency_s, "pipe")
        self.program = program
        self.proc = proc
        self._stdin = stdin
        self._fd = stdin.fileno()

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view):]

    def _why_failed(self, exc: Exception) -> str:
        if isinstance(exc, OSError):  # EPIPE: the player died
            code = self.proc.poll()
            return f"{self.program} stopped" + (f" (exit {code})" if code else f": {exc}")
        return super()._why_failed(exc)

    def close(self) -> None:
        self._stop.set()
        try:
            self._stdin.close()
        except OSError:
            pass
        if self.proc.poll() is None:
            self.proc.terminate()
        self._stop_pushing(1.0)

    def describe(self) -> str:
        return f"{self.program}, " + super().describe()


def _spawn(cmd: list[str]) -> tuple[subprocess.Popen[bytes], IO[bytes]]:
    """The player process and its stdin (a pipe, since ``stdin=PIPE``)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    assert proc.stdin is not None  # stdin=PIPE
    if sys.platform.startswith("linux"):
        try:
            import fcntl

            fcntl.fcntl(proc.stdin.fileno(), 1031, _PIPE_BYTES)  # F_SETPIPE_SZ
        except (ImportError, OSError):
            pass
    return proc, proc.stdin


def open_backend(clock: Clock, rate: int, latency_s: float | None = None) -> PipeOutput:
    """Start the first player that stays alive; unavailable if none is installed or works."""
    tried = []
    for program, cmd, buffer_s in player_commands(rate):
        if shutil.which(program) is None:
            continue
        proc, stdin = _spawn(cmd)
        try:  # a little silence (less than the pipe holds, so this never blocks) wakes the device
            os.write(stdin.fileno(), bytes(2 * round(0.04 * rate)))
        except OSError:
            pass
        deadline = time.monotonic() + _PROBE_S
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        if proc.poll() is None:
            pipe_s = _PIPE_BYTES / (2 * rate) if sys.platform.startswith("linux") else 0.5
            latency = latency_s if latency_s is not None else pipe_s + buffer_s
            return PipeOutput(clock, rate, latency, program, proc, stdin)
        tried.append(f"{program} exited ({proc.returncode})")
    if not tried:
        raise BackendUnavailable("no player found (install pulseaudio-utils, alsa-utils or sox)")
    raise BackendUnavailable("; ".join(tried))
