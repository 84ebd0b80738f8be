"""``trackcue export``: a workout as a Garmin FIT workout file, a Zwift .zwo or intervals.icu workout text."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from trackcue.cli._common import add_set_option, overrides
from trackcue.errors import UserError

ORDER = 40


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``export`` subcommand."""
    p = sub.add_parser(
        "export",
        help="write a workout for a Garmin watch (FIT), Zwift (.zwo) or intervals.icu",
        description=(
            "Write a workout as a Garmin FIT workout file, a Zwift run workout (.zwo) or as "
            "intervals.icu workout-builder text. Anything the format cannot say exactly is listed "
            "on stderr, one line each. FILE may also be a FIT, .zwo or intervals.icu file."
        ),
    )
    p.add_argument("file", metavar="FILE", help="a workout file, or a library workout by name")
    p.add_argument("--format", "-f", choices=("fit", "zwo", "intervals"), required=True,
                   help="fit: a workout file for a watch; zwo: a Zwift run workout; intervals: text for intervals.icu")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="where to write (fit/zwo default: <workout-name>.fit/.zwo here; intervals default: print; '-' prints)")
    add_set_option(p)
    p.add_argument("--no-profile", action="store_true", help="ignore the athlete profile")
    p.add_argument("--tolerance", type=float, default=3.0, metavar="PCT",
                   help="FIT only: pace range either side of a single pace, in %% (default 3)")
    p.add_argument("--gps-distance", action="store_true",
                   help="end lap-ended steps that have a distance by the watch's GPS, not the lap button")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Compile the workout, write it in the chosen format, say what was approximated."""
    from trackcue.workout import compile_file

    if not 0 <= args.tolerance < 50:
        raise UserError(f"--tolerance {args.tolerance:g} is out of range", "give a percentage from 0 to 50, e.g. 3")
    timeline = compile_file(args.file, overrides(args.sets), use_profile=not args.no_profile)
    if args.format == "fit":
        from trackcue.export.fit import to_fit

        fit = to_fit(timeline, tolerance=args.tolerance / 100, gps_distance=args.gps_distance)
        data, notes = fit.data, fit.approximations
        out = args.output or f"{file_stem(timeline.name)}.fit"
    elif args.format == "zwo":
        from trackcue.export.zwo import NoThreshold, to_zwo

        threshold = None if args.no_profile else _threshold()
        try:
            zwo = to_zwo(timeline, threshold)
        except NoThreshold:
            raise UserError(
                "Zwift paces are fractions of threshold pace, and your profile has none"
                + (" (--no-profile)" if args.no_profile else ""),
                "set it with 'trackcue profile set T=4:15/km', or a race time such as 'trackcue profile set 5k=20:00'",
            ) from None
        data, notes = zwo.text.encode("utf-8"), zwo.approximations
        out = args.output or f"{file_stem(timeline.name)}.zwo"
    else:
        from trackcue.export.intervals_icu import to_intervals

        text = to_intervals(timeline, gps_distance=args.gps_distance)
        data, notes = text.text.encode("utf-8"), text.approximations
        out = args.output or "-"
    if out == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_output(Path(out), data)
    for note in notes:
        print(f"trackcue: approximated: {note}", file=sys.stderr)
    if out != "-":
        print(f"wrote {out}", file=sys.stderr)
    return 0


def _threshold() -> float | None:
    """The runner's threshold pace (seconds per metre) from the profile, given or derived."""
    from trackcue.paces.runner import runner_paces

    found = runner_paces().get("T")
    return found.sec_per_m if found is not None else None


def file_stem(name: str) -> str:
    """A file name from a workout name: ``'200 m Repeats!' -> '200-m-repeats'``."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return stem or "workout"


def write_output(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, turning any failure into one clear line (exit 2)."""
    try:
        path.write_bytes(data)
    except OSError as err:
        reason = err.strerror or str(err)
        raise UserError(
            f"cannot write {path}: {reason}", "give -o a path in a folder that exists and you can write to"
        ) from None
