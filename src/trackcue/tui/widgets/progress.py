"""A one-line progress bar that repaints only when its filled length changes by half a cell.

Textual's ProgressBar repaints on every update (and costs about a quarter of the player's CPU
here); the workout moves a half cell every few seconds at most.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


def half_cells(fraction: float, width: int) -> int:
    """How many half cells of ``width`` a ``fraction`` (0..1) fills."""
    return max(0, min(2 * width, int(fraction * 2 * width)))


class Progress(Widget):
    """``━━━━╸────`` done and still to go, in the stylesheet's two colours."""

    COMPONENT_CLASSES = {"progress--done", "progress--left"}
    DEFAULT_CSS = "Progress { height: 1; width: 1fr; }"

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.fraction = 0.0
        self._shown = -1

    def set_fraction(self, fraction: float) -> None:
        """Show ``fraction`` done; repaints only when the bar would look different."""
        self.fraction = fraction
        if half_cells(fraction, self.content_size.width) != self._shown:
            self.refresh()

    def render(self) -> Text:
        width = self.content_size.width
        halves = half_cells(self.fraction, width)
        self._shown = halves
        full, half = divmod(halves, 2)
        done = self.get_component_rich_style("progress--done", partial=True)
        left = self.get_component_rich_style("progress--left", partial=True)
        out = Text(no_wrap=True, overflow="crop")
        out.append("━" * full, done)
        if half:
            out.append("╸", done)
        out.append("━" * (width - full - half), left)
        return out
