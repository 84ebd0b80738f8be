"""``--plain``: the workout as one line of text per event, for screen readers and Braille displays.

No Textual, no box drawing, no colours, no redraws and no cursor movement: each line is printed
once, in order, and stays. What the lines say comes from the same words as the track screen
(``trackcue.phrases``). Keys are single letters, as on the track screen (``KEYS``); with a
terminal they act at once, without Enter; from a pipe, one per line (headless command words too).

``PlainText`` turns player events into lines (pure); ``PlainFrontend`` writes them and reads the
keys in the headless loop (``trackcue.session.headless``); ``run_plain`` plays a session so.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from trackcue.engine.laps import Lap, lap_label, lap_verdict
from trackcue.hearing import Hearing
from trackcue.phrases import counted, describe_step, format_clock, format_diff
from trackcue.session.headless import END, Inbox, apply_command, read_lines, run_headless, say
from trackcue.session.live import LiveSession
from trackcue.session.protocols import Event
from trackcue.timeline import Segment, Timeline
from trackcue.tui.view import say_where, sound_banner

# key → headless command (trackcue.engine.headless) or a plain-mode action ("say", "help", "mute").
KEYS = {
    "l": "lap", "\n": "lap", "\r": "lap", " ": "toggle", "n": "skip", "b": "back", "+": "+10", "=": "+10",
    "-": "-10", "_": "-10", "s": "say", "m": "mute", "q": "quit", "?": "help", "h": "help",
}
KEY_HELP = ("Keys: l or Enter lap, space pause or resume, n next step, b back, + or - 10 seconds, "
            "s say where you are, m mute, q quit, ? these keys.")
QUIT_QUESTION = "Stop the workout? y stops it (what you ran is kept), n carries on."


# Spoken cues whose news another line gives: the step's line (announcements, go), the lap's and
# the say key's own lines, and the finish line ("Done: 24:10, 8 laps. Well done.").
_SAID_BY_OTHER_LINES = ("announce", "get_ready", "go", "lap", "where", "finish")


class PlainText:
    """The lines for each event of a session on ``timeline`` (``units``: how paces are shown)."""

    def __init__(self, timeline: Timeline, units: str = "metric") -> None:
        self.timeline = timeline
        self.units = units
        self.writers: dict[str, Callable[[Event], list[str]]] = {
            "start": self._start, "segment": self._segment, "cue": self._cue, "lap": self._lap,
            "pause": self._pause, "resume": self._resume, "skip": self._skip, "back": self._back,
            "adjust": self._adjust, "finish": self._finish, "abort": self._abort, "interrupt": self._interrupt,
            "stall": self._stall,
        }  # one per kind of engine.events.EVENT_KINDS

    def opening(self, hearing: Hearing | None) -> list[str]:
        """Before the start: the workout, what will be heard (and how to fix it), the keys."""
        tl = self.timeline
        banner = sound_banner(hearing)
        lines = [f"{tl.name}: {format_clock(tl.total_s)} planned, {counted(len(tl.segments), 'step')}."]
        if banner is not None:
            lines.append(banner.forms[0] + ("" if banner.forms[0].endswith(".") else "."))
        lines.append(KEY_HELP)
        return lines

    def lines(self, event: Event) -> list[str]:
        """What to print for one player event (docs/events.md); often one line, sometimes none."""
        return self.writers[event["event"]](event)

    # ----- one method per event kind -------------------------------------------------------------

    def _start(self, e: Event) -> list[str]:
        first = self._segment_at(e.get("resumed_from") or 0)
        ready = f"Get ready: {describe_step(first, self.units)} in {format_clock(e['get_ready_s'])}."
        if e.get("resumed_from") is not None:
            return [f"Resuming at step {e['resumed_from'] + 1}, {counted(e['laps'], 'lap')} kept. {ready}"]
        return [ready]

    def _segment(self, e: Event) -> list[str]:
        seg = self._segment_at(e["index"])
        step = describe_step(seg, self.units)
        if seg.intensity == "work" and seg.rep:
            where = f"Set {seg.set} of {seg.sets}, rep" if seg.set else "Rep"
            step = f"{where} {seg.rep} of {seg.reps}: {step}"
        after = e["index"] + 1
        following = (f" Next: {describe_step(self.timeline.segments[after], self.units)}."
                     if after < len(self.timeline.segments) else " Last step.")
        ends = " Press l at the end." if seg.ends == "lap" else ""
        return [f"{format_clock(max(0.0, e['t_s']))} {step}.{ends}{following}"]

    def _cue(self, e: Event) -> list[str]:
        if e.get("skipped"):
            return []
        if e["kind"] == "target":
            seg = self._segment_at(e["segment"])
            if seg.ends != "lap":
                return []  # --auto-lap: the step ends on its target by itself; the next line says so
            return [f"Target passed: {format_clock(seg.target_s or 0)}. Press l when you finish."]
        if e["kind"] == "announce" and e.get("sound") == "last_rep" and e.get("text"):
            # "Last rep." — its first sentence; the step's own line that follows says the rest.
            return [_sentence(re.split(r"(?<=[.!?])\s", str(e["text"]), maxsplit=1)[0])]
        if e["type"] == "speech" and e.get("text") and e["kind"] not in _SAID_BY_OTHER_LINES:
            return [_sentence(e["text"])]  # halfway, to go, splits, a coach's own words
        return []  # pips, go and announcements: the step's own line says it when it starts

    def _lap(self, e: Event) -> list[str]:
        lap = Lap.from_dict(e)
        label = lap_label(lap)
        if lap.target_s is None:
            return [f"Lap, {label}: {format_clock(lap.lap_s, tenths=True)}."]
        verdict = lap_verdict(lap)
        diff = format_diff(lap.split_s, lap.target_s)
        judged = "on target" if verdict == "even" else f"{diff} {verdict}"
        return [f"Lap, {label}: {format_clock(lap.split_s, tenths=True)}, target "
                f"{format_clock(lap.target_s, tenths=True)}, {judged}."]

    def _pause(self, e: Event) -> list[str]:
        return [f"Paused at {format_clock(max(0.0, e['t_s']))}. Space resumes."]

    def _resume(self, e: Event) -> list[str]:
        return [f"Resumed after {format_clock(e['paused_s'])}."]

    def _skip(self, e: Event) -> list[str]:
        return ["Skipped to the next step." if e.get("to") is not None else "Skipped the last step."]

    def _back(self, e: Event) -> list[str]:
        return ["Step restarted." if e.get("restart") else "Back to the step before."]

    def _adjust(self, e: Event) -> list[str]:
        sign = "longer" if e["delta_s"] > 0 else "shorter"
        return [f"{abs(e['delta_s']):.0f} seconds {sign}: this step is now {format_clock(e['duration_s'])}."]

    def _finish(self, e: Event) -> list[str]:
        return [f"Done: {format_clock(e['elapsed_s'])}, {counted(e['laps'], 'lap')}. Well done."]

    def _abort(self, e: Event) -> list[str]:
        return [f"Stopped at {format_clock(e['elapsed_s'])}, {counted(e['laps'], 'lap')} kept."]

    def _interrupt(self, e: Event) -> list[str]:
        return [f"Interrupted ({e['reason']}) at {format_clock(e['elapsed_s'])}, {counted(e['laps'], 'lap')} kept: "
                "trackcue resume carries on from here."]

    def _stall(self, e: Event) -> list[str]:
        return [f"The timer was held up for {e['gap_s']:.1f} seconds; it has caught up."]

    def _segment_at(self, index: int) -> Segment:
        return self.timeline.segments[index]


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def key_command(key: str) -> str | None:
    """The command a key (or a typed line) stands for; ``None`` if it stands for none."""
    if key in KEYS:
        return KEYS[key]
    word = key.strip().lower()
    return KEYS.get(word, word or None) if len(word) <= 1 else word


def every_line(writer: PlainText, events: Sequence[Event]) -> list[str]:
    """The lines of ``events`` in order (a whole session, for tests and transcripts)."""
    return [line for e in events for line in writer.lines(e)]


class PlainFrontend:
    """The ``--plain`` front end: ``PlainText`` lines on ``out``, single keys (or lines) in.

    Lines come from two threads (saved events from the recorder's, answers to keys from the
    loop's): one lock keeps each line whole.
    """

    def __init__(self, text: PlainText, out: TextIO, err: TextIO) -> None:
        self.text = text
        self.out = out
        self.err = err
        self.broken = False
        self.asking = False  # the quit question is waiting for y or n
        self._lock = threading.Lock()

    def write(self, lines: Sequence[str]) -> None:
        if self.broken or not lines:
            return
        with self._lock:
            try:
                self.out.write("".join(f"{line}\n" for line in lines))
                self.out.flush()
            except (OSError, ValueError):  # the reader went away: the loop aborts the run
                self.broken = True

    def saved(self, events: Sequence[Event]) -> None:
        self.write(every_line(self.text, events))

    def started(self, session: LiveSession) -> None:
        self.write(self.text.opening(session.hearing()))

    def command(self, session: LiveSession, text: str) -> bool:
        if self.asking:
            self.asking = False
            if text.strip().lower() in ("y", "yes"):
                session.abort()
            else:
                self.write(["Carrying on."])
            return True
        command = key_command(text)
        if command is None:
            return True  # a blank line, or a key that means nothing: nothing to say
        if command == "say":
            self.say_where(session)
        elif command == "help":
            self.write([KEY_HELP])
        elif command == "mute":
            self.write(["Muted." if session.toggle_mute() else "Sound on."])
        elif command == "quit":
            self.asking = True
            self.write([QUIT_QUESTION])
        elif not apply_command(session.player, command):
            self.write([f"{text.strip()!r} is not a key here. {KEY_HELP}"])
            return False
        return True

    def say_where(self, session: LiveSession) -> None:
        """``Rep 3 of 8 · 1:12 left`` printed, and said through the cues' sound."""
        self.write([say_where(session.player)])

    def read(self, stream: TextIO, inbox: Inbox) -> None:
        """Keys as they are pressed from a terminal (``run_plain`` set it so), else lines."""
        if not _is_terminal(stream):
            read_lines(stream, inbox)
            return
        fd = stream.fileno()
        while True:
            try:
                data = os.read(fd, 64)
            except OSError:
                break
            if not data or b"\x04" in data:  # Ctrl-D: no more keys
                break
            for char in data.decode(errors="ignore"):
                inbox.put(char)
        inbox.put(END)


def run_plain(session: LiveSession, units: str, keys: TextIO | None = None, out: TextIO | None = None,
              err: TextIO | None = None) -> int:
    """Play ``session`` as plain lines (``--plain``); the exit code, as ``run_headless``'s.

    From a terminal each key acts at once (no Enter, no echo), restored when the run ends.
    """
    keys = keys if keys is not None else sys.stdin
    out = out or sys.stdout
    err = err or sys.stderr
    front = PlainFrontend(PlainText(session.timeline, units), out, err)
    with _keys_at_once(keys):
        code = run_headless(session, keys, out, err, front)
    front.write([f"{session.saved_line().capitalize()}."])
    return code


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


@contextmanager
def _keys_at_once(stream: TextIO) -> Iterator[None]:
    """A terminal hands over each key as it is pressed, without echo (restored after); else nothing."""
    try:
        import termios
        import tty
    except ImportError:  # Windows: keys come a line at a time, Enter after each
        yield
        return
    if not _is_terminal(stream):
        yield
        return
    fd = stream.fileno()
    before = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, before)
