"""``trackcue schema``: the JSON Schema of the workout format, for editors."""

from __future__ import annotations

import argparse
import json

ORDER = 22


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of workout files",
                       description="Print the JSON Schema of the workout format. Save it and point "
                       "yaml-language-server at it with '# yaml-language-server: $schema=PATH'.")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from trackcue.workout.language import json_schema

    print(json.dumps(json_schema(), indent=1))
    return 0
