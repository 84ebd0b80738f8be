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

The same loop serves ``--plain`` (``trackcue.tui.plain``): a ``Frontend`` says how saved events
are written, what an input does and how input is read; ``JsonLines`` is the headless one.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TextIO

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


END = _EndOfInput()  # the last thing an input reader puts: no command will come any more


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


Inbox = queue.Queue["str | _EndOfInput"]  # what the input reader hands the loop, in order


class Frontend(Protocol):
    """How a text front end writes a session and takes its input (``JsonLines``, ``PlainText``)."""

    @property
    def broken(self) -> bool:
        """True once the output has gone away (the loop then aborts the run)."""
        ...

    def saved(self, events: Sequence[Event]) -> None:
        """Write events once saved (called on the recorder's thread)."""
        ...

    def started(self, session: LiveSession) -> None:
        """The sound is ready and the countdown about to begin: say what will be heard."""
        ...

    def command(self, session: LiveSession, text: str) -> bool:
        """Act on one input (a line, or a key); ``False`` if it means nothing."""
        ...

    def read(self, stream: TextIO, inbox: Inbox) -> None:
        """Put each input from ``stream`` into ``inbox`` (on a thread of its own), then ``END``."""
        ...


class JsonLines:
    """The headless front end: saved events as JSON lines on ``out``, command words from stdin."""

    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out = out
        self.err = err
        self.broken = False

    def saved(self, events: Sequence[Event]) -> None:
        if self.broken:
            return
        try:
            self.out.write("".join(to_line(e) + "\n" for e in events))
            self.out.flush()
        except (OSError, ValueError):  # stdout closed: the loop aborts the run
            self.broken = True

    def started(self, session: LiveSession) -> None:
        _say(self.err, " · ".join(p for p in (session.sound.status, session.sound.speech_status) if p)
             if session.sound is not None else "")

    def command(self, session: LiveSession, text: str) -> bool:
        if apply_command(session.player, text):
            return True
        _say(self.err, f"unknown command {text.strip()!r} (hint: one of {', '.join(COMMANDS)})")
        return False

    def read(self, stream: TextIO, inbox: Inbox) -> None:
        read_lines(stream, inbox)


def run_headless(session: LiveSession, commands: TextIO | None, out: TextIO, err: TextIO,
                 frontend: Frontend | None = None) -> int:
    """Prepare the sound, play to the end writing each saved event, close; return the exit code.

    ``frontend`` writes and reads (default: ``JsonLines`` on ``out``). Raises what ``prepare``
    raises (a ``UserError`` before the start) and ``Stopped`` after the session is recorded as
    interrupted; ``KeyboardInterrupt`` records an abort and returns 130.
    """
    front = frontend if frontend is not None else JsonLines(out, err)
    session.listen(front.saved)
    player = session.player
    code = 0
    try:
        session.prepare()
        front.started(session)
        inbox: Inbox = queue.Queue()
        session.handsfree.set_receiver(inbox.put)  # a headset's button: the same words as stdin's
        if commands is not None and not commands.closed:
            threading.Thread(target=front.read, args=(commands, inbox), daemon=True, name="stdin").start()
        else:
            inbox.put(END)
        session.begin()
        no_more = False
        while player.state != FINISHED:
            item = _wait(player, inbox)
            player.update()
            if isinstance(item, _EndOfInput):
                no_more = True
            elif item is not None:
                front.command(session, item)
            if front.broken:
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


def say(err: TextIO, message: str) -> None:
    """``trackcue: message`` on ``err`` (nothing if it is gone)."""
    _say(err, message)


def _say(err: TextIO, message: str) -> None:
    if not message:
        return
    try:
        err.write(f"trackcue: {message}\n")
        err.flush()
    except (OSError, ValueError):
        pass


def read_lines(stream: TextIO, inbox: Inbox) -> None:
    """Each line of ``stream`` into ``inbox``, then ``END`` (a closed stream is the same as its end)."""
    try:
        for line in stream:
            inbox.put(line)
    except (OSError, ValueError):  # stdin closed under us: the same as its end
        pass
    inbox.put(END)


def _wait(player: Player, inbox: Inbox) -> str | _EndOfInput | None:
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


def _take(inbox: Inbox, timeout: float) -> str | _EndOfInput | None:
    try:
        return inbox.get(timeout=timeout) if timeout > 0 else inbox.get_nowait()
    except queue.Empty:
        return None
