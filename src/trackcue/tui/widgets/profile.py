"""The profile strip: the whole workout as blocks coloured by intensity, width by time, and a cursor.

Block heights repeat the intensity (work tall, recovery low) so it reads without colour too.
"""

from __future__ import annotations

from itertools import groupby

from rich.text import Text
from textual.widget import Widget

from trackcue.timeline import Timeline

HEIGHTS = {"work": "█", "warmup": "▄", "cooldown": "▄", "recovery": "▂", "rest": "▁"}


def cells(timeline: Timeline, width: int) -> list[str]:
    """The intensity of each of ``width`` columns (the segment at the column's middle)."""
    total = timeline.total_s
    if width <= 0 or total <= 0:
        return []
    # segment_at is None only without segments, and a positive total has some
    return [seg.intensity for i in range(width) if (seg := timeline.segment_at((i + 0.5) * total / width)) is not None]


def cursor_column(timeline: Timeline, plan_t: float, width: int) -> int:
    """The column of plan time ``plan_t`` in a strip ``width`` wide."""
    total = timeline.total_s
    if width <= 0 or total <= 0:
        return 0
    return max(0, min(width - 1, int(plan_t / total * width)))


class ProfileStrip(Widget):
    """A two-row strip: the blocks, and a ``▲`` under now (omitted with ``show_cursor=False``)."""

    COMPONENT_CLASSES = {f"profile--{name}" for name in HEIGHTS} | {"profile--cursor", "profile--done"}

    def __init__(self, timeline: Timeline, show_cursor: bool = True, **kw) -> None:
        super().__init__(**kw)
        self.timeline = timeline
        self.show_cursor = show_cursor
        self.plan_t = 0.0
        self._column = -1

    def set_timeline(self, timeline: Timeline) -> None:
        """Show another workout (the picker's preview)."""
        self.timeline = timeline
        self.refresh()

    def move_to(self, plan_t: float) -> None:
        """Put the cursor at plan time ``plan_t``; redraws only when it lands in another column."""
        self.plan_t = plan_t
        column = cursor_column(self.timeline, plan_t, self.content_size.width)
        if column != self._column:
            self._column = column
            self.refresh()

    def render(self) -> Text:
        width = self.content_size.width
        now = cursor_column(self.timeline, self.plan_t, width)
        self._column = now
        top = Text(no_wrap=True, overflow="crop")
        # One span per run of equal cells: the strip is repainted with every change on the screen,
        # and its cost grows with the number of spans, not of cells.
        runs = groupby(enumerate(cells(self.timeline, width)), lambda c: (c[1], self.show_cursor and c[0] < now))
        for (intensity, done), run in runs:
            style = self.get_component_rich_style(f"profile--{intensity}", partial=True)
            if done:
                style = style + self.get_component_rich_style("profile--done", partial=True)
            top.append(HEIGHTS.get(intensity, "▄") * sum(1 for _ in run), style)
        if not self.show_cursor:
            return top
        cursor = Text(" " * now + "▲", style=self.get_component_rich_style("profile--cursor", partial=True))
        return Text("\n").join([top, cursor])
