"""``trackcue list``: the shipped workout library with total time, distance and work time.

Each workout is compiled as ``compile`` and the picker compile it (the athlete's profile applied
unless ``--no-profile``), and its figures are ``Totals`` — so all three show the same numbers.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trackcue.timeline import Timeline

ORDER = 10


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("list", help="list the workout library", description="List the shipped workouts.")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument("--no-profile", action="store_true", help="ignore the athlete profile")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from trackcue.errors import UserError
    from trackcue.workout import compile_workout, library_paths, load_workout
    from trackcue.workout.report import Totals

    entries: list[tuple[str, Timeline | str]] = []  # (name, its timeline or why it cannot be compiled)
    for path in library_paths():
        try:
            entries.append((path.stem, compile_workout(load_workout(path), use_profile=not args.no_profile)))
        except UserError as err:  # a broken library file must not hide the others
            entries.append((path.stem, err.problems[0].format()))
    if args.json:
        rows = [{"name": name, "error": tl} if isinstance(tl, str) else
                {"name": name, "title": tl.name, **Totals.of(tl).to_json(), "description": tl.description}
                for name, tl in entries]
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    print(f"{'name':<22} {'time':>8} {'distance':>9} {'work':>7}  description")
    for name, tl in entries:
        if isinstance(tl, str):
            print(f"{name:<22} {tl}")
            continue
        t = Totals.of(tl)
        print(f"{name:<22} {t.time:>8} {t.distance:>9} {t.work:>7}  {tl.description[:60]}")
    return 0
