"""``trackcue run FILE``: play a workout — the player screen, or ``--headless`` JSON lines.

The engine, audio and TUI are imported inside ``run`` so other commands start fast.
``build_sink`` is the one place the audio output is chosen.
"""

from __future__ import annotations

import argparse
import sys

from trackcue.cli._common import add_set_option, overrides
from trackcue.errors import UserError

ORDER = 10


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run", help="play a workout (the player screen, or JSON lines with --headless)",
        description="Play a workout: a get-ready countdown, then every step with its cues.",
    )
    p.add_argument("workout", metavar="FILE", help="a workout file or a library name")
    add_play_options(p)
    add_set_option(p)
    p.set_defaults(func=run)


def add_play_options(p: argparse.ArgumentParser) -> None:
    """How a workout is played: shared by ``run`` and ``resume``."""
    p.add_argument("--headless", action="store_true",
                   help="no screen: one JSON line per event on stdout; commands on stdin "
                        "(lap, pause, resume, skip, back, +10, -10, finish, quit)")
    p.add_argument("--audio", default="auto", metavar="OUTPUT", help="where cues sound (default auto; null: silent)")
    p.add_argument("--speed", default="1", metavar="N", help="play N times faster, for demos and tests")
    p.add_argument("--get-ready", dest="get_ready", metavar="S", help="the countdown before the first step (default 10s)")
    p.add_argument("--latency", metavar="MS", help="the audio output's latency in milliseconds, if known better")
    p.add_argument("--db", metavar="PATH", help="record history here (default: $TRACKCUE_DB, else the user data directory)")
    p.add_argument("--auto-lap", dest="auto_lap", action="store_true",
                   help="end lap-ended steps at their target time, for runs where nobody presses lap")
    p.add_argument("--speech", default="auto", metavar="ENGINE",
                   help="who speaks: auto, espeak, say, pyttsx3, termux or none (default auto)")
    p.add_argument("--voice", metavar="VOICE", help="the speech engine's voice (e.g. en-gb for espeak)")
    p.add_argument("--rate", metavar="WPM", help="speech rate in words per minute")


def run(args: argparse.Namespace) -> int:
    """Play the workout; the screen unless ``--headless``."""
    if not args.headless:
        return _open_player_screen(args)
    from trackcue.engine.headless import run_headless
    from trackcue.engine.player import Player
    from trackcue.history.recorder import Recorder, print_notice

    timeline = load_timeline(args)
    clock = build_clock(args)
    sink = build_sink(args, clock, timeline)
    try:
        timeline = prepare_sound(sink, timeline)
        with Recorder(args.db, notify=print_notice) as recorder:  # every event committed as it happens
            player = Player(timeline, clock, sink, get_ready_s=get_ready_s(args), on_event=recorder.record)
            return run_headless(player, sys.stdin, sys.stdout, sys.stderr)
    finally:
        close = getattr(sink, "close", None)
        if close is not None:
            close()
        from trackcue.soundtrack.live import LiveSoundtrack

        if isinstance(sink, LiveSoundtrack):  # what changed during the run: an engine dropped, underruns
            for note in sink.new_notes():
                print(f"trackcue: {note}", file=sys.stderr, flush=True)


def prepare_sound(sink, timeline):
    """Pre-render speech before the start (saying so on stderr); return the timeline to play."""
    prepare = getattr(sink, "prepare", None)
    if prepare is None:
        return timeline
    played = prepare(None)
    said = " · ".join(part for part in (sink.status, sink.speech_status) if part)
    print(f"trackcue: {said}", file=sys.stderr, flush=True)
    return played


def _open_player_screen(args: argparse.Namespace) -> int:
    try:
        from trackcue.tui.app import run_player
    except ModuleNotFoundError as err:
        if not (err.name or "").startswith("trackcue.tui"):
            raise
        raise UserError("the player screen is not installed yet", hint="use --headless") from None
    return run_player(args)


def load_timeline(args: argparse.Namespace):
    """Compile ``args.workout`` (a path or a library name) with the ``--set`` values."""
    try:
        from trackcue.workout import compile_file
    except ModuleNotFoundError as err:
        if not (err.name or "").startswith("trackcue.workout"):
            raise
        raise UserError("the workout compiler is not installed", hint="reinstall trackcue") from None
    return compile_file(args.workout, overrides(args), get_ready_s=get_ready_s(args),
                        auto_lap=getattr(args, "auto_lap", False))


def build_clock(args: argparse.Namespace):
    """The real clock, or a scaled one with ``--speed N``."""
    from trackcue.engine.clock import RealClock, ScaledClock

    speed = _number(args.speed, "--speed", "write e.g. --speed 10")
    if speed <= 0:
        raise UserError(f"--speed must be more than zero, got {args.speed}", hint="write e.g. --speed 10")
    return RealClock() if speed == 1 else ScaledClock(RealClock(), speed)


def build_sink(args: argparse.Namespace, clock, timeline=None, log=None):
    """Where the player's cues go, from ``--audio``, ``--speech``, ``--voice``, ``--rate``, ``--latency``.

    ``null`` plays nothing (the cue events still come at their exact times); anything else opens
    one output stream and, once ``prepare`` has run, places every cue on it sample-accurately.
    ``log`` receives one-line notices (audio choice, failover, speech off); default: stderr.
    """
    from trackcue.engine.sink import NullSink

    latency_ms = None if args.latency is None else _number(args.latency, "--latency", "write e.g. --latency 40")
    if latency_ms is not None and latency_ms < 0:
        raise UserError(f"--latency cannot be negative, got {args.latency}", hint="write e.g. --latency 40")
    wpm = None
    if getattr(args, "rate", None) is not None:
        wpm = int(_number(args.rate, "--rate", "write words per minute, e.g. --rate 180"))
        if not 80 <= wpm <= 450:
            raise UserError(f"--rate {args.rate} is out of range", hint="use 80 to 450 words per minute")
    if args.audio == "null" or timeline is None:
        return NullSink()
    from trackcue.soundtrack.live import LiveSoundtrack

    def to_stderr(message: str) -> None:
        print(f"trackcue: {message}", file=sys.stderr, flush=True)

    return LiveSoundtrack(timeline, clock, args.audio, getattr(args, "speech", "auto"), getattr(args, "voice", None),
                          wpm, None if latency_ms is None else latency_ms / 1000, log or to_stderr)


def get_ready_s(args: argparse.Namespace) -> float | None:
    """``--get-ready`` in seconds (0 allowed), or ``None`` for the workout's own."""
    if args.get_ready is None:
        return None
    from trackcue.units import UnitError, parse_duration

    text = str(args.get_ready).strip()
    try:
        value = float(text)
    except ValueError:
        try:
            value = parse_duration(text)
        except UnitError as err:
            raise UserError(f"--get-ready: {err.message}", hint="write e.g. --get-ready 10s or 0") from None
    if value < 0:
        raise UserError(f"--get-ready cannot be negative, got {text}", hint="write e.g. --get-ready 10s or 0")
    return value


def _number(text: str, option: str, hint: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise UserError(f"{option} needs a number, got {text!r}", hint=hint) from None
