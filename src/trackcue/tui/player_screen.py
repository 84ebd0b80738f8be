"""The player screen: the countdown, the step, the rep, what comes next, the profile and the splits.

Time comes from the player's clock only. The screen wakes when a shown second is about to change
or the player has something due (whichever is first, at most ``CAP_S`` apart), calls
``player.update()``, and redraws just the widgets whose text changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import events, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Digits, Label, Static

from trackcue.engine.player import FINISHED, IDLE
from trackcue.handsfree.buttons import RemoteCommand
from trackcue.session.headless import apply_command
from trackcue.session.live import LiveSession
from trackcue.session.protocols import Event
from trackcue.tui import keys
from trackcue.tui.view import PROGRESS_STEPS, PlayerView, next_change_in, player_view
from trackcue.tui.widgets.badges import Badges
from trackcue.tui.widgets.profile import ProfileStrip
from trackcue.tui.widgets.progress import Progress
from trackcue.tui.widgets.splits import SplitsTable

CAP_S = 0.5  # real seconds: the longest sleep, well under the player's 1 s stall threshold
LATE_S = 0.004  # wake just after a second changes, not just before it
_DRAWN = ("phase", "digits", "rep", "step", "mark", "next", "elapsed", "progress", "remaining", "badges", "splits",
          "profile", "status")


class PlayerScreen(Screen):
    """Plays ``session`` from its get-ready countdown to the summary.

    A lap appears in the splits table once it is saved (``LapsSaved``, posted from the recorder's
    thread): what the screen shows is on disk. The spoken call does not wait for it.
    """

    class LapsSaved(Message):
        """The recorder committed a lap: the splits table can show it."""

    class RemotePressed(Message):
        """A headset's or remote's button (handsfree): the command it stands for."""

        def __init__(self, command: RemoteCommand) -> None:
            super().__init__()
            self.command = command

    BINDINGS = keys.bindings()
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (13, "-short"), (19, "-tall")]

    def __init__(self, session: LiveSession) -> None:
        # The first phase's and the size's classes are set before mounting: adding them later
        # restyles every widget (the first resize then finds them already there).
        first = "get-ready" if session.player.state == IDLE else ""
        super().__init__(classes=" ".join(([f"phase-{first}"] if first else []) + self._size_classes()) or None)
        self.session = session
        self.player = session.player
        self.view: PlayerView | None = None
        self._timer: Timer | None = None
        self._status = ""
        self._hints = ""
        self._phase = first
        self._resumed = False
        self._widget_cache: dict[str, Widget] | None = None
        self._laps_drawn = -1
        self.first_frame_pending = False  # True until the first frame is painted and the start follows
        self.starting = session.player.state == IDLE  # True until the get-ready countdown has begun
        session.listen(self._saved)
        session.handsfree.set_receiver(self._remote)  # a headset's button acts like its key

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
        # Under one container: Textual repaints every child of the screen on each update, but a
        # container's children only when it is in the changed area (the clock rows above).
        with Vertical(id="lower"):
            yield ProfileStrip(self.session.timeline, id="profile")
            yield SplitsTable(id="splits")
        with Vertical(id="foot"):
            yield Label("", id="status", markup=False)
            yield Static("", id="keys", markup=False)

    def _size_classes(self) -> list[str]:
        """The breakpoint classes Textual gives the screen on its first resize, for the app's size now."""
        try:
            width, height = self.app.size
        except Exception:  # noqa: BLE001 — no running app (built in a test): Textual adds them on resize
            return []
        return [*self._get_breakpoint_classes(width, self.HORIZONTAL_BREAKPOINTS),
                *self._get_breakpoint_classes(height, self.VERTICAL_BREAKPOINTS)]

    def on_mount(self) -> None:
        self._draw()
        self._draw_hints()
        if self.player.state == IDLE:
            # The first frame (GET READY, the full countdown, the step) is painted before the
            # history opens and the speech is prepared: neither changes what it shows.
            self.first_frame_pending = True
            self.call_after_refresh(self._after_first_frame)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Textual's own handler. The first resume follows the mount at once: the
        # widgets were just styled, and restyling them all again only delays the first frame.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_resize(self) -> None:
        self._draw_hints()

    # ----- starting: the sound prepared on a thread, then the get-ready countdown ---------------

    def _after_first_frame(self) -> None:
        self.first_frame_pending = False
        self._prepare_then_start()

    @work(thread=True, exclusive=True, group="prepare")
    def _prepare_then_start(self) -> None:
        try:
            self.session.prepare(self._report_progress)
        except Exception as err:  # noqa: BLE001 — no sound is better than no workout
            self.session.fall_silent(f"preparing failed: {err}")
        self._from_thread(self._start)

    def _report_progress(self, done: int, total: int, what: str) -> None:
        self._from_thread(self._preparing, done, total, what)

    def _from_thread(self, callback: Callable[..., object], *args: object) -> None:
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:  # the app is gone (a stop signal while preparing): nothing to show
            pass

    def _preparing(self, done: int, total: int, what: str) -> None:
        for name, text in (("step", f"Preparing speech {done}/{total}… n: start now"), ("mark", what[:60])):
            label = self.query_one(f"#{name}", Label)
            label.update(text)
            label.display = True

    def _start(self) -> None:
        """The get-ready countdown begins (on the timeline ``prepare`` re-timed)."""
        if self.player.state != IDLE or not self.is_attached:
            return
        before = self.session.timeline
        self.session.begin()
        self.starting = False
        if self.session.timeline is not before:
            self.query_one("#profile", ProfileStrip).set_timeline(self.session.timeline)
        self.view = None  # everything is drawn afresh
        self.tick()

    def _saved(self, events: Sequence[Event]) -> None:  # on the recorder's thread
        if any(e.get("event") == "lap" for e in events):
            self.post_message(self.LapsSaved())

    def on_player_screen_laps_saved(self, message: LapsSaved) -> None:
        self._draw_laps()

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
        view = player_view(self.player, self.app.units, self.session.muted)
        old = self.view
        self.view = view
        w = self._widgets
        if old is None or view.phase != old.phase:
            self._set_phase(view.phase)
        for name in ("rep", "step", "mark", "next"):
            text = getattr(view, name)
            if old is None or getattr(old, name) != text:
                label = w[name]
                label.update(text)
                label.display = bool(text)  # an empty line would push the rest down
        if old is None or old.title != view.title:
            w["phase"].update(f" {view.title} ")
        if old is None or old.digits != view.digits:
            w["digits"].update(view.digits)
        # Fixed widths (the stylesheet): a new second needs a repaint of the label, not a new layout.
        if old is None or old.elapsed != view.elapsed:
            w["elapsed"].update(f"{view.elapsed} done", layout=False)
        if old is None or old.remaining != view.remaining:
            w["remaining"].update(f"{view.remaining} to go", layout=False)
        if old is None or old.progress != view.progress:
            w["progress"].set_fraction(view.progress / PROGRESS_STEPS)
        if old is None or old.badges != view.badges:
            w["badges"].show(view.badges)
        self._draw_laps()
        if old is None or old.plan_t != view.plan_t:
            w["profile"].move_to(view.plan_t)
        status = self.session.status_line()
        if status != self._status:
            self._status = status
            w["status"].update(status)

    def _draw_laps(self) -> None:
        laps = self.session.shown_laps
        if len(laps) != self._laps_drawn:
            self._laps_drawn = len(laps)
            self._widgets["splits"].show(laps)

    @property
    def _widgets(self) -> dict[str, Widget]:
        """The widgets ``_draw`` updates, looked up once (a query per widget per wake-up adds up)."""
        if self._widget_cache is None:
            self._widget_cache = {name: self.query_one(f"#{name}") for name in _DRAWN}
        return self._widget_cache

    def _draw_hints(self) -> None:
        text = keys.hints(narrow=self.app.size.width < 72)  # the screen fills the app, sized before the first layout
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

    def _remote(self, command: RemoteCommand) -> None:  # on the media buttons' thread: post, never wait
        self.post_message(self.RemotePressed(command))

    def on_player_screen_remote_pressed(self, message: RemotePressed) -> None:
        """A headset's or remote's button, handled on the UI thread like the key it stands for."""
        self._control(lambda: apply_command(self.player, message.command))

    def action_toggle_pause(self) -> None:
        self._control(self.player.toggle_pause)

    def action_lap(self) -> None:
        self._control(self.player.lap)

    def action_skip(self) -> None:
        if self.player.state == IDLE:  # still preparing: start with the speech that is ready
            self.session.start_now()
            return
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
