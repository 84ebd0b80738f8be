"""FrameClock: clock time ↔ device frames from callback observations."""

import random

import pytest

from trackcue.audio.timing import FrameClock

RATE = 44100
BLOCK = 441  # 10 ms callbacks


def feed(fc, seconds, start_frame=0, t0=0.0, speed=1.0, ppm=0.0, jitter_s=0.0, seed=1):
    """Callbacks every BLOCK frames; the device runs ``ppm`` fast; returns the next frame."""
    rng = random.Random(seed)
    frame = start_frame
    while frame < start_frame + seconds * RATE:
        real = (frame - start_frame) / (RATE * (1 + ppm * 1e-6))
        fc.observe(frame, t0 + speed * real + rng.uniform(0, jitter_s))
        frame += BLOCK
    return frame


def test_unknown_before_any_observation():
    fc = FrameClock(RATE)
    assert not fc.ready and fc.frame_at(1.0) is None


def test_steady_callbacks_map_exactly():
    fc = FrameClock(RATE)
    feed(fc, 3)
    assert fc.frame_at(2.5) == pytest.approx(2.5 * RATE, abs=1)


def test_callback_jitter_does_not_move_onsets():
    fc = FrameClock(RATE)
    feed(fc, 30, jitter_s=0.004)
    # Jitter is one-sided (callbacks are late, never early): a constant the latency absorbs.
    assert fc.frame_at(31.0) - 31.0 * RATE == pytest.approx(-0.002 * RATE, abs=0.0005 * RATE)


def test_device_drift_does_not_accumulate():
    fc = FrameClock(RATE, bucket_s=0.2)
    end = feed(fc, 600, ppm=200)  # 200 ppm would be 120 ms off after ten minutes
    t_end = end / (RATE * (1 + 200e-6))
    assert fc.frame_at(t_end) == pytest.approx(end, abs=0.0005 * RATE)


def test_follows_a_scaled_clock_from_its_declared_speed():
    fc = FrameClock(RATE, speed=10.0)
    end = feed(fc, 3, speed=10.0)
    assert fc.speed == pytest.approx(10.0)
    assert fc.frame_at(10.0 * end / RATE + 5.0) == pytest.approx(end + 0.5 * RATE, abs=0.002 * RATE)


def test_a_wild_drift_fit_is_clamped():
    fc = FrameClock(RATE, bucket_s=0.2, max_ppm=100)
    feed(fc, 60, ppm=-500)  # a fit beyond what the card can drift is not believed
    assert fc.restarts == 0 and fc.speed == pytest.approx(1.0001)


def test_busy_moment_with_late_callbacks_is_not_a_shift():
    fc = FrameClock(RATE)
    frame = feed(fc, 5)
    # The process was busy: callbacks came 33, 44, 25 ms late, then caught up in a burst.
    for late in (0.033, 0.044, 0.025, 0.02, 0.012, 0.006):
        fc.observe(frame, frame / RATE + late)
        frame += BLOCK
    feed(fc, 1, start_frame=frame, t0=frame / RATE)
    assert fc.restarts == 0
    assert fc.frame_at(7.0) == pytest.approx(7.0 * RATE, abs=2)


def test_two_quick_shifts_keep_the_clock_speed():
    """Regression: two restarts 0.1 s apart once "measured" a 1.13x clock and stayed there."""
    fc = FrameClock(RATE)
    frame = feed(fc, 5)
    offset = 0.0
    for shift in (0.02, 0.05):
        offset += shift
        frame = feed(fc, 0.1, start_frame=frame, t0=frame / RATE + offset)
    frame = feed(fc, 2, start_frame=frame, t0=frame / RATE + offset)
    assert fc.speed == pytest.approx(1.0)
    assert fc.restarts == 2
    assert fc.frame_at(frame / RATE + offset + 0.5) == pytest.approx(frame + 0.5 * RATE, abs=2)


def test_an_underrun_restarts_the_line():
    fc = FrameClock(RATE)
    frame = feed(fc, 3)
    # The device played 50 ms of silence: the same frames now go out 50 ms later.
    feed(fc, 1, start_frame=frame, t0=frame / RATE + 0.05)
    assert fc.restarts == 1
    assert fc.frame_at(frame / RATE + 0.55) == pytest.approx(frame + 0.5 * RATE, abs=2)


def test_one_late_callback_is_ignored():
    fc = FrameClock(RATE)
    frame = feed(fc, 2)
    fc.observe(frame, frame / RATE + 0.03)
    feed(fc, 1, start_frame=frame + BLOCK, t0=(frame + BLOCK) / RATE)
    assert fc.restarts == 0
    assert fc.frame_at(2.5) == pytest.approx(2.5 * RATE, abs=2)


def test_start_up_burst_is_skipped():
    fc = FrameClock(RATE, settle_s=0.25)
    for frame in range(0, 4 * BLOCK, BLOCK):  # the device's first requests come all at once
        fc.observe(frame, 0.0)
    assert not fc.ready
    feed(fc, 3, start_frame=int(0.25 * RATE), t0=0.25)
    assert fc.frame_at(2.0) == pytest.approx(2.0 * RATE, abs=1)


def test_a_small_shift_on_an_even_beat_is_followed_within_a_few_callbacks():
    """PulseAudio's null sink underruns in 2.5 ms steps; the sound moves by exactly that much."""
    fc = FrameClock(RATE)
    frame = feed(fc, 10, jitter_s=0.0001)
    shifted = frame / RATE + 0.0025
    after = feed(fc, 0.1, start_frame=frame, t0=shifted, jitter_s=0.0001)
    assert fc.restarts == 1
    assert fc.frame_at(shifted + 0.5) == pytest.approx(frame + 0.5 * RATE, abs=0.0002 * RATE)
    assert after - frame <= 0.1 * RATE + BLOCK


def test_callbacks_that_wander_are_averaged_not_followed():
    """A device calling back at a 45/45/60 ms beat (±5 ms around the line) is not shifting."""
    fc = FrameClock(RATE)
    frame, beat = 0, (-0.005, 0.0, 0.005)
    for i in range(3000):  # 60 s of 20 ms callbacks
        fc.observe(frame, frame / RATE + beat[i % 3])
        frame += 2 * BLOCK
    assert fc.restarts == 0
    assert fc.frame_at(61.0) == pytest.approx(61.0 * RATE, abs=0.0005 * RATE)


def test_the_drift_of_an_even_beat_is_learnt_within_seconds():
    fc = FrameClock(RATE)
    feed(fc, 3, ppm=200, jitter_s=0.0001)  # the null sink here runs 200 ppm fast
    assert fc.speed == pytest.approx(1 / 1.0002, abs=30e-6)


def test_a_wandering_beat_is_not_trusted_for_drift_so_soon():
    fc = FrameClock(RATE)
    frame, beat = 0, (-0.005, 0.0, 0.005, 0.002, -0.003)
    for i in range(150):  # 3 s of 20 ms callbacks
        fc.observe(frame, frame / RATE + beat[i % 5])
        frame += 2 * BLOCK
    assert fc.speed == 1.0
