"""The summary after a workout ends or is stopped: totals, each rep against its target, where it was saved."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, Static

from trackcue.session.live import LiveSession
from trackcue.session.protocols import Event
from trackcue.tui.sizes import set_size_classes
from trackcue.tui.summary import chart_lines, totals_lines


class SummaryScreen(Screen[None]):
    """What was run; ``q``, enter or escape leaves. The chart and "saved as" follow the recorder."""

    class Saved(Message):
        """The recorder committed more of the session."""

    CSS_PATH = "summary.tcss"

    BINDINGS = [Binding("q,enter,escape", "leave", "quit", show=False)]

    def __init__(self, session: LiveSession) -> None:
        super().__init__()
        self.session = session
        session.listen(self._saved)

    def _saved(self, events: Sequence[Event]) -> None:  # on the recorder's thread
        self.post_message(self.Saved())

    def on_summary_screen_saved(self, message: Saved) -> None:
        summary, _ = self.session.summary()
        self.query_one("#totals", Static).update(Text("\n".join(totals_lines(self.session.timeline, summary))))
        self._draw_chart()
        self.query_one("#saved", Label).update(self.session.saved_line())

    def compose(self) -> ComposeResult:
        player = self.session.player
        yield Label(" ABORTED " if player.aborted else " DONE ", id="phase")
        with VerticalScroll(id="summary-body"):
            summary, _ = self.session.summary()
            yield Static(Text("\n".join(totals_lines(self.session.timeline, summary))), id="totals")
            yield Static("", id="chart")
            yield Label(self.session.saved_line(), id="saved", markup=False)
        yield Static("q quit", id="keys")

    def action_leave(self) -> None:
        self.app.exit()

    def on_mount(self) -> None:
        self.add_class("phase-done")
        self._draw_chart()

    def on_resize(self, event: events.Resize) -> None:
        set_size_classes(self, event.size.width, event.size.height)
        self._draw_chart()

    def _draw_chart(self) -> None:
        width = max(20, self.size.width - 4)  # the padding and the scrollbar
        _, laps = self.session.summary()
        chart = Text("\n".join(chart_lines(laps, width)), no_wrap=True)
        chart.highlight_regex(r"[▐█#]+(?=[│|])", "bold #3ecf6e")  # faster than target: left of centre
        chart.highlight_regex(r"(?<=[│|])[█▌#]+", "bold #ff7a70")  # slower: right of it
        self.query_one("#chart", Static).update(chart)

