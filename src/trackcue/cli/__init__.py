"""The ``trackcue`` command line: one module per subcommand, each registering its own parser.

Subcommand modules import their heavy dependencies (Textual, audio) inside their ``run``
functions, so ``trackcue check`` and ``compile`` start fast.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from trackcue import __version__
from trackcue.errors import UserError



def _command_modules() -> list:
    """Every module in this package that defines ``register``, in their ``ORDER``."""
    mods = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(mod, "register"):
            mods.append(mod)
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 50), m.__name__))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, a hint, exit 2 — never a usage dump
        self.exit(2, f"trackcue: error: {message} (hint: run '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every subcommand."""
    parser = _Parser(prog="trackcue", description="A real-time interval timer for runners at the track.")
    parser.add_argument("--version", action="version", version=f"trackcue {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for mod in _command_modules():
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (2 for user errors)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if "picker" in sub_names(parser):  # plain `trackcue` opens the picker
            args = parser.parse_args(["picker"])
        else:
            parser.print_help()
            return 0
    try:
        return int(args.func(args) or 0)
    except UserError as err:
        for problem in err.problems:
            print(problem.format(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def sub_names(parser: argparse.ArgumentParser) -> set[str]:
    """Names of the subcommands the parser knows."""
    for action in parser._actions:  # argparse keeps subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()
