"""Plain ``trackcue``: choose a workout on the screen, set its parameters and start it.

Takes the same playing options as ``trackcue run`` (``--audio``, ``--speed``, ``--db`` …).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from trackcue.errors import UserError

if TYPE_CHECKING:
    from trackcue.session.stop import StopGuard

ORDER = 9


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from trackcue.cli.run import add_play_options

    p = sub.add_parser("picker", help="choose a workout and start it (the default)",
                       description="Choose a workout from the library or your recent files, "
                                   "set its parameters, and start it.")
    add_play_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.headless:
        raise UserError("the picker needs a screen", hint="play a workout without one: trackcue run FILE --headless")
    from trackcue.cli.run import guarded, play_options

    def start(guard: StopGuard) -> int:
        from trackcue.tui.app import run_picker

        return run_picker(play_options(args), guard)

    return guarded(start)
