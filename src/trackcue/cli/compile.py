"""``trackcue compile FILE``: the timeline as a readable table, or the versioned JSON contract."""

from __future__ import annotations

import argparse
import json

from trackcue.cli._common import add_set_option, overrides

ORDER = 21


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compile", help="show a workout's timeline (table or --json)",
                       description="Compile a workout into its timeline: every step with start, duration and target.")
    p.add_argument("file", metavar="FILE", help="a workout file or a library name (200m-repeats)")
    add_set_option(p)
    p.add_argument("--json", action="store_true", help="print the timeline as JSON (version 1 contract)")
    p.add_argument("--cues", action="store_true", help="also list every cue")
    p.add_argument("--transcript", action="store_true",
                   help="print what the runner hears, second by second (lap pressed on each target)")
    p.add_argument("--speech", default="auto", metavar="ENGINE",
                   help="with --transcript: the engine whose phrase lengths to plan with (auto, espeak, say, "
                   "pyttsx3, termux, or none to estimate them)")
    p.add_argument("--no-profile", action="store_true", help="ignore the athlete profile")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from trackcue.phrases import format_clock
    from trackcue.workout import compile_file
    from trackcue.workout.report import sources_lines, step_table, totals_line

    tl = compile_file(args.file, overrides(args), use_profile=not args.no_profile)
    if args.transcript:
        from trackcue.soundtrack.transcript import hear

        print("\n".join(hear(tl, args.speech).lines()))
        return 0
    if args.json:
        print(json.dumps(tl.to_json(), indent=1, ensure_ascii=False))
        return 0
    print(f"{tl.name} — {totals_line(tl)}")
    if tl.description:
        print(tl.description)
    if tl.params:
        print("parameters: " + ", ".join(f"{k}={v}" for k, v in tl.params.items()))
    print()
    print(step_table(tl))
    sources = sources_lines(tl)
    if sources:
        print("\ntargets from:")
        for line in sources:
            print(f"  {line}")
    if args.cues:
        print("\ncues:")
        for c in tl.cues:
            what = c.text or c.sound
            print(f"  {format_clock(c.at_s, tenths=True):>9}  {c.kind:<9} {what}")
    return 0
