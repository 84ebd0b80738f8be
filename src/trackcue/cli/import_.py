"""``trackcue import``: a FIT workout, a Zwift .zwo or intervals.icu text as a trackcue workout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trackcue.errors import Problem, UserError

ORDER = 41


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import`` subcommand."""
    p = sub.add_parser(
        "import",
        help="turn a FIT workout, a Zwift .zwo or intervals.icu text into a trackcue workout",
        description=(
            "Read a Garmin FIT workout file, a Zwift run workout (.zwo) or intervals.icu workout text "
            "(the format is told by the content) and write it as a trackcue workout, with a comment "
            "wherever trackcue plays something differently. run, check, compile, render and export "
            "also take these files directly."
        ),
    )
    p.add_argument("file", metavar="FILE", help="the workout file to import")
    p.add_argument("-o", "--output", metavar="OUT.yaml", help="where to write the workout (default: print it; '-' prints)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import, check that the result compiles, write it, and say what came in on stderr."""
    from trackcue.cli.export import write_output
    from trackcue.phrases import counted, format_clock
    from trackcue.workout import compile_workout
    from trackcue.workout.importers import FORMAT_NAMES, import_file, sniff_file
    from trackcue.workout.parse import parse_file

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise UserError(f"no such file: {args.file}", "give the path of a .fit, .zwo or intervals.icu text file")
    fmt = sniff_file(path)
    if fmt is None:
        raise UserError([Problem("not a FIT workout, a Zwift .zwo or intervals.icu workout text", args.file,
                                 hint=f"a trackcue workout needs no import: trackcue check {args.file}")])
    imported = import_file(path, args.file, fmt)
    timeline = compile_workout(parse_file(path, f"{args.file} (imported)", data=imported.yaml.encode("utf-8")), None)
    out = args.output or "-"
    if out == "-":
        sys.stdout.write(imported.yaml)
        sys.stdout.flush()
    else:
        write_output(Path(out), imported.yaml.encode("utf-8"))
    n = len(imported.approximations)
    said = f"{n} approximated (see the '# approximated:' comments)" if n else "nothing approximated"
    where = f"; wrote {out}" if out != "-" else ""
    print(f"imported {args.file} ({FORMAT_NAMES[fmt]}): {counted(len(timeline.segments), 'step')}, "
          f"{format_clock(timeline.total_s)}, {said}{where}", file=sys.stderr)
    return 0
