"""The countdown in big seven-segment digits, as large as its box allows, centred in it.

Drawn line by line (Textual's line API) from text computed once per change; a new second repaints
only the columns of the characters that changed (usually the last digit), not the whole box.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.events import Resize
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from trackcue.tui.bigdigits import GlyphSize, fit, glyph_spans, render


class BigClock(Widget):
    """Shows ``text`` (``12:34``, ``+0:11``) in the biggest digits that fit; ``rows`` says how tall."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002 — Textual's name
        super().__init__(id=id, classes=classes)
        self.text = ""
        self.size_used: GlyphSize | None = None  # None: too small for big digits, the text is shown as is
        self._lines: tuple[str, ...] = ()  # one per content row, each as wide as the content
        self._style: Style | None = None  # the widget's style, looked up once per restyle
        self._left = 0  # the column the digits start at

    @property
    def rows(self) -> int:
        """Text rows the digits take (1 when shown as plain text)."""
        return self.size_used.rows if self.size_used is not None else 1

    def show(self, text: str) -> None:
        """Show ``text``; repaints only the columns of the characters that changed."""
        if text == self.text:
            return
        before, size, left = self.text, self.size_used, self._left
        self.text = text
        self._lines = self._layout()
        if size is None or size != self.size_used or left != self._left or len(before) != len(text):
            self.refresh()
            return
        changed = [span for span, old, new in zip(glyph_spans(text, size), before, text) if old != new]
        if changed:
            first, last = changed[0], changed[-1]
            self.refresh(Region(left + first[0], 0, last[0] + last[1] - first[0], len(self._lines)))

    def on_resize(self, event: Resize) -> None:
        self._lines = self._layout()
        self.refresh()

    def _layout(self) -> tuple[str, ...]:
        width, height = self.content_size
        if width <= 0 or height <= 0:
            self.size_used = None
            return ()
        self.size_used = fit(self.text, width, height)
        glyphs = render(self.text, self.size_used) if self.size_used is not None else (self.text[:width],)
        top = (height - len(glyphs)) // 2
        self._left = left = (width - len(glyphs[0])) // 2
        blank = " " * width
        lines = [blank] * height
        for i, glyph in enumerate(glyphs):
            lines[top + i] = (" " * left + glyph).ljust(width)
        return tuple(lines)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        line = self._lines[y] if 0 <= y < len(self._lines) else " " * width
        if self._style is None:
            self._style = self.rich_style
        return Strip([Segment(line, self._style)], width)
