"""``trackcue check FILE…``: validate workouts; every problem as FILE:LINE:COL, exit 2 if any."""

from __future__ import annotations

import argparse
import sys

from trackcue.cli._common import add_set_option, overrides

ORDER = 20


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="validate workout files", description="Validate workout files: "
                       "every problem is printed as FILE:LINE:COL: error: message (hint).")
    p.add_argument("files", nargs="+", metavar="FILE", help="workout files or library names")
    add_set_option(p)
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from trackcue.errors import UserError
    from trackcue.speech.estimate import estimated_durations
    from trackcue.speech.planner import plan_cues
    from trackcue.workout import compile_workout, load_workout
    from trackcue.workout.report import totals_line

    sets = overrides(args)
    failed = False
    for ref in args.files:
        try:
            wdef = load_workout(ref)
            tl = compile_workout(wdef, sets, use_profile=False)
        except UserError as err:
            failed = True
            for p in err.problems:
                print(p.format(), file=sys.stderr)
            continue
        warnings = plan_cues(tl, estimated_durations(tl)).warnings
        for w in warnings:
            print(f"{wdef.path}: warning: {w}", file=sys.stderr)
        if not args.quiet:
            print(f"ok  {ref}: {tl.name} — {totals_line(tl)}")
    return 2 if failed else 0
