"""History as files other tools read without help: CSV tables and JSON documents.

CSV: comma-separated, quoted where needed (RFC 4180, with plain newlines so text-mode output
stays right on every platform), a header row, times in plain seconds with a dot, dates in ISO
8601 with their UTC offset — one row per lap, step or session.
JSON: the same document ``history show --json`` prints.
"""

from __future__ import annotations

import csv
from typing import Any, Iterable, TextIO

from trackcue.history.queries import SessionDetail, SessionInfo, iso_time

TABLES = ("laps", "steps", "sessions")

SESSION_COLUMNS = ["session", "started", "ended", "workout", "status", "duration_s", "planned_s",
                   "reps_done", "laps", "source"]
LAP_COLUMNS = ["session", "started", "workout", "lap", "t_s", "step", "label", "rep", "reps",
               "split_s", "target_s", "diff_s", "lap_s", "mark", "mark_m", "ends_step"]
STEP_COLUMNS = ["session", "started", "workout", "step", "kind", "label", "rep", "reps", "outcome",
                "target_s", "actual_s", "diff_s", "start_t_s", "end_t_s", "laps"]


def session_rows(infos: Iterable[SessionInfo]) -> Iterable[list[Any]]:
    """One row per session, in SESSION_COLUMNS order."""
    for s in infos:
        yield [s.id, iso_time(s.started_at), iso_time(s.ended_at) if s.ended_at else "", s.workout,
               s.status, _n(s.duration_s), _n(s.total_s), s.reps_done, s.laps, s.source or ""]


def lap_rows(details: Iterable[SessionDetail]) -> Iterable[list[Any]]:
    """One row per lap that stands (splits included: ``mark`` says which), in LAP_COLUMNS order."""
    for d in details:
        started = iso_time(d.info.started_at)
        for n, lap in enumerate(d.laps, 1):
            yield [d.info.id, started, d.info.workout, n, _n(lap.t_s), lap.segment, lap.label,
                   _o(lap.rep), _o(lap.reps), _n(lap.split_s), _n(lap.target_s), _n(lap.diff_s),
                   _n(lap.lap_s), _o(lap.mark), _n(lap.mark_m), "true" if lap.ends_step else "false"]


def step_rows(details: Iterable[SessionDetail]) -> Iterable[list[Any]]:
    """One row per step run, in STEP_COLUMNS order."""
    for d in details:
        started = iso_time(d.info.started_at)
        for st in d.steps:
            yield [d.info.id, started, d.info.workout, st.index, st.kind, st.label, _o(st.rep),
                   _o(st.reps), st.outcome, _n(st.target_s), _n(st.actual_s), _n(st.diff_s),
                   _n(st.start_t_s), _n(st.end_t_s), st.laps]


def write_csv(out: TextIO, columns: list[str], rows: Iterable[list[Any]]) -> None:
    """Write a header and rows as CSV to ``out`` (open it with ``newline=''``)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)


def to_json(details: list[SessionDetail]) -> list[dict[str, Any]]:
    """The JSON documents of several sessions."""
    return [d.to_json() for d in details]


def _n(x: float | None) -> str | float:
    return "" if x is None else round(x, 3)


def _o(x: Any) -> Any:
    return "" if x is None else x
