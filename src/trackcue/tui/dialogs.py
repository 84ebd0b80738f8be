"""The small screens over the player: the key help (``?``) and the quit question (``q``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from rich.table import Table
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from trackcue.tui import keys


class HelpScreen(ModalScreen[None]):
    """Every key, from the same table as the bindings; ``?``, escape or F1 closes it.

    The player's keys still work underneath (lap, pause, ``q`` asks to quit …): nothing the
    runner presses at the line is lost because the help is open.
    """

    CSS_PATH = "dialogs.tcss"

    OWN = "question_mark,escape,f1"
    BINDINGS = [Binding(OWN, "close", "close", show=False), *keys.passed_through(OWN)]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        for k in keys.PLAYER_KEYS:
            table.add_row(k.shown, k.does)
        for shown, does in keys.ELSEWHERE:
            table.add_row(shown, does)
        with VerticalScroll(id="help-box"):
            yield Label("Keys", id="help-title")
            yield Static(table, id="help-keys")
            yield Label("? or escape closes this; the workout goes on underneath", id="help-foot")

    def action_close(self) -> None:
        self.dismiss(None)


class ConfirmQuit(ModalScreen[bool]):
    """``Stop the workout?`` — ``y`` stops (what was run is kept), ``n``/escape carries on.

    Lap, pause and the other player keys still act on the workout while it asks.
    """

    CSS_PATH = "dialogs.tcss"

    OWN = "y,n,escape,q"
    BINDINGS = [
        Binding("y", "answer(True)", "stop", show=False),
        Binding("n,escape,q", "answer(False)", "carry on", show=False),
        *keys.passed_through(OWN),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label("Stop the workout?", id="confirm-title")
            yield Label("What you ran is kept.")
            yield Label("y  stop    n  carry on", id="confirm-keys")

    def action_answer(self, stop: bool) -> None:
        self.dismiss(stop)
