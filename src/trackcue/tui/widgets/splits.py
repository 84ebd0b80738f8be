"""The splits table: each lap (its rep and mark), target, actual and difference, fast and slow in colour.

The difference keeps its sign (``-0.4`` fast, ``+1.2`` slow), so it reads without colour too.
"""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.widget import Widget

from trackcue.engine.laps import Lap, lap_label, lap_verdict
from trackcue.phrases import format_clock, format_diff

def lap_rows(laps: Sequence[Lap]) -> list[tuple[str, str, str, str, str]]:
    """``(lap, target, actual, diff, verdict)`` per lap; verdict is fast, slow, even or blank.

    Named, judged and differenced as the lap call says them (``lap_label``, ``lap_verdict``).
    """
    rows: list[tuple[str, str, str, str, str]] = []
    for lap in laps:
        target = format_clock(lap.target_s, tenths=True) if lap.target_s is not None else "-"
        diff = "-" if lap.target_s is None else format_diff(lap.split_s, lap.target_s)
        rows.append((lap_label(lap, short=True), target, format_clock(lap.split_s, tenths=True), diff,
                     lap_verdict(lap) or ""))
    return rows


class SplitsTable(Widget):
    """The most recent laps that fit, newest at the bottom, under a header row."""

    COMPONENT_CLASSES = {"splits--header", "splits--fast", "splits--slow", "splits--even"}

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self._laps: tuple[Lap, ...] = ()

    def show(self, laps: Sequence[Lap]) -> None:
        """Show ``laps``; redraws only when there is a new one."""
        laps = tuple(laps)
        if laps != self._laps:
            self._laps = laps
            self.refresh()

    def render(self) -> Text:
        header = f"{'lap':<9}{'target':>8}{'actual':>8}{'diff':>7}"
        out = Text(no_wrap=True, overflow="crop")
        out.append(header, style=self.get_component_rich_style("splits--header", partial=True))
        rows = lap_rows(self._laps)
        if not rows:
            out.append("\nno laps yet — press l at each mark")
            return out
        room = max(1, self.content_size.height - 1)
        for rep, target, actual, diff, verdict in rows[-room:]:
            out.append(f"\n{rep:<9}{target:>8}{actual:>8}")
            style = self.get_component_rich_style(f"splits--{verdict}", partial=True) if verdict else ""
            out.append(f"{diff:>7}", style=style)
            if verdict and verdict != "even":
                out.append(f" {verdict}", style=style)
        return out
