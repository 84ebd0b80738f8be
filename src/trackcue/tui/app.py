"""The Textual app: the picker, the player, the summary — and ``run_player``/``run_picker`` for the CLI.

A player app plays one ``LiveSession`` (``trackcue.session``); the picker opens one per picked
workout through ``open_session(timeline)``. Tests build sessions with fakes
(``session_fakes.fake_session, under tests``). Quitting any way ends in ``LiveSession.close()``:
``q`` + ``y`` and Ctrl-C record an unfinished run as aborted with its laps; a lost terminal
(SIGHUP) or SIGTERM records it as interrupted, for ``trackcue resume``.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import PurePath
from typing import TYPE_CHECKING, Callable, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from trackcue.engine.player import FINISHED, IDLE
from trackcue.session.live import LiveSession
from trackcue.session.options import PlayOptions
from trackcue.session.stop import StopGuard
from trackcue.timeline import Timeline
from trackcue.tui.messages import PlayRequested, WorkoutEnded
from trackcue.tui.view import profile_units

if TYPE_CHECKING:
    from trackcue.tui.catalog import Catalog

OpenSession = Callable[[Timeline], LiveSession]


class TrackcueApp(App[None]):
    """Starts on the player when given a session, else on the picker."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["trackcue.tcss", "player.tcss"]  # the player's; the others' when first shown
    PICKER_CSS: ClassVar[list[str | PurePath]] = [  # all at once for the picker
        "trackcue.tcss", "player.tcss", "picker.tcss", "summary.tcss", "dialogs.tcss"]
    TITLE = "trackcue"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+c", "interrupt", show=False, priority=True),
        Binding("ctrl+q", "interrupt", show=False, priority=True),
    ]

    def __init__(
        self,
        session: LiveSession | None = None,
        *,
        open_session: OpenSession | None = None,
        units: str = "metric",
        catalog: Catalog | None = None,
    ) -> None:
        super().__init__(css_path=self.PICKER_CSS if session is None else None)
        self.first = session
        self.open_session = open_session
        self.units = units
        self.catalog = catalog
        self.session: LiveSession | None = None
        self.interrupted = False
        self.stop_signal: int | None = None

    def get_default_screen(self) -> Screen[None]:
        """The player itself when given a session: no blank screen under it, and its first frame
        is painted as soon as the app runs (a screen pushed while mounting is drawn twice)."""
        if self.first is None:
            return super().get_default_screen()
        return self._player_screen(self.first)

    def on_mount(self) -> None:
        if self.stop_signal is not None:  # a stop signal came while the app was starting
            self._stop_for_signal()
            return
        if self.first is None:
            from trackcue.tui.picker_screen import PickerScreen

            self.push_screen(PickerScreen(self.catalog, self.units))

    @on(PlayRequested)
    def _play(self, message: PlayRequested) -> None:
        """Open the player on the picked timeline, in a fresh session."""
        if self.open_session is None:
            raise RuntimeError("no way to open a session for the picked workout")
        self.push_screen(self._player_screen(self.open_session(message.timeline)))

    def _player_screen(self, session: LiveSession) -> Screen[None]:
        from trackcue.tui.player_screen import PlayerScreen

        self.session = session
        return PlayerScreen(session, session.timeline.units)  # what its cues are spoken in

    # ----- what the player screen posts ---------------------------------------------------------

    @on(WorkoutEnded)
    def _ended(self, message: WorkoutEnded) -> None:
        """Record the run, let the sound finish, show what was run."""
        from trackcue.tui.summary_screen import SummaryScreen

        if self.session is not None and not isinstance(self.screen, SummaryScreen):
            self.session.finish_recording()  # recorded and closed before the summary says where
            self.session.close_audio_later()  # a last phrase may still be sounding
            summary = SummaryScreen(self.session)
            if len(self.screen_stack) > 1:
                self.switch_screen(summary)
            else:  # the player is the app's first screen, which Textual cannot replace: cover it
                self.push_screen(summary)

    async def action_player(self, action: str) -> None:
        """A player key pressed over a dialog: the player under it acts on it (``keys.passed_through``)."""
        from trackcue.tui.player_screen import PlayerScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, PlayerScreen):
                await screen.run_action(action)
                return
        if action == "quit":  # the help over the picker: q quits as it does there
            self.exit()

    def _playing(self) -> bool:
        return self.session is not None and self.session.player.state not in (IDLE, FINISHED)

    # ----- Ctrl-C, a lost terminal, SIGTERM ---------------------------------------------------

    def action_interrupt(self) -> None:
        """Ctrl-C: stop at once; an unfinished run is recorded as aborted."""
        self.interrupted = self._playing()
        if self.session is not None:
            self.session.finish_recording()  # the sound closes after the screen (in _run)
        self.exit(return_code=130 if self.interrupted else 0)

    def request_stop(self, signum: int) -> None:
        """SIGHUP/SIGTERM, called by ``StopGuard`` in signal context on the main thread: stop
        from inside the event loop, or as soon as it runs."""
        self.stop_signal = signum
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # not running yet (on_mount stops) or no more (_run records the interruption)
        loop.call_soon_threadsafe(self._stop_for_signal)

    def _stop_for_signal(self) -> None:
        signum = self.stop_signal or signal.SIGTERM
        self.interrupted = self._playing()
        if self.session is not None:
            self.session.interrupt(signal.Signals(signum).name)  # not the runner's choice: resumable
            self.session.finish_recording()
        self.exit(return_code=128 + signum)

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.finish_recording()
            self.session.close_audio_later()


def build_picker_app(open_session: OpenSession, catalog: Catalog | None = None, units: str = "metric") -> TrackcueApp:
    """The picker; a picked workout plays in the session ``open_session(timeline)`` returns."""
    return TrackcueApp(open_session=open_session, units=units, catalog=catalog)


# ----- the command line ---------------------------------------------------------------------------


def run_player(session: LiveSession, guard: StopGuard) -> int:
    """``trackcue run``/``resume`` with a screen: play ``session`` (its sound already open); the exit code."""
    return _run(TrackcueApp(session, units=session.timeline.units), guard)


def run_picker(options: PlayOptions, guard: StopGuard) -> int:
    """Plain ``trackcue``: the picker, then the player with these options."""
    from trackcue.session.opener import open_session
    from trackcue.tui.catalog import Catalog

    def opener(timeline: Timeline) -> LiveSession:
        session = open_session(timeline, options)
        guard.on_forced_exit(session.close_for_exit)
        return session

    catalog = Catalog(None if options.db is None else str(options.db), auto_lap=options.auto_lap, units=options.units)
    return _run(build_picker_app(opener, catalog, units=profile_units()), guard)


def _run(app: TrackcueApp, guard: StopGuard) -> int:
    with guard.route(app.request_stop):
        try:
            app.run()
        finally:
            session = app.session
            if session is not None:
                if guard.signum is not None:  # came as the app was ending: still not the runner's choice
                    session.interrupt(signal.Signals(guard.signum).name)
                session.close()
    session = app.session
    if session is not None:
        lines = [f"trackcue: {notice}" for notice in session.notes()]
        if session.player.state == FINISHED and not session.player.interrupted:
            lines.append(f"trackcue: {session.saved_line()}")
        try:
            print("\n".join(lines), file=sys.stderr) if lines else None
        except OSError:
            pass  # the terminal is gone (SIGHUP): nobody to tell
    if guard.signum is not None:
        return 128 + guard.signum
    return int(app.return_code or 0)
