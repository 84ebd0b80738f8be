"""The ``trackcue`` command line: one module per subcommand, each registering its own parser.

A module ``NAME.py`` (``list_.py`` for ``list``) is a ``Command``: ``register(subparsers)`` adds its
parser (with ``func``, the function that runs it) and ``ORDER`` is its place in the help. Only the module of the command being run is imported (all
of them for ``--help``), and each imports its heavy dependencies inside ``run``, so ``trackcue
check`` and ``compile`` start fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from types import ModuleType
from typing import Callable, NoReturn, Protocol, runtime_checkable

from trackcue import __version__
from trackcue.errors import UserError

DEFAULT_COMMAND = "picker"  # plain `trackcue` (or `trackcue --speed 10`) opens the picker


def command_modules() -> dict[str, str]:
    """Command name → module name, read from the file names (nothing imported)."""
    names = {}
    for entry in os.listdir(os.path.dirname(__file__)):
        stem, ext = os.path.splitext(entry)
        if ext == ".py" and not stem.startswith("_"):
            names[stem.rstrip("_")] = stem
    return names


@runtime_checkable
class Command(Protocol):
    """What each command module is (checked when it is imported, by ``_command``)."""

    ORDER: int  # its place in ``trackcue --help``

    def register(self, sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        """Add the command's parser, its ``func`` default set to what runs it."""


Run = Callable[[argparse.Namespace], int]  # a command's ``func``: the parsed options -> the exit code


def _command(module: ModuleType) -> Command:
    """``module`` as a ``Command``; a module missing either part is a programming error, said at once."""
    if not isinstance(module, Command):
        raise TypeError(f"{module.__name__} is not a command module: it needs ORDER and register(sub)")
    return module


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, a hint, exit 2 — never a usage dump
        self.exit(2, f"trackcue: error: {message} (hint: run '{self.prog} --help')\n")

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse asks shutil for the width on every add_argument; shutil drags in bz2, lzma and
        # zlib (2 ms of the start-up of `trackcue check`). The same answer, from os.
        formatter: Callable[..., argparse.HelpFormatter] = self.formatter_class
        return formatter(prog=self.prog, width=_columns() - 2)


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` finds it: $COLUMNS, the terminal, else 80."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    stream = sys.__stdout__
    if stream is None:
        return 80
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: every subcommand, or just the module ``only``."""
    parser: argparse.ArgumentParser = _Parser(prog="trackcue", description="A real-time interval timer for runners at the track.")
    parser.add_argument("--version", action="version", version=f"trackcue {__version__}")
    # The subcommands' parsers are _Parsers too (argparse's default parser_class is the parent's type).
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = [only] if only else sorted(command_modules().values())
    mods = [(_command(importlib.import_module(f"{__name__}.{name}")), name) for name in wanted]
    for mod, _ in sorted(mods, key=lambda pair: (pair[0].ORDER, pair[1])):
        mod.register(sub)
    parser.set_defaults(func=None)  # no command named (`trackcue --speed 10` is the picker's)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (2 for user errors)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    modules = command_modules()
    if (not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"))) \
            and DEFAULT_COMMAND in modules:
        argv.insert(0, DEFAULT_COMMAND)
    only = modules.get(argv[0]) if argv else None
    parser = build_parser(only)
    args = parser.parse_args(argv)
    func: Run | None = args.func
    if func is None:
        parser.print_help()
        return 0
    try:
        return int(func(args) or 0)
    except UserError as err:
        for problem in err.problems:
            print(problem.format(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130

    except BrokenPipeError:
        return 0
