"""A workout as a Garmin FIT workout file, written with fit-tool (never hand-encoded).

One ``file_id`` (type workout), one ``workout`` and a ``workout_step`` per step or repeat.
Repeats are ``repeat_until_steps_cmplt`` steps pointing back to their first step by message
index, so a repeat inside a repeat nests. Everything a FIT step cannot hold — cues at a moment
inside a step, splits — goes into the step's notes and is listed in ``FitExport.approximations``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
from fit_tool.profile.profile_type import (
    FileType,
    Intensity as FitIntensity,
    Manufacturer,
    Sport,
    WorkoutStepDuration,
    WorkoutStepTarget,
)

from trackcue.export.structure import Node, Repeat, ExportStep, build, pace_band, target_pace
from trackcue.phrases import counted, format_clock, format_distance, format_mark
from trackcue.timeline import Intensity, Timeline
from trackcue.workout.importers.draft import WATCH_BAND, lap_plan_text

DEFAULT_TOLERANCE = WATCH_BAND  # ±3 % of the pace: about ±1 s on a 38 s 200 m
# ACTIVE rather than INTERVAL for work: every Garmin watch knows it; INTERVAL is newer.
INTENSITY: dict[Intensity, FitIntensity] = {
    "warmup": FitIntensity.WARMUP,
    "work": FitIntensity.ACTIVE,
    "recovery": FitIntensity.RECOVERY,
    "rest": FitIntensity.REST,
    "cooldown": FitIntensity.COOLDOWN,
}
WATCH_STEP_LIMIT = 50  # Garmin Connect and many watches take at most 50 workout steps
MAX_TEXT_BYTES = 254  # a FIT string field holds 255 bytes including its terminating zero
# file_id.serial_number is a uint32; 0 and 0xFFFFFFFF (FIT's "invalid") are never drawn.
SERIAL_RANGE = (1, 0xFFFFFFFE)


@dataclass
class FitExport:
    """The encoded file and one line for each thing FIT could not say exactly."""

    data: bytes
    approximations: list[str] = field(default_factory=list)


def to_fit(
    timeline: Timeline,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    gps_distance: bool = False,
    created: dt.datetime | None = None,
    serial: int | None = None,
) -> FitExport:
    """Encode ``timeline`` as a FIT workout file.

    Lap-ended steps end on the lap button (FIT ``open``), as trackcue plays them; with
    ``gps_distance`` a lap-ended step with a distance ends when the watch has measured it.
    Every file gets its own identity: Garmin's workout file guide asks that ``file_id``'s type,
    manufacturer, product and serial number together be unique per file, so ``serial`` is drawn
    at random (1 … 2³²-2) unless given; ``created`` fixes the creation time (default: now). Give
    both to reproduce a file byte for byte.
    """
    structure = build(timeline)
    writer = _StepWriter(tolerance, gps_distance, structure.approximations)
    writer.add(structure.nodes)
    writer.report()
    if len(writer.messages) > WATCH_STEP_LIMIT:
        structure.approximations.append(
            f"the file has {len(writer.messages)} steps; Garmin Connect and many watches take at most "
            f"{WATCH_STEP_LIMIT} (fewer reps or alike reps, which become repeats, make it shorter)"
        )
    when = created or dt.datetime.now(dt.timezone.utc)

    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = serial if serial is not None else secrets.randbelow(SERIAL_RANGE[1]) + SERIAL_RANGE[0]
    file_id.time_created = round(when.timestamp() * 1000)  # fit-tool takes Unix milliseconds

    workout = WorkoutMessage()
    workout.workout_name = _fit_text(timeline.name, "workout name", structure.approximations)
    workout.sport = Sport.RUNNING
    # Garmin counts every workout_step message, repeat steps included.
    workout.num_valid_steps = len(writer.messages)

    builder = FitFileBuilder(auto_define=True)
    builder.add(file_id)
    builder.add(workout)
    builder.add_all(writer.messages)
    return FitExport(builder.build_bytes(), list(dict.fromkeys(structure.approximations)))


class _StepWriter:
    """Turns steps and repeats into workout_step messages, numbering them as it goes."""

    def __init__(self, tolerance: float, gps_distance: bool, approximations: list[str]) -> None:
        self.tolerance = tolerance
        self.gps_distance = gps_distance
        self.approximations = approximations
        self.messages: list[WorkoutStepMessage] = []
        self.timed: dict[str, list[str]] = {}  # a cue said inside steps → those steps' titles
        self.split_steps: list[str] = []

    def report(self) -> None:
        """One line per cue text said inside steps, and one for splits."""
        for text, titles in self.timed.items():
            self.approximations.append(
                f"spoken cue '{text}' during {_steps(titles)} written into the notes; FIT steps have no timed cues"
            )
        if self.split_steps:
            self.approximations.append(
                f"splits of {_steps(self.split_steps)} written into the notes; FIT steps have no splits"
            )

    def add(self, nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, Repeat):
                first = len(self.messages)
                self.add(node.children)
                msg = self._new()
                msg.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
                msg.duration_step = first
                msg.target_type = WorkoutStepTarget.OPEN
                msg.target_repeat_steps = node.count
            else:
                self._step(node)

    def _new(self) -> WorkoutStepMessage:
        msg = WorkoutStepMessage()
        msg.message_index = len(self.messages)
        self.messages.append(msg)
        return msg

    def _step(self, step: ExportStep) -> None:
        seg = step.segment
        msg = self._new()
        msg.workout_step_name = _fit_text(step.title, f"step '{step.title}' name", self.approximations)
        msg.intensity = INTENSITY[seg.intensity]
        # The duration type goes first: fit-tool picks the sub-field (and its scale) from it.
        if seg.ends == "time":
            msg.duration_type = WorkoutStepDuration.TIME
            msg.duration_time = seg.duration_s  # written in ms
        elif self.gps_distance and seg.distance_m:
            msg.duration_type = WorkoutStepDuration.DISTANCE
            msg.duration_distance = seg.distance_m  # written in cm
        else:
            msg.duration_type = WorkoutStepDuration.OPEN  # until the lap button
        band = pace_band(seg, self.tolerance)
        if band:
            fast, slow = band
            msg.target_type = WorkoutStepTarget.SPEED
            msg.target_value = 0  # zone 0: the custom range below
            msg.custom_target_speed_low = 1.0 / slow  # written in mm/s
            msg.custom_target_speed_high = 1.0 / fast
        else:
            msg.target_type = WorkoutStepTarget.OPEN
        notes = self._notes(step)
        if notes:
            msg.notes = _fit_text(notes, f"step '{step.title}' notes", self.approximations)

    def _notes(self, step: ExportStep) -> str:
        """The workout's note, what is spoken, and what FIT cannot time (said when, in text)."""
        seg = step.segment
        parts = [seg.note] if seg.note else []
        if seg.ends == "lap":  # FIT has no field for a lap step's distance or plan: the importer reads it here
            pace = target_pace(seg)
            target = seg.target_s if seg.target_s is not None else (pace * seg.distance_m if pace and seg.distance_m else None)
            parts.insert(0, lap_plan_text(seg.distance_m, target, seg.duration_s))
        timed = [c for c in step.spoken if c.after_s >= 0.5]
        # What is said as the step starts, unless it only repeats the step's name.
        parts += [c.text for c in step.spoken if c.after_s < 0.5 and c.text.strip().lower() != step.title.lower()]
        parts += [f"{format_clock(c.after_s)} {c.text}" for c in timed]
        parts += [f"{format_distance(p.at_m)} in {format_mark(p.after_s)}" for p in seg.splits]
        for cue in timed:
            self.timed.setdefault(cue.text, []).append(step.title)
        if seg.splits:
            self.split_steps.append(step.title)
        return " | ".join(parts)


def _steps(titles: list[str]) -> str:
    """``step 'Tempo'`` or ``8 steps ('Jog · 2min', 'Jog · 1:45', …)``."""
    names = list(dict.fromkeys(titles))
    if len(titles) == 1:
        return f"step '{titles[0]}'"
    shown = ", ".join(f"'{t}'" for t in names[:2]) + (", …" if len(names) > 2 else "")
    return f"{counted(len(titles), 'step')} ({shown})"


def _fit_text(text: str, what: str, approximations: list[str]) -> str:
    """``text`` cut to what a FIT string holds, saying so when it had to be cut."""
    raw = text.encode("utf-8")
    if len(raw) <= MAX_TEXT_BYTES:
        return text
    cut = raw[: MAX_TEXT_BYTES - 3].decode("utf-8", "ignore") + "…"
    approximations.append(f"{what}: cut to {len(cut)} characters (FIT text holds 255 bytes)")
    return cut
