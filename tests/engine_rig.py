"""Hand-built timelines, a recording sink and an event log, for tests of the engine and of what
drives it (TUI, history, sessions). Tests only: nothing here ships in the wheel.

Real workouts come from ``trackcue.workout.compile_file``; these are small, exact and predictable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trackcue.engine.clock import FakeClock
from trackcue.engine.player import Player
from trackcue.timeline import KIND_INTENSITY, Cue, Segment, Timeline


@dataclass
class RecordingSink:
    """A fake sink for tests: keeps what was queued and what a cancel removed."""

    queued: list[tuple[Cue, float]] = field(default_factory=list)
    cancelled: list[tuple[Cue, float]] = field(default_factory=list)
    cancels: list[float] = field(default_factory=list)

    def queue(self, cue: Cue, at_clock_t: float) -> None:
        self.queued.append((cue, at_clock_t))

    def cancel_from(self, clock_t: float) -> None:
        self.cancels.append(clock_t)
        self.cancelled += [(c, t) for c, t in self.queued if t >= clock_t]
        self.queued = [(c, t) for c, t in self.queued if t < clock_t]

    def times(self, kind: str | None = None) -> list[float]:
        """Clock times of the cues still queued (of one ``kind`` if given), in order."""
        return sorted(t for c, t in self.queued if kind is None or c.kind == kind)


def make_timeline(
    steps: list[tuple[str, float] | dict[str, Any]],
    *,
    lead_in_s: float = 10.0,
    name: str = "test workout",
    cues: list[Cue] | None = None,
    pips: bool = True,
) -> Timeline:
    """A Timeline from ``(kind, seconds)`` pairs or dicts of Segment fields (start and index are filled in).

    Unless ``cues`` is given, each step gets a spoken announcement at its start (kind
    ``announce``), timed steps get 3-2-1 pips into the next step (kind ``pip``), and the lead-in
    gets "Get ready" at its start.
    """
    segments, t = [], 0.0
    for i, step in enumerate(steps):
        spec = {"kind": step[0], "duration_s": float(step[1])} if isinstance(step, tuple) else dict(step)
        kind = spec.pop("kind")
        spec.setdefault("intensity", KIND_INTENSITY[kind])
        spec.setdefault("label", f"{kind} {i}")
        seg = Segment(index=i, kind=kind, start_s=t, **spec)
        segments.append(seg)
        t = seg.end_s
    if cues is None:
        cues = standard_cues(segments, lead_in_s, pips)
    return Timeline(name=name, segments=segments, cues=sorted(cues, key=lambda c: c.at_s), lead_in_s=lead_in_s)


def standard_cues(segments: list[Segment], lead_in_s: float, pips: bool = True) -> list[Cue]:
    """An announcement per step, pips before each step that follows a timed one, "Get ready" first."""
    cues = [Cue(-lead_in_s, "speech", 0, "get_ready", text="Get ready")] if lead_in_s > 0 else []
    for seg in segments:
        cues.append(Cue(seg.start_s, "speech", seg.index, "announce", text=seg.label))
        prev_timed = seg.index == 0 or segments[seg.index - 1].ends == "time"
        if pips and prev_timed and (seg.index > 0 or lead_in_s >= 4):
            cues += [Cue(seg.start_s - n, "tone", seg.index, "pip", sound=f"pip{n}") for n in (3, 2, 1)]
    return cues


class EventLog(list):
    """An ``on_event`` callback that keeps every event, with helpers to look them up."""

    def __call__(self, event: dict[str, Any]) -> None:
        self.append(event)

    def names(self) -> list[str]:
        """The ``event`` of each entry, in order."""
        return [e["event"] for e in self]

    def of(self, name: str) -> list[dict[str, Any]]:
        """Every event called ``name``."""
        return [e for e in self if e["event"] == name]

    def cues(self, kind: str | None = None, played: bool = True) -> list[dict[str, Any]]:
        """Cue events (of ``kind``), played ones unless ``played=False`` asks for the skipped ones."""
        return [e for e in self.of("cue") if (kind is None or e["kind"] == kind) and e["skipped"] != played]


@dataclass
class Rig:
    """A player on a fake clock with a recording sink and an event log."""

    player: Player
    clock: FakeClock
    sink: RecordingSink
    log: EventLog

    def advance(self, seconds: float, step: float = 0.1) -> None:
        """Move the clock ``seconds`` forward in steps of ``step``, calling ``update()`` after each."""
        end = self.clock.now() + seconds
        while self.clock.now() < end:
            self.clock.set(min(end, self.clock.now() + step))
            self.player.update()

    def run_to(self, clock_t: float, step: float = 0.1) -> None:
        """Advance until the clock reads ``clock_t``."""
        self.advance(clock_t - self.clock.now(), step)


def rig(timeline: Timeline | list, **player_kw: Any) -> Rig:
    """A ``Rig`` for a Timeline (or the steps ``make_timeline`` takes); the clock starts at 0, not started."""
    if not isinstance(timeline, Timeline):
        timeline = make_timeline(timeline)
    clock, sink, log = FakeClock(), RecordingSink(), EventLog()
    return Rig(Player(timeline, clock, sink, on_event=log, **player_kw), clock, sink, log)
