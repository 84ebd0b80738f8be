"""Badges: PAUSED, MUTED, WAITING FOR LAP — short words in boxes of their own colour."""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

SHORT = {"WAITING FOR LAP": "LAP", "PAUSED": "PAUSE", "MUTED": "MUTE"}  # on a slim screen


class Badges(Widget):
    """A row of badges, right-aligned; redraws only when the set changes. ``compact``: the short words."""

    COMPONENT_CLASSES = {"badges--paused", "badges--muted", "badges--waiting-for-lap"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002 — Textual's name
        super().__init__(id=id, classes=classes)
        self.badges: tuple[str, ...] = ()
        self.compact = False

    def show(self, badges: Sequence[str], compact: bool | None = None) -> None:
        shown = (tuple(badges), self.compact if compact is None else compact)
        if shown != (self.badges, self.compact):
            self.badges, self.compact = shown
            self.refresh(layout=True)

    def _words(self) -> list[tuple[str, str]]:
        return [(b, SHORT.get(b, b) if self.compact else b) for b in self.badges]

    def _pad(self) -> str:
        return "" if self.compact else " "

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return sum(len(word) + 1 + 2 * len(self._pad()) for _, word in self._words())

    def render(self) -> Text:
        out = Text(no_wrap=True)
        pad = self._pad()
        for badge, word in self._words():
            style = self.get_component_rich_style("badges--" + badge.lower().replace(" ", "-"), partial=True)
            out.append(" ")
            out.append(f"{pad}{word}{pad}", style=style)
        return out
