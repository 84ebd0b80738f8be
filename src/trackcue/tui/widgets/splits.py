"""The splits table: each lap's rep, target, actual and difference, fast and slow in their colours.

The difference keeps its sign (``-0.4`` fast, ``+1.2`` slow), so it reads without colour too.
"""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.widget import Widget

from trackcue.engine.laps import Lap
from trackcue.units import format_clock

ON_TARGET_S = 0.05  # rounds to 0.0: on target, as the lap call says


def lap_rows(laps: Sequence[Lap]) -> list[tuple[str, str, str, str, str]]:
    """``(rep, target, actual, diff, verdict)`` per lap; verdict is fast, slow, even or blank."""
    rows = []
    for lap in laps:
        rep = f"{lap.rep}/{lap.reps}" if lap.rep and lap.reps else "-"
        if lap.lap > 1 or not lap.ends_step:
            rep += f" #{lap.lap}"
        target = format_clock(lap.target_s, tenths=True) if lap.target_s is not None else "-"
        diff, verdict = "-", ""
        if lap.diff_s is not None:
            diff = f"{lap.diff_s:+.1f}"
            verdict = "even" if abs(lap.diff_s) < ON_TARGET_S else ("fast" if lap.diff_s < 0 else "slow")
        rows.append((rep, target, format_clock(lap.split_s, tenths=True), diff, verdict))
    return rows


class SplitsTable(Widget):
    """The most recent laps that fit, newest at the bottom, under a header row."""

    COMPONENT_CLASSES = {"splits--header", "splits--fast", "splits--slow", "splits--even"}
    DEFAULT_CSS = "SplitsTable { height: 1fr; }"

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
        header = f"{'rep':<9}{'target':>8}{'actual':>8}{'diff':>7}"
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
