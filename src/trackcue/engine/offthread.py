"""A cue sink that hands cues to the real one on a worker thread, so the caller never waits on audio.

The player calls ``queue``/``cancel_from`` from the screen's thread; a slow or stuck audio output
(a device opening, a speech engine, a full pipe) must not freeze the countdown. Calls are kept in
order on a queue and replayed by one daemon thread. Cues are handed over ahead of their time, so
the hop costs nothing audible.

It also owns muting: while muted nothing reaches the real sink, but the cues still ahead are
remembered, so unmuting brings back the ones whose time has not come.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from trackcue.engine.clock import Clock
from trackcue.engine.sink import CueSink
from trackcue.timeline import Cue


@dataclass(frozen=True)
class _Queue:
    cue: Cue
    at_clock_t: float


@dataclass(frozen=True)
class _Cancel:
    clock_t: float


@dataclass(frozen=True)
class _Marker:
    """``drain``'s marker: the worker sets ``done`` when it reaches it."""

    done: threading.Event


class _Stop:
    pass


_STOP = _Stop()
_Call = _Queue | _Cancel | _Marker | _Stop  # one call to the real sink, or the worker's own business


class OffThreadSink:
    """Wraps ``inner`` (any ``CueSink``); ``queue``/``cancel_from`` return at once.

    ``clock`` is the player's clock (to forget cues whose time has passed). ``on_error`` is called
    on the worker thread with a short text if the real sink raises; the worker keeps going.
    """

    def __init__(self, inner: CueSink, clock: Clock, on_error: Callable[[str], None] | None = None) -> None:
        self.inner = inner
        self.clock = clock
        self.on_error = on_error
        self.muted = False
        self.errors = 0
        self.handed = 0  # calls the worker has passed to the real sink
        self._ahead: list[tuple[Cue, float]] = []  # cues queued whose time may not have come
        self._lock = threading.Lock()
        self._calls: queue.Queue[_Call] = queue.Queue()
        self._closed = False
        self._thread = threading.Thread(target=self._work, name="trackcue-cues", daemon=True)
        self._thread.start()

    # ----- the CueSink protocol (called from the player's thread) ------------------------------

    def queue(self, cue: Cue, at_clock_t: float) -> None:
        """Remember the cue and, unless muted, pass it on; never blocks."""
        with self._lock:
            self._forget_past()
            self._ahead.append((cue, at_clock_t))
            if not self.muted:
                self._put(_Queue(cue, at_clock_t))

    def cancel_from(self, clock_t: float) -> None:
        """Forget every cue due at or after ``clock_t``; never blocks."""
        with self._lock:
            self._ahead = [(c, t) for c, t in self._ahead if t < clock_t]
            self._put(_Cancel(clock_t))

    # ----- muting ------------------------------------------------------------------------------

    def set_muted(self, muted: bool) -> None:
        """Silence the cues (those already ahead included) or bring back the ones still to come."""
        with self._lock:
            if muted == self.muted:
                return
            self.muted = muted
            now = self.clock.now()
            self._forget_past()
            if muted:
                self._put(_Cancel(now))
            else:
                for cue, t in self._ahead:
                    if t >= now:
                        self._put(_Queue(cue, t))

    def toggle_mute(self) -> bool:
        """Mute when sounding, unmute when muted; return the new ``muted``."""
        self.set_muted(not self.muted)
        return self.muted

    # ----- lifetime ----------------------------------------------------------------------------

    def drain(self, timeout: float = 2.0) -> bool:
        """Wait until the worker has passed on every call so far; ``False`` if it did not in time."""
        done = threading.Event()
        self._calls.put(_Marker(done))
        return done.wait(timeout)

    def close(self, timeout: float = 1.0) -> None:
        """Stop the worker after the calls already made (waiting at most ``timeout``)."""
        if self._closed:
            return
        self._closed = True
        self._calls.put(_STOP)
        self._thread.join(timeout)

    def _put(self, call: _Queue | _Cancel) -> None:
        if not self._closed:
            self._calls.put(call)

    def _forget_past(self) -> None:
        # A cue stays remembered a little after its time: the player hands some over only just in time.
        now = self.clock.now()
        self._ahead = [(c, t) for c, t in self._ahead if t >= now - 1.0]

    def _work(self) -> None:
        while True:
            call = self._calls.get()
            if isinstance(call, _Stop):
                return
            if isinstance(call, _Marker):
                call.done.set()
                continue
            try:
                if isinstance(call, _Queue):
                    self.inner.queue(call.cue, call.at_clock_t)
                else:
                    self.inner.cancel_from(call.clock_t)
            except Exception as err:  # noqa: BLE001 — a broken output must not stop the cues after it
                self.errors += 1
                if self.on_error is not None:
                    self.on_error(f"{type(err).__name__}: {err}")
            self.handed += 1
