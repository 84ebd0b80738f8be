"""A session with no screen: one JSON line per event on stdout, commands from stdin.

Each line is printed once its event is committed to history (the recorder's thread prints it),
so a line on stdout is an event on disk. The loop waits on one queue — commands from stdin's
reader thread and from a headset's buttons (``handsfree``) — until the player's next deadline (or
a short cap, so a stall is seen), then calls ``update()``, which re-reads the clock: waiting,
never counting.

The end of stdin means "no more commands": the workout plays on while it can by itself and ends
as aborted (recorded, said on stderr) as soon as it would need one — a lap-ended step with no
``--auto-lap``, or a pause — unless a headset's buttons can still send one. Ctrl-C and a closed
stdout abort too; SIGHUP/SIGTERM (``Stopped``) record the session as interrupted.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from trackcue.engine.clock import wait_seconds
from trackcue.engine.events import to_line
from trackcue.engine.player import FINISHED, PAUSED, WAITING, Player
from trackcue.session.live import LiveSession
from trackcue.session.protocols import Event
from trackcue.session.stop import Stopped

COMMANDS = ("lap", "pause", "resume", "skip", "back", "+10", "-10", "finish", "quit")
_ACTIONS: dict[str, Callable[[Player], Any]] = {
    "lap": Player.lap, "pause": Player.pause, "resume": Player.resume, "toggle": Player.toggle_pause,
    "skip": Player.skip, "back": Player.back, "finish": Player.finish, "quit": Player.abort,
}
_ADJUST = re.compile(r"^([+-])\s*(\d+(?:\.\d+)?)\s*s?$")
CAP_S = 0.25  # the longest real wait between updates: well under the 1 s stall threshold
EARLY_S = 0.005  # wake this much (real time) before an event and watch the clock for it


class _EndOfInput:
    """What the stdin reader puts last: no command will come any more."""


_EOF = _EndOfInput()


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


def needs_a_command(player: Player) -> bool:
    """Would the workout wait for input from here (a lap-ended step, a pause)?"""
    return player.state in (WAITING, PAUSED)


class _Printer:
    """Prints saved events as JSON lines; remembers a stdout that has gone away."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.broken = False

    def __call__(self, events: Sequence[Event]) -> None:
        if self.broken:
            return
        try:
            self.out.write("".join(to_line(e) + "\n" for e in events))
            self.out.flush()
        except (OSError, ValueError):  # stdout closed: the loop aborts the run
            self.broken = True


def run_headless(session: LiveSession, commands: TextIO | None, out: TextIO, err: TextIO) -> int:
    """Prepare the sound, play to the end printing each saved event, close; return the exit code.

    Raises what ``prepare`` raises (a ``UserError`` before the start) and ``Stopped`` after the
    session is recorded as interrupted; ``KeyboardInterrupt`` records an abort and returns 130.
    """
    printer = _Printer(out)
    session.listen(printer)
    player = session.player
    code = 0
    try:
        session.prepare()
        _say(err, " · ".join(p for p in (session.sound.status, session.sound.speech_status) if p)
             if session.sound is not None else "")
        inbox: queue.Queue[str | _EndOfInput] = queue.Queue()
        session.handsfree.set_receiver(inbox.put)  # a headset's button: the same words as stdin's
        if commands is not None and not commands.closed:
            threading.Thread(target=_read_lines, args=(commands, inbox), daemon=True, name="stdin").start()
        else:
            inbox.put(_EOF)
        session.begin()
        no_more = False
        while player.state != FINISHED:
            item = _wait(player, inbox)
            player.update()
            if isinstance(item, _EndOfInput):
                no_more = True
            elif item is not None and not apply_command(player, item):
                _say(err, f"unknown command {item.strip()!r} (hint: one of {', '.join(COMMANDS)})")
            if printer.broken:
                session.abort()
            elif no_more and needs_a_command(player) and not session.handsfree.takes_commands:
                why = "waiting for a lap" if player.state == WAITING else "paused"
                session.abort()
                _say(err, f"end of input while {why}: the session is recorded as aborted "
                          "(hint: --auto-lap ends lap-ended steps at their target)")
    except KeyboardInterrupt:
        code = 130
    except Stopped as stop:
        session.interrupt(stop.name)
        raise
    finally:
        session.finish_recording()  # an unfinished run (Ctrl-C, an error) is recorded as aborted
        session.close()
        for note in session.late_notes():
            _say(err, note)
    return code


def _say(err: TextIO, message: str) -> None:
    if not message:
        return
    try:
        err.write(f"trackcue: {message}\n")
        err.flush()
    except (OSError, ValueError):
        pass


def _read_lines(stream: TextIO, inbox: queue.Queue[str | _EndOfInput]) -> None:
    try:
        for line in stream:
            inbox.put(line)
    except (OSError, ValueError):  # stdin closed under us: the same as its end
        pass
    inbox.put(_EOF)


def _wait(player: Player, inbox: queue.Queue[str | _EndOfInput]) -> str | _EndOfInput | None:
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
        return _take(inbox, 0.0)
    deadline = player.next_deadline()
    if due is not None:
        deadline = min(deadline, due - early) if deadline is not None else due - early
    return _take(inbox, wait_seconds(clock, deadline, CAP_S))


def _take(inbox: queue.Queue[str | _EndOfInput], timeout: float) -> str | _EndOfInput | None:
    try:
        return inbox.get(timeout=timeout) if timeout > 0 else inbox.get_nowait()
    except queue.Empty:
        return None
