"""The player with no screen: one JSON line per event on stdout, commands from stdin.

The loop waits on the command queue until the player's next deadline (or a short cap, so a
stall is seen), then calls ``update()``, which re-reads the clock: waiting, never counting.
With no stdin, or after EOF, it plays on to the end.
"""

from __future__ import annotations

import queue
import re
import signal
import threading
import time
from typing import Any, Callable, TextIO

from trackcue.engine.clock import wait_seconds
from trackcue.engine.events import to_line
from trackcue.engine.player import FINISHED, Player

COMMANDS = ("lap", "pause", "resume", "skip", "back", "+10", "-10", "finish", "quit")
_ACTIONS: dict[str, Callable[[Player], Any]] = {
    "lap": Player.lap, "pause": Player.pause, "resume": Player.resume, "toggle": Player.toggle_pause,
    "skip": Player.skip, "back": Player.back, "finish": Player.finish, "quit": Player.abort,
}
_ADJUST = re.compile(r"^([+-])\s*(\d+(?:\.\d+)?)\s*s?$")
CAP_S = 0.25  # the longest real wait between updates: well under the 1 s stall threshold
EARLY_S = 0.005  # wake this much (real time) before an event and watch the clock for it


def apply_command(player: Player, line: str) -> bool:
    """Run one command line on ``player``; ``False`` if the command is unknown (blank lines are fine)."""
    word = line.strip().lower()
    if not word:
        return True
    if word in _ACTIONS:
        _ACTIONS[word](player)
        return True
    m = _ADJUST.match(word)
    if m:
        player.adjust(float(m.group(2)) * (1 if m.group(1) == "+" else -1))
        return True
    return False


def _read_lines(stream: TextIO, lines: queue.Queue) -> None:
    try:
        for line in stream:
            lines.put(line)
    except (OSError, ValueError):  # stdin closed under us: play on without commands
        pass


def run_headless(
    player: Player,
    commands: TextIO | None,
    out: TextIO,
    err: TextIO,
    begin: Callable[[], None] | None = None,
) -> int:
    """Play to the end, printing each event as a flushed JSON line; return the exit code.

    ``begin`` starts the player (default ``player.start``; ``trackcue resume`` passes a
    ``resume_from``). An interruption (Ctrl-C, SIGTERM, a closed stdout) records an abort first.
    """
    forward = player.on_event
    closing = False

    def emit(event: dict[str, Any]) -> None:
        try:
            out.write(to_line(event) + "\n")
            out.flush()
        except (OSError, ValueError):  # stdout gone: fatal while playing, ignored once aborting
            if not closing:
                raise
        if forward is not None:
            forward(event)

    player.on_event = emit
    lines: queue.Queue = queue.Queue()
    if commands is not None and not getattr(commands, "closed", False):
        threading.Thread(target=_read_lines, args=(commands, lines), daemon=True, name="stdin").start()
    restore = _sigterm_raises_interrupt()
    try:
        (begin or player.start)()
        while player.state != FINISHED:
            line = _wait(player, lines)
            player.update()
            if line is not None and not apply_command(player, line):
                err.write(f"trackcue: unknown command {line.strip()!r} (hint: one of {', '.join(COMMANDS)})\n")
                err.flush()
    finally:
        restore()
        if player.state != FINISHED:
            closing = True
            player.abort()
    return 0


def _wait(player: Player, lines: queue.Queue) -> str | None:
    """Sleep until the next deadline or a command; spin the last ``EARLY_S`` before an event.

    A busy machine wakes a sleeping thread a few ms late (the scheduler's slice), so the loop
    wakes early and re-reads the clock until the moment comes: about 0.5 % of a core per cue a second.
    """
    clock = player.clock
    due = player.next_due()
    early = EARLY_S * clock.speed
    if due is not None and due - clock.now() <= early:
        while clock.now() < due:
            time.sleep(0)  # gives up the GIL each turn: the audio callback thread must never wait for it
        return _take(lines, 0.0)
    deadline = player.next_deadline()
    if due is not None:
        deadline = min(deadline, due - early) if deadline is not None else due - early
    return _take(lines, wait_seconds(clock, deadline, CAP_S))


def _take(lines: queue.Queue, timeout: float) -> str | None:
    try:
        return lines.get(timeout=timeout) if timeout > 0 else lines.get_nowait()
    except queue.Empty:
        return None


def _sigterm_raises_interrupt() -> Callable[[], None]:
    """Turn SIGTERM into KeyboardInterrupt so a killed session still records its abort."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        return lambda: None

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except (ValueError, OSError):
        return lambda: None
    return lambda: signal.signal(signal.SIGTERM, previous)
