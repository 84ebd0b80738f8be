"""The summary's texts: the session's numbers (history's one ``summarize``) and its split chart."""

from __future__ import annotations

from typing import Sequence

from trackcue.engine.laps import Lap
from trackcue.history.chart import rows_from_laps, split_chart
from trackcue.history.report import summary_lines
from trackcue.history.summary import Summary
from trackcue.timeline import Timeline
from trackcue.phrases import format_clock
from trackcue.workout.report import Totals


def totals_lines(timeline: Timeline, summary: Summary) -> list[str]:
    """``200 m repeats``, ``stopped at 12:04 of 54:49 planned``, then ``summary_lines``.

    The same numbers ``history``, ``history show`` and the exports give for this session.
    """
    planned = Totals.of(timeline)
    how = "finished" if summary.status == "done" else "stopped"
    return [
        timeline.name,
        f"{how} at {format_clock(summary.elapsed_s)} of {planned.time} planned",
        *summary_lines(summary, reps_planned=planned.reps),
    ]


def chart_lines(laps: Sequence[Lap], width: int) -> list[str]:
    """Each lap's split against its target as a bar chart ``width`` wide (a phone: short labels)."""
    return split_chart(rows_from_laps(laps, short=width < 50), width=width)
