"""The picker: the library with totals, recent files from history, parameters checked in place, enter starts."""

from __future__ import annotations

import json

from trackcue.engine.events import make_event
from session_fakes import fake_session
from trackcue.tui.app import build_picker_app
from trackcue.tui.catalog import Catalog, compile_with
from trackcue.tui.picker_screen import PickerScreen, SetupScreen
from trackcue.tui.player_screen import PlayerScreen
from tui_rig import sync


def picker(db=None, auto_lap=False):
    opened = []

    def open_session(timeline):
        opened.append(timeline)
        return fake_session(timeline)

    return build_picker_app(open_session, Catalog(db, auto_lap=auto_lap)), opened


async def loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def pick(pilot, label: str) -> None:
    screen = pilot.app.screen
    index = [c.label for c in screen.choices].index(label)
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")


@sync
async def test_the_library_is_listed_with_time_distance_and_work():
    app, _ = picker()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        labels = [c.label for c in screen.choices]
        assert "200 m repeats" in labels and "Threshold" in labels
        options = screen.query_one("#workouts")
        row = str(options.get_option_at_index(labels.index("200 m repeats")).prompt)
        assert "54:49" in row and "1600 m" in row and "5:04" in row


@sync
async def test_the_preview_follows_the_highlight():
    app, _ = picker()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        labels = [c.label for c in app.screen.choices]
        for _ in range(labels.index("200 m repeats")):
            await pilot.press("down")
        assert str(app.screen.query_one("#preview-name").render()) == "200 m repeats"
        plan = str(app.screen.query_one("#preview-plan").render())
        assert "25:30 1/8  Run · 200 m in 38s" in plan


@sync
async def test_parameters_are_checked_as_typed_and_enter_starts_with_them():
    app, opened = picker()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pick(pilot, "200 m repeats")
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        assert screen.query_one("#p-reps").value == "8"
        await pilot.press("2", "0")  # the field's text is selected on focus: typing replaces it
        error = screen.query_one("#e-reps")
        assert error.display and "outside the allowed range 6 to 10" in str(error.render())
        await pilot.press("enter")
        assert isinstance(app.screen, SetupScreen)  # not started with a bad value
        await pilot.press("backspace", "backspace", "6")
        assert not error.display
        assert str(screen.query_one("#setup-totals").render()).startswith("51:04 · 1200 m")
        await pilot.press("enter")
        assert isinstance(app.screen, PlayerScreen)
        timeline = app.session.timeline
        assert timeline.params["reps"] == "6"
        assert max(s.reps or 0 for s in timeline.segments) == 6
    assert opened == [timeline]


@sync
async def test_a_bad_pace_says_why_in_place_and_escape_goes_back():
    app, _ = picker()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pick(pilot, "200 m repeats")
        await pilot.press("tab", "a", "b", "c")
        message = str(app.screen.query_one("#e-400m").render())
        assert "'abc' is not a time" in message and "hint" not in message
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


@sync
async def test_the_screens_ask_the_app_by_message_and_get_the_units_from_it():
    """Attributes down (the runner's units), messages up (``PlayRequested``): no screen calls the app's own methods."""
    from trackcue.tui.dialogs import HelpScreen
    from trackcue.tui.messages import PlayRequested

    opened = []
    posted = []
    app = build_picker_app(lambda tl: opened.append(tl) or fake_session(tl), Catalog(None), units="imperial")
    async with app.run_test(size=(80, 24), message_hook=posted.append) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        labels = [c.label for c in app.screen.choices]
        for _ in range(labels.index("200 m repeats")):
            await pilot.press("down")
        assert app.screen.units == "imperial"
        await pilot.press("enter")
        assert isinstance(app.screen, SetupScreen) and app.screen.units == "imperial"
        await pilot.press("enter")
        await pilot.pause()
        # The player shows what it plays: the timeline's units (here the workout's default, metric).
        assert isinstance(app.screen, PlayerScreen) and app.screen.units == opened[0].units == "metric"
    requests = list({id(m): m for m in posted if isinstance(m, PlayRequested)}.values())  # seen by screen and app
    assert [m.timeline for m in requests] == opened
    assert opened[0].params["reps"] == "8"


@sync
async def test_q_leaves_the_picker():
    app, _ = picker()
    async with app.run_test(size=(40, 14)) as pilot:
        await loaded(pilot)
        await pilot.press("q")
    assert app.return_code == 0


def test_recent_files_come_from_history(tmp_path, workout_file):
    from trackcue.history.recorder import Recorder

    path = workout_file("name: My track Tuesday\nsteps:\n  - run: 1min\n")
    db = tmp_path / "h.sqlite"
    with Recorder(db) as rec:
        rec.record(make_event("start", -10, -10, 1.0, name="My track Tuesday", source=str(path), params={},
                              total_s=60, get_ready_s=10, resumed_from=None, laps=0))
    entries = Catalog(str(db)).entries()
    assert entries[0].recent and entries[0].ref == str(path)
    choice = Catalog.load(entries[0])
    assert choice.label == "My track Tuesday" and choice.timeline.total_s == 60


def test_no_history_means_just_the_library(tmp_path):
    entries = Catalog(str(tmp_path / "none.sqlite")).entries()
    assert entries and not any(c.recent for c in entries)


def test_compile_with_reports_problems_per_parameter():
    choice = Catalog.load(next(c for c in Catalog().entries() if c.ref == "200m-repeats"))
    timeline, by_param, other = compile_with(choice, {**choice.params, "reps": ""})
    assert timeline is None and by_param == {"reps": "needs a value"} and other == []
    timeline, by_param, _ = compile_with(choice, {**choice.params, "recovery": "9:00"})
    assert timeline is None and "recovery" in by_param
    timeline, by_param, _ = compile_with(choice, {**choice.params, "reps": "7"})
    assert by_param == {} and timeline.params["reps"] == "7"


def test_picker_is_the_default_command_and_needs_a_screen(cli):
    code, out, _ = cli("--help")
    assert "picker" in out and "choose a workout and start it (the default)" in out
    code, _, err = cli("picker", "--headless")
    assert code == 2 and "the picker needs a screen" in err


def test_run_with_a_bad_workout_fails_before_any_screen_opens(cli):
    code, _, err = cli("run", "no-such-workout", "--audio", "null")
    assert code == 2 and "no workout 'no-such-workout'" in err
    code, _, err = cli("run", "200m-repeats", "--speed", "fast")
    assert code == 2 and "--speed needs a number" in err


@sync
async def test_list_compile_and_the_picker_give_a_workout_the_same_totals_with_a_profile(cli):
    """Before: with the profile's mile at 5:57, ``list`` said 56:11 (it ignored the profile) for the
    400 m goal-pace repeats that ``compile`` and the picker called 56:05."""
    assert cli("profile", "set", "mile=5:57")[0] == 0
    _, compiled, _ = cli("compile", "400m-goal-pace")
    _, listed, _ = cli("list")
    _, listed_json, _ = cli("list", "--json")
    assert compiled.splitlines()[0] == "400 m goal-pace repeats — 56:05 · 3.2 km · work 11:50 · 29 steps"
    row = next(line for line in listed.splitlines() if line.startswith("400m-goal-pace "))
    assert row.split()[1:5] == ["56:05", "3.2", "km", "11:50"]
    entry = next(e for e in json.loads(listed_json) if e["name"] == "400m-goal-pace")
    assert (entry["total_s"], entry["work_s"]) == (3364.6, 709.6)  # 56:05, 11:50 shown
    app, _ = picker()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        labels = [c.label for c in app.screen.choices]
        options = app.screen.query_one("#workouts")
        picked = str(options.get_option_at_index(labels.index("400 m goal-pace repeats")).prompt)
        assert picked.split()[-4:] == ["56:05", "3.2", "km", "11:50"]
    _, unprofiled, _ = cli("list", "--no-profile")
    assert "56:11" in next(line for line in unprofiled.splitlines() if line.startswith("400m-goal-pace "))
