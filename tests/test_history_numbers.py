"""One set of numbers: a real session through the screen, the player and the recorder, then every
view of it — the summary screen, ``history``, ``history show``, the CSV and JSON exports — must
give the same reps, laps, splits and time (``trackcue.history.summary.summarize``).

Before, each view counted its own way: the summary said "work steps 3 of 4" for a session whose
history said "REPS 2" (a skipped rep, and a rep run again after ``back``), and its laps included
the ones ``back`` had dropped.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from trackcue.history.recorder import Recorder
from trackcue.tui.summary_screen import SummaryScreen
from tui_rig import advance, fake_app, sync
from trackcue.phrases import format_clock
from trackcue.workout import compile_file


def db() -> Path:
    return Path(os.environ["TRACKCUE_DB"])  # each test has its own (tests/conftest.py)


async def lap(pilot, clock, after_s: float, key: str = "l") -> None:
    await advance(pilot, clock, after_s)
    await pilot.press(key)


async def run_a_session() -> tuple[list[str], list[str], float]:
    """400 m split repeats × 4 on the screen: a split and a rep, a lap in the jog, rep 2 skipped,
    rep 3 started, run again after ``back``, then quit in the jog. Returns the summary screen's
    totals and chart lines, and the workout clock at the end."""
    timeline = compile_file("400m-split-repeats", {"reps": "4"}, use_profile=False)
    recorders: list[Recorder] = []

    def open_recorder(saved, notify):
        recorders.append(Recorder(db(), notify=notify, on_saved=saved))
        return recorders[-1]

    app, clock = fake_app(timeline, open_recorder=open_recorder)
    async with app.run_test(size=(80, 40)) as pilot:
        await advance(pilot, clock, 10 + timeline.segments[13].start_s, step=30)  # get ready, to rep 1
        player = app.session.player
        assert player.index == 13 and player.state == "waiting_for_lap"
        await lap(pilot, clock, 49.8)  # 200 m: a split
        await lap(pilot, clock, 41.2)  # 400 m: rep 1 done in 1:31.0
        await lap(pilot, clock, 30.0)  # a lap in the jog: not a rep
        await lap(pilot, clock, 20.0 + 90.0, key="n")  # 20 s into rep 2: skipped
        await advance(pilot, clock, 120.0)
        await lap(pilot, clock, 47.0)  # rep 3's split …
        await lap(pilot, clock, 10.0, key="b")  # … a false start: rep 3 again
        await lap(pilot, clock, 48.5)
        await lap(pilot, clock, 44.0)  # rep 3 done in 1:32.5
        await advance(pilot, clock, 10.0)
        await pilot.press("q", "y")
        assert isinstance(app.screen, SummaryScreen)
        assert recorders[0].close(10)  # the summary shows what is saved: all of it, once written
        await pilot.pause()
        totals = str(app.screen.query_one("#totals").render()).splitlines()
        chart = str(app.screen.query_one("#chart").render()).splitlines()
        elapsed = player.elapsed_s
    return totals, chart, elapsed


def chart_labels(lines: list[str]) -> list[str]:
    """The row labels of a split chart (the text before the split time)."""
    rows = [line for line in lines if ":" in line and ("│" in line or "|" in line)]
    return [line.split("  ")[0].strip() for line in rows]


@sync
async def test_every_view_of_a_recorded_session_gives_the_same_numbers(cli):
    totals, chart, elapsed = await run_a_session()
    clock_text = format_clock(elapsed)
    assert totals[1] == f"stopped at {clock_text} of 47:40 planned"
    assert totals[2] == "reps 2 of 4 · laps 5 (2 splits)"
    counts = totals[3]
    assert counts == "vs target 2 fast, 2 slow · avg -0.1s"  # +1.1, -1.4, -0.2, +0.1
    labels = ["rep 1/4 200 m", "rep 1/4 400 m", "jog 1/4 lap 1", "rep 3/4 200 m", "rep 3/4 400 m"]
    assert chart_labels(chart) == labels  # the jog's lap is not a rep; rep 3's false start is gone

    code, out, _ = cli("history")
    row = out.splitlines()[1].split()
    assert code == 0 and row[-4:] == ["aborted", clock_text, "2", "5"]

    code, out, _ = cli("history", "--json")
    (listed,) = json.loads(out)
    assert (listed["reps_done"], listed["laps"], round(listed["duration_s"], 1)) == (2, 5, round(elapsed, 1))

    code, out, _ = cli("history", "show", "1")
    lines = out.splitlines()
    assert lines[0].endswith(f"aborted at step 19 · {clock_text}")
    assert lines[2:4] == ["reps 2 · laps 5 (2 splits)", counts]  # the summary screen's very lines
    assert chart_labels(lines) == labels

    code, out, _ = cli("history", "show", "1", "--json")
    shown = json.loads(out)
    summary = shown["summary"]
    assert (summary["reps_done"], summary["laps"], summary["splits"]) == (2, 5, 2)
    assert (summary["fast"], summary["slow"], summary["even"]) == (2, 2, 0)
    assert (shown["reps_done"], len(shown["laps"])) == (2, 5)
    assert round(shown["duration_s"], 1) == round(elapsed, 1)
    assert [lap["mark"] for lap in shown["laps"]] == ["split", "end", None, "split", "end"]
    done_work = [s for s in shown["steps"] if s["work"] and s["outcome"] == "done"]
    assert [s["rep"] for s in done_work] == [1, 3]
    assert [round(s["actual_s"], 1) for s in done_work] == [91.0, 92.5]  # whole 400s, not 200s

    code, out, _ = cli("history", "export", "1", "--csv", "--table", "sessions")
    (session_row,) = csv.DictReader(io.StringIO(out))
    assert (session_row["reps_done"], session_row["laps"]) == ("2", "5")
    assert round(float(session_row["duration_s"]), 1) == round(elapsed, 1)
    code, out, _ = cli("history", "export", "1", "--csv")
    lap_rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["rep"], r["mark"], r["mark_m"], r["ends_step"]) for r in lap_rows] == [
        ("1", "split", "200.0", "false"), ("1", "end", "400.0", "true"), ("1", "", "", "false"),
        ("3", "split", "200.0", "false"), ("3", "end", "400.0", "true")]
    code, out, _ = cli("history", "export", "1", "--csv", "--table", "steps")
    steps = list(csv.DictReader(io.StringIO(out)))
    assert sum(1 for s in steps if s["kind"] == "run" and s["outcome"] == "done") == 2

    code, out, _ = cli("history", "export", "1", "--json")
    exported = json.loads(out)
    assert exported["summary"] == summary and exported["laps"] == shown["laps"]
