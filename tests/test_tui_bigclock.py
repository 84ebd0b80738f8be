"""The big countdown: glyphs at any size, the size chosen for the room, and its height measured on screen.

Issue 18's goal: at 80×24 the digits are at least 7 rows tall and at least half the screen wide;
at 40×14 at least 5 rows; down to 20×8 still digits, never cut.
"""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from support import subprocess_env, trackcue_cmd
from trackcue.hearing import DEVICE_FIX, Hearing
from trackcue.tui.bigdigits import MIN_ROWS, GlyphSize, fit, render
from tui_rig import FakeRecorder, advance, fake_app, sync
from trackcue.tui.widgets.bigclock import BigClock

BLOCKS = set("█▀▄")
# (columns, rows) → (fewest text rows the digits take, fewest columns they span)
GOALS = {(80, 24): (7, 40), (40, 14): (5, 0), (20, 8): (MIN_ROWS, 0)}


def test_an_eight_at_the_smallest_size_is_a_seven_segment_eight():
    assert render("8", GlyphSize.for_rows(3)) == ("█▀█", "█▀█", "█▄█")


def test_glyphs_grow_with_the_rows_and_keep_their_shape():
    for rows in range(MIN_ROWS, 30):
        size = GlyphSize.for_rows(rows)
        lines = render("10:00", size)
        assert len(lines) == rows
        assert {len(line) for line in lines} == {size.text_width("10:00")}
        assert all(set(line) <= BLOCKS | {" "} for line in lines)
        assert lines[0].strip() and lines[-1].strip()  # the glyphs fill the rows top to bottom
    assert GlyphSize.for_rows(10).stroke > GlyphSize.for_rows(3).stroke


def test_the_plus_of_an_overrun_is_symmetric():
    for rows in range(MIN_ROWS, 20):
        lines = render("+", GlyphSize.for_rows(rows))
        assert all(line == line[::-1] for line in lines), rows


def test_fit_picks_the_largest_size_that_fits_and_keeps_it_from_9_59_to_10_00():
    size = fit("9:59", 78, 12)
    assert size == fit("10:00", 78, 12)
    assert size is not None and size.text_width("10:00") <= 78
    bigger = GlyphSize.for_rows(size.rows + 1)
    assert bigger.text_width("10:00") > 78 or size.rows == 12
    assert fit("0:38", 10, 2) is None  # too small for big digits: the text is shown as it is


def test_an_unknown_character_is_refused():
    with pytest.raises(ValueError, match="'x'"):
        render("1x", GlyphSize.for_rows(3))


def drawn(clock_widget: BigClock) -> tuple[int, int]:
    """(rows, columns) the digits really take in the widget's drawn lines."""
    lines = [clock_widget.render_line(y).text for y in range(clock_widget.content_size.height)]
    rows = [line for line in lines if set(line) & BLOCKS]
    columns = [x for line in rows for x, ch in enumerate(line) if ch in BLOCKS]
    return len(rows), (max(columns) - min(columns) + 1 if columns else 0)


async def measure(size: tuple[int, int], **kw) -> dict[str, tuple[int, int]]:
    """The digits' drawn size in get-ready (with a banner), in a timed step, and in an overrun."""
    app, clock = fake_app(recorder=FakeRecorder(), **kw)
    out = {}
    async with app.run_test(size=size) as pilot:
        await advance(pilot, clock, 3.2)
        out["get ready"] = drawn(app.screen.query_one("#digits", BigClock))
        await advance(pilot, clock, 100)
        out["warm-up"] = drawn(app.screen.query_one("#digits", BigClock))
        await advance(pilot, clock, 310 - 103.2 + 19.4, step=0.2)  # 19.4 s into rep 1
        await pilot.press("l")
        await advance(pilot, clock, 30.2, step=0.2)
        assert app.screen.query_one("#digits", BigClock).text == "+0:11"
        out["overrun"] = drawn(app.screen.query_one("#digits", BigClock))
    return out


@pytest.mark.parametrize("size", list(GOALS), ids=lambda s: f"{s[0]}x{s[1]}")
@sync
async def test_the_digits_use_the_room_at_every_size(size):
    fewest_rows, fewest_columns = GOALS[size]
    for hearing in (Hearing("sound", True), Hearing("none", False, "no sound device works here", DEVICE_FIX)):
        for state, (rows, columns) in (await measure(size, hearing=hearing)).items():
            assert rows >= fewest_rows, (state, hearing.tones, rows)
            assert columns >= fewest_columns, (state, hearing.tones, columns)


@sync
async def test_a_bigger_terminal_gets_bigger_digits():
    small = (await measure((80, 24)))["warm-up"]
    big = (await measure((160, 48)))["warm-up"]
    assert big[0] >= 2 * small[0] - 2 and big[1] > small[1]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
@pytest.mark.parametrize("size", list(GOALS), ids=lambda s: f"{s[0]}x{s[1]}")
def test_trackcue_run_in_tmux_shows_digits_as_tall_as_the_goal(tmp_path, size):
    """The real program in a real terminal: count the rows of big digits tmux shows."""
    cols, lines = size
    server = f"trackcue-digits-{cols}x{lines}-{time.monotonic_ns()}"
    env = subprocess_env(TRACKCUE_DB=str(tmp_path / "h.sqlite"))
    command = " ".join(trackcue_cmd() + ["run", "200m-repeats", "--audio", "null", "--get-ready", "60"])
    tmux = ["tmux", "-L", server]
    subprocess.run(tmux + ["new-session", "-d", "-x", str(cols), "-y", str(lines), command], env=env, check=True)
    try:
        screen = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            screen = subprocess.run(tmux + ["capture-pane", "-p"], capture_output=True, text=True).stdout
            if "GET READY" in screen and sum(1 for row in screen.splitlines() if set(row) & BLOCKS) >= GOALS[size][0]:
                break
            time.sleep(0.2)
        rows = [row for row in screen.splitlines() if set(row) & BLOCKS]
        assert "GET READY" in screen, screen
        assert len(rows) >= GOALS[size][0], screen
        spans = [x for row in rows for x, ch in enumerate(row) if ch in BLOCKS]
        assert max(spans) - min(spans) + 1 >= GOALS[size][1], screen
    finally:
        subprocess.run(tmux + ["kill-server"], capture_output=True)
