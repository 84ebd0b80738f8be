"""One session's numbers: fold its events into the steps and laps that stand, then summarize.

Every view of a session shows what ``summarize`` computes from ``fold`` — the summary screen,
``trackcue history`` (the recorder stores the summary's numbers with each event), ``history show``
and the CSV/JSON exports — so no two of them count reps, laps or time their own way.

Pure: the recorder applies each event as it is recorded, the v2 migration replays old sessions,
and ``history show`` replays one session — all with the same rules:

- a ``segment`` event for an index at or before the current step (``back``, or a ``resume``
  after a crash) means those steps are being run again: their earlier steps and laps no longer
  stand (the events themselves are kept);
- a step ends when the next one starts or the session finishes; a step left by ``skip`` is
  ``skipped``, one cut off by ``abort`` is ``aborted``, and only finished reps (work steps of a
  repeat: ``timeline.counts_as_rep``) count in ``reps_done``;
- a lap that reached a split mark inside its step (``mark: split``) is a split: the step goes on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Final, Literal, get_args

from trackcue.engine.laps import LAP_MARKS, Lap, LapMark, lap_verdict, laps_standing
from trackcue.timeline import KIND_INTENSITY, as_step_kind, counts_as_rep

Status = Literal["running", "done", "aborted"]
"""How a session stands in its own events."""
SessionStatus = Literal[Status, "interrupted"]
"""How history lists a session: its own ``Status``, or ``interrupted`` once the process recording
a running session is gone (``trackcue resume`` continues it)."""
StepOutcome = Literal["running", "done", "skipped", "aborted", "restarted"]
"""How a step ended (``restarted``: a try of a step then run again, after ``back`` or a resume)."""
STATUSES: tuple[Status, ...] = get_args(Status)
SESSION_STATUSES: tuple[SessionStatus, ...] = get_args(SessionStatus)
STEP_OUTCOMES: tuple[StepOutcome, ...] = get_args(StepOutcome)
RUNNING: Final = "running"
DONE: Final = "done"
ABORTED: Final = "aborted"
INTERRUPTED: Final = "interrupted"
SKIPPED: Final = "skipped"
RESTARTED: Final = "restarted"


@dataclass(frozen=True)
class SavedLap(Lap):
    """A lap as history keeps it: the engine's lap, plus when it was (unix time) and the step's label."""

    wall: float | None = None
    label: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class StepResult:
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
    outcome: StepOutcome = RUNNING
    laps: int = 0  # laps pressed in it that stand, splits included
    intensity: str = ""

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


Handler = Callable[["SessionFold", dict[str, Any], float, "float | None"], None]


@dataclass
class SessionFold:
    """The running state of one session's history; feed events in order with ``apply``."""

    status: Status = RUNNING
    steps: list[StepResult] = field(default_factory=list)
    laps: list[SavedLap] = field(default_factory=list)
    t_s: float = 0.0
    started_wall: float | None = None
    ended_wall: float | None = None
    starts: int = 0  # >1 once the session has been resumed
    stalls: int = 0
    _skipping: bool = False

    @property
    def segment(self) -> int | None:
        """The index of the step in progress (or last run): where ``resume`` picks up."""
        return self.steps[-1].index if self.steps else None

    @property
    def reps_done(self) -> int:
        """Reps (``timeline.counts_as_rep``) ended by their time or their lap (skipped and aborted
        ones are not done)."""
        return sum(1 for s in self.steps if counts_as_rep(s.intensity, s.rep) and s.outcome == DONE)

    def apply(self, event: dict[str, Any]) -> None:
        """Update the state with one engine event (unknown kinds only move the clock)."""
        t = _num(event.get("t_s"))
        if t is not None:
            self.t_s = t
        handler = _HANDLERS.get(str(event.get("event")))
        if handler is not None:
            handler(self, event, t if t is not None else self.t_s, _num(event.get("wall")))

    def _on_start(self, event: dict[str, Any], t: float, wall: float | None) -> None:
        self.starts += 1
        self.status = RUNNING
        self.ended_wall = None
        if self.started_wall is None:
            self.started_wall = wall

    def _on_segment(self, event: dict[str, Any], t: float, wall: float | None) -> None:
        index = _int(event.get("index"), len(self.steps))
        current = self.steps[-1] if self.steps else None
        if current is not None and index <= current.index:
            # Running these steps again: what was recorded for them no longer stands — except the
            # time the runner spent in them, kept as "restarted" rows (28 s of a 30 s jog before a
            # crash are 28 s run; they are no rep and no laps), so the steps add up to the session.
            # Every try from this step on (the step itself, and one just begun that ``back`` left
            # for the step before) keeps its time as a restarted row.
            kept = [s for s in self.steps if s.index < index or s.outcome == RESTARTED]
            tried = [s for s in self.steps if s.index >= index and s.outcome != RESTARTED]
            for step in tried:
                if step.outcome == RUNNING:
                    step.end_t_s = t
                step.outcome = RESTARTED
                step.laps = 0  # its laps no longer stand
            # A try that took no time (killed on its first event) is no row.
            self.steps = sorted(kept + [s for s in tried if (s.end_t_s or s.start_t_s) > s.start_t_s],
                                key=lambda s: s.start_t_s)  # as they were run
            self.laps = laps_standing(self.laps, index)
        elif current is not None:
            self._close(current, t, SKIPPED if self._skipping else DONE)
        self._skipping = False
        kind = str(event.get("kind", ""))
        known = as_step_kind(kind)
        intensity = str(event.get("intensity") or (KIND_INTENSITY[known] if known is not None else ""))
        self.steps.append(StepResult(
            index=index, kind=kind, label=str(event.get("label") or kind), rep=_opt_int(event.get("rep")),
            reps=_opt_int(event.get("reps")), work=intensity == "work", planned_start_s=_num(event.get("at_s")),
            start_t_s=t, target_s=_num(event.get("duration_s")), intensity=intensity,
        ))

    def _on_skip(self, event: dict[str, Any], t: float, wall: float | None) -> None:
        self._skipping = True

    def _on_lap(self, event: dict[str, Any], t: float, wall: float | None) -> None:
        segment = _int(event.get("segment"), self.segment if self.segment is not None else 0)
        step = next((s for s in reversed(self.steps) if s.index == segment), None)
        split = _num(event.get("split_s"))
        lap_s = _num(event.get("lap_s"))
        target = _num(event.get("target_s"))
        ends = bool(event.get("ends_step"))
        lap = SavedLap(
            segment=segment, rep=_opt_int(event.get("rep")), reps=_opt_int(event.get("reps")),
            lap=_opt_int(event.get("lap")) or (step.laps + 1 if step else 1),
            lap_s=lap_s if lap_s is not None else (split or 0.0), split_s=split if split is not None else (lap_s or 0.0),
            target_s=target, diff_s=_num(event.get("diff_s")), t_s=t, ends_step=ends,
            mark=_mark(event.get("mark"), ends, target),
            mark_m=_num(event.get("mark_m")),
            kind=str(event.get("kind") or (step.kind if step else "")),
            intensity=str(event.get("intensity") or (step.intensity if step else "")),
            wall=wall, label=step.label if step else "",
        )
        self.laps.append(lap)
        if step is not None:
            step.laps += 1

    def _on_adjust(self, event: dict[str, Any], t: float, wall: float | None) -> None:
        duration = _num(event.get("duration_s"))  # the step's new length, +/-10 s applied
        if self.steps and duration is not None:
            self.steps[-1].target_s = duration

    def _on_stall(self, event: dict[str, Any], t: float, wall: float | None) -> None:
        self.stalls += 1

    def _on_finish(self, event: dict[str, Any], t: float, wall: float | None) -> None:
        if self.steps and self.steps[-1].outcome == RUNNING:
            self._close(self.steps[-1], t, SKIPPED if self._skipping else DONE)
        self.status, self.ended_wall = DONE, wall

    def _on_abort(self, event: dict[str, Any], t: float, wall: float | None) -> None:
        if self.steps and self.steps[-1].outcome == RUNNING:
            self._close(self.steps[-1], t, ABORTED)
        self.status, self.ended_wall = ABORTED, wall

    @staticmethod
    def _close(step: StepResult, t: float, outcome: StepOutcome) -> None:
        step.end_t_s, step.outcome = t, outcome


_HANDLERS: dict[str, Handler] = {
    "start": SessionFold._on_start, "segment": SessionFold._on_segment, "skip": SessionFold._on_skip,
    "lap": SessionFold._on_lap, "adjust": SessionFold._on_adjust, "stall": SessionFold._on_stall,
    "finish": SessionFold._on_finish, "abort": SessionFold._on_abort,
}


def fold(events: list[dict[str, Any]]) -> SessionFold:
    """The state after all ``events`` of one session."""
    state = SessionFold()
    for event in events:
        state.apply(event)
    return state


@dataclass(frozen=True)
class Summary:
    """The numbers every view of one session shows (``summarize``).

    ``elapsed_s``: the workout clock at the last event, pauses left out, never negative (seconds).
    ``reps_done``: reps (work steps of a repeat) ended by their time or their lap. ``laps``: lap presses that stand
    (a step run again after ``back`` or a resume drops its earlier ones), ``splits`` of them at a
    split mark inside their step. ``fast``/``slow``/``even``: laps with a target, judged to the
    tenth as the lap call says them; ``avg_diff_s`` their mean difference (None without targets).
    ``segment``: the step in progress or last run; ``stalls``: times the process was frozen.
    """

    status: Status
    elapsed_s: float
    reps_done: int
    laps: int
    splits: int
    fast: int
    slow: int
    even: int
    avg_diff_s: float | None
    segment: int | None
    stalls: int

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(elapsed_s=_r(self.elapsed_s), avg_diff_s=_r(self.avg_diff_s))
        return data


def session_status(stored: object) -> SessionStatus | None:
    """A status read back from a file (``None``: not one of ``SESSION_STATUSES``)."""
    for status in SESSION_STATUSES:
        if stored == status:
            return status
    return None


def summarize(state: SessionFold) -> Summary:
    """The one summary of a session's fold: what the summary screen, ``history``, ``history show``
    and the exports all show."""
    verdicts = [lap_verdict(lap) for lap in state.laps]
    diffs = [lap.diff_s for lap in state.laps if lap.diff_s is not None]
    return Summary(
        status=state.status, elapsed_s=max(0.0, state.t_s), reps_done=state.reps_done, laps=len(state.laps),
        splits=sum(1 for lap in state.laps if lap.is_split), fast=verdicts.count("fast"),
        slow=verdicts.count("slow"), even=verdicts.count("even"),
        avg_diff_s=sum(diffs) / len(diffs) if diffs else None, segment=state.segment, stalls=state.stalls,
    )


def _mark(value: Any, ends_step: bool, target_s: float | None) -> LapMark | None:
    """The lap's mark; events from before marks were recorded: the end when it ended the step,
    else a split when it had a target (the engine compared it with a split mark)."""
    for mark in LAP_MARKS:
        if value == mark:
            return mark
    if value is None and ends_step:
        return "end"
    return "split" if value is None and target_s is not None else None


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _opt_int(v: Any) -> int | None:
    return int(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _int(v: Any, default: int) -> int:
    n = _opt_int(v)
    return default if n is None else n


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)
