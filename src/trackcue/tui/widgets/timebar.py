"""One line: the time done, a bar of the workout done and to go, the time to go.

One widget rather than three: a new second repaints one line once. The bar moves by half cells
(``━`` and ``╸``), so it reads at a glance without colour too.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

LABEL_WIDTH = 12  # "1:23:45 done", "1:23:45 to go": the bar keeps its place as the times change


def half_cells(fraction: float, width: int) -> int:
    """How many half cells of ``width`` a ``fraction`` (0..1) fills."""
    return max(0, min(2 * width, int(fraction * 2 * width)))


class TimeBar(Widget):
    """``1:01 done ━━━━━╸──── 53:48 to go`` in the stylesheet's colours."""

    COMPONENT_CLASSES = {"timebar--done", "timebar--left"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002 — Textual's name
        super().__init__(id=id, classes=classes)
        self.elapsed = ""
        self.remaining = ""
        self.fraction = 0.0
        self._styles: tuple[Style, Style, Style] | None = None  # text, done, left: once per restyle

    def show(self, elapsed: str, remaining: str, fraction: float) -> None:
        """Show the times and ``fraction`` of the workout done; repaints only when the line would differ."""
        bar = max(0, self.content_size.width - 2 * (LABEL_WIDTH + 1))
        changed = (elapsed, remaining, half_cells(fraction, bar)) != (
            self.elapsed, self.remaining, half_cells(self.fraction, bar))
        self.elapsed, self.remaining, self.fraction = elapsed, remaining, fraction
        if changed:
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if y != 0:
            return Strip.blank(width, self.rich_style)
        if self._styles is None:
            text = self.rich_style
            self._styles = (text, text + self.get_component_rich_style("timebar--done", partial=True),
                            text + self.get_component_rich_style("timebar--left", partial=True))
        text, done, left = self._styles
        bar = max(0, width - 2 * (LABEL_WIDTH + 1))
        if bar < 4:  # no room for a bar: the two times, one at each end
            return Strip(_ends(f"{self.elapsed} done", f"{self.remaining} to go", width, text), width)
        halves = half_cells(self.fraction, bar)
        full, half = divmod(halves, 2)
        segments = [
            Segment(f"{self.elapsed} done".ljust(LABEL_WIDTH) + " ", text),
            Segment("━" * full + "╸" * half, done),
            Segment("━" * (bar - full - half), left),
            Segment(" " + f"{self.remaining} to go".rjust(LABEL_WIDTH), text),
        ]
        return Strip(segments, width)


def _ends(first: str, last: str, width: int, style: Style) -> list[Segment]:
    """``first`` at the left and ``last`` at the right of ``width`` (``last`` alone if both do not fit)."""
    if len(first) + 1 + len(last) > width:
        return [Segment(last[:width].rjust(width), style)]
    return [Segment(first + " " * (width - len(first) - len(last)) + last, style)]
