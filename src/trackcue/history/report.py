"""History as text: the session list and one session's steps and split chart (pure, no I/O).

``trackcue history`` prints these lines; the track screen's history view can show the same.
"""

from __future__ import annotations

from datetime import datetime

from trackcue.history.chart import rows_from_laps, split_chart
from trackcue.history.queries import SessionDetail, SessionInfo
from trackcue.history.summary import StepResult, Summary
from trackcue.phrases import format_clock, format_diff


def started(info: SessionInfo) -> str:
    """``2026-05-09 07:35`` in local time."""
    return datetime.fromtimestamp(info.started_at).strftime("%Y-%m-%d %H:%M")


def session_table(sessions: list[SessionInfo]) -> list[str]:
    """One line per session under a header: number, date, workout, outcome, time, reps, laps."""
    name_w = max(7, min(28, max(len(s.workout) for s in sessions)))
    lines = [f"{'ID':>4}  {'STARTED':<16}  {'WORKOUT':<{name_w}}  {'STATUS':<11}  {'TIME':>7}  {'REPS':>4}  {'LAPS':>4}"]
    for s in sessions:
        lines.append(
            f"{s.id:>4}  {started(s):<16}  {s.workout[:name_w]:<{name_w}}  {s.status:<11}  "
            f"{format_clock(max(0.0, s.duration_s)):>7}  {s.reps_done:>4}  {s.laps:>4}"
        )
    return lines


def session_report(detail: SessionDetail, width: int = 80, ascii_only: bool = False) -> list[str]:
    """The whole of one session: a heading, every step with target/actual/diff, the split chart."""
    info = detail.info
    sep = " - " if ascii_only else " · "
    heading = sep.join([f"Session {info.id}", info.workout, started(info), _outcome(info),
                        format_clock(max(0.0, info.duration_s))])
    lines = [heading]
    if info.source:
        params = ", ".join(f"{k}={v}" for k, v in sorted(info.params.items()))
        lines.append(f"from {info.source}" + (f" ({params})" if params else ""))
    if detail.summary is not None:
        lines.extend(summary_lines(detail.summary))
    lines.append("")
    lines.extend(step_table(detail.steps))
    lines.append("")
    lines.append("Laps: split against target")
    lines.extend(split_chart(rows_from_laps(detail.laps), width=width, ascii_only=ascii_only))
    return lines


def summary_lines(summary: Summary, reps_planned: int | None = None) -> list[str]:
    """The session's counts as the summary screen and ``history show`` both say them:
    ``reps 3 of 8 · laps 5 (2 splits)``, ``vs target 3 fast, 1 slow, 1 even · avg +0.4s``."""
    reps = f"reps {summary.reps_done}" + (f" of {reps_planned}" if reps_planned is not None else "")
    laps = f"laps {summary.laps}"
    if summary.splits:
        laps += f" ({summary.splits} split{'s' if summary.splits != 1 else ''})"
    # A workout without repeats has no reps to count (a tempo run is work, not a rep).
    lines = [laps if reps_planned == 0 and summary.reps_done == 0 else f"{reps} · {laps}"]
    if summary.avg_diff_s is not None:
        judged = [f"{n} {word}" for n, word in ((summary.fast, "fast"), (summary.slow, "slow"), (summary.even, "even")) if n]
        lines.append(f"vs target {', '.join(judged)} · avg {summary.avg_diff_s:+.1f}s")
    if summary.stalls:
        lines.append(f"the program was frozen {summary.stalls} time(s): late cues were skipped")
    return lines


def step_table(steps: list[StepResult]) -> list[str]:
    """Each step run: its label and rep, target, actual, difference and how it ended."""
    if not steps:
        return ["no steps run"]
    label_w = max(10, min(LABEL_W, max(len(_step_label(s)) for s in steps)))
    lines = [f"{'#':>3}  {'STEP':<{label_w}}  {'TARGET':>7}  {'ACTUAL':>7}  {'DIFF':>6}  RESULT"]
    for s in steps:
        target = format_clock(s.target_s, tenths=True) if s.target_s is not None else "-"
        actual = format_clock(s.actual_s, tenths=True) if s.actual_s is not None else "-"
        diff = format_diff(s.actual_s, s.target_s) if s.actual_s is not None and s.target_s is not None else "-"
        lines.append(f"{s.index + 1:>3}  {_step_label(s, label_w):<{label_w}}  {target:>7}  {actual:>7}  "
                     f"{diff:>6}  {s.outcome}")
    return lines


LABEL_W = 30  # the STEP column's widest


def _step_label(step: StepResult, width: int | None = None) -> str:
    """``Run · 200 m in 38s 3/8``; a label too long for ``width`` is cut with "…", never the rep."""
    rep = f" {step.rep}/{step.reps}" if step.rep and step.reps else ""
    label = step.label
    if width is not None and len(label) + len(rep) > width:
        label = label[:max(1, width - len(rep) - 1)].rstrip() + "…"
    return label + rep


def _outcome(info: SessionInfo) -> str:
    if info.status in ("interrupted", "running", "aborted") and info.segment is not None:
        return f"{info.status} at step {info.segment + 1}"
    return info.status
