"""``trackcue list``: the shipped workout library with total time, distance and work time."""

from __future__ import annotations

import argparse
import json

ORDER = 10


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("list", help="list the workout library", description="List the shipped workouts.")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from trackcue.errors import UserError
    from trackcue.units import format_clock, format_distance
    from trackcue.workout import compile_workout, library_paths, load_workout

    rows = []
    for path in library_paths():
        try:
            wdef = load_workout(path)
            tl = compile_workout(wdef, use_profile=False)
        except UserError as err:  # a broken library file must not hide the others
            rows.append({"name": path.stem, "error": err.problems[0].format()})
            continue
        rows.append({"name": path.stem, "title": tl.name, "total_s": round(tl.total_s, 1),
                     "distance_m": round(tl.distance_m, 1), "work_s": round(tl.work_s, 1),
                     "description": tl.description})
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    print(f"{'name':<22} {'time':>8} {'distance':>9} {'work':>7}  description")
    for r in rows:
        if "error" in r:
            print(f"{r['name']:<22} {r['error']}")
            continue
        dist = format_distance(r["distance_m"]) if r["distance_m"] else "—"
        print(f"{r['name']:<22} {format_clock(r['total_s']):>8} {dist:>9} {format_clock(r['work_s']):>7}  "
              f"{r['description'][:60]}")
    return 0
