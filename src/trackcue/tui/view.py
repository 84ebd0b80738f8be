"""What the player screen shows, as plain text computed from the player: no Textual here.

``player_view`` turns the player's state into a frozen ``PlayerView``; the screen compares it with
the previous one and redraws only the widgets whose text changed. ``next_change_in`` says when,
on the clock, any of those texts will next change, so the screen wakes up exactly then.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from collections.abc import Sequence
from typing import Literal

from trackcue.engine.laps import place_lap
from trackcue.engine.player import FINISHED, IDLE, PAUSED, Player
from trackcue.hearing import Hearing
from trackcue.phrases import describe_step, format_clock, format_distance, format_mark, where_call
from trackcue.timeline import Segment, Timeline

PHASE_NAMES = {
    "warmup": "WARM-UP", "work": "WORK", "recovery": "RECOVERY", "rest": "REST", "cooldown": "COOL-DOWN",
}
PROGRESS_STEPS = 1000  # the widget repaints only when a half cell fills


@dataclass(frozen=True)
class PlayerView:
    """Every text and flag of the player screen at one moment."""

    phase: str  # get_ready, warmup, work, recovery, rest, cooldown, done
    digits: str  # the big clock: ``1:45``, or ``+0:11`` once a lap-ended rep is past its target
    counting_up: bool
    overrun: bool  # a lap-ended rep past its target: the digits show by how much, in the warning colour
    title: str  # the phase word on the band
    step: str
    mark: str
    rep: str
    rep_short: str  # the rep on a slim screen
    next: str
    elapsed: str
    remaining: str
    progress: int  # of PROGRESS_STEPS
    plan_t: float  # where now sits on the plan (for the profile strip's cursor)
    badges: tuple[str, ...]
    laps: int


BannerLevel = Literal["ok", "partial", "none", "wait"]


@dataclass(frozen=True)
class Banner:
    """What will be heard, said before the start; ``level`` picks its colour.

    ``forms`` say it from the fullest (what, why, the fix) to the shortest (``NO SOUND``).
    """

    level: BannerLevel
    forms: tuple[str, ...]

    def fit(self, width: int, rows: int) -> str:
        """The fullest form that wraps into ``rows`` lines of ``width`` columns (else the shortest)."""
        for form in self.forms:
            if len(textwrap.wrap(form, max(1, width))) <= rows:
                return form
        return self.forms[-1]


def sound_banner(hearing: Hearing | None, preparing: tuple[int, int] | None = None) -> Banner | None:
    """``NO SOUND: you will hear nothing …``, ``TONES ONLY: no speech …``, or what will be heard.

    ``preparing`` is ``(phrases done, phrases in all)`` while speech is being rendered (it comes
    first: what is heard is known once it is done); ``hearing`` is ``None`` until the sound is
    ready, and then there is nothing to say yet.
    """
    if preparing is not None:
        done, total = preparing
        return Banner("wait", (f"Preparing speech {done}/{total}… n: start now", f"speech {done}/{total}, n: start",
                               f"speech {done}/{total}"))
    if hearing is None:
        return None
    if hearing.tones == "none":
        head, short = "NO SOUND: you will hear nothing", "NO SOUND"
    elif hearing.tones == "bell":
        head = "BELL ONLY: the tones ring the terminal bell" + ("" if hearing.speech else ", no speech")
        short = "BELL ONLY"
    elif not hearing.speech:
        head, short = "TONES ONLY: no speech", "TONES ONLY"
    else:
        return Banner("ok", ("You will hear tones and speech", "tones + speech"))
    level: BannerLevel = "none" if hearing.tones == "none" else "partial"
    why = f" ({hearing.why})" if hearing.why else ""
    fix = f". Fix: {hearing.fix}" if hearing.fix else ""
    return Banner(level, (f"{head}{why}{fix}", f"{short}{why}{fix}", f"{short}{fix}", f"{short}{why}", short))


def fit_status(parts: Sequence[str], width: int, rows: int) -> str:
    """The status footer: as many whole parts as wrap into ``rows`` lines of ``width`` columns.

    Parts left out are counted, not cut: ``… · +2 more (? shows all)``; ``""`` when ``rows`` is 0.
    """
    if rows <= 0 or not parts:
        return ""
    for shown in range(len(parts), -1, -1):
        more = len(parts) - shown
        tail = [f"+{more} more (? shows all)"] if more else []
        text = " · ".join([*parts[:shown], *tail])
        if len(textwrap.wrap(text, max(1, width))) <= rows:
            return text
    return ""


def rep_line(seg: Segment, short: bool = False) -> str:
    """``Rep 3 / 8`` (``Set 1 / 2 · Rep 3 / 8`` when nested); empty outside repeats.

    ``short`` for a slim screen: ``Rep 3/8``, ``S1/2 R3/8``.
    """
    parts = []
    if seg.set and seg.sets:
        parts.append(f"S{seg.set}/{seg.sets}" if short else f"Set {seg.set} / {seg.sets}")
    if seg.rep and seg.reps:
        parts.append((f"R{seg.rep}/{seg.reps}" if parts else f"Rep {seg.rep}/{seg.reps}") if short
                     else f"Rep {seg.rep} / {seg.reps}")
    return (" " if short else " · ").join(parts)


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


def player_view(player: Player, units: str = "metric", muted: bool = False) -> PlayerView:
    """The screen's texts for ``player`` as of its last update."""
    tl: Timeline = player.timeline
    seg = player.segment
    state = player.state
    idle = state == IDLE  # before the start (speech still being prepared): the countdown, full
    get_ready = idle or player.countdown_s is not None
    badges: list[str] = []
    over = None
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
            over = overrun_s(seg, player.step_elapsed_s)
            shown = player.step_elapsed_s if over is None else over
            digits, up = ("" if over is None else "+") + format_clock(math.floor(shown)), True
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
    mark = "" if state == FINISHED or get_ready else mark_line(seg, player.laps_in_step)
    if over is not None:
        mark = " · ".join(p for p in (f"{format_clock(math.floor(player.step_elapsed_s))} so far", mark) if p)
    return PlayerView(
        phase=phase, digits=digits, counting_up=up, overrun=over is not None, title=title,
        step=describe_step(seg, units, duration_s=player.step_duration_s),
        mark=mark,
        rep=rep_line(seg), rep_short=rep_line(seg, short=True),
        next="" if state == FINISHED else next_line(tl, player.index, units),
        elapsed=format_clock(math.floor(elapsed)), remaining=format_clock(math.ceil(remaining)),
        progress=progress, plan_t=seg.start_s + in_step, badges=tuple(badges), laps=len(player.laps),
    )


def where_now(player: Player, spoken: bool = False) -> str:
    """What the say key says: ``Rep 3 of 8 · 1:12 left`` (``spoken``: in words), from the player now."""
    countdown = player.countdown_s if player.state != IDLE else player.get_ready_s
    return where_call(player.segment, player.step_elapsed_s, player.step_left_s, spoken=spoken,
                      countdown_s=countdown)


def say_where(player: Player) -> str:
    """The say key, for every front end: where the runner is, said now through the player (placed
    among the cues, recorded); returns the line to show (``Rep 3 of 8 · 1:12 left``)."""
    player.update()
    player.say_now("where", where_now(player, spoken=True))
    return where_now(player)


def overrun_s(seg: Segment, step_elapsed_s: float) -> float | None:
    """How far a lap-ended rep is past its target (seconds), or ``None`` before it (or without one)."""
    if seg.ends != "lap" or not seg.target_s or step_elapsed_s < seg.target_s:
        return None
    return step_elapsed_s - seg.target_s


def next_change_in(player: Player) -> float | None:
    """Clock seconds until a shown time next changes (whole seconds), or ``None`` when frozen."""
    state = player.state
    if state in (PAUSED, FINISHED, IDLE):
        return None
    waits = [_up(player.elapsed_s), _down(player.remaining_s)]
    if player.countdown_s is not None:
        waits.append(_down(player.countdown_s))
    elif player.step_left_s is None:
        elapsed = player.step_elapsed_s
        waits.append(_up(elapsed))
        target = player.segment.target_s
        if target:  # the overrun begins at the target and counts from there
            waits.append(target - elapsed if elapsed < target else _up(elapsed - target))
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
    from trackcue.workout.report import Totals  # the picker's: not needed before the player's first frame

    return Totals.of(tl).line(steps=False)


def profile_units() -> str:
    """The runner's units from their profile (metric when there is none or it cannot be read)."""
    try:
        from trackcue.paces import load_profile

        return load_profile().units or "metric"
    except Exception:  # noqa: BLE001 — a broken profile must not stop the player; `trackcue profile` reports it
        return "metric"
