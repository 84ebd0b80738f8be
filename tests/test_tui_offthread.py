"""Cues reach audio on a worker thread: a slow or broken output never holds up the screen's clock."""

from __future__ import annotations

import asyncio
import threading
import time

from trackcue.engine.clock import FakeClock, RealClock, ScaledClock
from trackcue.engine.offthread import OffThreadSink
from engine_rig import RecordingSink
from trackcue.timeline import Cue
from tui_rig import SlowSink, fake_app, sync
from trackcue.tui.view import player_view


def cue(at: float, kind: str = "pip") -> Cue:
    return Cue(at, "tone", 0, kind, sound="pip1")


def test_calls_return_at_once_and_arrive_in_order_on_the_worker():
    slow = SlowSink(0.2)
    sink = OffThreadSink(slow, FakeClock())
    started = time.perf_counter()
    sink.queue(cue(5), 5.0)
    sink.queue(cue(6), 6.0)
    sink.cancel_from(6.0)
    # Three calls, each blocking 0.2 s on the worker: here, together less than one of them
    # (a loaded machine may take tens of ms to return; a call made here would take >= 0.2 s).
    assert time.perf_counter() - started < slow.delay_s
    assert sink.drain(timeout=5)
    assert slow.times() == [5.0]
    assert [t for _, t in slow.cancelled] == [6.0]
    assert slow.threads == {"trackcue-cues"}
    sink.close()


def test_mute_silences_what_is_ahead_and_unmute_brings_back_what_is_still_to_come():
    clock = FakeClock()
    inner = RecordingSink()
    sink = OffThreadSink(inner, clock)
    sink.queue(cue(1), 1.0)
    sink.queue(cue(3), 3.0)
    sink.set_muted(True)
    sink.queue(cue(4), 4.0)  # while muted: remembered, not passed on
    sink.drain()
    assert inner.times() == []
    clock.set(2.0)
    sink.set_muted(False)
    sink.drain()
    assert inner.times() == [3.0, 4.0]  # the cue at 1.0 is past: not played late
    sink.close()


def test_an_output_that_raises_is_reported_and_the_next_cues_still_go():
    class Broken(RecordingSink):
        def queue(self, c, at):
            if at < 2:
                raise OSError("device gone")
            super().queue(c, at)

    errors = []
    inner = Broken()
    sink = OffThreadSink(inner, FakeClock(), on_error=errors.append)
    sink.queue(cue(1), 1.0)
    sink.queue(cue(2), 2.0)
    sink.drain()
    assert errors == ["OSError: device gone"] and inner.times() == [2.0]
    sink.close()


@sync
async def test_the_screen_keeps_time_while_the_audio_output_blocks():
    # Each sink call blocks 0.5 s real; the workout clock runs 20x. Over ~1.5 s real the screen's
    # own timer must follow the clock: no stall, the digits right, and no sink call on the UI thread.
    slow = SlowSink(0.5)
    clock = ScaledClock(RealClock(), 20)
    app, _ = fake_app(sink=slow, clock=clock, get_ready_s=10)
    ui_thread = threading.current_thread().name
    async with app.run_test(size=(80, 24)) as pilot:
        await asyncio.sleep(1.5)
        await pilot.pause()
        player = app.session.player
        assert player.stalls == ()
        shown = app.screen.query_one("#digits").text
        assert shown in {player_view(player).digits, player_view_after(player, clock)}
        assert player.elapsed_s > 15  # 30 clock seconds have passed: get-ready (10) and more
    assert ui_thread not in slow.threads and slow.threads <= {"trackcue-cues"}
    assert slow.queued or slow.cancelled


def player_view_after(player, clock) -> str:
    player.update()
    return player_view(player).digits
