"""Sound under way is not cut: a sounding clip survives a cancel, closing lets the queue play out,
and the device callback never spends time scanning a clip."""

import time
from array import array

import pytest

from trackcue.audio.clip import Clip
from trackcue.audio.failover import FailoverOutput
from trackcue.engine.clock import FakeClock
from trackcue.soundtrack import live
from trackcue.workout import compile_file

from test_audio_stream import PulledOutput  # a stream whose "device" is the test calling fill()

RATE = 8000
BLOCK = 80


def pull(out, clock, seconds):
    """Pull ``seconds`` of audio as a device would, the clock moving with it."""
    data = bytearray()
    for _ in range(round(seconds * RATE / BLOCK)):
        data += out.fill(BLOCK)
        clock.advance(BLOCK / RATE)
    return array("h", bytes(data))


def tone(frames):
    return Clip(array("h", [1000] * frames), RATE, "tone")


def test_a_clip_already_sounding_finishes_when_the_rest_is_cancelled():
    clock = FakeClock()
    out = PulledOutput(clock, RATE, latency_s=0.05, name="test")
    out.play_at(tone(800), 1.0)  # heard from 1.0 s, so handed to the device from 0.95 s
    out.play_at(tone(80), 1.5)
    played = pull(out, clock, 0.98)  # the device has taken its first 30 ms
    out.cancel_from(clock.now())  # its clock onset (1.0) is after now, but it is sounding
    played += pull(out, clock, 1.0)
    assert sum(1 for s in played if s) == 800


def test_pending_s_counts_until_the_last_clip_is_heard():
    clock = FakeClock()
    out = PulledOutput(clock, RATE, latency_s=0.05, name="test")
    assert out.pending_s() == 0.0
    pull(out, clock, 0.5)
    out.play_at(tone(800), 2.0)  # still queued: beyond the placing horizon
    assert abs(out.pending_s() - 1.6) < 0.002  # 1.5 s to its onset + 0.1 s long
    pull(out, clock, 1.5)  # placed, half of it handed to the device
    assert abs(out.pending_s() - 0.1) < 0.002
    assert FailoverOutput(out, [], clock).pending_s() == out.pending_s()
    pull(out, clock, 0.2)
    assert out.pending_s() == 0.0


def test_closing_the_soundtrack_waits_for_queued_sound_but_not_forever(workout_file, monkeypatch):
    path = workout_file("steps:\n  - run: 20s\n  - jog: 10s\n")
    timeline = compile_file(path, use_profile=False, get_ready_s=0)
    track = live.LiveSoundtrack(timeline, FakeClock(), audio="null", speech="none")
    track.prepare()
    track.output.pending_s = lambda: 0.2  # "well done" still to come
    t0 = time.monotonic()
    track.close()
    assert time.monotonic() - t0 >= 0.2

    track = live.LiveSoundtrack(timeline, FakeClock(), audio="null", speech="none")
    track.prepare()
    track.output.pending_s = lambda: 3600.0
    monkeypatch.setattr(live, "DRAIN_S", 0.05)
    t0 = time.monotonic()
    track.close()
    assert time.monotonic() - t0 < 1.0


def test_the_device_callback_never_scans_a_clip_for_its_peak(monkeypatch):
    from trackcue.audio import clip as clip_module

    clock = FakeClock()
    out = PulledOutput(clock, RATE, latency_s=0.05, name="test")
    out.play_at(tone(5 * RATE), 0.5)  # 5 s of speech would take ~17 ms to scan at 44.1 kHz

    def scan(_samples):
        raise AssertionError("scanned in the callback")

    monkeypatch.setattr(clip_module, "peak_of", scan)  # what Clip.peak scans with
    played = pull(out, clock, 1.0)
    assert sum(1 for s in played if s) == round(0.55 * RATE)


def test_a_stall_on_a_fast_clock_does_not_fall_back_to_normal_speed():
    from trackcue.audio.timing import FrameClock

    rate, block = 44100, 441
    fc = FrameClock(rate, speed=20.0)
    frame, t = 0, 0.0
    for _ in range(300):  # 3 s of 10 ms callbacks on a clock 20x fast
        fc.observe(frame, t)
        frame, t = frame + block, t + 20 * block / rate
    assert fc.speed == pytest.approx(20.0, rel=0.01)
    t += 20 * 0.05  # a 50 ms stall: the device played silence, the line restarts
    for _ in range(10):
        fc.observe(frame, t)
        frame, t = frame + block, t + 20 * block / rate
    assert fc.restarts == 1 and fc.speed == pytest.approx(20.0, rel=0.01)


def test_a_clip_peak_is_scanned_once_in_short_slices(monkeypatch):
    from trackcue.audio import clip as clip_module

    calls = []
    real_max = max

    def counting_max(*args, **kwargs):
        if len(args) == 1 and hasattr(args[0], "__len__"):
            calls.append(len(args[0]))
        return real_max(*args, **kwargs)

    c = Clip(array("h", [1000] * (5 * RATE) + [-3000]), RATE, "speech")  # loudest at the very end
    monkeypatch.setattr(clip_module, "max", counting_max, raising=False)
    assert c.peak == c.peak == peak_of_reference(c.samples) == 3000
    # One pass, and no single C-level scan longer than a slice (the GIL is held for each).
    assert sum(calls) == len(c.samples) and real_max(calls) <= clip_module._SCAN


def peak_of_reference(samples):
    return max(abs(s) for s in samples)
