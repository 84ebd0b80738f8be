"""The output tells a listener (the music ducker) of every clip it will play, and of cancellations;
each backend takes its calibrated latency unless --latency says otherwise."""

from __future__ import annotations

from array import array

from trackcue.audio.clip import Clip
from trackcue.audio.select import open_output
from trackcue.engine.clock import FakeClock


class Heard:
    def __init__(self) -> None:
        self.calls: list[tuple[str, float, float]] = []

    def expect(self, start: float, duration_s: float) -> None:
        self.calls.append(("expect", start, duration_s))

    def cancel_from(self, t: float) -> None:
        self.calls.append(("cancel_from", t, 0.0))


def test_every_clip_placed_and_every_cancel_is_told():
    heard = Heard()
    out = open_output("null", FakeClock(), listener=heard)
    out.play_at(Clip(array("h", [1] * 4410), 44100, "pip"), 12.0)
    out.play_at(Clip(array("h", [1] * 22050), 44100, "phrase"), 13.0)
    out.cancel_from(12.5)
    assert heard.calls == [("expect", 12.0, 0.1), ("expect", 13.0, 0.5), ("cancel_from", 12.5, 0.0)]
    out.close()


def test_a_listener_that_fails_does_not_stop_the_sound():
    class Broken:
        def expect(self, start: float, duration_s: float) -> None:
            raise RuntimeError("bug")

        def cancel_from(self, t: float) -> None:
            raise RuntimeError("bug")

    out = open_output("null", FakeClock(), listener=Broken())
    out.play_at(Clip(array("h", [1] * 10), 44100, "pip"), 1.0)
    out.cancel_from(0.5)
    assert not out.failed
    out.close()


def test_each_backend_takes_its_calibrated_latency_and_latency_wins():
    assert open_output("null", FakeClock(), calibrated={"null": 0.2, "pulse": 0.1}).latency_s == 0.2
    assert open_output("null", FakeClock(), 0.05, calibrated={"null": 0.2}).latency_s == 0.05
    assert open_output("null", FakeClock(), calibrated={"pulse": 0.1}).latency_s == 0.0
