"""``trackcue today``: what the active plan has due on a day, with its parameters resolved from
the plan and the history, why they are what they are, and the command that runs it."""

from __future__ import annotations

import argparse

ORDER = 5


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("today", help="what your plan has due today, and the command to run it",
                       description="Show the active plan's sessions for a day with their parameters "
                       "(progressed from your history) and the exact 'trackcue run' command.")
    p.add_argument("--date", metavar="DATE", help="another day (YYYY-MM-DD, tomorrow, yesterday)")
    p.add_argument("--json", action="store_true", help="print the day as JSON")
    p.add_argument("--db", metavar="PATH", help="the history database (default: $TRACKCUE_DB, else the user data directory)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the day's sessions."""
    from datetime import date

    from trackcue.errors import UserError
    from trackcue.history.db import HistoryError
    from trackcue.history.queries import open_history
    from trackcue.plan.calendar import parse_day
    from trackcue.plan.day import day_json, describe_day
    from trackcue.plan.parse import load_plan
    from trackcue.plan.state import load_active
    from trackcue.plan.today import due_on

    day = parse_day(args.date, "--date", date.today()) if args.date else date.today()
    active = load_active()
    if active is None:
        if args.json:
            import json

            print(json.dumps({"plan": None, "date": day.isoformat(), "sessions": []}))
        else:
            print("No plan started. Start one with: trackcue plan start faster-mile")
        return 0
    plan = load_plan(active.plan_ref)
    try:
        conn = open_history(args.db)
    except HistoryError as err:
        raise UserError(str(err), hint=err.hint) from None
    try:
        due = due_on(plan, active.start, day, conn)
    finally:
        if conn is not None:
            conn.close()
    if args.json:
        import json

        print(json.dumps(day_json(plan, active.start, day, due), indent=1, ensure_ascii=False))
    else:
        print(describe_day(plan, active.start, day, due))
    return 0
