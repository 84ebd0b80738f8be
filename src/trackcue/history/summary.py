"""Fold a session's events into what history shows: the steps and laps that stand, reps done.

Pure: the recorder applies each event as it is recorded, the v2 migration replays old sessions,
and ``history show`` replays one session — all with the same rules:

- a ``segment`` event for an index at or before the current step (``back``, or a ``resume``
  after a crash) means those steps are being run again: their earlier steps and laps no longer
  stand (the events themselves are kept);
- a step ends when the next one starts or the session finishes; a step left by ``skip`` is
  ``skipped``, one cut off by ``abort`` is ``aborted``, and only finished work steps count as reps.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from trackcue.engine.laps import Lap as EngineLap
from trackcue.timeline import KIND_INTENSITY

DONE, ABORTED, RUNNING = "done", "aborted", "running"


@dataclass(frozen=True)
class Lap(EngineLap):
    """A lap as history keeps it: the engine's lap, plus when it was (unix time) and the step's label."""

    wall: float | None = None
    label: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Step:
    """One step as it was run: planned start, target (its planned length), actual length, outcome."""

    index: int
    kind: str
    label: str
    rep: int | None
    reps: int | None
    work: bool
    planned_start_s: float | None
    start_t_s: float
    end_t_s: float | None = None
    target_s: float | None = None
    outcome: str = "running"  # running | done | skipped | aborted
    laps: int = 0

    @property
    def actual_s(self) -> float | None:
        return None if self.end_t_s is None else self.end_t_s - self.start_t_s

    @property
    def diff_s(self) -> float | None:
        a = self.actual_s
        return None if a is None or self.target_s is None else a - self.target_s

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(actual_s=_r(self.actual_s), diff_s=_r(self.diff_s))
        return data


@dataclass
class SessionFold:
    """The running state of one session's history; feed events in order with ``apply``."""

    status: str = RUNNING
    steps: list[Step] = field(default_factory=list)
    laps: list[Lap] = field(default_factory=list)
    t_s: float = 0.0
    started_wall: float | None = None
    ended_wall: float | None = None
    starts: int = 0  # >1 once the session has been resumed
    _skipping: bool = False

    @property
    def segment(self) -> int | None:
        """The index of the step in progress (or last run): where ``resume`` picks up."""
        return self.steps[-1].index if self.steps else None

    @property
    def reps_done(self) -> int:
        return sum(1 for s in self.steps if s.work and s.outcome == DONE)

    def apply(self, event: dict[str, Any]) -> None:
        """Update the state with one engine event (unknown kinds only move the clock)."""
        kind = event.get("event")
        t = _num(event.get("t_s"))
        if t is not None:
            self.t_s = t
        wall = _num(event.get("wall"))
        handler = getattr(self, f"_on_{kind}", None)
        if handler is not None:
            handler(event, t if t is not None else self.t_s, wall)

    def _on_start(self, event, t, wall) -> None:
        self.starts += 1
        self.status = RUNNING
        self.ended_wall = None
        if self.started_wall is None:
            self.started_wall = wall

    def _on_segment(self, event, t, wall) -> None:
        index = int(event.get("index", len(self.steps)))
        current = self.steps[-1] if self.steps else None
        if current is not None and index <= current.index:
            # Running these steps again: what was recorded for them no longer stands.
            self.steps = [s for s in self.steps if s.index < index]
            self.laps = [lap for lap in self.laps if lap.segment < index]
        elif current is not None:
            self._close(current, t, "skipped" if self._skipping else DONE)
        self._skipping = False
        kind = str(event.get("kind", ""))
        intensity = event.get("intensity") or KIND_INTENSITY.get(kind, "")
        self.steps.append(Step(
            index=index, kind=kind, label=str(event.get("label") or kind), rep=event.get("rep"),
            reps=event.get("reps"), work=intensity == "work", planned_start_s=_num(event.get("at_s")),
            start_t_s=t, target_s=_num(event.get("duration_s")),
        ))

    def _on_skip(self, event, t, wall) -> None:
        self._skipping = True

    def _on_lap(self, event, t, wall) -> None:
        segment = int(event.get("segment", self.segment if self.segment is not None else 0))
        step = next((s for s in reversed(self.steps) if s.index == segment), None)
        lap = Lap(
            segment=segment, rep=event.get("rep"), reps=event.get("reps"),
            lap=int(event.get("lap") or (step.laps + 1 if step else 1)),
            lap_s=_num(event.get("lap_s")), split_s=_num(event.get("split_s")),
            target_s=_num(event.get("target_s")), diff_s=_num(event.get("diff_s")), t_s=t,
            ends_step=bool(event.get("ends_step")), wall=wall, label=step.label if step else "",
        )
        self.laps.append(lap)
        if step is not None:
            step.laps += 1

    def _on_adjust(self, event, t, wall) -> None:
        duration = _num(event.get("duration_s"))  # the step's new length, +/-10 s applied
        if self.steps and duration is not None:
            self.steps[-1].target_s = duration

    def _on_finish(self, event, t, wall) -> None:
        if self.steps and self.steps[-1].outcome == "running":
            self._close(self.steps[-1], t, "skipped" if self._skipping else DONE)
        self.status, self.ended_wall = DONE, wall

    def _on_abort(self, event, t, wall) -> None:
        if self.steps and self.steps[-1].outcome == "running":
            self._close(self.steps[-1], t, ABORTED)
        self.status, self.ended_wall = ABORTED, wall

    @staticmethod
    def _close(step: Step, t: float, outcome: str) -> None:
        step.end_t_s, step.outcome = t, outcome


def fold(events: list[dict[str, Any]]) -> SessionFold:
    """The state after all ``events`` of one session."""
    state = SessionFold()
    for event in events:
        state.apply(event)
    return state


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)
