"""Garmin FIT workout files → a ``Draft``, decoded with fit-tool (BSD-3-Clause; Garmin's own
``garmin-fit-sdk`` is under the FIT Protocol License, which an MIT project cannot redistribute
under, so it only checks our files in the tests).

Source: Garmin's FIT SDK profile — ``file_id`` (type 5 = workout), ``workout`` (``wkt_name``,
``sport``) and one ``workout_step`` per step. A step ends by ``duration_type``: time (s), distance
(m), open (the lap button) or a heart-rate, power or calorie condition; its target is a
``target_type`` with a zone (``target_value`` 1…) or a custom range (``custom_target_value_low``/
``high``; for speed in m/s). ``repeat_until_steps_cmplt`` and the other ``repeat_until_*`` steps
come *after* the steps they repeat and point back to the first of them by message index
(``duration_step``), so repeats nest. Intensity says warm-up, active/interval, recovery, rest or
cool-down.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from typing import Any

from trackcue.timeline import KIND_INTENSITY, StepKind
from trackcue.workout.importers.draft import (
    WATCH_BAND, Draft, DraftNode, DraftRepeat, DraftStep, time_text,
)
from trackcue.workout.importers.problems import ImportProblem
from trackcue.workout.importers.titles import read_title, read_value
from trackcue.workout.resolve import Resolved

FIT_WORKOUT_FILE = 5
MAX_STEPS = 2000  # Garmin's watches take 50-100 steps; a file with thousands is not a workout
# FIT enum values (the FIT SDK profile: types workout_step_duration, workout_step_target, intensity).
TIME, DISTANCE, HR_LESS, HR_MORE, CALORIES, OPEN = 0, 1, 2, 3, 4, 5
REPEAT_STEPS, REPEAT_TIME, REPEAT_DISTANCE = 6, 7, 8
REPEAT_TYPES = {6, 7, 8, 9, 10, 11, 12, 13, 17, 18, 27}
POWER_ENDS = {14, 15, 19, 20, 21, 22, 23, 24, 25, 26}
TSS, REPETITION_TIME, REPS, TIME_ONLY = 16, 28, 29, 31
SPEED, HEART_RATE, TARGET_OPEN, CADENCE, POWER, SPEED_LAP = 0, 1, 2, 3, 4, 12
TARGET_NAMES = {1: "heart rate", 3: "cadence", 4: "power", 5: "grade", 6: "resistance", 7: "3 s power",
                8: "10 s power", 9: "30 s power", 10: "lap power", 11: "swim stroke", 13: "lap heart rate"}
INTENSITY_KIND: dict[int, StepKind] = {0: "run", 1: "rest", 2: "warmup", 3: "cooldown", 4: "jog", 5: "run", 6: "run"}
SPORTS = {0: "generic", 1: "running", 2: "cycling", 5: "swimming", 10: "training", 11: "walking"}
FILE_TYPES = {1: "device", 2: "settings", 3: "sport", 4: "activity", 6: "course", 7: "schedules",
              9: "weight", 10: "totals", 11: "goals", 14: "blood pressure", 15: "monitoring", 20: "activity summary"}


@dataclass
class _Step:
    """A decoded workout_step, the fields trackcue reads (None where the file leaves them out)."""

    index: int
    name: str | None
    duration_type: int | None
    duration_time: float | None
    duration_distance: float | None
    duration_value: float | None
    duration_step: int | None
    target_type: int | None
    target_value: int | None
    speed_low: float | None
    speed_high: float | None
    repeat_steps: int | None
    repeat_time: float | None
    repeat_distance: float | None
    intensity: int | None
    notes: str | None


def read_fit(data: bytes, source: str, name: str, units: str) -> Draft:
    """Decode a FIT workout file into a draft; raise ``ImportProblem`` for anything unreadable."""
    file_ids, workouts, step_messages = _decode(data)
    file_type = next((_int(m.type) for m in file_ids), None)
    if file_type is None:
        raise ImportProblem("the FIT file has no file_id message, so it is no workout",
                            "export the workout again from Garmin Connect or your watch")
    if file_type != FIT_WORKOUT_FILE:
        what = FILE_TYPES.get(file_type, f"type {file_type}")
        raise ImportProblem(f"this is a FIT {what} file, not a workout",
                            "give a workout file (Garmin Connect: Training > Workouts > Export, or a watch's Workouts folder)")
    draft = Draft(name=name, source=source, format="a FIT workout file", units=units)
    for workout in workouts[:1]:
        draft.name = _text(workout.workout_name) or name
        draft.description = _text(workout.workout_description) or ""
        sport = _int(workout.sport)
        if sport not in (None, 0, 1, 11):
            draft.approximations.append(f"the file is a {SPORTS.get(sport, f'sport {sport}')} workout; played as a run")
    steps = [_read_step(m, i) for i, m in enumerate(step_messages)]
    if not steps:
        raise ImportProblem("the workout has no steps", "export the workout again; a workout file lists its steps")
    if len(steps) > MAX_STEPS:
        raise ImportProblem(f"the workout has {len(steps)} steps; trackcue reads at most {MAX_STEPS}",
                            "split it into shorter workouts")
    steps.sort(key=lambda s: s.index)
    draft.steps = _tree(steps)
    return draft


def _decode(data: bytes) -> tuple[list[Any], list[Any], list[Any]]:
    """The file's file_id, workout and workout_step messages (fit-tool message objects)."""
    from fit_tool.exceptions import FitCRCError, FitHeaderError
    from fit_tool.fit_file import FitFile
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.workout_message import WorkoutMessage
    from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage

    try:
        fit = FitFile.from_bytes(data)
    except FitCRCError:
        raise ImportProblem("the FIT file is damaged: its checksum does not match its contents",
                            "download or copy the file again") from None
    except FitHeaderError as err:
        reason = "it is cut short" if "truncat" in str(err).lower() else "its header is not a FIT header"
        raise ImportProblem(f"the FIT file cannot be read: {reason}", "download or copy the file again") from None
    except Exception as err:  # noqa: BLE001 - a third-party decoder over untrusted bytes: any failure is a bad file
        raise ImportProblem(f"the FIT file cannot be read: {type(err).__name__}: {str(err)[:120]}",
                            "download or copy the file again") from None
    messages = [record.message for record in fit.records]
    return ([m for m in messages if isinstance(m, FileIdMessage)], [m for m in messages if isinstance(m, WorkoutMessage)],
            [m for m in messages if isinstance(m, WorkoutStepMessage)])


def _read_step(m: Any, position: int) -> _Step:
    index = _int(m.message_index)
    return _Step(
        index=position if index is None else index,
        name=_text(m.workout_step_name),
        duration_type=_int(m.duration_type),
        duration_time=_num(m.duration_time),
        duration_distance=_num(m.duration_distance),
        duration_value=_num(m.duration_value),
        duration_step=_int(m.duration_step),
        target_type=_int(m.target_type),
        target_value=_int(m.target_value),
        speed_low=_num(m.custom_target_speed_low),
        speed_high=_num(m.custom_target_speed_high),
        repeat_steps=_int(m.target_repeat_steps),
        repeat_time=_num(m.target_repeat_time),
        repeat_distance=_num(m.target_repeat_distance),
        intensity=_int(m.intensity),
        notes=_text(m.notes),
    )


def _tree(steps: list[_Step]) -> list[DraftNode]:
    """Steps in file order, each repeat step wrapping the steps from the one it points back to."""
    out: list[tuple[int, DraftNode]] = []  # (the message index a node starts at, the node)
    for step in steps:
        if step.duration_type not in REPEAT_TYPES:
            out.append((step.index, _step(step)))
            continue
        back = step.duration_step if step.duration_step is not None else (
            int(step.duration_value) if step.duration_value is not None else None)
        if back is None or not 0 <= back < step.index:
            raise ImportProblem(f"repeat step {step.index} points back to step {back}, which is not before it",
                                "the file is damaged or not a workout; export it again")
        children: list[tuple[int, DraftNode]] = []
        while out and out[-1][0] >= back:
            children.insert(0, out.pop())
        if not children or children[0][0] != back:  # it must start where a step or a whole repeat starts
            raise ImportProblem(f"repeat step {step.index} points into the middle of another repeat (step {back})",
                                "the file is damaged; export it again")
        out.append((back, _repeat(step, [node for _, node in children])))
    return [node for _, node in out]


def _repeat(step: _Step, children: list[DraftNode]) -> DraftNode:
    kind = step.duration_type
    if kind == REPEAT_STEPS:
        count = step.repeat_steps if step.repeat_steps is not None else step.target_value
        rep = DraftRepeat(max(count or 1, 1), children)
        if not count:
            rep.approximations.append("the repeat step gives no count; played once")
        return rep
    block_s = _block(children, "time")
    block_m = _block(children, "distance")
    if kind == REPEAT_TIME and step.repeat_time and block_s:
        count = max(1, math.ceil(step.repeat_time / block_s - 1e-6))
        rep = DraftRepeat(count, children)
        rep.approximations.append(f"the file repeats these until {time_text(step.repeat_time)} have passed; "
                                  f"played {count} times ({time_text(count * block_s)})")
        return rep
    if kind == REPEAT_DISTANCE and step.repeat_distance and block_m:
        count = max(1, math.ceil(step.repeat_distance / block_m - 1e-6))
        rep = DraftRepeat(count, children)
        rep.approximations.append(f"the file repeats these until {step.repeat_distance:g} m are run; played {count} times")
        return rep
    rep = DraftRepeat(1, children)
    rep.approximations.append("the file repeats these until a heart-rate, power or calorie condition is met; "
                              "played once (press lap to move on)")
    return rep


def _block(nodes: list[DraftNode], what: str) -> float | None:
    """The time (or distance) one pass through ``nodes`` takes, if every step says it."""
    total = 0.0
    for node in nodes:
        if isinstance(node, DraftRepeat):
            inner = _block(node.steps, what)
            if inner is None:
                return None
            total += node.count * inner
        elif what == "time" and node.duration_s:
            total += node.duration_s
        elif what == "distance" and node.distance_m:
            total += node.distance_m
        else:
            return None
    return total or None


def _step(s: _Step) -> DraftStep:
    kind = INTENSITY_KIND.get(s.intensity, "run") if s.intensity is not None else None
    title = read_title(s.name, kind or "run")
    if kind is None:
        kind = title.kind or "run"
    elif title.kind is not None and KIND_INTENSITY[title.kind] == KIND_INTENSITY[kind]:
        kind = title.kind  # walk for a recovery, stretch for a rest, strength for active work
    step = DraftStep(kind=kind, ends="lap", name=title.name, effort=title.effort)
    parts = [p.strip() for p in (s.notes or "").split(" | ") if p.strip()]
    _duration(step, s, parts, title.value)
    _target(step, s)
    if step.ends == "lap" and step.distance_m and step.target_s is None and step.pace is not None:
        step.target_s = round(step.distance_m * step.pace, 1)
    step.said = parts  # the note, and what trackcue's export wrote of what is said (the importer drops repeats)
    return step


def _duration(step: DraftStep, s: _Step, parts: list[str], label: Resolved | None) -> None:
    kind = s.duration_type
    if kind in (TIME, TIME_ONLY, REPETITION_TIME) and s.duration_time:
        step.ends, step.duration_s = "time", s.duration_time
        return
    if kind == DISTANCE and s.duration_distance:
        step.distance_m = s.duration_distance
        return
    plan = _lap_plan(parts)
    if plan is not None:  # trackcue's own export: the plan is in the notes
        step.distance_m, step.target_s, step.duration_s = plan
    elif label is not None and label.ends == "lap":  # a label's distance; its time is only an estimate
        step.distance_m, step.target_s = label.distance_m, label.target_s
    if kind == OPEN or kind is None:
        return
    if kind in (HR_LESS, HR_MORE):
        bpm = _hr(s.duration_value)
        sign = "below" if kind == HR_LESS else "above"
        step.approximations.append(f"the watch ends this step when heart rate is {sign} {bpm}; press lap instead")
    elif kind == CALORIES:
        step.approximations.append(f"the watch ends this step after {s.duration_value:g} calories; press lap instead"
                                   if s.duration_value else "the watch ends this step on calories; press lap instead")
    elif kind in POWER_ENDS or kind == TSS:
        step.approximations.append("the watch ends this step on a power or training-load condition; press lap instead")
    elif kind == REPS:
        reps = f"{s.duration_value:g} " if s.duration_value else ""
        step.approximations.append(f"a step of {reps}repetitions; press lap when they are done")
    else:
        step.approximations.append(f"the file ends this step by condition {kind}; press lap instead")


def _lap_plan(parts: list[str]) -> tuple[float | None, float | None, float | None] | None:
    """(distance, target time, planned time) from the part of the notes trackcue's FIT export writes
    for a lap-ended step (``200m in 38s``, ``100m until lap, about 25s``, ``until lap, about 1:15``);
    the part is taken out of ``parts``."""
    for i, part in enumerate(parts):
        value, _, about = part.partition(", about ")
        resolved = read_value(value, "run")
        estimate = read_value(about, "run") if about else None
        if resolved is None or resolved.ends != "lap" or (about and (estimate is None or estimate.ends != "time")):
            continue
        del parts[i]
        planned = estimate.duration_s if estimate is not None else resolved.target_s
        return resolved.distance_m, resolved.target_s, planned
    return None


def _target(step: DraftStep, s: _Step) -> None:
    kind = s.target_type
    if kind in (None, TARGET_OPEN):
        return
    if kind in (SPEED, SPEED_LAP):
        if s.target_value not in (None, 0):
            step.approximations.append(f"speed zone {s.target_value}: the watch's zones are not in the file; no pace target")
            return
        speeds = [v for v in (s.speed_low, s.speed_high) if v]
        if not speeds:
            return
        fast, slow = 1.0 / max(speeds), 1.0 / min(speeds)
        if not (0.1 <= fast and slow <= 2.0):
            step.approximations.append("the file's speed range is impossible for a runner; no pace target")
            return
        mid = (fast + slow) / 2
        if len(speeds) == 1 or abs(fast - slow) < 1e-9:
            step.pace = fast if len(speeds) == 1 else mid
        elif abs(fast / mid - (1 - WATCH_BAND)) < 2e-3 and abs(slow / mid - (1 + WATCH_BAND)) < 2e-3:
            step.pace = mid  # the ±3 % band trackcue's own export puts around a single pace
        else:
            step.pace_range = (fast, slow)
        return
    what = TARGET_NAMES.get(kind, f"target type {kind}")
    zone = f" zone {s.target_value}" if s.target_value else " range"
    step.approximations.append(f"a {what}{zone} target: trackcue has no {what} targets; played without a target")


def _hr(value: float | None) -> str:
    if value is None:
        return "a limit"
    return f"{value - 100:g} bpm" if value > 100 else f"{value:g} % of max"


def _text(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = " ".join(str(value).replace("\x00", "").split()) if value is not None else ""
    return text or None


def _int(value: object) -> int | None:
    if value is None:
        return None
    raw = value.value if isinstance(value, Enum) else value  # fit-tool hands back enums for known values
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        return None
    try:
        return int(raw)
    except (TypeError, ValueError, OverflowError):
        return None


def _num(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
