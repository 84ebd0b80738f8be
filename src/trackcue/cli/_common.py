"""Options several subcommands share (``--set``), parsed the same way everywhere."""

from __future__ import annotations

import argparse

from trackcue.errors import UserError


def add_set_option(parser: argparse.ArgumentParser) -> None:
    """``--set NAME=VALUE`` (repeatable): change a parameter or a named pace for this run."""
    parser.add_argument("--set", dest="sets", action="append", default=[], metavar="NAME=VALUE",
                        help="change a parameter or a named pace for this run (reps=10, mile=5:45); repeatable")


def overrides(args: argparse.Namespace) -> dict[str, str]:
    """The ``--set`` pairs as a dict, or ``UserError`` listing every malformed one."""
    from trackcue.workout.params import parse_overrides

    values, problems = parse_overrides(getattr(args, "sets", []))
    if problems:
        raise UserError(problems)
    return values
