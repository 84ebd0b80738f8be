"""The player screen driven by keys on a fake clock: every key, every state change, what is shown."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from trackcue.engine.player import FINISHED, GET_READY, PAUSED, RUNNING, WAITING
from trackcue.tui.dialogs import ConfirmQuit, HelpScreen
from trackcue.tui.player_screen import PlayerScreen
from trackcue.tui.summary_screen import SummaryScreen
from trackcue.tui.widgets.bigclock import BigClock
from trackcue.tui.widgets.timebar import TimeBar
from trackcue.engine.clock import FakeClock
from engine_rig import RecordingSink
from tui_rig import FakeRecorder, FakeSound, advance, fake_app, settle, sync, track_timeline


def text(app, widget_id: str) -> str:
    widget = app.screen.query_one(f"#{widget_id}")
    if isinstance(widget, BigClock):
        return widget.text
    if isinstance(widget, TimeBar):
        return f"{widget.elapsed} done · {widget.remaining} to go"
    return str(widget.render())


async def to_first_rep(pilot, clock) -> None:
    """Get-ready (10 s) and the warm-up (5:00) done: rep 1 is waiting for its lap."""
    await advance(pilot, clock, 10 + 300)


@pytest.fixture
def rig():
    recorder = FakeRecorder()
    app, clock = fake_app(recorder=recorder)
    return app, clock, recorder


@sync
async def test_get_ready_counts_down_then_the_warmup_starts(rig):
    app, clock, recorder = rig
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        player = app.session.player
        assert player.state == GET_READY
        assert text(app, "digits") == "0:10"
        assert "GET READY" in text(app, "phase")
        assert "phase-get-ready" in app.screen.classes
        await advance(pilot, clock, 3.5)
        assert text(app, "digits") == "0:07"
        await advance(pilot, clock, 6.5)
        assert player.state == RUNNING
        assert text(app, "digits") == "5:00"
        assert "WARM-UP" in text(app, "phase")
        assert text(app, "step") == "Warm-up · 5min"
        assert text(app, "next") == "Next: Run · 200 m in 38s"
        assert "phase-warmup" in app.screen.classes and "phase-get-ready" not in app.screen.classes
        await advance(pilot, clock, 61)
        assert text(app, "digits") == "3:59"
        assert text(app, "times") == "1:01 done · 12:00 to go"
    assert recorder.names()[0] == "start"


@sync
async def test_work_rep_counts_up_and_shows_rep_split_target_and_badge(rig):
    app, clock, _ = rig
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_rep(pilot, clock)
        assert app.session.player.state == WAITING
        assert text(app, "rep") == "Rep 1 / 2"
        assert text(app, "step") == "Run · 200 m in 38s"
        assert text(app, "mark") == "target: 100 m at 0:19 · 200 m in 0:38"
        assert "WAITING FOR LAP" in app.screen.query_one("#badges").badges
        assert "phase-work" in app.screen.classes
        await advance(pilot, clock, 12.4)
        assert text(app, "digits") == "0:12"  # counting up


@sync
async def test_lap_key_records_the_split_then_ends_each_rep_and_fills_the_splits_table(rig):
    app, clock, recorder = rig
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_rep(pilot, clock)
        await advance(pilot, clock, 19.4, step=0.2)
        # the 100 m split's time has gone by, but the next lap is still compared with it
        assert text(app, "mark") == "target: 100 m at 0:19 · 200 m in 0:38"
        await pilot.press("l")
        player = app.session.player
        assert player.state == WAITING and player.segment.kind == "run"  # a split: the rep goes on
        assert text(app, "mark") == "target: 200 m in 0:38"
        await advance(pilot, clock, 18.2, step=0.2)
        await pilot.press("l")
        assert player.state == RUNNING and player.segment.kind == "jog"
        assert text(app, "step") == "Jog · 1:45"
        assert "phase-recovery" in app.screen.classes
        await advance(pilot, clock, 105)
        assert player.state == WAITING and text(app, "rep") == "Rep 2 / 2"
        await pilot.press("enter")  # enter laps too
        await advance(pilot, clock, 39.2, step=0.2)
        await pilot.press("enter")
        assert [round(lap.split_s, 1) for lap in player.laps] == [19.4, 37.6, 0.0, 39.2]
        assert [lap.mark for lap in player.laps] == ["split", "end", "split", "end"]
        splits = text(app, "splits").splitlines()
        assert splits[1].split() == ["1.1", "0:19.0", "0:19.4", "+0.4", "slow"]
        assert splits[2].split() == ["1.2", "0:38.0", "0:37.6", "-0.4", "fast"]
        assert splits[4].split() == ["2.2", "0:38.0", "0:39.2", "+1.2", "slow"]
        assert player.segment.kind == "cooldown"
    assert recorder.names().count("lap") == 4


@sync
async def test_space_pauses_and_resumes_and_the_clock_stops_meanwhile(rig):
    app, clock, _ = rig
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 20)
        before = text(app, "digits")
        await pilot.press("space")
        assert app.session.player.state == PAUSED
        assert "PAUSED" in app.screen.query_one("#badges").badges
        await advance(pilot, clock, 30)
        assert text(app, "digits") == before
        await pilot.press("space")
        assert app.session.player.state == RUNNING
        assert "PAUSED" not in app.screen.query_one("#badges").badges
        await advance(pilot, clock, 2)
        assert text(app, "digits") != before


@sync
async def test_n_skips_b_goes_back_and_plus_minus_adjust(rig):
    app, clock, recorder = rig
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")  # from get-ready: start the warm-up now
        player = app.session.player
        assert player.segment.kind == "warmup" and player.state == RUNNING
        await pilot.press("plus")
        assert text(app, "digits") == "5:10"
        await pilot.press("minus")
        await pilot.press("minus")
        assert text(app, "digits") == "4:50"
        await pilot.press("n")
        assert player.segment.kind == "run"
        await pilot.press("b")  # just begun: back to the warm-up
        assert player.segment.kind == "warmup"
    assert {"skip", "back", "adjust"} <= set(recorder.names())


@sync
async def test_m_mutes_the_cues_and_shows_it(rig):
    app, clock, _ = rig
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        assert app.session.muted
        assert "MUTED" in app.screen.query_one("#badges").badges
        await pilot.press("m")
        assert not app.session.muted


@sync
async def test_help_lists_every_key_while_the_workout_goes_on(rig):
    app, clock, _ = rig
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys").content
        listed = list(table.columns[0].cells)
        assert listed[:10] == ["space", "l or enter", "n", "b", "+", "-", "m", "s", "q", "?"]
        assert "ctrl+c" in listed
        await advance(pilot, clock, 12)
        assert app.session.player.state == RUNNING  # the countdown ran on underneath
        await pilot.press("escape")
        assert isinstance(app.screen, PlayerScreen)


@sync
async def test_q_asks_and_n_carries_on(rig):
    app, clock, _ = rig
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("n")
        assert isinstance(app.screen, PlayerScreen)
        assert app.session.player.state == GET_READY


@sync
async def test_q_then_y_stops_keeps_the_laps_and_shows_the_summary(rig):
    app, clock, recorder = rig
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_rep(pilot, clock)
        await advance(pilot, clock, 37.0)
        await pilot.press("l")
        await pilot.press("q")
        await pilot.press("y")
        assert isinstance(app.screen, SummaryScreen)
        assert app.session.player.aborted
        totals = text(app, "totals")
        assert "stopped at" in totals and "laps 1" in totals
        assert "0:37.0" in text(app, "chart")
        assert "saved as session 7" in text(app, "saved")
        await pilot.press("q")
    assert recorder.names()[-1] == "abort" and recorder.closed
    assert "lap" in recorder.names()


@sync
async def test_the_end_of_the_workout_shows_the_summary(rig):
    app, clock, recorder = rig
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(6):
            await pilot.press("n")
        assert isinstance(app.screen, SummaryScreen)
        assert app.session.player.state == FINISHED and not app.session.player.aborted
        assert "finished at" in text(app, "totals")
    assert recorder.names()[-1] == "finish"


@sync
async def test_ctrl_c_records_an_abort_and_exits(rig):
    app, clock, recorder = rig
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_rep(pilot, clock)
        await pilot.press("l")
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 130
    assert recorder.names()[-1] == "abort" and recorder.closed


@sync
async def test_q_on_the_summary_leaves_at_once():
    app, clock = fake_app(get_ready_s=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(6):
            await pilot.press("n")
        await pilot.press("q")  # on the summary: leaves at once
    assert app.return_code == 0


@sync
async def test_narrow_screen_keeps_the_essentials_and_hides_the_rest(rig):
    app, clock, _ = rig
    async with app.run_test(size=(40, 14)) as pilot:
        await to_first_rep(pilot, clock)
        screen = app.screen
        assert "-narrow" in screen.classes
        for wid in ("digits", "step", "rep", "next", "keys"):
            assert screen.query_one(f"#{wid}").display and screen.query_one(f"#{wid}").region.height > 0
        assert screen.query_one("#splits").region.height <= 3  # what room is left over
        assert text(app, "keys").startswith("␣ pause  l lap")


@sync
async def test_resizing_down_to_20x8_and_back_never_crashes(rig):
    app, clock, _ = rig
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_rep(pilot, clock)
        for size in ((60, 20), (40, 14), (30, 10), (20, 8), (10, 4), (80, 24)):
            await pilot.resize_terminal(*size)
            await advance(pilot, clock, 1)
        assert app.session.player.state == WAITING
        assert app.screen.query_one("#splits").region.height > 0


@sync
async def test_s_says_where_the_runner_is_through_the_cue_sink_at_once():
    sink = RecordingSink()
    recorder = FakeRecorder()
    app, clock = fake_app(sink=sink, recorder=recorder)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_rep(pilot, clock)
        await advance(pilot, clock, 24.3, step=0.3)
        await pilot.press("s")
        await advance(pilot, clock, 26.0, step=0.5)
        await pilot.press("s")
        assert app.session.sink.drain()
        said = [(c.text, round(t, 1)) for c, t in sink.queued if c.kind == "where"]  # (quitting cancels them)
    assert said == [("Rep one of two, fourteen seconds to the target.", 334.3),
                    ("Rep one of two, twelve seconds over the target.", 360.3)]
    # Said through the player (placed among the cues, like every call), so the session's record
    # and transcript have it too.
    recorded = [e["text"] for e in recorder.events if e["event"] == "cue" and e["kind"] == "where"]
    assert recorded == [text for text, _ in said]


def test_docs_keys_md_lists_the_keys_the_screen_binds():
    from pathlib import Path

    from trackcue.tui.keys import markdown_table

    doc = (Path(__file__).resolve().parents[1] / "docs" / "keys.md").read_text(encoding="utf-8")
    assert markdown_table() in doc


class PreparingSound(FakeSound):
    """Like LiveSoundtrack: speech is prepared first (held until ``go`` is set), then a re-timed timeline plays."""

    def __init__(self, retimed):
        super().__init__(status="audio: fake device", retimed=retimed)
        self.go = threading.Event()
        self.halfway = threading.Event()

    def prepare(self, progress):
        progress(1, 2, "Get ready")
        self.halfway.set()
        self.go.wait(5)
        progress(2, 2, "Warm-up")
        self.speech_status = "speech: fake, 180 words/min"
        return self.retimed


@sync
async def test_speech_is_prepared_on_a_thread_with_progress_then_the_retimed_timeline_plays():
    retimed = track_timeline().replace(name="re-timed")
    sound = PreparingSound(retimed)
    app, clock = fake_app(sink=sound)
    async with app.run_test(size=(80, 24)) as pilot:
        await asyncio.get_running_loop().run_in_executor(None, sound.halfway.wait, 5)
        await pilot.pause()
        assert app.session.player.state == "idle"
        assert text(app, "banner") == "Preparing speech 1/2… n: start now"
        assert text(app, "step") == "Warm-up · 5min"  # the step to come, not the phrase being rendered
        assert text(app, "mark") == ""
        assert text(app, "digits") == "0:10"  # the countdown waits, full
        sound.go.set()
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.session.player.state == GET_READY
        assert app.session.player.timeline is retimed
        assert text(app, "step") == "Warm-up · 5min"
        assert text(app, "status") == "audio: fake device · speech: fake, 180 words/min"


class SlowSpeech(PreparingSound):
    """Speech that would take minutes (a slow or hung engine) unless told to start now."""

    def prepare(self, progress):
        progress(1, 40, "Warm-up")
        self.halfway.set()
        self.go.wait(120)  # until start_now: what a hung engine would make the runner wait
        return self.retimed

    def start_now(self):
        super().start_now()
        self.go.set()


@sync
async def test_n_while_speech_is_prepared_starts_at_once_with_what_is_ready():
    sound = SlowSpeech(track_timeline())
    app, clock = fake_app(sink=sound)
    async with app.run_test(size=(80, 24)) as pilot:
        await asyncio.get_running_loop().run_in_executor(None, sound.halfway.wait, 5)
        await pilot.pause()
        assert app.session.player.state == "idle"
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert sound.started_now
        assert app.session.player.state == GET_READY  # the countdown runs; it was not skipped too
        assert text(app, "digits") == "0:10"


def resumed_at_rep_2(t_s: float = 337.6):
    from trackcue.engine.laps import Lap
    from trackcue.session.resume import ResumePoint

    earlier = Lap(segment=1, rep=1, reps=2, lap=1, lap_s=37.6, split_s=37.6, target_s=38.0, diff_s=-0.4,
                  t_s=t_s, ends_step=True)
    return ResumePoint(session_id=3, db=Path("/tmp/h.sqlite"), source="w.yaml", params={}, segment=3,
                       laps=(earlier,), t_s=t_s + 105.0 + 20.0)  # the jog, and 20 s into rep 2 when killed


@sync
async def test_a_resumed_session_counts_down_then_continues_at_its_step_with_its_laps():
    app, clock = fake_app(recorder=FakeRecorder(), resume=resumed_at_rep_2())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.session.player.state == GET_READY
        await advance(pilot, clock, 10.5)
        player = app.session.player
        assert player.index == 3 and player.state == WAITING and text(app, "rep") == "Rep 2 / 2"
        assert "-0.4" in text(app, "splits")


@sync
async def test_a_resumed_session_never_shows_a_fresh_start_and_keeps_the_time_run():
    sound = PreparingSound(track_timeline())  # speech takes a while: the first frames are before the start
    app, clock = fake_app(sink=sound, resume=resumed_at_rep_2())
    async with app.run_test(size=(80, 24)) as pilot:
        await asyncio.get_running_loop().run_in_executor(None, sound.halfway.wait, 5)
        await pilot.pause()
        assert app.session.player.state == "idle"
        assert text(app, "times").startswith("7:42 done ·")  # 337.6 + 105 + 20 s run before the crash
        assert text(app, "rep") == "Rep 2 / 2"
        assert "-0.4" in text(app, "splits") and "no laps" not in text(app, "splits")
        sound.go.set()
        await settle(pilot)
        assert text(app, "times").startswith("7:42 done ·")  # the get-ready does not count
        await advance(pilot, clock, 10 + 30)
        assert text(app, "times").startswith("8:12 done ·")
        player = app.session.player
        player.lap()
    lap = [e for e in app.session.recorder.events if e["event"] == "lap"][0]
    assert lap["t_s"] == pytest.approx(462.6 + 30) and lap["rep"] == 2


@sync
async def test_the_history_opens_after_the_first_frame_and_gets_the_start_first():
    from session_fakes import FakeRecorder as Recorder, fake_session
    from trackcue.tui.app import TrackcueApp

    opened: list[Recorder] = []
    seen_before_open: list[str] = []

    def open_recorder(saved, notify):
        seen_before_open.append(text(app, "phase"))  # the player was already on the screen
        opened.append(Recorder().attach(saved))
        return opened[-1]

    clock = FakeClock()
    app = TrackcueApp(fake_session(track_timeline(), clock, open_recorder=open_recorder))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(opened) == 1 and "GET READY" in seen_before_open[0]
        assert app.session.player.state == GET_READY
        await advance(pilot, clock, 11)
    assert opened[0].names()[0] == "start" and len(opened[0].names()) > 1 and opened[0].closed


@sync
async def test_a_resumed_session_s_summary_counts_the_whole_session_as_history_does():
    """The summary after ``trackcue resume`` used to count only what the player held: the earlier
    run's reps were missing. It folds the session's earlier events with this run's, as history."""
    from trackcue.engine.player import Player
    from trackcue.history.queries import SessionDetail, SessionInfo, resume_point
    from trackcue.history.summary import fold, summarize
    from trackcue.session.resume import ResumePoint

    earlier_clock, earlier = FakeClock(), []
    first = Player(track_timeline(), earlier_clock, on_event=earlier.append, stall_s=1e9)
    first.start()
    while first.state != WAITING:
        earlier_clock.set(first.next_deadline())
        first.update()
    for after in (19.4, 18.2):  # rep 1: the 100 m split, then 200 m
        earlier_clock.advance(after)
        first.update()
        first.lap()
    earlier_clock.advance(20)
    first.update()  # killed 20 s into the jog
    state = fold(earlier)
    assert (state.segment, state.reps_done) == (2, 1)
    info = SessionInfo(1, "w", None, None, {}, 1, 0.0, 0.0, None, "interrupted", state.segment, 0.0, 1, 2)
    at = resume_point(SessionDetail(info, state.steps, state.laps, earlier))
    point = ResumePoint(session_id=1, db=Path("/tmp/h.sqlite"), source="w.yaml", params={}, segment=at.segment,
                        laps=tuple(at.laps), t_s=at.t_s, events=tuple(earlier))

    recorder = FakeRecorder()
    app, clock = fake_app(recorder=recorder, resume=point)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 10 + 105, step=5)  # get ready, the jog again
        await advance(pilot, clock, 19.0)
        await pilot.press("l")
        await advance(pilot, clock, 19.0)
        await pilot.press("l")  # rep 2 done
        await pilot.press("n")  # the cool-down: the workout ends
        assert isinstance(app.screen, SummaryScreen)
        totals = text(app, "totals").splitlines()
        assert totals[2] == "reps 2 of 2 · laps 4 (2 splits)"
        whole = summarize(fold(earlier + recorder.events))  # what history folds for the session
        assert (whole.reps_done, whole.laps, whole.splits) == (2, 4, 2)


# ----- no dialog eats lap, pause or quit ---------------------------------------------------------------

OVERLAYS = {"help": ("question_mark", HelpScreen), "quit question": ("q", ConfirmQuit)}


@pytest.mark.parametrize("overlay", list(OVERLAYS))
@pytest.mark.parametrize("key", ["l", "enter"])
@sync
async def test_a_lap_pressed_over_a_dialog_is_recorded_and_the_dialog_stays(rig, overlay, key):
    app, clock, recorder = rig
    opener, kind = OVERLAYS[overlay]
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_rep(pilot, clock)
        await advance(pilot, clock, 37.6, step=0.2)
        await pilot.press(opener)
        assert isinstance(app.screen, kind)
        await pilot.press(key)  # at the line, with the dialog open
        player = app.session.player
        assert [round(lap.split_s, 1) for lap in player.laps] == [37.6]
        assert isinstance(app.screen, kind)
        await pilot.press(key)  # and the finish
        assert player.segment.kind == "jog" and len(player.laps) == 2
    assert recorder.names().count("lap") == 2


@pytest.mark.parametrize("overlay", list(OVERLAYS))
@sync
async def test_space_over_a_dialog_pauses_and_resumes(rig, overlay):
    app, clock, recorder = rig
    opener, kind = OVERLAYS[overlay]
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 20)
        await pilot.press(opener)
        await pilot.press("space")
        assert app.session.player.state == PAUSED and isinstance(app.screen, kind)
        await pilot.press("space")
        assert app.session.player.state == RUNNING
    assert {"pause", "resume"} <= set(recorder.names())


@sync
async def test_q_over_the_help_asks_to_quit_and_y_stops(rig):
    app, clock, recorder = rig
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 20)
        await pilot.press("question_mark")
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("y")
        assert isinstance(app.screen, SummaryScreen) and app.session.player.aborted
    assert recorder.names()[-1] == "abort"


@sync
async def test_the_help_still_closes_with_its_own_keys(rig):
    app, clock, _ = rig
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for close in ("question_mark", "escape", "f1"):
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press(close)
            assert isinstance(app.screen, PlayerScreen)
