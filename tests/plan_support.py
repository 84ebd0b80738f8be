"""Helpers for the plan tests: synthetic history sessions written through the history Recorder."""

from __future__ import annotations

from datetime import date, datetime, time

from trackcue.history.recorder import Recorder
from trackcue.workout import load_workout, resolve_path


def record_session(day: date, workout: str = "200m-repeats", diffs: tuple[float, ...] = (0.0,) * 8,
                   status: str = "done", skip: int = 0, target: float = 38.0) -> None:
    """Record one session of ``workout`` on ``day``: a rep per diff (split − target), each
    followed by a jog; ``skip`` reps skipped at the end; ``status`` done or aborted."""
    path = resolve_path(workout).resolve()
    title = load_workout(path).name
    wall = datetime.combine(day, time(7, 0)).timestamp()
    reps = len(diffs) + skip
    t, seg = 0.0, 0
    with Recorder() as rec:
        rec.record({"event": "start", "at_s": -10.0, "t_s": -10.0, "wall": wall - 10, "name": title,
                    "source": str(path), "params": {}, "total_s": 1000.0})
        for rep, diff in enumerate(diffs, 1):
            rec.record({"event": "segment", "index": seg, "kind": "run", "intensity": "work", "at_s": t, "t_s": t,
                        "wall": wall + t, "duration_s": target, "rep": rep, "reps": reps})
            t += target + diff
            rec.record({"event": "lap", "segment": seg, "rep": rep, "reps": reps, "lap": 1, "lap_s": target + diff,
                        "split_s": target + diff, "target_s": target, "diff_s": diff, "ends_step": True,
                        "at_s": t, "t_s": t, "wall": wall + t})
            rec.record({"event": "segment", "index": seg + 1, "kind": "jog", "intensity": "recovery", "at_s": t,
                        "t_s": t, "wall": wall + t, "duration_s": 60.0, "rep": rep, "reps": reps})
            seg += 2
            t += 60
        for rep in range(len(diffs) + 1, reps + 1):
            rec.record({"event": "segment", "index": seg, "kind": "run", "intensity": "work", "at_s": t, "t_s": t,
                        "wall": wall + t, "duration_s": target, "rep": rep, "reps": reps})
            rec.record({"event": "skip", "segment": seg, "to": seg + 1, "at_s": t, "t_s": t, "wall": wall + t})
            rec.record({"event": "segment", "index": seg + 1, "kind": "cooldown", "intensity": "cooldown",
                        "at_s": t, "t_s": t, "wall": wall + t, "duration_s": 60.0, "rep": None, "reps": None})
            seg += 2
        end = {"event": "finish" if status == "done" else "abort", "at_s": t, "t_s": t, "wall": wall + t}
        if status == "done":
            end.update(laps=len(diffs), elapsed_s=t)
        rec.record(end)
