"""The player screen: the countdown, the step, the rep, what comes next, the profile and the splits.

Time comes from the player's clock only. The screen wakes when a shown second is about to change
or the player has something due (whichever is first, at most ``CAP_S`` apart), calls
``player.update()``, and redraws just the widgets whose text changed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, Label, Static
from textual import work

from trackcue.engine.player import FINISHED, IDLE
from trackcue.tui import keys
from trackcue.tui.session import Session
from trackcue.tui.view import PROGRESS_STEPS, PlayerView, next_change_in, player_view
from trackcue.tui.widgets.badges import Badges
from trackcue.tui.widgets.profile import ProfileStrip
from trackcue.tui.widgets.progress import Progress
from trackcue.tui.widgets.splits import SplitsTable

CAP_S = 0.5  # real seconds: the longest sleep, well under the player's 1 s stall threshold
LATE_S = 0.004  # wake just after a second changes, not just before it


class PlayerScreen(Screen):
    """Plays ``session`` from its get-ready countdown to the summary."""

    BINDINGS = keys.bindings()
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (13, "-short"), (19, "-tall")]

    def __init__(self, session: Session) -> None:
        # The first phase's class is set before mounting: adding it later restyles every widget.
        first = "get-ready" if session.player.state == IDLE else ""
        super().__init__(classes=f"phase-{first}" if first else None)
        self.session = session
        self.player = session.player
        self.view: PlayerView | None = None
        self._timer: Timer | None = None
        self._status = ""
        self._hints = ""
        self._phase = first

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Label("", id="phase", markup=False)
            yield Label(self.session.timeline.name, id="name", markup=False)
            yield Badges(id="badges")
        with Horizontal(id="main"):
            yield Digits("", id="digits")
            with Vertical(id="side"):
                yield Label("", id="rep", markup=False)
                yield Label("", id="step", markup=False)
                yield Label("", id="mark", markup=False)
        yield Label("", id="next", markup=False)
        with Horizontal(id="times"):
            yield Label("", id="elapsed", markup=False)
            yield Progress(id="progress")
            yield Label("", id="remaining", markup=False)
        yield ProfileStrip(self.session.timeline, id="profile")
        yield SplitsTable(id="splits")
        with Vertical(id="foot"):
            yield Label("", id="status", markup=False)
            yield Static("", id="keys", markup=False)

    def on_mount(self) -> None:
        self._draw()
        if self.player.state == IDLE:
            self._prepare_then_start()

    def on_resize(self) -> None:
        self._draw_hints()

    # ----- starting: speech pre-render on a thread, then the get-ready countdown ---------------

    @work(thread=True, exclusive=True, group="prepare")
    def _prepare_then_start(self) -> None:
        prepare = self.session.prepare
        timeline = None
        if prepare is not None:
            try:
                timeline = prepare(lambda done, total, what: self.app.call_from_thread(self._preparing, done, total, what))
            except Exception as err:  # noqa: BLE001 — no sound is better than no workout
                self.session.playback.notices.append(f"audio: off (preparing failed: {err})")
        self.app.call_from_thread(self._start, timeline)

    def _preparing(self, done: int, total: int, what: str) -> None:
        for name, text in (("step", f"Preparing speech {done}/{total}…"), ("mark", what[:60])):
            label = self.query_one(f"#{name}", Label)
            label.update(text)
            label.display = True

    def _start(self, timeline=None) -> None:
        """The get-ready countdown begins (on the re-timed timeline ``prepare`` returned, if any)."""
        if self.player.state != IDLE:
            return
        self.session.use_timeline(timeline)
        if self.session.player is not self.player:
            self.player = self.session.player
            self.query_one("#profile", ProfileStrip).set_timeline(self.player.timeline)
        self.view = None  # everything is drawn afresh
        self.session.begin()
        self.tick()

    # ----- the loop ------------------------------------------------------------------------------

    def tick(self) -> None:
        """Update the player from its clock, redraw what changed, and sleep until the next change."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.player.state == IDLE:
            return
        self.player.update()
        self._draw()
        if self.player.state == FINISHED:
            self.app.show_summary()
            return
        self._timer = self.set_timer(self._sleep_s(), self.tick, name="player")

    def _sleep_s(self) -> float:
        """Real seconds until the next shown change or player deadline, capped at ``CAP_S``."""
        clock = self.player.clock
        speed = getattr(clock, "speed", 1.0)
        now = clock.now()
        waits = [CAP_S * speed]
        change = next_change_in(self.player)
        if change is not None:
            waits.append(change)
        deadline = self.player.next_deadline()
        if deadline is not None:
            waits.append(deadline - now)
        return max(0.0, min(waits)) / speed + LATE_S

    def _draw(self) -> None:
        """Redraw each widget whose text differs from what it shows (Digits redraws even if equal)."""
        view = player_view(self.player, self.session.units, self.session.muted)
        old = self.view
        self.view = view
        if old is None or view.phase != old.phase:
            self._set_phase(view.phase)
        for name in ("rep", "step", "mark", "next"):
            if old is None or getattr(old, name) != getattr(view, name):
                label = self.query_one(f"#{name}", Label)
                label.update(getattr(view, name))
                label.display = bool(getattr(view, name))  # an empty line would push the rest down
        if old is None or old.title != view.title:
            self.query_one("#phase", Label).update(f" {view.title} ")
        if old is None or old.digits != view.digits:
            self.query_one("#digits", Digits).update(view.digits)
        # Fixed widths (the stylesheet): a new second needs a repaint of the label, not a new layout.
        if old is None or old.elapsed != view.elapsed:
            self.query_one("#elapsed", Label).update(f"{view.elapsed} done", layout=False)
        if old is None or old.remaining != view.remaining:
            self.query_one("#remaining", Label).update(f"{view.remaining} to go", layout=False)
        if old is None or old.progress != view.progress:
            self.query_one("#progress", Progress).set_fraction(view.progress / PROGRESS_STEPS)
        if old is None or old.badges != view.badges:
            self.query_one("#badges", Badges).show(view.badges)
        if old is None or old.laps != view.laps:
            self.query_one("#splits", SplitsTable).show(self.player.laps)
        self.query_one("#profile", ProfileStrip).move_to(view.plan_t)
        status = self.session.status_line()
        if status != self._status:
            self._status = status
            self.query_one("#status", Label).update(status)
        self._draw_hints()

    def _draw_hints(self) -> None:
        text = keys.hints(narrow=self.size.width < 72)
        if text != self._hints:
            self._hints = text
            self.query_one("#keys", Static).update(text)

    def _set_phase(self, phase: str) -> None:
        if phase.replace("_", "-") == self._phase:
            return
        if self._phase:
            self.remove_class(f"phase-{self._phase}")
        self._phase = phase.replace("_", "-")
        self.add_class(f"phase-{self._phase}")

    # ----- keys ----------------------------------------------------------------------------------

    def _control(self, act) -> None:
        act()
        self.tick()

    def action_toggle_pause(self) -> None:
        self._control(self.player.toggle_pause)

    def action_lap(self) -> None:
        self._control(self.player.lap)

    def action_skip(self) -> None:
        self._control(self.player.skip)

    def action_back(self) -> None:
        self._control(self.player.back)

    def action_more(self) -> None:
        self._control(lambda: self.player.adjust(10.0))

    def action_less(self) -> None:
        self._control(lambda: self.player.adjust(-10.0))

    def action_mute(self) -> None:
        self._control(self.session.toggle_mute)

    def action_help(self) -> None:
        self.app.show_help()

    def action_quit(self) -> None:
        self.app.ask_quit()
