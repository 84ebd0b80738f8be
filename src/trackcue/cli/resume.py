"""``trackcue resume [ID]``: continue an interrupted session from the step it was in, laps kept.

Takes the same playing options as ``trackcue run``. The workout is compiled again from its file
with the session's parameters; the session's record continues in the same history entry.
"""

from __future__ import annotations

import argparse
import sys

from trackcue.errors import Problem, UserError

ORDER = 11


def register(sub) -> None:
    from trackcue.cli.run import add_play_options

    p = sub.add_parser("resume", help="continue an interrupted session where it stopped",
                       description="Continue the most recent interrupted session (or session ID) "
                                   "from the step it was in, with its laps so far.")
    p.add_argument("id", type=int, nargs="?", metavar="ID", help="the session number (default: the latest interrupted)")
    add_play_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from trackcue.history.db import HistoryError, default_path

    path = default_path(args.db)
    try:
        point = find_resume_point(path, args.id)
    except HistoryError as err:
        raise UserError([Problem(str(err), hint=err.hint)]) from None
    return play(args, path, point)


class ResumePoint:
    """What ``resume`` continues: the session, its workout, the step and the laps before it, and
    the events recorded so far (so the summary counts the whole session)."""

    def __init__(self, session_id: int, source: str, params: dict, segment: int, laps: list[dict],
                 changed: bool, events: list[dict] | None = None) -> None:
        self.session_id, self.source, self.params = session_id, source, params
        self.segment, self.laps, self.changed = segment, laps, changed
        self.events = events or []


def find_resume_point(path, session_id: int | None) -> ResumePoint:
    """The session to resume (the latest interrupted one by default), or UserError saying why not."""
    from pathlib import Path

    from trackcue.history.queries import get_info, get_session, latest_interrupted, open_history, resume_point
    from trackcue.history.recorder import file_hash

    conn = open_history(path)
    if conn is None:
        raise UserError(f"no history yet in {path}", hint="run a workout first: trackcue run FILE")
    try:
        if session_id is None:
            info = latest_interrupted(conn)
            if info is None:
                raise UserError("no interrupted session to resume",
                                hint="'trackcue history' lists sessions; 'trackcue resume ID' picks one")
        else:
            info = get_info(conn, session_id)
            if info is None:
                raise UserError(f"no session {session_id} in {path}",
                                hint="'trackcue history' lists the sessions and their numbers")
        if info.status == "done":
            raise UserError(f"session {info.id} is already finished", hint="start it again: trackcue run FILE")
        if info.status == "running":
            raise UserError(f"session {info.id} is being recorded by another trackcue right now",
                            hint="finish or quit it there first")
        if not info.source or not Path(info.source).is_file():
            raise UserError(f"the workout file of session {info.id} is gone ({info.source or 'not recorded'})",
                            hint="put the file back where it was to resume")
        detail = get_session(conn, info.id)
        segment, laps = resume_point(detail)
    finally:
        conn.close()
    return ResumePoint(info.id, info.source, info.params, segment, [lap.to_json() for lap in laps],
                       changed=info.source_hash is not None and file_hash(info.source) != info.source_hash,
                       events=detail.events)


def play(args: argparse.Namespace, path, point: ResumePoint) -> int:
    """Compile the workout again and play it from the resume point, recording into the same session."""
    from trackcue.cli.run import build_clock, build_sink, get_ready_s, prepare_sound
    from trackcue.history.recorder import Recorder, print_notice
    from trackcue.workout import compile_file

    if point.changed:
        print_notice(f"{point.source} changed since session {point.session_id} started; resuming with it as it is now")
    timeline = compile_file(point.source, {k: str(v) for k, v in point.params.items()},
                            get_ready_s=get_ready_s(args))
    if point.segment >= len(timeline.segments):
        raise UserError(f"{point.source} now has {len(timeline.segments)} steps; session {point.session_id} "
                        f"stopped at step {point.segment + 1}", hint="restore the workout file as it was")
    if not args.headless:
        return _resume_on_screen(args, point)
    from trackcue.engine.headless import run_headless
    from trackcue.engine.player import Player

    clock = build_clock(args)
    sink = build_sink(args, clock, timeline)
    try:
        timeline = prepare_sound(sink, timeline)
        with Recorder(path, continue_session=point.session_id, notify=print_notice) as recorder:
            player = Player(timeline, clock, sink, get_ready_s=get_ready_s(args), on_event=recorder.record)
            return run_headless(player, sys.stdin, sys.stdout, sys.stderr,
                                begin=lambda: player.resume_from(point.segment, point.laps))
    finally:
        close = getattr(sink, "close", None)
        if close is not None:
            close()


def _resume_on_screen(args: argparse.Namespace, point: ResumePoint) -> int:
    """The player screen's ``resume_player(args, point)``, once the screen offers it."""
    try:
        from trackcue.tui.app import resume_player
    except ImportError:  # no screen, or one that cannot resume yet
        raise UserError("the player screen cannot resume a session yet", hint="add --headless") from None
    return resume_player(args, point)
