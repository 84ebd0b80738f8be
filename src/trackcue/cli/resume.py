"""``trackcue resume [ID]``: continue an interrupted session from the step it was in, laps kept.

Takes the same playing options as ``trackcue run``. The workout is compiled again from its file
with the session's parameters; the run is recorded into the same history entry, its clock going
on from the time already run.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trackcue.session.stop import StopGuard

ORDER = 11


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from trackcue.cli.run import add_play_options

    p = sub.add_parser("resume", help="continue an interrupted session where it stopped",
                       description="Continue the most recent interrupted session (or session ID) "
                                   "from the step it was in, with its laps and time so far.")
    p.add_argument("id", type=int, nargs="?", metavar="ID", help="the session number (default: the latest interrupted)")
    add_play_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from trackcue.cli.run import guarded, play, play_options
    from trackcue.history.recorder import print_notice
    from trackcue.session.resume import claim_resume_point, load_resumed

    def start(guard: StopGuard) -> int:
        options = play_options(args)
        point = claim_resume_point(options.db, args.id)  # from here on no other trackcue resumes it
        timeline = load_resumed(point, options, print_notice)
        return play(args, options, timeline, guard, resume=point)

    return guarded(start)
