"""Options several subcommands share (``--set``, the speech options), parsed the same way everywhere."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from trackcue.errors import UserError

if TYPE_CHECKING:
    from trackcue.speech.prerender import RenderProgress


@contextmanager
def collected_rarely(young: int = 100_000) -> Iterator[None]:
    """Python's cycle collector looks at new objects every ``young`` allocations (not 700) inside.

    ``check`` and ``compile`` build a graph of small objects (steps, cues, planned phrases) that
    lives until they print: collecting it every 700 allocations was about a sixth of their time on
    10 000 steps (bench/check_speed.py), and found nothing to free. Cycles are still collected;
    the previous thresholds come back after (the player keeps them: it never pauses for long).
    """
    before = gc.get_threshold()
    gc.set_threshold(young, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def add_set_option(parser: argparse.ArgumentParser) -> None:
    """``--set NAME=VALUE`` (repeatable): change a parameter or a named pace for this run."""
    parser.add_argument("--set", dest="sets", action="append", default=[], metavar="NAME=VALUE",
                        help="change a parameter or a named pace for this run (reps=10, mile=5:45); repeatable")


def overrides(sets: list[str]) -> dict[str, str]:
    """The ``--set`` pairs (``args.sets`` of a parser given ``add_set_option``) as a dict, or
    ``UserError`` listing every malformed one."""
    from trackcue.workout.params import parse_overrides

    values, problems = parse_overrides(sets)
    if problems:
        raise UserError(problems)
    return values


def add_speech_options(parser: argparse.ArgumentParser) -> None:
    """``--speech``, ``--voice``, ``--wpm``: which engine says the phrases, whose lengths time the cues."""
    parser.add_argument("--speech", default="auto", metavar="ENGINE", help="auto, espeak, say, pyttsx3, termux or none")
    parser.add_argument("--voice", metavar="VOICE", help="the speech engine's voice")
    parser.add_argument("--wpm", type=int, metavar="WPM", help="speech rate in words per minute")


def check_speech_option(args: argparse.Namespace) -> None:
    """``UserError`` for an unknown ``--speech`` engine, before any work is done."""
    from trackcue.speech.engines import SPECS

    if args.speech not in SPECS:
        raise UserError(f"unknown speech engine {args.speech!r}", hint=f"use --speech {', '.join(SPECS)}")


def speech_progress(p: RenderProgress) -> None:
    """``preparing speech 12/40`` on a terminal's stderr while phrases render; nothing otherwise."""
    if sys.stderr.isatty():
        print(f"\rpreparing speech {p.done}/{p.total}", end="" if p.done < p.total else "\n", file=sys.stderr)


def number(text: str, option: str, hint: str) -> float:
    """``text`` as a finite number, or ``UserError`` naming ``option`` with ``hint``."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise UserError(f"{option} needs a number, got {text!r}", hint=hint) from None
    if not math.isfinite(value):
        raise UserError(f"{option} needs a finite number, got {text!r}", hint=hint)
    return value


def duck_db(text: str) -> float | None:
    """``--duck DB|off``: how far other streams go down during cues (``None``: off). ``UserError`` if bad.

    ``-12``, ``-12dB`` and ``12`` (taken as lowering) all mean −12 dB; −1 to −60 dB.
    """
    from trackcue.session.options import MAX_DUCK_DB, MIN_DUCK_DB

    hint = f"write e.g. --duck -12 (decibels, {MAX_DUCK_DB:g} to {MIN_DUCK_DB:g}) or --duck off"
    word = text.strip().lower()
    if word in ("off", "no", "none", "0"):
        return None
    value = number(word.removesuffix("db").strip(), "--duck", hint)
    value = -abs(value)
    if not MIN_DUCK_DB <= value <= MAX_DUCK_DB:
        raise UserError(f"--duck must lower by {-MAX_DUCK_DB:g} to {-MIN_DUCK_DB:g} dB, got {text}", hint=hint)
    return value
