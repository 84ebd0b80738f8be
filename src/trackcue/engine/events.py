"""The player's events: one flat dict each, printed as a JSON line and recorded by history.

Every event has ``event``, ``at_s`` (the planned time on the workout clock), ``t_s`` (the actual
time on the workout clock, pauses excluded) and ``wall`` (unix time). ``FIELDS`` lists the rest,
per kind; docs/events.md describes them.
"""

from __future__ import annotations

from typing import Any

Event = dict[str, Any]
"""One event: ``event`` (a kind of ``EVENT_KINDS``), the ``COMMON`` times and its kind's ``FIELDS``,
JSON values only (what ``make_event`` builds, history records and ``to_line`` prints)."""
COMMON = ("event", "at_s", "t_s", "wall")
FIELDS: dict[str, tuple[str, ...]] = {
    "start": ("name", "source", "params", "total_s", "get_ready_s", "resumed_from", "laps"),
    "segment": ("index", "kind", "intensity", "label", "ends", "duration_s", "rep", "reps", "set", "sets"),
    "cue": ("type", "kind", "text", "sound", "segment", "priority", "skipped", "late_s", "plan"),
    "lap": ("segment", "kind", "intensity", "rep", "reps", "lap", "mark", "mark_m", "lap_s", "split_s",
            "target_s", "diff_s", "ends_step", "text"),
    "pause": ("segment",),
    "resume": ("segment", "paused_s"),
    "skip": ("segment", "to"),
    "back": ("segment", "to", "restart"),
    "adjust": ("segment", "delta_s", "duration_s"),
    "finish": ("laps", "elapsed_s"),
    "abort": ("laps", "elapsed_s"),
    "interrupt": ("segment", "laps", "elapsed_s", "reason"),
    "stall": ("gap_s", "segment"),
}
EVENT_KINDS = tuple(FIELDS)


def make_event(name: str, at_s: float, t_s: float, wall: float, /, **fields: Any) -> Event:
    """Build one ``name`` event; raises ``ValueError`` if its fields differ from the documented schema."""
    expected = FIELDS.get(name)
    if expected is None:
        raise ValueError(f"unknown event {name!r}")
    if set(fields) != set(expected):
        raise ValueError(f"{name} event needs fields {sorted(expected)}, got {sorted(fields)}")
    event: Event = {"event": name, "at_s": _r(at_s), "t_s": _r(t_s), "wall": _r(wall)}
    for name in expected:
        value = fields[name]
        event[name] = _r(value) if name.endswith("_s") else _jsonable(value)
    return event


def to_line(event: Event) -> str:
    """The event as one compact JSON line (no newline)."""
    import json  # here: the player screen never writes lines, and json costs its start-up ~1 ms

    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), 3)


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v if isinstance(v, (int, float, str, bool)) or v is None else str(v)
