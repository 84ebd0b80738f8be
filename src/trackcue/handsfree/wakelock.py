"""The phone in a pocket: Termux's wake lock, held while a workout plays.

Android stops a sleeping phone's CPU, and with it the timer and the sound, a few minutes after the
screen goes dark. Termux's ``termux-wake-lock`` (termux-tools, installed with Termux) holds a
partial wake lock until ``termux-wake-unlock``. ``WakeLock`` takes it at a session's start and
gives it back at its end, on an abort and on a stop signal (and, failing all, at interpreter exit);
elsewhere than Termux, or without the command, it does nothing and says why.

The commands ask Termux's service through ``am`` and take a moment: they are started and not
waited for at the start (the get-ready is running); the release waits at most ``RELEASE_S``.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Mapping
from typing import Literal

LOCK, UNLOCK = "termux-wake-lock", "termux-wake-unlock"
API_PACKAGE = "com.termux.api"  # the Termux:API app: termux-tts-speak and the other termux-* APIs
RELEASE_S = 5.0
CHECK_S = 10.0

WakeState = Literal["idle", "held", "released", "off"]
Which = Callable[[str], str | None]


def under_termux(env: Mapping[str, str] | None = None) -> bool:
    """True when trackcue runs inside the Termux app on Android."""
    env = os.environ if env is None else env
    return "TERMUX_VERSION" in env or "com.termux" in env.get("PREFIX", "")


class WakeLock:
    """``acquire`` at the start, ``release`` at the end (safe twice; a context manager too).

    ``env`` and ``which`` are the process's own by default (tests pass their own).
    """

    def __init__(self, env: Mapping[str, str] | None = None, which: Which = shutil.which) -> None:
        self._env = dict(os.environ if env is None else env)
        self._which = which
        self._state: WakeState = "idle"
        self._why = ""
        self._lock = threading.Lock()
        self._taking: subprocess.Popen[bytes] | None = None

    @property
    def state(self) -> WakeState:
        return self._state

    @property
    def status(self) -> str:
        """``wake lock: held (termux-wake-lock)`` — or off, and why."""
        if self._state == "off":
            return f"wake lock: off ({self._why})"
        if self._state == "held":
            return f"wake lock: held ({LOCK})"
        if self._state == "released":
            return f"wake lock: released ({UNLOCK})"
        return "wake lock: not taken yet"

    def available(self) -> tuple[bool, str]:
        """Whether a wake lock can be taken here, and why not."""
        if not under_termux(self._env):
            return False, "not running under Termux: the device's own settings keep it awake"
        if self._which(LOCK) is None or self._which(UNLOCK) is None:
            return False, f"{LOCK} not found (pkg install termux-tools)"
        return True, f"{LOCK} found"

    def acquire(self) -> None:
        """Start ``termux-wake-lock`` (not waited for); does nothing where it cannot."""
        with self._lock:
            if self._state != "idle":
                return
            ok, why = self.available()
            if not ok:
                self._state, self._why = "off", why
                return
            try:
                self._taking = subprocess.Popen([LOCK], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                                stderr=subprocess.DEVNULL, env=self._env)
            except OSError as err:
                self._state, self._why = "off", f"{LOCK} failed: {err}"
                return
            self._state = "held"
            atexit.register(self.release)

    def release(self) -> None:
        """Run ``termux-wake-unlock`` (waiting at most ``RELEASE_S``) if the lock was taken."""
        with self._lock:
            if self._state != "held":
                return
            self._state = "released"
            atexit.unregister(self.release)
            taking, self._taking = self._taking, None
        if taking is not None:
            _reap(taking, RELEASE_S)  # the lock first, or the unlock could come before it
        try:
            _reap(subprocess.Popen([UNLOCK], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=self._env), RELEASE_S)
        except OSError:
            pass  # nothing more to do: Termux drops the lock when its session ends

    def __enter__(self) -> WakeLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _reap(proc: subprocess.Popen[bytes], timeout_s: float) -> None:
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def termux_api_app(env: Mapping[str, str] | None = None, which: Which = shutil.which) -> tuple[bool, str]:
    """Whether the Termux:API app is installed (``pm list packages``), and a line saying so.

    Speech through ``termux-tts-speak`` needs it; the wake lock does not (termux-tools).
    """
    env = dict(os.environ if env is None else env)
    if which("pm") is None:
        return False, "cannot tell: no pm command"
    try:
        done = subprocess.run(["pm", "list", "packages", API_PACKAGE], capture_output=True, text=True,
                              timeout=CHECK_S, env=env, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as err:
        return False, f"cannot tell: pm failed ({err})"
    installed = any(line.strip() == f"package:{API_PACKAGE}" for line in done.stdout.splitlines())
    if installed:
        return True, f"installed ({API_PACKAGE})"
    return False, "not installed: get Termux:API from the same store as Termux, then pkg install termux-api"
