"""The hands-free pieces of one session, started and stopped with it: buttons, ducking, wake lock.

The session opener builds a ``HandsFree`` with the session's clock and options; then

- ``start()`` before the get-ready, off the UI thread (it connects to the sound server): puts back
  a duck a killed trackcue left, takes the wake lock, starts the media buttons and the ducker;
- the output tells it every sound it places (``expect``/``cancel_from``: a ``PlayListener``), and
  the ducker lowers the music around them;
- the player's events (``on_event``) keep the media-player state right (playing, paused, the step);
- a button press reaches ``receive(command)``, set by the front end (``set_receiver``), on the
  buttons' thread: the front end posts it to the player's thread like a key;
- ``close()`` at the end, on an abort and on a stop signal: the music back, the lock released.

None of it raises into the session: what cannot work here is off, and ``notes`` says why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from trackcue.engine.clock import Clock
from trackcue.handsfree.buttons import PlaybackStatus, RemoteCommand
from trackcue.handsfree.duck import DEFAULT_DEPTH_DB, Ducker, DuckShape
from trackcue.handsfree.mpris import MediaButtons
from trackcue.handsfree.wakelock import WakeLock

Receiver = Callable[[RemoteCommand], None]
_STOPPED = ("finish", "abort", "interrupt")


@dataclass(frozen=True)
class HandsFreeOptions:
    """``duck_db``: how far other streams go down during cues (``None``: no ducking); ``buttons``: be
    an MPRIS player; ``wake_lock``: hold Termux's wake lock."""

    duck_db: float | None = DEFAULT_DEPTH_DB
    buttons: bool = True
    wake_lock: bool = True

    def __post_init__(self) -> None:
        if self.duck_db is not None:
            DuckShape(depth_db=self.duck_db)  # raises ValueError for a duck that does not lower


def playback_after(event: Mapping[str, object]) -> tuple[PlaybackStatus, str | None] | None:
    """The media-player state after a player event (status and the title to show); None: unchanged."""
    kind = event.get("event")
    if kind == "start":
        return "Playing", str(event.get("name") or "trackcue")
    if kind == "segment":
        return "Playing", str(event.get("label") or event.get("kind") or "")
    if kind == "pause":
        return "Paused", None
    if kind == "resume":
        return "Playing", None
    if kind in _STOPPED:
        return "Stopped", None
    return None


class HandsFree:
    """One session's hands-free pieces (see the module's docstring). Thread-safe."""

    def __init__(self, clock: Clock, options: HandsFreeOptions = HandsFreeOptions(), *,
                 buttons: MediaButtons | None = None, wake_lock: WakeLock | None = None) -> None:
        self.clock = clock
        self.options = options
        self.buttons = buttons or MediaButtons(self._received)
        self.wake_lock = wake_lock or WakeLock()
        self.ducker: Ducker | None = None
        self.duck_status = "ducking: off (--duck off)" if options.duck_db is None else "ducking: not started"
        self.restored: list[str] = []  # streams a killed trackcue had left lowered, put back at start
        self._receiver: Receiver | None = None
        self._title: str | None = None
        self._lock = threading.Lock()
        self._started = False
        self._closed = False

    # ----- start and end -------------------------------------------------------------------------

    def start(self) -> None:
        """Connect and take what the options ask for (slow: never on the UI thread or in the engine)."""
        with self._lock:
            if self._started or self._closed:
                return
            self._started = True
        from trackcue.handsfree.pulse_client import PulseUnavailable
        from trackcue.handsfree.pulse_volumes import PulseVolumes, restore_left_over

        if self.options.wake_lock:
            self.wake_lock.acquire()
        if self.options.buttons:
            self.buttons.start()
        if self.options.duck_db is None:
            self.restored = restore_left_over()  # a killed run's duck goes back even with --duck off
            return
        try:
            volumes = PulseVolumes(self.options.duck_db)
        except PulseUnavailable as why:
            self.duck_status = f"ducking: off ({why})"
            return
        self.restored = volumes.restored_left_over
        ducker = Ducker(volumes, self.clock, DuckShape(depth_db=self.options.duck_db))
        ducker.start()
        with self._lock:
            if self._closed:  # closed while connecting
                ducker.close()
                return
            self.ducker = ducker

    def close(self) -> None:
        """The music back, the buttons off the bus, the wake lock released. Safe twice."""
        with self._lock:
            self._closed = True
            ducker, self.ducker = self.ducker, None
        if ducker is not None:
            ducker.close()
            self.duck_status = ducker.status if ducker.state == "failed" else self.duck_status
        self.buttons.close()
        self.wake_lock.release()

    # ----- the sounds (a PlayListener for the output) -----------------------------------------------

    def expect(self, start: float, duration_s: float) -> None:
        """A sound will be heard from clock time ``start`` for ``duration_s`` real seconds."""
        ducker = self.ducker
        if ducker is not None:
            ducker.expect(start, duration_s)

    def cancel_from(self, t: float) -> None:
        """The sounds from clock time ``t`` on were cancelled."""
        ducker = self.ducker
        if ducker is not None:
            ducker.cancel_from(t)

    # ----- the player and the buttons ---------------------------------------------------------------

    def on_event(self, event: Mapping[str, object]) -> None:
        """Follow the player (its events, on its thread): never blocks."""
        after = playback_after(event)
        if after is None:
            return
        status, title = after
        if title is not None:
            self._title = title
        self.buttons.set_playback(status, self._title if status != "Stopped" else None)

    @property
    def takes_commands(self) -> bool:
        """Can button commands come now (the media buttons are on the bus)?"""
        return self.buttons.state == "on"

    def set_receiver(self, receiver: Receiver | None) -> None:
        """Where button commands go (called on the buttons' thread: post, never act there)."""
        self._receiver = receiver

    def _received(self, command: RemoteCommand) -> None:
        receiver = self._receiver
        if receiver is not None:
            receiver(command)

    # ----- what the runner is told ------------------------------------------------------------------

    @property
    def notes(self) -> list[str]:
        """What the runner should know after the run (music a killed run left lowered, put back)."""
        if not self.restored:
            return []
        return [f"ducking: put back {', '.join(self.restored)} (left lowered by a trackcue that was killed)"]
