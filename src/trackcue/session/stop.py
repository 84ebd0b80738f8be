"""SIGHUP and SIGTERM end trackcue cleanly at every stage, start-up included.

``StopGuard`` is entered by the command line before anything is loaded. A stop signal then:

- raises ``Stopped`` on the main thread (loading a workout, preparing speech headless, the
  headless loop), whose ``finally`` blocks record the session as interrupted and close it;
- or, while an event loop owns the main thread (the screen), calls the handler given to
  ``route`` instead, which asks the app to stop from inside its loop;
- and in every case starts a watchdog: if trackcue has not exited ``GRACE_S`` seconds later (a
  dead terminal can hang a UI's shutdown), it closes the recorders it was given (bounded) and
  exits with ``128 + signal``. A second signal meanwhile changes nothing.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = ("SIGHUP", "SIGTERM")
GRACE_S = 5.0  # from the signal to a forced exit, if the normal way out is stuck
FINAL_S = 3.0  # of which the forced exit gives the recorder at most this long


class Stopped(Exception):
    """A stop signal arrived; ``exit_code`` is 128 + its number, ``name`` e.g. ``SIGTERM``."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(f"stopped by {self.name}")

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class StopGuard:
    """Handles SIGHUP/SIGTERM while entered (main thread only; elsewhere it does nothing)."""

    def __init__(self, grace_s: float = GRACE_S) -> None:
        self.grace_s = grace_s
        self.signum: int | None = None
        self._route: Callable[[int], None] | None = None
        self._finalizers: list[Callable[[str, float], object]] = []
        self._previous: dict[int, object] = {}

    def __enter__(self) -> StopGuard:
        if threading.current_thread() is not threading.main_thread():
            return self
        present = {s.name: s for s in signal.Signals}
        for name in STOP_SIGNALS:
            signum = present.get(name)
            if signum is None:
                continue  # Windows has no SIGHUP
            try:
                self._previous[signum] = signal.signal(signum, self._handle)
            except (OSError, ValueError):
                continue
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self._previous.items():
            try:
                signal.signal(signum, previous)  # type: ignore[arg-type]
            except (OSError, ValueError, TypeError):
                pass
        self._previous.clear()

    @property
    def stopped(self) -> Stopped | None:
        """The stop that arrived, if one did."""
        return None if self.signum is None else Stopped(self.signum)

    def on_forced_exit(self, finalizer: Callable[[str, float], object]) -> None:
        """Have the watchdog call ``finalizer(signal_name, timeout_s)`` before it forces the exit.

        ``LiveSession.close_for_exit`` is one: the session recorded as interrupted, its recorder closed.
        """
        self._finalizers.append(finalizer)

    @contextmanager
    def route(self, handler: Callable[[int], None]) -> Iterator[None]:
        """While inside, a stop signal calls ``handler(signum)`` instead of raising ``Stopped``.

        The handler runs in signal context on the main thread: it may only set flags and use
        ``loop.call_soon_threadsafe``. A signal that came before is handed over at once.
        """
        self._route = handler
        try:
            if self.signum is not None:
                handler(self.signum)
            yield
        finally:
            self._route = None

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None:
            return  # already stopping: let the first stop finish its work
        self.signum = signum
        threading.Thread(target=self._watchdog, name="trackcue-stop", daemon=True).start()
        route = self._route
        if route is not None:
            route(signum)
            return
        raise Stopped(signum)

    def _watchdog(self) -> None:
        threading.Event().wait(self.grace_s)
        name = signal.Signals(self.signum or signal.SIGTERM).name
        for finalizer in self._finalizers:
            try:
                finalizer(name, FINAL_S)
            except Exception:  # noqa: BLE001 — the exit must happen whatever a finalizer does
                pass
        os._exit(128 + (self.signum or 0))
