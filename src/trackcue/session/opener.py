"""The one place a live session is put together, for ``run``, ``resume``, headless and the picker."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from trackcue.engine.clock import Clock, RealClock, ScaledClock
from trackcue.handsfree.runtime import HandsFree, HandsFreeOptions
from trackcue.hearing import to_ears
from trackcue.session.live import LiveSession
from trackcue.session.options import PlayOptions
from trackcue.session.protocols import LiveSink, Notify, SavedListener, SessionRecorder
from trackcue.session.resume import ResumePoint
from trackcue.session.sound import open_sound
from trackcue.timeline import Timeline


def load_timeline(workout: str | os.PathLike[str], overrides: Mapping[str, str], options: PlayOptions) -> Timeline:
    """Compile ``workout`` (a path or a library name) with ``--set`` values and the playing options.

    Raises ``UserError`` for a workout that cannot be found or compiled.
    """
    from trackcue.workout import compile_file

    return compile_file(Path(workout) if isinstance(workout, os.PathLike) else workout, dict(overrides),
                        get_ready_s=options.get_ready_s, auto_lap=options.auto_lap, units=options.units)


def make_clock(speed: float = 1.0) -> Clock:
    """The device's steady clock, or one running ``speed`` times faster (demos and tests)."""
    return RealClock() if speed == 1 else ScaledClock(RealClock(), speed)


def open_session(timeline: Timeline, options: PlayOptions, *, resume: ResumePoint | None = None,
                 notify: Notify | None = None, clock: Clock | None = None) -> LiveSession:
    """A session playing ``timeline`` with real sound and history, as ``options`` say. Cheap:
    nothing is opened yet (``LiveSession.prepare`` does that, off the UI thread).

    ``resume`` continues that session (recorded into it, its laps and time kept); ``notify``
    receives one-line notices as they come (the screen shows the latest on its status line).
    The session's hands-free pieces (a headset's buttons, music ducking, Termux's wake lock) come
    with it, started by ``prepare`` and stopped by ``close``.
    """
    db = resume.db if resume is not None else options.db
    continued = resume.session_id if resume is not None else None

    clock = clock or make_clock(options.speed)
    hands = HandsFree(clock, HandsFreeOptions(duck_db=options.duck_db if _audible(options) else None))

    def sound(tl: Timeline, clk: Clock, note: Notify) -> LiveSink:
        return open_sound(options, tl, clk, note, listener=hands)

    def recorder(saved: SavedListener, note: Notify) -> SessionRecorder:
        from trackcue.history.recorder import Recorder

        return Recorder(db, continue_session=continued, notify=note, on_saved=saved)

    return LiveSession(timeline, clock=clock, open_sound=sound, open_recorder=recorder, options=options,
                       resume=resume, notify=notify, handsfree=hands)


def _audible(options: PlayOptions) -> bool:
    """Does this session play to anyone's ears (so other sound should make way for it)?"""
    return to_ears(options.audio)
