"""The small screens over the player: the key help (``?``) and the quit question (``q``)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from trackcue.tui import keys
from trackcue.tui.sizes import set_size_classes


class HelpScreen(ModalScreen[None]):
    """Every key, from the same table as the bindings; ``?``, escape or F1 closes it.

    The player's keys still work underneath (lap, pause, ``q`` asks to quit …): nothing the
    runner presses at the line is lost because the help is open.
    """

    CSS_PATH = "dialogs.tcss"

    OWN = "question_mark,escape,f1"
    BINDINGS = [Binding(OWN, "close", "close", show=False), *keys.passed_through(OWN)]

    def __init__(self, notes: Sequence[str] = ()) -> None:
        super().__init__()
        self.notes = list(notes)  # the sound and the latest notice, whole (the footer may leave some out)

    def compose(self) -> ComposeResult:
        rows = [(k.shown, k.does) for k in keys.PLAYER_KEYS] + list(keys.ELSEWHERE)
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        for shown, does in rows:
            table.add_row(shown, does)
        listing = Text()  # a slim screen: each key above what it does
        for shown, does in rows:
            listing.append(shown, style="bold").append(f"\n  {does}\n")
        listing.rstrip()
        with VerticalScroll(id="help-box"):
            yield Label("Keys", id="help-title")
            yield Static(table, id="help-keys")
            yield Static(listing, id="help-list")
            if self.notes:
                yield Label("Sound and notes", id="help-notes-title")
                yield Static("\n".join(self.notes), id="help-notes", markup=False)
            yield Label("? or escape closes this; the workout goes on underneath", id="help-foot")

    def on_resize(self, event: events.Resize) -> None:
        set_size_classes(self, event.size.width, event.size.height)

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
            yield Label("y stop  n carry on", id="confirm-keys")

    def on_resize(self, event: events.Resize) -> None:
        set_size_classes(self, event.size.width, event.size.height)

    def action_answer(self, stop: bool) -> None:
        self.dismiss(stop)
