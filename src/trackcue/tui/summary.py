"""The summary's texts: totals of a played workout and its split chart (history's chart when present)."""

from __future__ import annotations

from typing import Any, Sequence

from trackcue.engine.laps import Lap
from trackcue.timeline import Timeline
from trackcue.units import format_clock


def totals_lines(timeline: Timeline, player: Any) -> list[str]:
    """``200 m repeats — stopped at 12:04 of 54:49``, reps done, laps, the time paused off."""
    done = [s for s in timeline.segments if s.is_work and s.index < player.index]
    if player.state == "finished" and not player.aborted and player.segment.is_work:
        done.append(player.segment)
    work_total = sum(1 for s in timeline.segments if s.is_work)
    how = "stopped" if player.aborted else "finished"
    lines = [
        timeline.name,
        f"{how} at {format_clock(player.elapsed_s)} of {format_clock(timeline.total_s)} planned",
        f"work steps {len(done)} of {work_total} · laps {len(player.laps)}",
    ]
    diffs = [lap.diff_s for lap in player.laps if lap.diff_s is not None]
    if diffs:
        avg = sum(diffs) / len(diffs)
        lines.append(f"splits {avg:+.1f} s avg · {sum(d < 0 for d in diffs)} fast, {sum(d > 0 for d in diffs)} slow")
    if player.stalls:
        lines.append(f"the program was frozen {len(player.stalls)} time(s): late cues were skipped")
    return lines


def chart_lines(laps: Sequence[Lap], width: int) -> list[str]:
    """Each lap's split against its target as a bar chart ``width`` wide."""
    if not laps:
        return ["no laps recorded"]
    try:
        from trackcue.history.chart import ChartRow, split_chart
    except ModuleNotFoundError:  # history not installed: the plain table still says it
        return [f"{_label(lap, False):<10} {format_clock(lap.split_s, tenths=True)}" for lap in laps]
    short = width < 50  # a phone: the rep number alone leaves room for the bars
    rows = [ChartRow(_label(lap, short), lap.split_s, lap.target_s) for lap in laps]
    return split_chart(rows, width=width)


def _label(lap: Lap, short: bool) -> str:
    if short:
        rep = str(lap.rep) if lap.rep else f"s{lap.segment + 1}"
    else:
        rep = f"rep {lap.rep}" if lap.rep else f"step {lap.segment + 1}"
    return rep if lap.lap == 1 else f"{rep}.{lap.lap}"
