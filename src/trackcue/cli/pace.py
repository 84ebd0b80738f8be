"""``trackcue pace DISTANCE TIME``: VDOT, equivalent race times and training paces from one performance."""

from __future__ import annotations

import argparse

ORDER = 60
_TRAINING_LABELS = {"E": "E easy", "M": "M marathon", "T": "T threshold", "I": "I interval", "R": "R reps"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``pace`` subcommand."""
    p = sub.add_parser(
        "pace", help="VDOT, equivalent races and training paces from one race time",
        description="Turn one performance into equivalent race times (Daniels' VDOT and Riegel) "
                    "and Daniels' training paces E, M, T, I, R.",
        epilog="examples: trackcue pace 5k 19:57 | trackcue pace 400m 80s | trackcue pace mile 6:00",
    )
    p.add_argument("distance", metavar="DISTANCE", help="a race (400m, mile, 5k, half, marathon…) or a distance (600m, 1.5km)")
    p.add_argument("time", metavar="TIME", help="your time over it: 80s, 6:00, 19:57, 1:31:35")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=run)


def _distance(text: str) -> tuple[str, float]:
    from trackcue.errors import UserError
    from trackcue.paces.names import RACE_METRES, normalize_pace_name
    from trackcue.units import race_distance
    from trackcue.phrases import format_distance

    name = normalize_pace_name(text)
    if name in RACE_METRES:
        return name, RACE_METRES[name]
    if name is not None:
        raise UserError(f"'{text}' is a training pace, not a race distance",
                        "give a race and your time over it, e.g. trackcue pace 5k 19:57")
    metres = race_distance(text)
    if metres is None:
        raise UserError(f"'{text}' is not a distance",
                        "write a race (400m, mile, 5k, 10k, half, marathon) or a distance such as 600m or 1.5km")
    return format_distance(metres), metres


def _short(seconds: float) -> str:
    from trackcue.phrases import format_clock

    return f"{round(seconds)}s" if round(seconds) < 60 else format_clock(seconds)


def _span(fast: float, slow: float, fmt) -> str:
    a, b = fmt(fast), fmt(slow)
    if a == b:
        return a
    if a.endswith("s") and b.endswith("s"):
        return f"{a[:-1]}-{b}"
    return f"{a}-{b}"


def render(label: str, calc) -> str:
    """The calculator's answer as a table a runner reads at a glance (fits 80 columns)."""
    import textwrap

    from trackcue.paces.names import format_race_time
    from trackcue.phrases import format_clock, format_pace

    lines = [
        f"{label} in {format_race_time(calc.time_s)}"
        f"  ({format_pace(calc.time_s / calc.distance_m, 'km')}, {format_pace(calc.time_s / calc.distance_m, 'mi')})"
        f"  ->  VDOT {calc.vdot:.1f}",
        "",
        f"{'Race':<12}{'VDOT':>9}   {'Riegel':>9}",
    ]
    for e in calc.equivalents:
        vd, ri = ("*" if e.vdot_outside else ""), ("*" if e.riegel_outside else "")
        lines.append(f"{e.name:<12}{_short(e.vdot_s):>9}{vd:<3}{_short(e.riegel_s):>9}{ri}".rstrip())
    lines += ["", f"{'Training':<13}{'per km':<14}{'per mi':<14}{'per 400 m':<14}per 200 m"]
    for name, (fast, slow) in calc.paces.items():
        cells = [_span(fast * d, slow * d, fmt) for d, fmt in
                 ((1000, format_clock), (1609.344, format_clock), (400, _short), (200, _short))]
        lines.append(f"{_TRAINING_LABELS[name]:<13}" + "".join(f"{c:<14}" for c in cells[:3]) + cells[3])
    if calc.notes:
        lines.append("")
        for note in calc.notes:
            lines += textwrap.wrap(note, width=78, initial_indent="note: ", subsequent_indent="      ")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the calculator's table, or JSON with ``--json``; bad input is a ``UserError`` (exit 2)."""
    import json

    from trackcue.errors import UserError
    from trackcue.paces.calculator import calculate
    from trackcue.units import UnitError, parse_duration

    label, metres = _distance(args.distance)
    try:
        seconds = parse_duration(args.time)
        calc = calculate(metres, seconds, label)
    except UnitError as err:
        raise UserError(err.message, err.hint) from None
    if args.json:
        print(json.dumps(calc.to_json(), indent=2))
    else:
        print(render(label, calc))
    return 0
