"""The picker: the library and recent files with their totals, a preview, then the parameters and start.

Compiling every workout for its totals takes a moment, so a thread worker does it and fills the
list in as each one is ready. Enter on a workout opens ``SetupScreen``; enter there starts it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from trackcue.timeline import Timeline
from trackcue.tui.catalog import Catalog, Choice, compile_with
from trackcue.tui.messages import PlayRequested
from trackcue.tui.sizes import set_size_classes
from trackcue.tui.view import plan_lines, totals
from trackcue.tui.widgets.profile import ProfileStrip
from trackcue.workout.model import WorkoutDef
from trackcue.workout.report import Totals



def choice_row(choice: Choice, name_w: int, slim: bool = False) -> Text:
    """One line of the list: name, total time, distance, work time (or why it cannot be played).

    ``slim``: the name and the time only.
    """
    name = ("↺ " if choice.recent else "") + choice.label
    row = Text(f"{name[:name_w]:<{name_w}}", no_wrap=True, overflow="ellipsis")
    tl = choice.timeline
    if choice.problem:
        row.append(" ✗" if slim else " cannot be played", style="bold #ff7a70")
    elif tl is None:
        row.append("      …")
    else:
        totals = Totals.of(tl)
        row.append(f" {totals.time:>7}" if slim else f" {totals.time:>7} {totals.distance:>7} {totals.work:>6}")
    return row


class PickerScreen(Screen[None]):
    """Choose a workout; the preview shows its profile and steps."""

    CSS_PATH = "picker.tcss"

    BINDINGS = [
        Binding("q,escape", "app.quit", "quit", show=False),
        Binding("question_mark", "help", "help", show=False),
    ]

    def __init__(self, catalog: Catalog | None = None, units: str = "metric") -> None:
        super().__init__()
        self.catalog = catalog or Catalog()
        self.units = units  # how paces are shown: the runner's profile's (metric or imperial)
        self.choices: list[Choice] = []

    def compose(self) -> ComposeResult:
        yield Label(" trackcue — choose a workout ", id="phase")
        with Horizontal(id="pick"):
            with Vertical(id="list-side"):
                yield Label("", id="list-head", markup=False)
                yield OptionList(id="workouts")
            with Vertical(id="preview"):
                yield Label("", id="preview-name", markup=False)
                yield Static("", id="preview-about", markup=False)
                yield Label("", id="preview-totals", markup=False)
                yield ProfileStrip(_EMPTY, show_cursor=False, id="preview-profile")
                with VerticalScroll(id="preview-steps"):
                    yield Static("", id="preview-plan", markup=False)
        yield Static("↑↓ choose · enter start · q quit", id="keys", markup=False)

    def action_help(self) -> None:
        from trackcue.tui.dialogs import HelpScreen  # the screen opens its own modal, as the player's does

        self.app.push_screen(HelpScreen())

    def on_mount(self) -> None:
        self.add_class("phase-done")
        self.choices = self.catalog.entries()
        self._fill()
        self.query_one("#workouts", OptionList).focus()
        self._load_all()

    def on_resize(self, event: events.Resize) -> None:
        set_size_classes(self, event.size.width, event.size.height)
        self.query_one("#keys", Static).update(
            "↑↓ enter q" if self.has_class("-slim") else "↑↓ choose · enter start · q quit")
        self._fill()

    def _slim(self) -> bool:
        return self.has_class("-slim")

    def _name_w(self) -> int:
        if self._slim():
            return max(4, self.size.width - 12)  # the padding, the marker and the time
        return max(8, min(24, (self.size.width if self.has_class("-narrow") else 46) - 25))

    def _fill(self) -> None:
        w = self._name_w()
        head = f"  {'workout':<{w}} {'time':>7}" + ("" if self._slim() else f" {'dist':>7} {'work':>6}")
        self.query_one("#list-head", Label).update(head)
        options = self.query_one("#workouts", OptionList)
        keep = options.highlighted
        options.clear_options()
        options.add_options([Option(choice_row(c, w, self._slim()), id=str(i)) for i, c in enumerate(self.choices)])
        if self.choices:
            options.highlighted = keep if keep is not None else 0

    @work(thread=True, exclusive=True, group="catalog")
    def _load_all(self) -> None:
        for i, choice in enumerate(self.choices):
            Catalog.load(choice)
            self.app.call_from_thread(self._loaded, i)

    def _loaded(self, i: int) -> None:
        options = self.query_one("#workouts", OptionList)
        options.replace_option_prompt_at_index(i, choice_row(self.choices[i], self._name_w(), self._slim()))
        if options.highlighted == i:
            self._preview(self.choices[i])

    @on(OptionList.OptionHighlighted, "#workouts")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._preview(self.choices[event.option_index])

    @on(OptionList.OptionSelected, "#workouts")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        choice = self.choices[event.option_index]
        if choice.wdef is not None and choice.timeline is not None:
            self.app.push_screen(SetupScreen(choice, choice.wdef, choice.timeline, self.units))
        elif choice.problem:
            self.notify(choice.problem, title="cannot be played", severity="error")

    def _preview(self, choice: Choice) -> None:
        tl = choice.timeline
        self.query_one("#preview-name", Label).update(choice.label)
        about = choice.problem or (choice.wdef.description if choice.wdef is not None else "compiling…")
        self.query_one("#preview-about", Static).update(about)
        self.query_one("#preview-totals", Label).update(totals(tl) if tl else "")
        self.query_one("#preview-profile", ProfileStrip).set_timeline(tl or _EMPTY)
        plan = Text("\n".join(plan_lines(tl, self.units)) if tl else "", no_wrap=True, overflow="ellipsis")
        self.query_one("#preview-plan", Static).update(plan)


class SetupScreen(Screen[None]):
    """The chosen workout's parameters, checked as they are typed; enter starts, escape goes back."""

    CSS_PATH = "picker.tcss"

    BINDINGS = [Binding("escape", "app.pop_screen", "back", show=False), Binding("enter", "start", "start", show=False)]

    def __init__(self, choice: Choice, wdef: WorkoutDef, timeline: Timeline, units: str = "metric") -> None:
        super().__init__()
        self.choice = choice
        self.wdef = wdef  # the loaded choice's
        self.units = units
        self.first = timeline  # with the defaults
        self.timeline: Timeline | None = timeline  # with the values typed, None while they do not compile

    def compose(self) -> ComposeResult:
        c = self.choice
        yield Label(f" {c.label} ", id="phase", markup=False)
        with VerticalScroll(id="setup"):
            yield Label(totals(self.first), id="setup-totals", markup=False)
            yield ProfileStrip(self.first, show_cursor=False, id="setup-profile")
            for name, pdef in self.wdef.params.items():
                with Horizontal(classes="param"):
                    yield Label(name, classes="param-name", markup=False)
                    yield Input(c.params.get(name, ""), id=f"p-{_safe(name)}", compact=True,
                                select_on_focus=True, classes="param-value")
                yield Static(pdef.about, classes="param-about", markup=False)
                yield Static("", id=f"e-{_safe(name)}", classes="param-error", markup=False)
            yield Static("", id="setup-error", classes="param-error", markup=False)
        yield Static("enter start · tab next · esc back", id="keys", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        set_size_classes(self, event.size.width, event.size.height)
        self.query_one("#keys", Static).update(
            "enter tab esc" if self.has_class("-slim") else "enter start · tab next · esc back")

    def on_mount(self) -> None:
        self.add_class("phase-done")
        for label in self.query(".param-error"):
            label.display = False
        inputs = list(self.query(Input))
        if inputs:
            inputs[0].focus()

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#p-{_safe(name)}", Input).value for name in self.wdef.params}

    @on(Input.Changed)
    def _check(self) -> None:
        timeline, by_param, other = compile_with(self.choice, self.values())
        for name in self.wdef.params:
            label = self.query_one(f"#e-{_safe(name)}", Static)
            label.update(by_param.get(name, ""))
            label.display = name in by_param
        general = self.query_one("#setup-error", Static)
        general.update("\n".join(other))
        general.display = bool(other)
        self.timeline = timeline
        if timeline is not None:
            self.query_one("#setup-totals", Label).update(totals(timeline))
            self.query_one("#setup-profile", ProfileStrip).set_timeline(timeline)

    @on(Input.Submitted)
    def action_start(self) -> None:
        self._check()
        if self.timeline is not None:
            self.post_message(PlayRequested(self.timeline))


def _safe(name: str) -> str:
    """A parameter name as a widget id (ids may not start with a digit or hold punctuation)."""
    return "".join(ch if ch.isalnum() else "_" for ch in name)


_EMPTY = Timeline(name="", segments=[], cues=[])
