"""StreamOutput: clips queued in clock time come out at the right device frames."""

from array import array

from trackcue.audio.clip import Clip
from trackcue.audio.stream import StreamOutput
from trackcue.engine.clock import FakeClock

RATE = 8000
BLOCK = 80


class PulledOutput(StreamOutput):
    """A stream whose "device" is the test calling fill()."""

    def start(self):
        self.mark_started()

    def close(self):
        pass



def run(out, clock, seconds, speed=1.0):
    """Pull ``seconds`` of audio as a device would, the clock moving with it."""
    data = bytearray()
    for _ in range(round(seconds * RATE / BLOCK)):
        data += out.fill(BLOCK)
        clock.advance(speed * BLOCK / RATE)
    return array("h", bytes(data))


def click(name="click"):
    return Clip(array("h", [1000] * 20), RATE, name)


def onsets(out):
    return [i for i, s in enumerate(out) if s and (i == 0 or not out[i - 1])]


def test_onsets_land_on_the_frame_of_their_time_minus_latency():
    clock = FakeClock()
    out = PulledOutput(clock, RATE, latency_s=0.05, name="test")
    for t in (1.0, 1.5, 2.25):
        out.play_at(click(), t)
    assert onsets(run(out, clock, 3)) == [round((t - 0.05) * RATE) for t in (1.0, 1.5, 2.25)]


def test_cancel_from_forgets_queued_and_placed_clips():
    clock = FakeClock()
    out = PulledOutput(clock, RATE, latency_s=0.0, name="test")
    for t in (0.5, 0.9, 2.5):
        out.play_at(click(), t)
    first = run(out, clock, 0.6)  # 0.9 is now inside the horizon, already placed
    out.cancel_from(0.8)
    rest = run(out, clock, 2.4)
    assert onsets(first) == [round(0.5 * RATE)] and onsets(rest) == []


def test_a_scaled_clock_moves_onsets_not_clip_speed():
    clock = FakeClock()
    clock.speed = 10.0  # as a ScaledClock declares it
    out = PulledOutput(clock, RATE, latency_s=0.0, name="test")
    out.play_at(click(), 20.0)
    played = run(out, clock, 3, speed=10.0)
    assert onsets(played) == [round(2.0 * RATE)]
    assert sum(1 for s in played if s) == 20  # the clip itself is not sped up


def test_slightly_late_cue_plays_now_and_very_late_one_is_skipped():
    clock = FakeClock()
    out = PulledOutput(clock, RATE, latency_s=0.0, name="test")
    run(out, clock, 2)
    out.play_at(click(), 1.8)  # 0.2 s late: still worth hearing
    out.play_at(click(), 0.5)  # 1.5 s late: would confuse the runner
    assert onsets(run(out, clock, 1)) == [0]
    assert out.dropped == 1 and "skipped 1 late cue" in out.status


def test_a_stalled_stream_reports_failure(monkeypatch):
    import trackcue.audio.stream as stream

    clock = FakeClock()
    out = PulledOutput(clock, RATE, latency_s=0.0, name="test")
    now = [100.0]
    monkeypatch.setattr(stream.time, "monotonic", lambda: now[0])
    out.mark_started()
    assert not out.failed
    now[0] += 5
    assert out.failed and "no request for sound" in out.status
