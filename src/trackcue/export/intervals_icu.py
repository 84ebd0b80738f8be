"""A workout as intervals.icu workout-builder text, ready to paste into that site.

The syntax: one line per step, ``- [prompt <!>] amount [target] [press lap]``; ``m`` is
minutes and metres are ``mtr``; a line ``Name 4x`` (blank lines around it) repeats the steps
below it; ``33^text`` in a prompt is said 33 s into the step. intervals.icu has no repeat
inside a repeat, so an outer repeat is written out and only the innermost ones stay repeats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trackcue.export.structure import Node, Repeat, ExportStep, build, describe_repeat, kind_title, target_pace
from trackcue.phrases import format_clock, format_distance, format_duration, format_mark, format_split
from trackcue.timeline import Intensity, Timeline
from trackcue.workout.importers.draft import time_text

# Pace units intervals.icu knows, in the order we try them for a whole number of seconds.
PACE_UNITS = (("km", 1000.0), ("mi", 1609.344), ("400m", 400.0))
MILE = 1609.344
PROMPT_SHOW_S = 10  # how long a timed prompt is shown (s), or less when the next one or the step's end comes sooner
# The section headers intervals.icu reads as warm-up and cool-down.
_HEADERS: dict[Intensity, str] = {"warmup": "Warmup", "cooldown": "Cooldown"}


@dataclass
class IntervalsExport:
    """The workout text and one line for each thing it could not say exactly."""

    text: str
    approximations: list[str] = field(default_factory=list)


def to_intervals(timeline: Timeline, *, gps_distance: bool = False) -> IntervalsExport:
    """Write ``timeline`` as intervals.icu workout-builder text.

    Lap-ended steps get ``press lap`` (the watch waits for the lap button), unless
    ``gps_distance`` lets a step with a distance end when the watch has measured it.
    """
    structure = build(timeline)
    writer = _Writer(gps_distance, structure.approximations)
    writer.section(structure.nodes)
    text = "\n".join(writer.lines).strip("\n") + "\n"
    text = re.sub(r"\n{3,}", "\n\n", text)
    return IntervalsExport(text, list(dict.fromkeys(structure.approximations)))


class _Writer:
    def __init__(self, gps_distance: bool, approximations: list[str]) -> None:
        self.gps_distance = gps_distance
        self.approximations = approximations
        self.lines: list[str] = []
        self._header: str | None = None  # the plain-step section we are in

    def section(self, nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, ExportStep):
                self._plain(node)
            elif _has_repeat(node.children):
                self.approximations.append(
                    f"repeat {describe_repeat(node)} holds another repeat: written out "
                    f"{node.count} times (intervals.icu has no repeat inside a repeat)"
                )
                for _ in range(node.count):
                    self.section(node.children)
            else:
                steps = [self._step(s) for s in node.children if isinstance(s, ExportStep)]
                self.lines += ["", _repeat_header(node), *steps, ""]
                self._header = None

    def _plain(self, step: ExportStep) -> None:
        """A step outside any repeat, under a Warmup/Cooldown header when it is one."""
        header = _HEADERS.get(step.segment.intensity, "")
        if header != self._header:
            self.lines += ["", header] if header else [""]
            self._header = header
        self.lines.append(self._step(step))

    def _step(self, step: ExportStep) -> str:
        seg = step.segment
        parts = [self._amount(step)]
        target = self._target(step)
        if target:
            parts.append(target)
        if seg.ends == "lap" and not (self.gps_distance and seg.distance_m):
            parts.append("press lap")
        return f"- {self._prompt(step)} <!> " + " ".join(parts)

    def _amount(self, step: ExportStep) -> str:
        seg = step.segment
        if seg.ends == "lap" and seg.distance_m:
            return _distance(seg.distance_m)
        whole = round(seg.duration_s)
        if abs(seg.duration_s - whole) > 0.05:
            self.approximations.append(
                f"step '{step.title}': {format_duration(seg.duration_s)} rounded to {whole}s "
                "(intervals.icu times are whole seconds)"
            )
        return _duration(max(whole, 1))

    def _target(self, step: ExportStep) -> str:
        seg = step.segment
        if seg.pace_range and seg.pace_range[0] != seg.pace_range[1]:
            paces = sorted(seg.pace_range)
        else:
            pace = target_pace(seg)
            if pace is None:
                return ""
            paces = [pace]
        for unit, metres in PACE_UNITS:
            secs = [p * metres for p in paces]
            if all(abs(x - round(x)) < 0.05 for x in secs):
                return _pace(secs, unit)
        secs = [p * 1000 for p in paces]
        shown = _pace(secs, "km")
        self.approximations.append(
            f"step '{step.title}': pace rounded to {shown} (intervals.icu paces are whole seconds)"
        )
        return shown

    def _prompt(self, step: ExportStep) -> str:
        """The step's title, then what is said during it at the second it is said.

        A timed prompt is ``SECONDS^SHOW TEXT``: intervals.icu reads a number right after the
        caret as how long to show the text, so the time to show it is always written — a text
        that starts with a number ("10 seconds to go") is then kept whole.
        """
        seg = step.segment
        text = _clean(kind_title(step) + (f" ({seg.note})" if seg.note else ""))
        if seg.ends == "lap" and seg.distance_m and target_pace(seg) is None:
            text += f", about {time_text(seg.duration_s)}"  # the plan; the amount is the distance
        timed = [(c.after_s, c.text) for c in step.spoken if c.after_s >= 0.5]
        for split in seg.splits:  # a split the workout does not already call out
            if not any(abs(at - split.after_s) < 0.5 for at, _ in timed):
                timed.append((split.after_s, format_split(split.at_m, split.after_s)))
        timed.sort()
        for i, (at, said) in enumerate(timed):
            until = timed[i + 1][0] if i + 1 < len(timed) else seg.duration_s
            show = max(1, min(PROMPT_SHOW_S, round(until - at)))
            text += f" {round(at)}^{show} {_clean(said)}"
        return text


def _has_repeat(nodes: tuple[Node, ...]) -> bool:
    return any(isinstance(n, Repeat) for n in nodes)


def _repeat_header(node: Repeat) -> str:
    """``Main set 6x``; a block id with digits (``b1``, or one that would read as an amount): ``6x``."""
    name = _clean(node.block.replace("_", " ").replace("-", " "))
    if not name or any(ch.isdigit() for ch in name):
        return f"{node.count}x"
    return f"{name[0].upper()}{name[1:]} {node.count}x"


def _clean(text: str) -> str:
    """Text safe inside a prompt: no line breaks and none of the syntax's own marks."""
    return " ".join(text.replace("<!>", " ").replace("^", " ").split())


def _duration(seconds: int) -> str:
    """``38 -> '38s'``, ``90 -> '1m30s'``, ``600 -> '10m'``, ``3900 -> '1h5m'`` (``m`` = minutes)."""
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return "".join(f"{v}{u}" for v, u in ((h, "h"), (m, "m"), (s, "s")) if v)


def _distance(metres: float) -> str:
    """``400 -> '400mtr'``, ``2000 -> '2km'``, ``1609.344 -> '1mi'`` (``m`` would be minutes)."""
    miles = metres / MILE
    if metres >= MILE - 1 and abs(miles - round(miles)) < 0.001:
        return f"{round(miles)}mi"
    if metres >= 1000 and abs(metres % 100) < 1e-6:
        return f"{metres / 1000:g}km"
    return f"{round(metres)}mtr"


def _pace(seconds: list[float], unit: str) -> str:
    """``[190] -> '3:10/km Pace'``, ``[185, 195] -> '3:05-3:15/km Pace'`` (fast first)."""
    return "-".join(format_clock(round(s)) for s in seconds) + f"/{unit} Pace"
