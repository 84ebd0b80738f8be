"""A workout as a Zwift run workout file (``.zwo``), for running on a treadmill in Zwift.

Written with the standard library's ElementTree (writing XML needs no defusing; reading does).
The file is time-based (``<durationType>time</durationType>``): Zwift has no lap button, so a
lap-ended step lasts its planned time there. Each step is a block — ``SteadyState`` at a single
pace or a pace range, ``Warmup``/``Cooldown`` for a warm-up or cool-down with a pace,
``FreeRide`` without one, ``IntervalsT`` for a repeat of one time-ended work step and its
recovery — whose first ``textevent`` is the step's label ("Run · 200 m in 38s", which also tells
the importer a lap-ended step's distance) and whose other ``textevent``s are what trackcue says
during the step, at its second. A pace is a fraction of threshold *speed* (``Power`` 1.0 =
threshold pace), from the runner's threshold pace, which is also written as
``<thresholdSecPerKm>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from trackcue.export.structure import Node, Repeat, ExportStep, build, describe_repeat, flat_steps, kind_title, target_pace
from trackcue.timeline import Timeline
from trackcue.workout.importers.draft import lap_plan_text
from trackcue.phrases import LABEL_SEPARATOR
from trackcue.workout.importers.titles import read_title

WORK_KINDS = frozenset({"run", "strength"})


@dataclass
class ZwoExport:
    """The XML text and one line for each thing Zwift could not say exactly."""

    text: str
    approximations: list[str] = field(default_factory=list)


class NoThreshold(ValueError):
    """The workout has pace targets and no threshold pace was given to express them in."""


def to_zwo(timeline: Timeline, threshold_s_per_m: float | None) -> ZwoExport:
    """Write ``timeline`` as a Zwift run workout; paces as fractions of ``threshold_s_per_m``.

    Raises ``NoThreshold`` when a step has a pace and ``threshold_s_per_m`` is None.
    """
    structure = build(timeline)
    if threshold_s_per_m is None and any(_paces(s) for s in flat_steps(structure.nodes)):
        raise NoThreshold("Zwift paces are fractions of threshold pace")
    writer = _Writer(threshold_s_per_m or 1.0, structure.approximations)
    root = ET.Element("workout_file")
    ET.SubElement(root, "author").text = "trackcue"
    ET.SubElement(root, "name").text = timeline.name
    ET.SubElement(root, "description").text = timeline.description
    ET.SubElement(root, "sportType").text = "run"
    ET.SubElement(root, "durationType").text = "time"
    if threshold_s_per_m is not None:
        ET.SubElement(root, "thresholdSecPerKm").text = str(round(threshold_s_per_m * 1000))
    ET.SubElement(root, "tags")
    workout = ET.SubElement(root, "workout")
    writer.nodes(workout, structure.nodes)
    writer.report()
    ET.indent(root, space="    ")
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    return ZwoExport(text, list(dict.fromkeys(structure.approximations)))


def _paces(step: ExportStep) -> tuple[float, float] | None:
    """(fast, slow) seconds per metre, equal for a single pace; None without a target."""
    seg = step.segment
    if seg.pace_range and seg.pace_range[0] != seg.pace_range[1]:
        fast, slow = sorted(seg.pace_range)
        return fast, slow
    pace = target_pace(seg)
    return (pace, pace) if pace is not None else None


class _Writer:
    def __init__(self, threshold: float, approximations: list[str]) -> None:
        self.threshold = threshold
        self.approximations = approximations
        self.lap_steps: list[str] = []
        self.spoken = False

    def report(self) -> None:
        if self.lap_steps:
            names = list(dict.fromkeys(self.lap_steps))
            shown = ", ".join(f"'{n}'" for n in names[:2]) + (", …" if len(names) > 2 else "")
            self.approximations.append(f"lap-ended steps ({shown}) end after their planned time in Zwift, which has no lap button")
        if self.spoken:
            self.approximations.append("what trackcue says during a step is shown as a Zwift message, not spoken")

    def nodes(self, parent: ET.Element, nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, ExportStep):
                self.step(parent, node)
            elif self._interval_pair(node):
                self.intervals(parent, node)
            else:
                self.approximations.append(f"repeat {describe_repeat(node)} written out {node.count} times "
                                           "(Zwift repeats only one work step and its recovery, both timed, with paces)")
                for _ in range(node.count):
                    self.nodes(parent, node.children)

    def _interval_pair(self, node: Repeat) -> bool:
        """A repeat Zwift's IntervalsT holds exactly: a timed work step at one pace, then a timed recovery at one."""
        if len(node.children) != 2 or not all(isinstance(c, ExportStep) for c in node.children):
            return False
        on, off = node.children
        assert isinstance(on, ExportStep) and isinstance(off, ExportStep)
        for step, work in ((on, True), (off, False)):
            seg, paces = step.segment, _paces(step)
            if seg.ends != "time" or seg.name or paces is None or paces[0] != paces[1] or step.spoken \
                    or (seg.kind in WORK_KINDS) != work or seg.kind not in ("run", "jog"):
                return False
        return True

    def intervals(self, parent: ET.Element, node: Repeat) -> None:
        on, off = node.children
        assert isinstance(on, ExportStep) and isinstance(off, ExportStep)
        on_paces, off_paces = _paces(on), _paces(off)
        assert on_paces is not None and off_paces is not None
        ET.SubElement(parent, "IntervalsT", {
            "Repeat": str(node.count),
            "OnDuration": _num(on.segment.duration_s), "OffDuration": _num(off.segment.duration_s),
            "OnPower": self._power(on_paces[0]), "OffPower": self._power(off_paces[0]),
        })

    def step(self, parent: ET.Element, step: ExportStep) -> None:
        seg = step.segment
        paces = _paces(step)
        attrs = {"Duration": _num(seg.duration_s)}
        if paces is None:
            tag = "FreeRide"
        elif seg.kind in ("warmup", "cooldown"):
            tag = "Warmup" if seg.kind == "warmup" else "Cooldown"
            attrs.update(PowerLow=self._power(paces[1]), PowerHigh=self._power(paces[0]))
        else:
            tag = "SteadyState"
            attrs["Power"] = self._power((paces[0] + paces[1]) / 2)
            if paces[0] != paces[1]:
                attrs.update(PowerLow=self._power(paces[1]), PowerHigh=self._power(paces[0]))
        block = ET.SubElement(parent, tag, attrs)
        # The label carries a lap step's distance (the importer reads it); reps whose labels differ share a title.
        title = kind_title(step, seg.label if step.title == seg.name and seg.label else step.title)
        said = read_title(title, seg.kind).value
        if seg.ends == "lap" and (said is None or said.ends != "lap"):  # a title that does not say the lap
            pace = target_pace(seg)
            target = seg.target_s if seg.target_s is not None else (pace * seg.distance_m if pace and seg.distance_m else None)
            title += f"{LABEL_SEPARATOR}{lap_plan_text(seg.distance_m, target, seg.duration_s)}"
        ET.SubElement(block, "textevent", {"timeoffset": "0", "message": title})
        if seg.ends == "lap":
            self.lap_steps.append(step.title)
        for cue in step.spoken:
            if cue.after_s >= 0.5 and cue.after_s < seg.duration_s:
                self.spoken = True
                ET.SubElement(block, "textevent", {"timeoffset": _num(round(cue.after_s)), "message": cue.text})

    def _power(self, pace: float) -> str:
        """A pace as Zwift's fraction of threshold speed, to a millionth (round-trips to 0.01 s/km)."""
        return f"{self.threshold / pace:.6f}"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
