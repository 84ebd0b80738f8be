"""The workout language's keys and words, in one table: the parser checks against it and
``trackcue schema`` turns it into a JSON Schema for editors (``json_schema``).

Why not a validation library: the step union is keyed by which kind word is present
(``run:``, ``jog:`` …) and values are a small language of their own; measured here, pydantic
models cost ≈95 ms and jsonschema ≈70 ms just to import, against a 100 ms budget for
``trackcue check``. The JSON Schema generated from this table is checked against every shipped
workout in the tests, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from trackcue.timeline import INTENSITIES, STEP_KINDS, StepKind
from trackcue.units import UNITS, Units

# The choices of the format, each a type and a tuple read by the parser, the schema and the docs.
DistanceEnds = Literal["lap", "target"]
DISTANCE_ENDS: tuple[DistanceEnds, ...] = get_args(DistanceEnds)
PipsSetting = Literal["work", "all", "none"]
PIPS_SETTINGS: tuple[PipsSetting, ...] = get_args(PipsSetting)
GoSetting = Literal["tone", "say", "none"]
GO_SETTINGS: tuple[GoSetting, ...] = get_args(GoSetting)

# What each step kind is (the keys are exactly ``timeline.STEP_KINDS``: a test checks).
STEP_KIND_TEXT: dict[StepKind, str] = {
    "warmup": "Warm-up: easy running before the work (intensity warmup)",
    "run": "Work: a rep or a continuous run (intensity work)",
    "jog": "Moving recovery at a jog (intensity recovery)",
    "walk": "Moving recovery at a walk (intensity recovery)",
    "rest": "Standing rest (intensity rest)",
    "stretch": "A stretch or a hold (intensity rest)",
    "strength": "A strength exercise (intensity work)",
    "cooldown": "Cool-down: easy running after the work (intensity cooldown)",
}
# What coaches also write for the same kinds.
KIND_ALIASES: dict[str, StepKind] = {
    "warm-up": "warmup", "warm_up": "warmup", "warm up": "warmup",
    "cool-down": "cooldown", "cool_down": "cooldown", "cool down": "cooldown",
    "hold": "stretch", "exercise": "strength", "work": "run", "recover": "jog", "recovery": "jog",
}
# Every word that starts a step, and the kind it means.
KIND_WORDS: dict[str, StepKind] = {**{kind: kind for kind in STEP_KINDS}, **KIND_ALIASES}

END_TEXT = (
    "How the step ends: a time (90s, 2:00, 15min, 1:30:00, 1'30\"), a distance with a target time "
    "(200m in 38s), a distance at a pace (400m at 6:00/mi, 400m @ 4:30/k, 1mi at 5K pace, "
    "200m at 400m - 2s/200m), a time at a pace (10min at mile + 40..50s/mi, 10min at 5:30-5:40/mi), "
    "'until lap' (ended by the lap key) or 'same' (as long as the step before). A progression "
    "across reps: '2:00 -> 0:30' ('… each set' to restart it with each set); a list gives each rep "
    "its own value; 'N x …' (8 x 200m in 38s) repeats the step N times."
)

STEP_KEYS: dict[str, str] = {
    "name": "A custom name for the step (Hamstrings, Hill surge)",
    "note": "A note shown on screen and exported to watches",
    "about": "For lap-ended steps: about how long it takes, for planning (25s)",
    "intensity": "Override the kind's intensity: warmup, work, recovery, rest, cooldown",
    "ends": "For distance steps with a target: 'lap' (the lap key ends it) or 'target' (the clock does)",
    "tolerance": "Pace tolerance either side of the target (5s/mi, 2s/400m)",
    "say": "Spoken at the start instead of the standard announcement ('' for nothing); templates {rep} {reps} {target} …",
    "announce": "Announce this step (true/false; default: the workout's cues: announce)",
    "sound": "A sound file played at the start (in the workout's folder or the shipped sounds)",
    "at": "Cues at offsets from the start (30s) or, negative, from the end (-10s): text or {say, sound}",
    "pips": "3-2-1 pips into this step: true or false",
    "halfway": "Call halfway through this step: true or false",
    "splits": "Split calls: every N metres at target pace (100m), or a list of parts (200m in 40s)",
    "every": "Calls every so often in a timed step: a time (every: 30s says the time left) or {30s: text}",
}
# With a repeat written in the step ('run: 8 x 200m in 38s'), a recovery kind on the same step is
# the recovery between the reps.
RECOVERY_KINDS: tuple[StepKind, ...] = ("jog", "walk", "rest")
REPEAT_KEYS: dict[str, str] = {
    "repeat": "How many times: a number, a count parameter (reps), or {until: 30min} / {until: 5km}",
    "every": "Send-off: each rep starts every this long (every: 2:00); the rest is what is left",
    "steps": "The steps of one rep",
    "name": "A name for the block (Main set)",
    "skip_last_recovery": "Leave out the recovery after the final rep",
    "last_rep": "What to say before this block's final round: its final rep, or its final set (false for nothing)",
}
INCLUDE_KEYS: dict[str, str] = {
    "include": "Another workout file (a path relative to this one, or a library name) whose steps go here",
    "set": "Parameter values for the included file",
}
PARAM_KEYS: dict[str, str] = {
    "default": "The value used unless --set or the profile gives another",
    "min": "Smallest allowed value",
    "max": "Largest allowed value",
    "about": "What the parameter means, shown by trackcue check and the picker",
}
CUE_KEYS: dict[str, str] = {
    "announce": "Announce each step with its target (true/false)",
    "pips": "3-2-1 pips: work (into work steps), all, or none",
    "go": "At the start of a work step: tone, say, or none",
    "halfway": "Call halfway in time-ended work steps of at least 2 minutes (true/false)",
    "splits": "Default split calls in distance reps: a distance (400m) or false",
    "recovery_warning": "Say how long is left before a recovery ends (10s) or false",
    "last_rep": "What to say before the final rep (of the final set) of each top-level repeat (false for nothing)",
    "last_set": "What to say before the final set of each top-level repeat (false for nothing)",
    "finish": "What to say when the workout is complete (false for nothing)",
    "units": "Spoken units: metric or imperial",
}
AT_KEYS: dict[str, str] = {"say": "Text to speak (a template)", "sound": "A sound file to play"}
UNTIL_KEYS: dict[str, str] = {"until": "Repeat as many reps as fit in a time (30min) or as reach a distance (5km)"}
TRACK_KEYS: dict[str, str] = {
    "length": "The lap of lane 1: 400m (outdoor) or 200m (indoor)",
    "lane": "The lane the reps are run in (1 is the inside lane); outer lanes are longer",
    "lane_width": "The width of a lane (1.22m outdoor, 1.00m indoor unless given)",
}
# What a spoken template ('say:', 'at:', 'every:') may name, and what each stands for.
TEMPLATE_FIELDS: dict[str, str] = {
    "rep": "the rep number (3)",
    "reps": "how many reps in the block (8)",
    "set": "the set number, in nested repeats",
    "sets": "how many sets",
    "target": "the step's target as spoken (200 metres in 38 seconds)",
    "distance": "the step's distance (200 metres)",
    "time": "the step's target or time (38 seconds)",
    "pace": "the step's pace (6 minute mile pace)",
    "name": "the step's name",
    "kind": "the step's kind (run, jog…)",
    "next": "the next step as spoken (Jog, 2 minutes)",
    "remaining": "the time left in the step when the cue plays (9 minutes 30)",
    "elapsed": "the time since the step began when the cue plays (30 seconds)",
}
TOP_KEYS: dict[str, str] = {
    "name": "The workout's name",
    "description": "One line saying what the workout is for",
    "params": "Parameters with defaults and allowed ranges, changeable with --set",
    "cues": "Cue settings for the whole workout",
    "steps": "The steps, in order",
    "distance_ends": "How distance steps with a target end: lap (the lap key) or target (the clock)",
    "get_ready": "Get-ready countdown before the first step (10s)",
    "track": "The track the distances are run on: {length: 400m, lane: 3}",
}


def obj(keys: dict[str, str], types: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """A closed JSON Schema object: each key described from its table, typed from ``types``."""
    props = {k: {"description": d, **types.get(k, {})} for k, d in keys.items()}
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = required
    return out


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the workout format, for yaml-language-server."""
    scalar = {"type": ["string", "number"]}
    end = {"description": END_TEXT, "anyOf": [scalar, {"type": "array", "items": scalar}]}

    boolish = {"type": "boolean"}
    cue = {"anyOf": [{"type": "string"}, obj(AT_KEYS, {"say": {"type": "string"}, "sound": {"type": "string"}})]}
    cue_map = {"type": "object", "additionalProperties": cue}
    step_types: dict[str, Any] = {
        "name": {"type": "string"}, "note": {"type": "string"}, "about": scalar,
        "intensity": {"enum": list(INTENSITIES)},
        "ends": {"enum": list(DISTANCE_ENDS)}, "tolerance": scalar,
        "say": {"type": "string"}, "sound": {"type": "string"},
        "at": cue_map, "every": {"anyOf": [scalar, cue_map]},
        "announce": boolish, "pips": boolish, "halfway": boolish,
        "splits": {"anyOf": [scalar, {"type": "array", "items": {"type": "string"}}]},
    }
    recovery: dict[str, str] = {k: f"With 'N x …' in the step: the {k} between the reps" for k in RECOVERY_KINDS}
    steps: list[dict[str, Any]] = []
    for kind, desc in STEP_KIND_TEXT.items():
        keys = {kind: desc, **STEP_KEYS, **{k: d for k, d in recovery.items() if k != kind}}
        types = {kind: end, **step_types, **{k: end for k in recovery}}
        steps.append(obj(keys, types, [kind]))
    steps.append(obj(REPEAT_KEYS, {
        "repeat": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string"},
                             obj(UNTIL_KEYS, {"until": scalar}, ["until"])]},
        "every": scalar,
        "steps": {"$ref": "#/$defs/steps"}, "name": {"type": "string"},
        "skip_last_recovery": boolish, "last_rep": {"type": ["string", "boolean"]},
    }, ["repeat", "steps"]))
    steps.append(obj(INCLUDE_KEYS, {"include": {"type": "string"}, "set": {"type": "object"}}, ["include"]))
    param = {"anyOf": [scalar, obj(PARAM_KEYS, {"default": scalar, "min": scalar, "max": scalar,
                                                 "about": {"type": "string"}}, ["default"])]}
    cues = obj(CUE_KEYS, {
        "announce": boolish, "pips": {"enum": list(PIPS_SETTINGS)},
        "go": {"enum": list(GO_SETTINGS)}, "halfway": boolish,
        "splits": {"type": ["string", "boolean"]}, "recovery_warning": {"type": ["string", "number", "boolean"]},
        "last_rep": {"type": ["string", "boolean"]}, "last_set": {"type": ["string", "boolean"]},
        "finish": {"type": ["string", "boolean"]}, "units": {"enum": list(UNITS)},
    })
    track = obj(TRACK_KEYS, {"length": scalar, "lane": {"type": "integer", "minimum": 1, "maximum": 9},
                             "lane_width": scalar})
    top = obj(TOP_KEYS, {
        "name": {"type": "string"}, "description": {"type": "string"},
        "params": {"type": "object", "additionalProperties": param},
        "cues": cues, "steps": {"$ref": "#/$defs/steps"},
        "distance_ends": {"enum": list(DISTANCE_ENDS)}, "get_ready": scalar, "track": track,
    }, ["steps"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://trackcue.dev/schema/workout-v1.json",
        "title": "trackcue workout",
        **top,
        "$defs": {"steps": {"type": "array", "minItems": 1, "items": {"anyOf": steps}}},
    }
