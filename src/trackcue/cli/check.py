"""``trackcue check FILE…``: validate workouts; every problem as FILE:LINE:COL, exit 2 if any.

Then plan the cues as ``render`` and ``run`` will (``plan_sound``, the one path): each cue that
will be shortened, dropped or forced over another is a warning. With a speech engine the
phrases' real lengths are used (rendered once, then cached); without one they are estimated,
and a note says so.
"""

from __future__ import annotations

import argparse
import sys

from trackcue.cli._common import (add_set_option, add_speech_options, check_speech_option, collected_rarely, overrides,
                                  speech_progress)

ORDER = 20


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help="validate workout files", description="Validate workout files: "
                       "every problem is printed as FILE:LINE:COL: error: message (hint); every cue that "
                       "will not play in full as a warning.")
    p.add_argument("files", nargs="+", metavar="FILE", help="workout files or library names")
    add_set_option(p)
    add_speech_options(p)
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    p.add_argument("--no-profile", action="store_true", help="ignore the athlete profile (as when sharing a file)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with collected_rarely():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from trackcue.errors import UserError
    from trackcue.soundtrack.prepare import PLAN_RATE, plan_sound
    from trackcue.workout import compile_workout, load_workout
    from trackcue.workout.report import totals_line

    sets = overrides(args.sets)
    check_speech_option(args)
    failed = False
    for ref in args.files:
        path = str(ref)
        try:
            wdef = load_workout(ref)
            path = str(wdef.path)
            tl = compile_workout(wdef, sets, use_profile=not args.no_profile)  # the paces compile and run use
            sound = plan_sound(tl, PLAN_RATE, args.speech, args.voice, args.wpm, speech_progress)
        except UserError as err:
            failed = True
            for p in err.problems:
                print((p if p.file else p._replace(file=path)).format(), file=sys.stderr)
            continue
        for w in sound.plan.warnings:
            print(f"{path}: warning: {w}", file=sys.stderr)
        if not args.quiet:
            if sound.estimated:
                print(f"{path}: note: warnings from {sound.lengths}; render and run use real lengths",
                      file=sys.stderr)
            print(f"ok  {ref}: {tl.name} — {totals_line(tl)}")
    return 2 if failed else 0
