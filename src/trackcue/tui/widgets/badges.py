"""Badges: GET READY, PAUSED, MUTED, WAITING FOR LAP — short words in boxes of their own colour."""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.widget import Widget


class Badges(Widget):
    """A row of badges, right-aligned; redraws only when the set changes."""

    COMPONENT_CLASSES = {"badges--get-ready", "badges--paused", "badges--muted", "badges--waiting-for-lap"}
    DEFAULT_CSS = "Badges { height: 1; width: auto; }"

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.badges: tuple[str, ...] = ()

    def show(self, badges: Sequence[str]) -> None:
        badges = tuple(badges)
        if badges != self.badges:
            self.badges = badges
            self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:
        return sum(len(b) + 3 for b in self.badges)

    def render(self) -> Text:
        out = Text(no_wrap=True)
        for badge in self.badges:
            style = self.get_component_rich_style("badges--" + badge.lower().replace(" ", "-"), partial=True)
            out.append(" ")
            out.append(f" {badge} ", style=style)
        return out
