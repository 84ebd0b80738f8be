"""The split chart: exact text for known splits, within its width, honest without a target."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from test_history_kit import run_events  # noqa: E402

from trackcue.history.chart import ChartRow, rows_from_laps, split_chart  # noqa: E402
from trackcue.history.summary import fold  # noqa: E402

ROWS = [ChartRow("rep 1/3", 81.0, 80.0), ChartRow("rep 2/3", 79.5, 80.0), ChartRow("rep 3/3", 80.2, 80.0),
        ChartRow("rep 4/3", 77.0, None)]


def test_bars_grow_right_when_slow_and_left_when_fast():
    assert split_chart(ROWS, width=60) == [
        "          split  target   diff         faster│slower",
        "rep 1/3  1:21.0  1:20.0   +1.0               │███████",
        "rep 2/3  1:19.5  1:20.0   -0.5           ▐███│",
        "rep 3/3  1:20.2  1:20.0   +0.2               │█▌",
        "rep 4/3  1:17.0       -      -               │",
        "(a full bar is 2.0s off target)",
    ]


def test_ascii_chart_for_plain_terminals():
    lines = split_chart(ROWS, width=60, ascii_only=True)
    assert lines[1].endswith("|#######") and lines[2].endswith("####|")
    assert all(line.isascii() for line in lines)


def test_the_largest_difference_fills_half_the_width():
    lines = split_chart([ChartRow("a", 84.0, 80.0), ChartRow("b", 72.0, 80.0)], width=40)
    assert all(len(line) <= 40 for line in lines)
    assert lines[2].split()[-1] == "███████│" and lines[-1] == "(a full bar is 8.0s off target)"


def test_rows_from_recorded_laps_are_named_by_rep():
    laps = fold(run_events([81.0, 79.5])).laps
    assert rows_from_laps(laps) == [ChartRow("rep 1/2", 81.0, 80.0), ChartRow("rep 2/2", 79.5, 80.0)]


def test_no_laps_no_chart():
    assert split_chart([]) == ["no laps recorded"]
