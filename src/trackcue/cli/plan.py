"""``trackcue plan``: check, show, start, stop and export training plans (a calendar of sessions
whose parameters progress week by week and session by session)."""

from __future__ import annotations

import argparse
import sys

from trackcue.errors import UserError

ORDER = 30


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("plan", help="training plans: show, start, export to a calendar",
                       description="Follow a training plan: weeks of sessions whose parameters progress "
                       "every week or after every session completed on target. 'trackcue today' says what is due.")
    p.set_defaults(func=lambda args: _help(p))
    verbs = p.add_subparsers(dest="verb", metavar="ACTION", parser_class=type(p))

    show = verbs.add_parser("show", help="the calendar: each week's days with their sessions and parameters")
    show.add_argument("plan", nargs="?", metavar="PLAN", help="a plan file or a shipped plan (default: the active one)")
    show.add_argument("--on", metavar="DATE", help="date the plan as if started on DATE")
    show.add_argument("--json", action="store_true", help="print the dated sessions as JSON")
    show.set_defaults(func=run_show)

    start = verbs.add_parser("start", help="follow a plan from today or --on DATE")
    start.add_argument("plan", metavar="PLAN", help="a plan file or a shipped plan (faster-mile)")
    start.add_argument("--on", metavar="DATE", help="the first day of week 1 (default: today)")
    start.add_argument("--force", action="store_true", help="allow a start date in the past (a plan already under way)")
    start.set_defaults(func=run_start)

    stop = verbs.add_parser("stop", help="stop following the active plan (history is kept)")
    stop.set_defaults(func=run_stop)

    check = verbs.add_parser("check", help="check a plan file; every problem with its line and column")
    check.add_argument("plan", nargs="+", metavar="PLAN")
    check.set_defaults(func=run_check)

    export = verbs.add_parser("export", help="write the plan's sessions as an iCalendar file for calendar apps")
    export.add_argument("plan", nargs="?", metavar="PLAN", help="a plan file or a shipped plan (default: the active one)")
    export.add_argument("--ics", action="store_true", required=True, help="iCalendar (RFC 5545), the only format")
    export.add_argument("--on", metavar="DATE", help="date the plan as if started on DATE")
    export.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    export.set_defaults(func=run_export)

    schema = verbs.add_parser("schema", help="print the JSON Schema of plan files, for editors")
    schema.set_defaults(func=run_schema)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def _today():
    from datetime import date

    return date.today()


def _plan_and_start(args: argparse.Namespace, need_start: bool):
    """The plan named on the command line (else the active one) and its start date (or None)."""
    from trackcue.plan.calendar import parse_day
    from trackcue.plan.parse import load_plan
    from trackcue.plan.state import load_active

    active = load_active()
    ref = args.plan if args.plan is not None else active.plan_ref if active is not None else None
    if ref is None:
        raise UserError("no plan given and none started", hint="name one (trackcue plan show faster-mile) "
                                                                "or start one with trackcue plan start PLAN")
    plan = load_plan(ref)
    start = None
    if args.on:
        start = parse_day(args.on, "--on", _today())
    elif active is not None and (args.plan is None or plan.path.resolve() == _resolved(active.path)):
        start = active.start
    elif need_start:
        raise UserError(f"{plan.name} is not started, so its sessions have no dates",
                        hint=f"give --on DATE, or start it with trackcue plan start {args.plan}")
    return plan, start


def _resolved(path: str):
    from pathlib import Path

    return Path(path).resolve()


def run_show(args: argparse.Namespace) -> int:
    """Print the plan week by week."""
    from trackcue.plan.show import calendar_json, calendar_text

    plan, start = _plan_and_start(args, need_start=False)
    if args.json:
        import json

        print(json.dumps(calendar_json(plan, start), indent=1, ensure_ascii=False))
    else:
        sys.stdout.write(calendar_text(plan, start))
    return 0


def run_start(args: argparse.Namespace) -> int:
    """Make PLAN the active plan from --on (default today)."""
    from trackcue.plan.calendar import day_label, end_date, parse_day
    from trackcue.plan.parse import load_plan
    from trackcue.plan.state import ActivePlan, load_active, save_active

    today = _today()
    start = parse_day(args.on, "--on", today) if args.on else today
    plan = load_plan(args.plan)
    if start < today and not args.force:
        raise UserError(f"the start date {day_label(start)} is in the past",
                        hint="leave out --on to start today, or add --force to follow a plan already under way")
    previous = load_active()
    path = save_active(ActivePlan(ref=args.plan, path=str(plan.path.resolve()), start=start))
    if previous is not None:
        print(f"Replaced the plan started on {day_label(previous.start)} ({previous.ref}).")
    print(f"Started {plan.name}: {plan.weeks} weeks, {day_label(start)} to {day_label(end_date(plan, start))}.")
    print("Run 'trackcue today' to see what is due; 'trackcue plan export --ics -o plan.ics' for your calendar.")
    print(f"(saved in {path})")
    return 0


def run_stop(args: argparse.Namespace) -> int:
    """Forget the active plan."""
    from trackcue.plan.state import clear_active

    print("Stopped following the plan; your history is kept." if clear_active() else "No plan was active.")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Check each plan file; print every problem; exit 2 if any."""
    from trackcue.plan.parse import load_plan

    problems = []
    for ref in args.plan:
        try:
            plan = load_plan(ref)
        except UserError as err:
            problems += err.problems
            continue
        count = sum(b.weeks * sum(len(s) for s in b.days.values()) for b in plan.blocks)
        print(f"{ref}: ok — {plan.name}, {plan.weeks} weeks, {count} sessions")
    if problems:
        raise UserError(problems)
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the plan's dated sessions as iCalendar."""
    from trackcue.plan.ics import plan_ics

    plan, start = _plan_and_start(args, need_start=True)
    text = plan_ics(plan, start)
    if args.output and args.output != "-":
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        except OSError as err:
            raise UserError(f"cannot write {args.output}: {err.strerror or err}",
                            hint="give -o a path in a folder you can write to") from None
        print(f"Wrote {text.count('BEGIN:VEVENT')} sessions to {args.output}; import it in your calendar app.")
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


def run_schema(args: argparse.Namespace) -> int:
    """Print the plan format's JSON Schema."""
    import json

    from trackcue.plan.schema import json_schema

    print(json.dumps(json_schema(), indent=1))
    return 0
