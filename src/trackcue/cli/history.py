"""``trackcue history``: list past sessions, show one with its split chart, export them.

    trackcue history [--json] [--limit N]
    trackcue history show ID [--json] [--ascii]
    trackcue history export (ID | --all) (--csv | --json) [--table laps|steps|sessions] [-o FILE]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trackcue.errors import Problem, UserError

if TYPE_CHECKING:
    import sqlite3

    from trackcue.history.queries import SessionDetail, SessionInfo

ORDER = 60


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``history`` and its ``show``/``export`` subcommands."""
    p = sub.add_parser("history", help="list past sessions; show or export one",
                       description="Every run is recorded as it happens. List, show and export them.")
    add_db_option(p)
    p.add_argument("--json", action="store_true", help="print a JSON list of sessions")
    p.add_argument("--limit", type=int, metavar="N", help="only the N most recent sessions")
    p.set_defaults(func=run, action="list")
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))

    show = actions.add_parser("show", help="every step and lap of one session, with a split chart")
    show.add_argument("id", type=int, metavar="ID", help="the session number from 'trackcue history'")
    add_db_option(show, inherited=True)
    show.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                      help="print the session with its steps, laps and events as JSON")
    show.add_argument("--ascii", action="store_true", help="draw the chart with plain ASCII")
    show.set_defaults(func=run)

    export = actions.add_parser("export", help="write sessions as CSV or JSON for other tools")
    export.add_argument("id", type=int, nargs="?", metavar="ID", help="the session to export")
    export.add_argument("--all", action="store_true", help="export every session")
    fmt = export.add_mutually_exclusive_group(required=True)
    fmt.add_argument("--csv", action="store_const", const="csv", dest="format", help="CSV (one row per lap)")
    fmt.add_argument("--json", action="store_const", const="json", dest="format", help="JSON documents")
    export.add_argument("--table", choices=("laps", "steps", "sessions"), default="laps",
                        help="which rows a CSV holds (default: laps)")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the terminal")
    add_db_option(export, inherited=True)
    export.set_defaults(func=run)


def add_db_option(parser: argparse.ArgumentParser, inherited: bool = False) -> None:
    """``--db PATH``; a subcommand's copy must not erase the value given before it."""
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS if inherited else None,
                        help="the history database (default: $TRACKCUE_DB, else the user data directory)")


def run(args: argparse.Namespace) -> int:
    from trackcue.history.db import HistoryError, default_path
    from trackcue.history.queries import open_history

    path = default_path(args.db)
    try:
        conn = open_history(path)
        if args.action == "show":
            return _show(conn, args, path)
        if args.action == "export":
            return _export(conn, args, path)
        return _list(conn, args, path)
    except HistoryError as err:
        raise UserError([Problem(str(err), hint=err.hint)]) from None


def _list(conn: sqlite3.Connection | None, args: argparse.Namespace, path: Path) -> int:
    from trackcue.history.queries import list_sessions
    from trackcue.history.report import session_table

    sessions = list_sessions(conn, limit=args.limit) if conn is not None else []
    elsewhere = _fallback_sessions(path, args.limit)
    if args.json:
        items = [s.to_json() for s in sessions]
        items += [{**s.to_json(), "db": str(file)} for file, found in elsewhere for s in found]
        return emit(json_lines_list(items))
    if not sessions and not elsewhere:
        return emit(f"No sessions yet in {path}. Run a workout: trackcue run FILE\n")
    lines = session_table(sessions) if sessions else [f"No sessions in {path}."]
    waiting = [s for s in sessions if s.status == "interrupted"]
    for file, found in elsewhere:
        lines += ["", f"Recorded in {file}, as {path} could not be written "
                      f"(trackcue history --db {file} show ID):"]
        lines += session_table(found)
    if waiting:
        lines.append("")
        lines.append(f"Session {waiting[0].id} was interrupted: 'trackcue resume' continues it.")
    return emit("\n".join(lines) + "\n")


def _fallback_sessions(path: Path, limit: int | None) -> list[tuple[Path, list]]:
    """Sessions recorded in fallback files when ``path`` could not be written (newest file first)."""
    from trackcue.history.db import HistoryError, fallback_files
    from trackcue.history.queries import list_sessions, open_history

    found = []
    for file in reversed(fallback_files(path)):
        try:
            conn = open_history(file)
            if conn is None:
                continue
            try:
                sessions = list_sessions(conn, limit=limit)
            finally:
                conn.close()
        except HistoryError as err:
            print(f"trackcue: history: skipping {file} ({err})", file=sys.stderr)
            continue
        if sessions:
            found.append((file, sessions))
    return found


def _show(conn: sqlite3.Connection | None, args: argparse.Namespace, path: Path) -> int:
    from trackcue.history.report import session_report

    detail = _detail(conn, _find(conn, args.id, path).id, path)
    if args.json:  # `history --json show ID` and `history show ID --json` alike (the latter SUPPRESSes its default)
        return emit(json.dumps(detail.to_json(), indent=2, ensure_ascii=False) + "\n")
    width = min(100, shutil.get_terminal_size((80, 24)).columns)
    return emit("\n".join(session_report(detail, width=width, ascii_only=args.ascii)) + "\n")


def _export(conn: sqlite3.Connection | None, args: argparse.Namespace, path: Path) -> int:
    from trackcue.history import export
    from trackcue.history.queries import list_sessions

    if (args.id is None) == (not args.all):
        raise UserError("give one session ID or --all", hint="trackcue history export 3 --csv")
    if args.all:
        infos = list(reversed(list_sessions(conn))) if conn is not None else []  # oldest first
    else:
        infos = [_find(conn, args.id, path)]
    if args.format == "json":
        docs = export.to_json([_detail(conn, s.id, path) for s in infos])
        text = json.dumps(docs if args.all else docs[0], indent=2, ensure_ascii=False) + "\n"
    else:
        out = io.StringIO(newline="")
        if args.table == "sessions":
            export.write_csv(out, export.SESSION_COLUMNS, export.session_rows(infos))
        else:
            details = (_detail(conn, s.id, path) for s in infos)
            columns, rows = ((export.LAP_COLUMNS, export.lap_rows(details)) if args.table == "laps"
                             else (export.STEP_COLUMNS, export.step_rows(details)))
            export.write_csv(out, columns, rows)
        text = out.getvalue()
    if args.output:
        return write_file(Path(args.output), text)
    return emit(text)


def _detail(conn: sqlite3.Connection | None, session_id: int, path: Path) -> SessionDetail:
    """Session ``session_id`` in full, or ``UserError`` if it is not (or no longer) there."""
    from trackcue.history.queries import get_session

    detail = get_session(conn, session_id) if conn is not None else None
    if detail is None:
        raise _no_session(session_id, path)
    return detail


def _no_session(session_id: int, path: Path) -> UserError:
    return UserError(f"no session {session_id} in {path}", hint="'trackcue history' lists the sessions and their numbers")


def _find(conn: sqlite3.Connection | None, session_id: int, path: Path) -> SessionInfo:
    from trackcue.history.queries import get_info

    info = get_info(conn, session_id) if conn is not None else None
    if info is None:
        raise _no_session(session_id, path)
    return info


def json_lines_list(items: list) -> str:
    """A JSON list with one item per line: readable, and fast (the C encoder; ``indent`` is not)."""
    if not items:
        return "[]\n"
    return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]\n"


def emit(text: str) -> int:
    """Print ``text``; a full disk or closed terminal is a one-line error, not a traceback."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as err:
        raise UserError(f"cannot write the output: {err.strerror or err}",
                        hint="free some space or write elsewhere") from None
    return 0


def write_file(path: Path, text: str) -> int:
    """Write ``text`` to ``path`` whole or not at all (a partial CSV would mislead a spreadsheet).

    A regular file is written beside and renamed into place; a device or pipe is written to directly.
    """
    special = path.exists() and not path.is_file()
    part = path if special else path.with_name(path.name + ".part")
    try:
        with open(part, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        if not special:
            os.replace(part, path)
    except OSError as err:
        if not special:
            try:
                part.unlink()
            except OSError:
                pass
        raise UserError(f"cannot write {path}: {err.strerror or err}",
                        hint="check the directory exists and has space, or use another -o FILE") from None
    print(f"wrote {path}", file=sys.stderr)
    return 0
