"""The keys of the plan format in one table: the parser checks against it and
``trackcue plan schema`` turns it into a JSON Schema for editors (as the workout format does)."""

from __future__ import annotations

from typing import Any

from trackcue.plan.model import WEEKDAY_NAMES, WEEKDAYS
from trackcue.workout.language import obj

TOP_KEYS: dict[str, str] = {
    "name": "The plan's name",
    "description": "What the plan is for, in a line or two",
    "blocks": "Blocks of weeks in order, each with its weekly pattern of sessions",
}
BLOCK_KEYS: dict[str, str] = {
    "name": "The block's name (Base, Speed)",
    "weeks": "Which weeks of the plan: a range such as 1-12, or one week such as 13",
    "about": "What the block is for",
    "days": "Each weekday's sessions: mon: strength, or a list, or a session with set/progress",
}
SESSION_KEYS: dict[str, str] = {
    "workout": "A library workout (200m-repeats) or a path relative to the plan file",
    "set": "Parameter values for this session (reps: 8)",
    "progress": "Parameters that move across the block: per week, or per session completed on target",
    "note": "A note shown with the session",
}
RULE_KEYS: dict[str, str] = {
    "per": "week (moves every week of the block) or session (moves after each session with every rep on target)",
    "from": "The first value (default: the session's set value, else the workout's default)",
    "to": "The value reached: at the block's last week (per week) or the limit it never passes",
    "by": "The step each week or each session on target (-15s, 1); a missed or off-target session holds it",
    "tolerance": "Per session: how far over its target a rep may be and still count as on target (default 1s)",
}
# Weekday keys: the short form is canonical; full names are accepted too.
DAY_KEYS: dict[str, int] = {**{d: i for i, d in enumerate(WEEKDAYS)},
                            **{n.lower(): i for i, n in enumerate(WEEKDAY_NAMES)}}


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the plan format, for yaml-language-server."""
    scalar = {"type": ["string", "number"]}

    rule = obj(RULE_KEYS, {"per": {"enum": ["week", "session"]}, "from": scalar, "to": scalar, "by": scalar,
                           "tolerance": scalar}, ["per"])
    session = {"anyOf": [{"type": "string"}, obj(SESSION_KEYS, {
        "workout": {"type": "string"}, "set": {"type": "object", "additionalProperties": scalar},
        "progress": {"type": "object", "additionalProperties": rule}, "note": {"type": "string"},
    }, ["workout"])]}
    day = {"anyOf": [{"type": "null"}, session, {"type": "array", "items": session}]}
    days = {"type": "object", "properties": {k: {"description": WEEKDAY_NAMES[i], **day} for k, i in DAY_KEYS.items()},
            "additionalProperties": False}
    block = obj(BLOCK_KEYS, {"name": {"type": "string"}, "about": {"type": "string"},
                             "weeks": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string"}]},
                             "days": days}, ["weeks", "days"])
    top = obj(TOP_KEYS, {"name": {"type": "string"}, "description": {"type": "string"},
                         "blocks": {"type": "array", "minItems": 1, "items": block}}, ["blocks"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://trackcue.dev/schema/plan-v1.json",
        "title": "trackcue training plan",
        **top,
    }
