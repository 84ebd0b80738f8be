"""``trackcue profile``: the paces a runner knows, kept for every workout (set, show, unset, path)."""

from __future__ import annotations

import argparse

ORDER = 61


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``profile`` subcommand and its actions."""
    p = sub.add_parser(
        "profile", help="your paces (mile goal, 5K, 400 m, E/M/T/I/R) for every workout",
        description="Keep the paces you know; workouts use them, and derive the rest through VDOT.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    s = actions.add_parser(
        "set", help="set paces and units: mile=6:00 400m=80s T=6:51/mi units=imperial",
        description="Set paces (race names take a time, E/M/T/I/R a pace) and units.",
        epilog="examples: trackcue profile set mile=6:00 400m=80s 5k=19:57 units=imperial | "
               "trackcue profile set E=8:30-9:30/mi T=4:15/km",
    )
    s.add_argument("pairs", nargs="+", metavar="NAME=VALUE")
    s.set_defaults(func=run_set)
    show = actions.add_parser("show", help="your paces and the ones derived from them, with where each came from")
    show.add_argument("--json", action="store_true", help="print as JSON")
    show.set_defaults(func=run_show)
    u = actions.add_parser("unset", help="remove paces from the profile")
    u.add_argument("names", nargs="+", metavar="NAME")
    u.set_defaults(func=run_unset)
    actions.add_parser("path", help="print where the profile is kept").set_defaults(func=run_path)
    p.set_defaults(func=run_show, json=False)


def run_set(args: argparse.Namespace) -> int:
    """Validate every pair (reporting all the bad ones at once), then save them together."""
    from trackcue.errors import Problem, UserError
    from trackcue.paces.profile import check_entry, check_units, load_profile, save_profile
    from trackcue.units import UnitError

    problems, updates, units = [], {}, None
    for pair in args.pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            problems.append(Problem(f"'{pair}' is not NAME=VALUE", hint="write e.g. mile=6:00, 400m=80s or T=6:51/mi"))
            continue
        try:
            if name.strip().lower() == "units":
                units = check_units(value)
            else:
                canon, text = check_entry(name, value)
                updates[canon] = text
        except UnitError as err:
            problems.append(Problem(f"{pair}: {err.message}", hint=err.hint))
    if problems:
        raise UserError(problems)
    profile = load_profile()
    profile.values.update(updates)
    if units:
        profile.units = units
    path = save_profile(profile)
    changed = [f"{k}={v}" for k, v in updates.items()] + ([f"units={units}"] if units else [])
    print(f"saved {', '.join(changed)} to {path}")
    return 0


def run_unset(args: argparse.Namespace) -> int:
    """Remove the named paces; an unknown name is an error, one not set only a note."""
    from trackcue.errors import Problem, UserError
    from trackcue.paces.names import ACCEPTED_NAMES_HINT, normalize_pace_name
    from trackcue.paces.profile import load_profile, save_profile

    names = [(raw, normalize_pace_name(raw)) for raw in args.names]
    unknown = [Problem(f"unknown pace name '{raw}'", hint=ACCEPTED_NAMES_HINT) for raw, canon in names if canon is None]
    if unknown:
        raise UserError(unknown)
    known = [canon for _, canon in names if canon is not None]  # all of them: an unknown one was refused
    profile = load_profile()
    removed = [canon for canon in known if profile.values.pop(str(canon), None) is not None]
    missing = [canon for canon in known if canon not in removed]
    if removed:
        path = save_profile(profile)
        print(f"removed {', '.join(removed)} from {path}")
    if missing:
        print(f"not set, nothing to remove: {', '.join(str(m) for m in missing)}")
    return 0


def run_path(args: argparse.Namespace) -> int:
    """Print the profile's path (it may not exist yet)."""
    from trackcue.paces.profile import profile_path

    print(profile_path())
    return 0


def _value(name: str, pace, units: str) -> str:
    """A pace as the profile shows it: a race as its time, E/M/T/I/R as a pace in the runner's units."""
    from trackcue.paces.names import RACE_METRES, format_race_time
    from trackcue.phrases import format_pace

    unit = "mi" if units == "imperial" else "km"
    if name in RACE_METRES:
        return format_race_time(pace.sec_per_m * RACE_METRES[name])
    low, high = pace.low_sec_per_m, pace.high_sec_per_m
    if low is not None and high is not None and format_pace(low, unit) != format_pace(high, unit):
        return f"{format_pace(low, unit).split('/')[0]}-{format_pace(high, unit)}"
    return format_pace(pace.sec_per_m, unit)


def run_show(args: argparse.Namespace) -> int:
    """Print the explicit paces, then every derived one with where it came from."""
    import json

    from trackcue.errors import UserError
    from trackcue.paces import derive_paces, load_profile, profile_paces, profile_path
    from trackcue.paces.names import PACE_NAMES
    from trackcue.units import UnitError

    path = profile_path()
    profile = load_profile()
    units = profile.units or "metric"
    try:
        explicit = profile_paces(profile)
    except UnitError as err:
        raise UserError(f"{path}: {err.message}", err.hint) from None
    every = derive_paces(explicit)
    order = [n for n in PACE_NAMES if n in every]
    if args.json:
        print(json.dumps({
            "path": str(path), "units": profile.units, "values": profile.values,
            "paces": {n: {"sec_per_m": every[n].sec_per_m, "low_sec_per_m": every[n].low_sec_per_m,
                          "high_sec_per_m": every[n].high_sec_per_m, "source": every[n].source,
                          "shown": _value(n, every[n], units)} for n in order},
        }, indent=2))
        return 0
    chosen = profile.units or "not chosen: each workout's cues.units, else metric"
    print(f"profile: {path} (units: {chosen})")
    if not explicit:
        print("no paces set yet; try: trackcue profile set 5k=19:57 400m=80s")
        return 0
    print("\nyour paces")
    for n in [n for n in order if n in explicit]:
        print(f"  {n:<10}{_value(n, every[n], units):<16}{every[n].source}")
    print("\nderived")
    for n in [n for n in order if n not in explicit]:
        print(f"  {n:<10}{_value(n, every[n], units):<16}{every[n].source}")
    return 0
