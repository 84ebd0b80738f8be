"""The player screen: the phase band, the big countdown, the step, what comes next, the profile and the splits.

Time comes from the player's clock only. The screen wakes when a shown second is about to change
or the player has something due (whichever is first, at most ``CAP_S`` apart), calls
``player.update()``, and redraws just the widgets whose text changed. The layout (player.tcss)
follows the size classes of ``sizes.py``: at 20×8 only the band, the countdown and the step stay.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual import events, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, Static

from trackcue.engine.player import FINISHED, IDLE
from trackcue.handsfree.buttons import RemoteCommand
from trackcue.session.headless import apply_command
from trackcue.session.live import LiveSession
from trackcue.session.protocols import Event
from trackcue.tui import keys
from trackcue.tui.messages import WorkoutEnded
from trackcue.tui.sizes import set_size_classes, size_classes
from trackcue.tui.view import (
    PROGRESS_STEPS, Banner, PlayerView, fit_status, next_change_in, player_view, say_where, sound_banner,
)
from trackcue.tui.widgets.badges import Badges
from trackcue.tui.widgets.bigclock import BigClock
from trackcue.tui.widgets.profile import ProfileStrip
from trackcue.tui.widgets.splits import SplitsTable
from trackcue.tui.widgets.timebar import TimeBar

CAP_S = 0.5  # real seconds: the longest sleep, well under the player's 1 s stall threshold
LATE_S = 0.004  # wake just after a second changes, not just before it
BANNER_ROWS = {"-tiny": 1, "-short": 3, "-tall": 2, "-huge": 4}  # the most the sound banner may take
STATUS_ROWS = {"-tiny": 0, "-short": 1, "-tall": 2, "-huge": 3}  # and the status footer


@dataclass(frozen=True)
class _Parts:
    """The widgets ``_draw`` updates, looked up once (a query per widget per wake-up adds up)."""

    phase: Label
    rep: Label
    badges: Badges
    banner: Static
    digits: BigClock
    step: Label
    mark: Label
    next: Label
    times: TimeBar
    profile: ProfileStrip
    splits: SplitsTable
    status: Label
    keys: Static


class PlayerScreen(Screen[None]):
    """Plays ``session`` from its get-ready countdown; posts ``WorkoutEnded`` when the workout ends.

    A lap appears in the splits table once it is saved (``LapsSaved``, posted from the recorder's
    thread): what the screen shows is on disk. The spoken call does not wait for it.
    """

    CSS_PATH = "player.tcss"
    BINDINGS = keys.bindings()

    class LapsSaved(Message):
        """The recorder committed a lap: the splits table can show it."""

    class RemotePressed(Message):
        """A headset's or remote's button (handsfree): the command it stands for."""

        def __init__(self, command: RemoteCommand) -> None:
            super().__init__()
            self.command = command

    def __init__(self, session: LiveSession, units: str = "metric") -> None:
        # The first phase's and the size's classes are set before mounting: adding them later
        # restyles every widget (the first resize then finds them already there).
        first = "get-ready" if session.player.state == IDLE else ""
        sizes: tuple[str, ...]
        try:
            sizes = size_classes(*self.app.size)
        except Exception:  # noqa: BLE001 — built outside a running app (a test): the first resize sets them
            sizes = ()
        super().__init__(classes=" ".join(([f"phase-{first}"] if first else []) + list(sizes)) or None)
        self.session = session
        self.units = units  # how paces are shown: as the cues say them (the timeline's units)
        self.player = session.player
        self.view: PlayerView | None = None
        self._wake: asyncio.TimerHandle | None = None
        self._change_at = 0.0  # clock time of the next change on screen
        self._status_key: tuple[tuple[str, ...], int, int] | None = None
        self._hints = ""
        self._banner: tuple[Banner | None, str] | None = None
        self._preparing: tuple[int, int] | None = None
        self._phase = first
        self._resumed = False
        self._parts: _Parts | None = None
        self._laps_drawn = -1
        self.first_frame_pending = False  # True until the first frame is painted and the start follows
        self.starting = session.player.state == IDLE  # True until the get-ready countdown has begun
        session.listen(self._saved)
        session.handsfree.set_receiver(self._remote)  # a headset's button acts like its key

    def compose(self) -> ComposeResult:
        with Horizontal(id="band"):
            yield Label("", id="phase", markup=False)
            yield Label("", id="rep", markup=False)
            yield Label(self.session.timeline.name, id="name", markup=False)
            yield Badges(id="badges")
        yield Static("", id="banner", markup=False)
        yield BigClock(id="digits")
        yield Label("", id="step", markup=False)
        yield Label("", id="mark", markup=False)
        yield Label("", id="next", markup=False)
        yield TimeBar(id="times")
        # Under one container: Textual repaints every child of the screen on each update, but a
        # container's children only when it is in the changed area (the clock rows above).
        with Vertical(id="lower"):
            yield ProfileStrip(self.session.timeline, id="profile")
            yield SplitsTable(id="splits")
        with Vertical(id="foot"):
            yield Label("", id="status", markup=False)
            yield Static("", id="keys", markup=False)

    @property
    def parts(self) -> _Parts:
        if self._parts is None:
            q = self.query_one
            self._parts = _Parts(
                q("#phase", Label), q("#rep", Label), q("#badges", Badges), q("#banner", Static),
                q("#digits", BigClock), q("#step", Label), q("#mark", Label), q("#next", Label),
                q("#times", TimeBar), q("#profile", ProfileStrip), q("#splits", SplitsTable),
                q("#status", Label), q("#keys", Static),
            )
        return self._parts

    def on_mount(self) -> None:
        self._draw()
        self._draw_hints(self.app.size.width)  # the screen fills the app, sized before the first layout
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

    def on_resize(self, event: events.Resize) -> None:
        slim = self.has_class("-slim")
        set_size_classes(self, event.size.width, event.size.height)
        self._draw_hints(event.size.width)
        if self.view is not None and slim != self.has_class("-slim"):
            self.view = None  # the slim screen's rep and badges are shorter: all afresh
            self._draw()
        self._draw_banner()  # the forms that fit the new size
        self._draw_status()

    # ----- starting: speech pre-render on a thread, then the get-ready countdown ---------------

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
        self._from_thread(self._show_preparing, done, total)

    def _from_thread(self, callback: Callable[..., object], *args: object) -> None:
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:  # the app is gone (a stop signal while preparing): nothing to show
            pass

    def _show_preparing(self, done: int, total: int) -> None:
        self._preparing = (done, total)
        self._draw_banner()
        self._draw_status()  # the sound is open by now: say which

    def _start(self) -> None:
        """The get-ready countdown begins (on the timeline ``prepare`` re-timed)."""
        if self.player.state != IDLE or not self.is_attached:
            return
        self._preparing = None
        before = self.session.timeline
        self.session.begin()
        self.starting = False
        if self.session.timeline is not before:
            self.parts.profile.set_timeline(self.session.timeline)
        self.view = None  # everything is drawn afresh
        self.tick()

    def _saved(self, events: Sequence[Event]) -> None:  # on the recorder's thread
        if any(e.get("event") == "lap" for e in events):
            self.post_message(self.LapsSaved())

    def on_player_screen_laps_saved(self, message: LapsSaved) -> None:
        self._draw_laps()

    # ----- the loop ------------------------------------------------------------------------------

    def tick(self, redraw: bool = True) -> None:
        """Update the player from its clock, redraw what changed, and sleep until the next change.

        ``redraw=False`` (a wake-up with nothing shown due, to keep the player's updates under its
        stall threshold): the widgets are compared only if the player reported something.
        """
        if self._wake is not None:
            self._wake.cancel()
            self._wake = None
        if self.player.state == IDLE:
            return
        events = self.player.update()
        now = self.player.clock.now()
        if redraw or events or now >= self._change_at:
            self._draw()
        if self.player.state == FINISHED:
            self.post_message(WorkoutEnded())
            return
        # A plain event-loop timer: a Textual timer per wake-up costs a task and a signature check.
        self._wake = asyncio.get_running_loop().call_later(self._sleep_s(now), self._woken)

    def _woken(self) -> None:
        """The event loop's timer calls the player straight (a message through Textual's queue
        costs more than the wake-up itself); an error ends the app with its traceback, as Textual does."""
        self._wake = None
        try:
            self.tick(redraw=False)
        except Exception:  # noqa: BLE001 — not lost in the event loop's log
            from rich.traceback import Traceback

            self.app.panic(Traceback())

    def on_unmount(self) -> None:
        if self._wake is not None:
            self._wake.cancel()
            self._wake = None

    def _sleep_s(self, now: float) -> float:
        """Real seconds until the next shown change or player deadline, capped at ``CAP_S``."""
        speed: float = self.player.clock.speed  # engine.clock.Clock: clock seconds per real second
        waits = [CAP_S * speed]
        change = next_change_in(self.player)
        self._change_at = math.inf if change is None else now + change
        if change is not None:
            waits.append(change)
        deadline = self.player.next_deadline()
        if deadline is not None:
            waits.append(deadline - now)
        return max(0.0, min(waits)) / speed + LATE_S

    def _draw(self) -> None:
        """Redraw each widget whose text differs from what it shows."""
        view = player_view(self.player, self.units, self.session.muted)
        old = self.view
        self.view = view
        p = self.parts
        if old is None or view.phase != old.phase:
            self._set_phase(view.phase)
        slim = self.has_class("-slim")
        rep = view.rep_short if slim else view.rep
        for label, text, was in ((p.rep, rep, old and (old.rep_short if slim else old.rep)),
                                 (p.step, view.step, old and old.step),
                                 (p.mark, view.mark, old and old.mark), (p.next, view.next, old and old.next)):
            if old is None or was != text:
                label.update(text)
                label.set_class(not text, "-empty")  # an empty line would push the rest down
        if old is None or old.title != view.title:
            p.phase.update(view.title)
        if old is None or old.overrun != view.overrun:
            p.digits.set_class(view.overrun, "-overrun")
        p.digits.show(view.digits)
        p.times.show(f"{view.elapsed}", f"{view.remaining}", view.progress / PROGRESS_STEPS)
        if old is None or old.badges != view.badges:
            p.badges.show(view.badges, compact=self.has_class("-slim"))
        self._draw_laps()
        if old is None or old.plan_t != view.plan_t:
            p.profile.move_to(view.plan_t)
        self._draw_banner()
        self._draw_status()

    def _draw_laps(self) -> None:
        laps = self.session.shown_laps
        if len(laps) != self._laps_drawn:
            self._laps_drawn = len(laps)
            self.parts.splits.show(laps)

    def _draw_banner(self) -> None:
        """The sound banner before the start (what will be heard, or that speech is being prepared); none after."""
        before_start = self.view is None or self.view.phase == "get_ready"
        banner = sound_banner(self.session.hearing(), self._preparing) if before_start else None
        width, height = self.size if self.size.width else self.app.size
        text = banner.fit(width - 2, BANNER_ROWS[size_classes(width, height)[1]]) if banner is not None else ""
        if (banner, text) == self._banner:
            return
        self._banner = (banner, text)
        widget = self.parts.banner
        widget.update(text)
        for level in ("ok", "partial", "none", "wait"):
            widget.set_class(banner is not None and level == banner.level, f"-{level}")
        widget.set_class(banner is None, "-empty")

    def _draw_status(self) -> None:
        """The sound and the latest notice, in whole parts that fit the footer's rows (the rest under ?)."""
        width, height = self.size if self.size.width else self.app.size
        key = (tuple(self.session.status_parts()), width, STATUS_ROWS[size_classes(width, height)[1]])
        if key == self._status_key:  # wrapping text is slow: only when the parts or the size change
            return
        self._status_key = key
        parts, _, rows = key
        text = fit_status(parts, width - 2, rows)
        self.parts.status.update(text)
        self.parts.status.set_class(not text, "-empty")

    def _draw_hints(self, width: int) -> None:
        text = keys.hints(width - 2)  # the screen's padding
        if text != self._hints:
            self._hints = text
            self.parts.keys.update(text)

    def _set_phase(self, phase: str) -> None:
        if phase.replace("_", "-") == self._phase:
            return
        if self._phase:
            self.remove_class(f"phase-{self._phase}")
        self._phase = phase.replace("_", "-")
        self.add_class(f"phase-{self._phase}")

    # ----- keys ----------------------------------------------------------------------------------

    def _control(self, act: Callable[[], object]) -> None:
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

    def action_say(self) -> None:
        """Say where the runner is (the step and its time) through the cues' own sound, now."""
        if self.player.state == FINISHED:
            return
        say_where(self.player)

    def action_help(self) -> None:
        from trackcue.tui.dialogs import HelpScreen  # read when first asked for, not before the first frame

        self.app.push_screen(HelpScreen(self.session.status_parts()))

    def action_quit(self) -> None:
        """Quit; while a workout runs, ask first (``y`` stops it: what was run is kept)."""
        if self.player.state in (IDLE, FINISHED):
            self.app.exit()
            return
        from trackcue.tui.dialogs import ConfirmQuit

        self.app.push_screen(ConfirmQuit(), self._quit_answered)

    def _quit_answered(self, stop: bool | None) -> None:
        if stop:
            self._control(self.session.abort)
