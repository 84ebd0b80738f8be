"""The Textual app: the picker, the player, the summary — and ``run_player``/``run_picker`` for the CLI.

Build it with ``build_app(timeline, clock, sink, recorder)`` (tests pass fakes) or
``build_picker_app(open_playback)``; the command line's functions add the real clock, audio and
history from the ``trackcue run`` options. Quitting any way (``q`` + ``y``, Ctrl-C, a lost
terminal) ends in ``Session.close()``: an unfinished run is recorded as aborted with its laps.
"""

from __future__ import annotations

import argparse
import signal
import sys
from typing import Any, Callable

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from trackcue.engine.player import FINISHED, IDLE
from trackcue.timeline import Timeline
from trackcue.tui.session import Playback, Session

OpenPlayback = Callable[[Timeline], Playback]


class TrackcueApp(App):
    """Starts on the player when given a timeline, else on the picker."""

    CSS_PATH = "trackcue.tcss"  # the player's; the other screens read their own when first shown
    PICKER_CSS = ["trackcue.tcss", "picker.tcss", "summary.tcss", "dialogs.tcss"]  # all at once for the picker
    TITLE = "trackcue"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+c", "interrupt", show=False, priority=True),
        Binding("ctrl+q", "interrupt", show=False, priority=True),
    ]

    def __init__(
        self,
        timeline: Timeline | None = None,
        playback: Playback | None = None,
        *,
        open_playback: OpenPlayback | None = None,
        units: str = "metric",
        catalog: Any = None,
    ) -> None:
        super().__init__(css_path=self.PICKER_CSS if timeline is None else None)
        if timeline is not None and playback is None:
            raise ValueError("a timeline needs a playback (clock, sink, recorder) to play on")
        self.first = (timeline, playback)
        self.open_playback = open_playback
        self.units = units
        self.catalog = catalog
        self.session: Session | None = None
        self.interrupted = False

    def get_default_screen(self) -> Screen:
        """The player itself when given a timeline: no blank screen under it, and its first frame
        is painted as soon as the app runs (a screen pushed while mounting is drawn twice)."""
        timeline, playback = self.first
        if timeline is None:
            return super().get_default_screen()
        return self._player_screen(timeline, playback)

    def on_mount(self) -> None:
        self._catch_hangup()
        if self.first[0] is None:
            from trackcue.tui.picker_screen import PickerScreen

            self.push_screen(PickerScreen(self.catalog))

    def play(self, timeline: Timeline, playback: Playback | None = None) -> None:
        """Open the player on ``timeline`` (from the picker: with a fresh playback)."""
        if playback is None:
            if self.open_playback is None:
                raise RuntimeError("no way to open audio and history for the picked workout")
            playback = self.open_playback(timeline)
        self.push_screen(self._player_screen(timeline, playback))

    def _player_screen(self, timeline: Timeline, playback: Playback) -> Screen:
        from trackcue.tui.player_screen import PlayerScreen

        self.session = Session(timeline, playback, self.units)
        return PlayerScreen(self.session)

    # ----- the screens the player asks for ------------------------------------------------------

    def show_summary(self) -> None:
        from trackcue.tui.summary_screen import SummaryScreen

        if self.session is not None and not isinstance(self.screen, SummaryScreen):
            self.session.finish_recording()  # recorded and closed before the summary says where
            self.session.close_audio_later()  # a last phrase may still be sounding
            summary = SummaryScreen(self.session)
            if len(self.screen_stack) > 1:
                self.switch_screen(summary)
            else:  # the player is the app's first screen, which Textual cannot replace: cover it
                self.push_screen(summary)

    def show_help(self) -> None:
        from trackcue.tui.dialogs import HelpScreen

        self.push_screen(HelpScreen())

    def ask_quit(self) -> None:
        """Quit; while a workout runs, ask first (``y`` stops it and shows the summary)."""
        if not self._playing():
            self.exit()
            return
        from trackcue.tui.dialogs import ConfirmQuit

        self.push_screen(ConfirmQuit(), self._quit_answered)

    def _quit_answered(self, stop: bool | None) -> None:
        if stop and self.session is not None:
            self.session.player.abort()
            self.show_summary()

    def _playing(self) -> bool:
        return self.session is not None and self.session.player.state not in (IDLE, FINISHED)

    # ----- Ctrl-C and a lost terminal: keep the run, then leave -----------------------------------

    def action_interrupt(self) -> None:
        self._stop_now()

    def _stop_now(self) -> None:
        self.interrupted = self._playing()
        if self.session is not None:
            self.session.finish_recording()  # the sound closes after the screen (in run_player)
        self.exit(return_code=130 if self.interrupted else 0)

    def _catch_hangup(self) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            try:
                loop.add_signal_handler(sig, self._stop_now)
            except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
                pass

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.finish_recording()
            self.session.close_audio_later()


def build_app(
    timeline: Timeline,
    clock: Any,
    sink: Any,
    recorder: Any | None = None,
    *,
    get_ready_s: float | None = None,
    audio_status: str = "audio: off",
    speech_status: str = "",
    units: str = "metric",
) -> TrackcueApp:
    """The player on ``timeline``, reading ``clock``, cueing ``sink``, recording to ``recorder``."""
    playback = Playback.of(clock, sink, recorder=recorder, get_ready_s=get_ready_s,
                           audio_status=audio_status, speech_status=speech_status)
    return TrackcueApp(timeline, playback, units=units)


def build_picker_app(open_playback: OpenPlayback, catalog: Any = None, units: str = "metric") -> TrackcueApp:
    """The picker; a picked workout plays on what ``open_playback(timeline)`` returns."""
    return TrackcueApp(open_playback=open_playback, units=units, catalog=catalog)


# ----- the command line ---------------------------------------------------------------------------


def run_player(args: argparse.Namespace) -> int:
    """``trackcue run FILE`` with a screen: compile, open audio and history, play; return the exit code."""
    from trackcue.cli.run import load_timeline

    timeline = load_timeline(args)  # a bad file is a UserError before any screen opens
    opener = playback_opener(args)
    return _run(TrackcueApp(timeline, opener(timeline), units=_units()))


def resume_player(args: argparse.Namespace, point: Any) -> int:
    """``trackcue resume`` with a screen: the session's workout from the step it stopped in, laps kept.

    ``point`` is ``trackcue.cli.resume.ResumePoint`` (source, params, segment, laps, session_id);
    the run is recorded into that same session.
    """
    from trackcue.cli.run import get_ready_s
    from trackcue.workout import compile_file

    timeline = compile_file(point.source, {k: str(v) for k, v in point.params.items()}, get_ready_s=get_ready_s(args))
    opener = playback_opener(args, continue_session=point.session_id, resume_at=(point.segment, list(point.laps)),
                             earlier_events=list(point.events))
    return _run(TrackcueApp(timeline, opener(timeline), units=_units()))


def run_picker(args: argparse.Namespace) -> int:
    """Plain ``trackcue``: the picker, then the player with the ``trackcue run`` options."""
    from trackcue.tui.catalog import Catalog

    return _run(build_picker_app(playback_opener(args), Catalog(getattr(args, "db", None)), units=_units()))


def _run(app: TrackcueApp) -> int:
    try:
        app.run()
    finally:
        if app.session is not None:
            app.session.close()
    if app.session is not None:
        for notice in app.session.notes():
            print(f"trackcue: {notice}", file=sys.stderr)
        if app.session.player.state == FINISHED:
            print(f"trackcue: {app.session.saved_line()}", file=sys.stderr)
    return int(app.return_code or 0)


def playback_opener(args: argparse.Namespace, continue_session: int | None = None,
                    resume_at: tuple[int, list] | None = None,
                    earlier_events: list[dict[str, Any]] | None = None) -> OpenPlayback:
    """A function giving each workout its clock, sink and recorder from the ``trackcue run`` options.

    Options are checked now (a bad ``--speed`` fails before any screen opens). ``continue_session``
    and ``resume_at`` continue an interrupted session (``trackcue resume``); ``earlier_events``
    are its record so far, for the summary.
    """
    from trackcue.cli.run import build_clock, build_sink, get_ready_s

    ready = get_ready_s(args)
    build_clock(args)

    def open_playback(timeline: Timeline) -> Playback:
        clock = build_clock(args)
        notices: list[str] = []
        sink = build_sink(args, clock, timeline, log=notices.append)  # shown on the status line, not lost
        # The history opens just before the start, after the first frame (Session.open_recorder).
        return Playback.of(clock, sink, open_recorder=lambda: _recorder(args, notices.append, continue_session),
                           get_ready_s=ready, audio_status=audio_status(args, sink), notices=notices,
                           resume_at=resume_at, earlier_events=list(earlier_events or []))

    return open_playback


def audio_status(args: argparse.Namespace, sink: Any) -> str:
    """``audio: <what plays>`` from the sink when it says, else why it is silent."""
    status = getattr(sink, "status", None)
    if isinstance(status, str) and status:
        return status
    from trackcue.engine.sink import NullSink

    if isinstance(sink, NullSink):
        why = "--audio null" if args.audio == "null" else "no audio output connected"
        return f"audio: off ({why})"
    return f"audio: {type(sink).__name__}"


def _recorder(args: argparse.Namespace, notify: Callable[[str], None], continue_session: int | None = None) -> Any | None:
    try:
        from trackcue.history.recorder import Recorder
    except ModuleNotFoundError:
        notify("history: not installed, this run is not recorded")
        return None
    return Recorder(getattr(args, "db", None), notify=notify, continue_session=continue_session)


def _units() -> str:
    """The runner's units from their profile (metric when there is none or it cannot be read)."""
    try:
        from trackcue.paces import load_profile

        return getattr(load_profile(), "units", None) or "metric"
    except Exception:  # noqa: BLE001 — a broken profile must not stop the player; `trackcue profile` reports it
        return "metric"
