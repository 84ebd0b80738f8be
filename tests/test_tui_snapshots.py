"""Snapshots of every screen state a runner sees, at 80×24, at phone size 40×14 and at 20×8, on a fake clock.

Update with ``pytest tests/test_tui_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from trackcue.hearing import DEVICE_FIX, SPEECH_FIX, Hearing
from tui_rig import FakeRecorder, FakeSound, advance, fake_app, settle, tempo_timeline

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((40, 14), id="40x14"), pytest.param((20, 8), id="20x8")]
NO_DEVICE = Hearing("none", False, "no sound device works here", DEVICE_FIX)
NO_SPEECH = Hearing("sound", False, "no speech engine works here", SPEECH_FIX)


def player(timeline=None, **kw):
    app, clock = fake_app(timeline, recorder=FakeRecorder(), **kw)
    return app, clock


async def to_first_rep_lapped_at_100m(pilot, clock) -> None:
    await advance(pilot, clock, 310 + 19.4, step=0.2)
    await pilot.press("l")  # the 100 m split


@pytest.mark.parametrize("size", SIZES)
def test_get_ready(snap_compare, size):
    app, clock = player()

    async def run_before(pilot):
        await advance(pilot, clock, 3.2)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_get_ready_with_no_sound(snap_compare, size):
    app, clock = player(hearing=NO_DEVICE, audio_status="audio: null: no sound (timing only)")

    async def run_before(pilot):
        await advance(pilot, clock, 3.2)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_get_ready_with_tones_only(snap_compare, size):
    app, clock = player(hearing=NO_SPEECH)

    async def run_before(pilot):
        await advance(pilot, clock, 3.2)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


class HeldSound(FakeSound):
    """Speech being prepared: phrase 12 of 27 rendered, the rest held until ``go`` (or 3 s)."""

    def __init__(self) -> None:
        super().__init__(status="audio: fake device", hearing=None)
        self.go = threading.Event()
        self.halfway = threading.Event()

    def prepare(self, progress=None):
        if progress is not None:
            progress(12, 27, "Workout complete. Well done.")
        self.halfway.set()
        self.go.wait(3)
        return super().prepare(progress)


@pytest.mark.parametrize("size", SIZES)
def test_get_ready_while_speech_is_prepared(snap_compare, size):
    sound = HeldSound()
    app, clock = player(sink=sound)

    async def run_before(pilot):
        await asyncio.get_running_loop().run_in_executor(None, sound.halfway.wait, 5)
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        sound.go.set()


@pytest.mark.parametrize("size", SIZES)
def test_work_rep(snap_compare, size):
    app, clock = player(tempo_timeline())

    async def run_before(pilot):
        await advance(pilot, clock, 10 + 120 + 120 + 25.3)  # set 1, rep 2, 25 s in
        await pilot.press("l")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_overrun(snap_compare, size):
    app, clock = player()

    async def run_before(pilot):
        await to_first_rep_lapped_at_100m(pilot, clock)
        await advance(pilot, clock, 30.2, step=0.2)  # 0:49.6 on a 0:38 target

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_recovery(snap_compare, size):
    app, clock = player()

    async def run_before(pilot):
        await to_first_rep_lapped_at_100m(pilot, clock)
        await advance(pilot, clock, 18.2, step=0.2)
        await pilot.press("l")  # 200 m: the rep ends
        await advance(pilot, clock, 30.4, step=0.2)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_paused_and_muted(snap_compare, size):
    app, clock = player()

    async def run_before(pilot):
        await advance(pilot, clock, 75)
        await pilot.press("space", "m")
        await advance(pilot, clock, 20)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_waiting_for_lap(snap_compare, size):
    app, clock = player()

    async def run_before(pilot):
        await advance(pilot, clock, 310 + 12)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare, size):
    app, clock = player()

    async def run_before(pilot):
        await to_first_rep_lapped_at_100m(pilot, clock)
        await advance(pilot, clock, 18.2, step=0.2)
        await pilot.press("l")  # 200 m: rep 1 ends
        await advance(pilot, clock, 105 + 18.8, step=0.2)
        await pilot.press("l")
        await advance(pilot, clock, 20.4, step=0.2)
        await pilot.press("enter", "q", "y")  # rep 2 ends, then quit in the cool-down
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("key", "after_s"), [pytest.param("q", 75, id="quit_question"),
                                              pytest.param("question_mark", 2, id="help")])
def test_dialog(snap_compare, size, key, after_s):
    app, clock = player()

    async def run_before(pilot):
        await advance(pilot, clock, after_s)
        await pilot.press(key)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def picker_app():
    from session_fakes import fake_session
    from trackcue.tui.app import build_picker_app
    from trackcue.tui.catalog import Catalog

    return build_picker_app(fake_session, Catalog())


async def to_200m_repeats(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    labels = [c.label for c in pilot.app.screen.choices]
    for _ in range(labels.index("200 m repeats")):
        await pilot.press("down")


def freeze_cursors(app) -> None:
    """No blinking cursor in a snapshot (harlequin's idea): the picture must repeat exactly."""
    from textual.widgets import Input

    for field in app.screen.query(Input):
        field.cursor_blink = False


@pytest.mark.parametrize("size", SIZES)
def test_picker(snap_compare, size):
    async def run_before(pilot):
        await to_200m_repeats(pilot)

    assert snap_compare(picker_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_picker_parameters_with_a_problem(snap_compare, size):
    async def run_before(pilot):
        await to_200m_repeats(pilot)
        await pilot.press("enter")
        freeze_cursors(pilot.app)
        await pilot.press("1", "2")
        await pilot.pause()

    assert snap_compare(picker_app(), terminal_size=size, run_before=run_before)
