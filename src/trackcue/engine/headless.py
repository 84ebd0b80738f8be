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
            timeout = wait_seconds(player.clock, player.next_deadline(), CAP_S)
            try:
                line = lines.get(timeout=timeout) if timeout > 0 else lines.get_nowait()
            except queue.Empty:
                line = None
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
