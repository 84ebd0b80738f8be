"""``trackcue compile FILE``: the timeline as a readable table, or the versioned JSON contract.

``--cues`` and ``--json`` show how each cue will play, planned by ``plan_sound`` exactly as
``render`` and ``run`` plan it: as written, moved, in its short form, or dropped
(docs/timeline-json.md). The plain table plans nothing, so it stays as fast as compiling.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from trackcue.cli._common import add_set_option, add_speech_options, collected_rarely, overrides, speech_progress

if TYPE_CHECKING:
    from trackcue.soundtrack.prepare import SoundPlan
    from trackcue.timeline import Timeline

ORDER = 21


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("compile", help="show a workout's timeline (table or --json)",
                       description="Compile a workout into its timeline: every step with start, duration and target, "
                       "and how each cue will play.")
    p.add_argument("file", metavar="FILE", help="a workout file or a library name (200m-repeats)")
    add_set_option(p)
    add_speech_options(p)
    p.add_argument("--json", action="store_true",
                   help="print the timeline as JSON with every cue's plan (version 2 contract)")
    p.add_argument("--cues", action="store_true", help="also list every cue: where it plays, in which form")
    p.add_argument("--transcript", action="store_true",
                   help="print what the runner hears, second by second (lap pressed on each target)")
    p.add_argument("--no-profile", action="store_true", help="ignore the athlete profile")
    p.add_argument("--units", choices=("metric", "imperial"),
                   help="show and speak paces in these units (beats the profile and the workout's cues.units)")
    p.set_defaults(func=run)


def json_lines(doc: dict[str, object]) -> str:
    """``doc`` as JSON with one key per line and one list element (a segment, a cue) per line.

    As readable as ``indent=1`` for a timeline, and written by the C encoder: with an indent,
    ``json.dumps`` falls back to pure Python, which took half of ``compile --json`` on 10 000 steps.
    """
    # One encoder for every element: json.dumps with an option builds a new one per call, a third
    # of the encoding time for 10 000 segments.
    encode = json.JSONEncoder(ensure_ascii=False).encode
    parts = []
    for key, value in doc.items():
        name = encode(key)
        if isinstance(value, list) and value:
            items = ",\n  ".join(map(encode, value))
            parts.append(f" {name}: [\n  {items}\n ]")
        else:
            parts.append(f" {name}: {encode(value)}")
    return "{\n" + ",\n".join(parts) + "\n}"


def run(args: argparse.Namespace) -> int:
    with collected_rarely():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from trackcue.workout import compile_file
    from trackcue.workout.report import sources_lines, step_table, totals_line

    tl = compile_file(args.file, overrides(args.sets), use_profile=not args.no_profile, units=args.units)
    if args.transcript:
        from trackcue.soundtrack.transcript import hear

        print("\n".join(hear(tl, args.speech, args.voice, args.wpm).lines()))
        return 0
    sound = None
    if args.json or args.cues:
        from trackcue.soundtrack.prepare import PLAN_RATE, plan_sound

        sound = plan_sound(tl, PLAN_RATE, args.speech, args.voice, args.wpm, speech_progress)
    if args.json and sound is not None:
        print(json_lines(timeline_json(tl, sound)))
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
    if sound is not None:
        print()
        print(cues_line(sound))
        for line in cue_lines(tl, sound):
            print(f"  {line}")
    return 0


def timeline_json(tl: Timeline, sound: SoundPlan) -> dict[str, object]:
    """``compile --json``: the timeline's contract with each cue's ``plan`` and the top-level ``plan``."""
    doc = tl.to_json()
    planned = sound.plan.by_index()
    for i, cue in enumerate(doc["cues"]):
        cue["plan"] = planned[i].to_json()
    doc["plan"] = sound.to_json()
    return doc


def cues_line(sound: SoundPlan) -> str:
    """``cues: 38 · 2 moved · 1 short · 0 dropped (measured speech lengths — speech: espeak-ng, …)``."""
    from trackcue.speech.planner import PLANNED_FORMS

    counts = {form: 0 for form in PLANNED_FORMS}
    for c in sound.plan.cues:
        counts[c.form] += 1
    parts = [f"{counts[f]} {f}" for f in PLANNED_FORMS if f != "full"]
    return f"cues: {len(sound.plan.cues)} · " + " · ".join(parts) + f" ({sound.lengths})"


def cue_lines(tl: Timeline, sound: SoundPlan) -> list[str]:
    """One line per cue in the order they play: planned start, kind, form, what is heard."""
    from trackcue.phrases import format_clock

    lines = []
    for p in sound.plan.cues:
        cue = tl.cues[p.index]
        what = (cue.text or cue.sound if p.dropped else p.text or p.sound) or ""
        if p.moved_s:
            what += f"  (written {format_clock(p.written_at_s, tenths=True)})"
        lines.append(f"{format_clock(p.at_s, tenths=True):>9}  {p.kind:<9} {p.form:<8} {what}")
    return lines
