"""What the player screen shows, as plain text computed from the player: no Textual here.

``player_view`` turns the player's state into a frozen ``PlayerView``; the screen compares it with
the previous one and redraws only the widgets whose text changed. ``next_change_in`` says when,
on the clock, any of those texts will next change, so the screen wakes up exactly then.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from trackcue.engine.laps import place_lap
from trackcue.engine.player import FINISHED, IDLE, PAUSED
from trackcue.phrases import describe_step, format_clock, format_distance, format_mark
from trackcue.timeline import Segment, Timeline
from trackcue.workout.report import Totals

PHASE_NAMES = {
    "warmup": "WARM-UP", "work": "WORK", "recovery": "RECOVERY", "rest": "REST", "cooldown": "COOL-DOWN",
}
PROGRESS_STEPS = 1000  # the widget repaints only when a half cell fills


@dataclass(frozen=True)
class PlayerView:
    """Every text and flag of the player screen at one moment."""

    phase: str  # get_ready, warmup, work, recovery, rest, cooldown, done
    digits: str
    counting_up: bool
    title: str  # the phase word shown above the digits
    step: str
    mark: str
    rep: str
    next: str
    elapsed: str
    remaining: str
    progress: int  # of PROGRESS_STEPS
    plan_t: float  # where now sits on the plan (for the profile strip's cursor)
    badges: tuple[str, ...]
    laps: int


def rep_line(seg: Segment) -> str:
    """``Rep 3 / 8`` (``Set 1 / 2 · Rep 3 / 8`` when nested); empty outside repeats."""
    parts = []
    if seg.set and seg.sets:
        parts.append(f"Set {seg.set} / {seg.sets}")
    if seg.rep and seg.reps:
        parts.append(f"Rep {seg.rep} / {seg.reps}")
    return " · ".join(parts)


def mark_line(seg: Segment, laps_in_step: int) -> str:
    """The mark the next lap will be compared with: ``target: 100 m at 0:19 · 200 m in 0:38``.

    A lap-ended step shows its next split mark (if any) and its end; a timed step the mark its
    next lap press reaches (``next split: 400 m at 1:20``). Which mark comes next is counted in
    laps pressed, as the lap key counts it (``place_lap``), not guessed from the clock.
    """
    mark = place_lap(seg, laps_in_step).mark
    if mark is None or mark.at_s is None:
        return ""
    if seg.ends == "lap":
        parts = [] if mark.mark == "end" else [f"{_where(mark.at_m)}at {format_mark(mark.at_s)}"]
        parts.append(f"{_where(seg.distance_m)}in {format_mark(seg.target_s or mark.at_s)}")
        return "target: " + " · ".join(parts)
    return f"next split: {_where(mark.at_m)}at {format_mark(mark.at_s)}"


def _where(metres: float | None) -> str:
    return f"{format_distance(metres)} " if metres else ""


def next_line(tl: Timeline, index: int, units: str = "metric") -> str:
    """``Next: Recovery jog · 1:45`` or ``Next: finish``."""
    if index + 1 >= len(tl.segments):
        return "Next: finish"
    return f"Next: {describe_step(tl.segments[index + 1], units)}"


def player_view(player: Any, units: str = "metric", muted: bool = False) -> PlayerView:
    """The screen's texts for ``player`` as of its last update."""
    tl: Timeline = player.timeline
    seg = player.segment
    state = player.state
    idle = state == IDLE  # before the start (speech still being prepared): the countdown, full
    get_ready = idle or player.countdown_s is not None
    badges: list[str] = []
    if state == FINISHED:
        phase, title = "done", "ABORTED" if player.aborted else "DONE"
        digits, up = format_clock(player.elapsed_s), True
    elif get_ready:
        phase, title = "get_ready", "GET READY"
        left = player.get_ready_s if idle else player.countdown_s
        digits, up = format_clock(math.ceil(left or 0.0)), False
    else:
        phase = seg.intensity
        title = PHASE_NAMES.get(seg.intensity, seg.intensity.upper())
        left = player.step_left_s
        if left is None:
            digits, up = format_clock(math.floor(player.step_elapsed_s)), True
        else:
            digits, up = format_clock(math.ceil(left)), False
    if state == PAUSED:
        badges.append("PAUSED")
    if seg.ends == "lap" and not get_ready and state != FINISHED:
        badges.append("WAITING FOR LAP")
    if muted:
        badges.append("MUTED")
    elapsed, remaining = player.elapsed_s, player.remaining_s
    total = elapsed + remaining
    progress = PROGRESS_STEPS if state == FINISHED or total <= 0 else int(elapsed / total * PROGRESS_STEPS)
    in_step = 0.0 if get_ready else min(player.step_elapsed_s, player.step_duration_s)
    return PlayerView(
        phase=phase, digits=digits, counting_up=up, title=title,
        step=describe_step(seg, units, duration_s=player.step_duration_s),
        mark="" if state == FINISHED or get_ready else mark_line(seg, player.laps_in_step),
        rep=rep_line(seg),
        next="" if state == FINISHED else next_line(tl, player.index, units),
        elapsed=format_clock(math.floor(elapsed)), remaining=format_clock(math.ceil(remaining)),
        progress=progress, plan_t=seg.start_s + in_step, badges=tuple(badges), laps=len(player.laps),
    )


def next_change_in(player: Any) -> float | None:
    """Clock seconds until a shown time next changes (whole seconds), or ``None`` when frozen."""
    state = player.state
    if state in (PAUSED, FINISHED, "idle"):
        return None
    waits = [_up(player.elapsed_s), _down(player.remaining_s)]
    if player.countdown_s is not None:
        waits.append(_down(player.countdown_s))
    elif player.step_left_s is None:
        waits.append(_up(player.step_elapsed_s))
    else:
        waits.append(_down(player.step_left_s))
    return min(waits)


def _up(x: float) -> float:
    """Until ``floor(x)`` changes as ``x`` grows."""
    return math.floor(x) + 1 - x


def _down(x: float) -> float:
    """Until ``ceil(x)`` changes as ``x`` shrinks."""
    if x <= 0:
        return 1.0
    return x - (math.ceil(x) - 1)


def plan_lines(tl: Timeline, units: str = "metric") -> list[str]:
    """The picker's step list: ``25:30  1/8  200 m · 38 s (3:10/km)`` per step."""
    lines = []
    for seg in tl.segments:
        rep = f"{seg.rep}/{seg.reps}" if seg.rep and seg.reps else ""
        lines.append(f"{format_clock(seg.start_s):>7} {rep:<4} {describe_step(seg, units)}")
    return lines


def totals(tl: Timeline) -> str:
    """``54:49 · 1.6 km · work 5:04``."""
    return Totals.of(tl).line(steps=False)
