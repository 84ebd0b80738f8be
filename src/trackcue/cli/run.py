"""``trackcue run FILE``: play a workout — the player screen, or ``--headless`` JSON lines.

The flags become one ``PlayOptions`` here (``play_options``); everything after that is the
session's (``trackcue.session``). The engine, audio and TUI are imported inside ``run`` so other
commands start fast.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from trackcue.cli._common import add_set_option, duck_db, number, overrides
from trackcue.errors import UserError

if TYPE_CHECKING:
    from trackcue.session.options import PlayOptions
    from trackcue.session.resume import ResumePoint
    from trackcue.session.stop import StopGuard
    from trackcue.timeline import Timeline

ORDER = 10


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    p.add_argument("--plain", action="store_true",
                   help="no screen drawing: one line of text per event, for screen readers and Braille "
                        "displays; the screen's keys (l lap, space pause, s says where you are, q quit)")
    p.add_argument("--audio", default="auto", metavar="OUTPUT", help="where cues sound (default auto; null: silent)")
    p.add_argument("--speed", default="1", metavar="N", help="play N times faster, for demos and tests")
    p.add_argument("--get-ready", dest="get_ready", metavar="S", help="the countdown before the first step (default 10s)")
    p.add_argument("--latency", metavar="MS", help="the audio output's latency in milliseconds (default: what "
                   "trackcue calibrate measured for this output, else the output's own estimate)")
    p.add_argument("--duck", default="-12", metavar="DB|off",
                   help="lower other programs' sound (music) by DB decibels while a cue plays (default -12; off: never)")
    p.add_argument("--db", metavar="PATH", help="record history here (default: $TRACKCUE_DB, else the user data directory)")
    p.add_argument("--units", choices=("metric", "imperial"),
                   help="show and speak paces in these units (beats the profile and the workout's cues.units)")
    p.add_argument("--auto-lap", dest="auto_lap", action="store_true",
                   help="end lap-ended steps at their target time, for runs where nobody presses lap")
    p.add_argument("--speech", default="auto", metavar="ENGINE",
                   help="who speaks: auto, espeak, say, pyttsx3, termux or none (default auto)")
    p.add_argument("--voice", metavar="VOICE", help="the speech engine's voice (e.g. en-gb for espeak)")
    p.add_argument("--rate", metavar="WPM", help="speech rate in words per minute")


def run(args: argparse.Namespace) -> int:
    """Play the workout; the screen unless ``--headless``."""
    from trackcue.session.opener import load_timeline

    def start(guard: StopGuard) -> int:
        options = play_options(args)
        timeline = load_timeline(args.workout, overrides(args.sets), options)
        return play(args, options, timeline, guard)

    return guarded(start)


def guarded(start: Callable[[StopGuard], int]) -> int:
    """``start(guard)`` with SIGHUP/SIGTERM ending it cleanly at any stage; its exit code, or
    128 + the signal's number (the session recorded as interrupted)."""
    from trackcue.session.stop import StopGuard, Stopped

    try:
        with StopGuard() as guard:
            return start(guard)
    except Stopped as stop:
        return stop.exit_code


def play(args: argparse.Namespace, options: PlayOptions, timeline: Timeline, guard: StopGuard,
         resume: ResumePoint | None = None) -> int:
    """Open the session and play it on the screen or headless; the exit code (``run`` and ``resume``)."""
    from trackcue.history.recorder import print_notice
    from trackcue.session.opener import open_session

    if args.headless and args.plain:
        raise UserError("--headless and --plain cannot go together",
                        hint="--headless for JSON lines, --plain for lines of text")
    text_only = args.headless or args.plain
    session = open_session(timeline, options, resume=resume, notify=print_notice if text_only else None)
    guard.on_forced_exit(session.close_for_exit)
    if args.headless:
        from trackcue.session.headless import run_headless

        return run_headless(session, sys.stdin, sys.stdout, sys.stderr)
    if args.plain:
        from trackcue.tui.plain import run_plain

        return run_plain(session, session.timeline.units)
    from trackcue.tui.app import run_player  # Textual is a dependency: no import to guard

    session.open_sound()  # a named --audio that cannot open is one line here, before any screen
    return run_player(session, guard)


def play_options(args: argparse.Namespace) -> PlayOptions:
    """The playing flags of ``run``/``resume``/the picker as one checked ``PlayOptions``.

    Raises ``UserError`` (one line, exit 2) for the first bad flag.
    """
    from trackcue.session.options import MAX_SPEED, MAX_WPM, MIN_WPM, PlayOptions

    speed = number(args.speed, "--speed", "write e.g. --speed 10")
    if not 0 < speed <= MAX_SPEED:
        raise UserError(f"--speed must be more than zero and at most {MAX_SPEED:g}, got {args.speed}",
                        hint="write e.g. --speed 10")
    latency_ms = None if args.latency is None else number(args.latency, "--latency", "write e.g. --latency 40")
    if latency_ms is not None and latency_ms < 0:
        raise UserError(f"--latency cannot be negative, got {args.latency}", hint="write e.g. --latency 40")
    wpm = None
    if args.rate is not None:
        rate = number(args.rate, "--rate", "write words per minute, e.g. --rate 180")
        if not MIN_WPM <= rate <= MAX_WPM:
            raise UserError(f"--rate {args.rate} is out of range", hint=f"use {MIN_WPM} to {MAX_WPM} words per minute")
        wpm = int(rate)
    _check_audio(args.audio)
    return PlayOptions(audio=args.audio, speech=args.speech, voice=args.voice, words_per_minute=wpm,
                       latency_s=None if latency_ms is None else latency_ms / 1000, speed=speed,
                       get_ready_s=get_ready_s(args), auto_lap=args.auto_lap,
                       db=None if args.db is None else Path(args.db).expanduser(), duck_db=duck_db(args.duck),
                       units=args.units)


def _check_audio(spec: str) -> None:
    if spec in ("auto", "null") or (spec.startswith("wav:") and len(spec) > 4):
        return
    from trackcue.audio.select import AUTO_ORDER

    if spec not in AUTO_ORDER:
        raise UserError(f"unknown audio output {spec!r}",
                        hint=f"use --audio auto, {', '.join(AUTO_ORDER)} or wav:PATH")


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
    if not math.isfinite(value):
        raise UserError(f"--get-ready needs a finite time, got {text}", hint="write e.g. --get-ready 10s or 0")
    if value < 0:
        raise UserError(f"--get-ready cannot be negative, got {text}", hint="write e.g. --get-ready 10s or 0")
    return value
