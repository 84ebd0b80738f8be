"""Clocks and waiting: real, fake, scaled; a wait is computed from the deadline, never counted."""

import time

import pytest

from trackcue.engine.clock import FakeClock, RealClock, ScaledClock, wait_seconds


def test_the_real_clock_is_steady_and_prefers_boottime():
    clock = RealClock()
    a = clock.now()
    time.sleep(0.01)
    b = clock.now()
    assert 0.009 <= b - a < 1 and clock.speed == 1
    expected = "boottime" if hasattr(time, "CLOCK_BOOTTIME") else "monotonic"
    assert clock.source == expected


def test_the_fake_clock_moves_only_when_told_and_never_back():
    clock = FakeClock(5)
    assert clock.now() == 5 and clock.advance(2.5) == 7.5
    clock.set(10)
    assert clock.now() == 10
    with pytest.raises(ValueError):
        clock.set(9)
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_the_scaled_clock_runs_speed_times_faster_from_zero():
    base = FakeClock(100)
    clock = ScaledClock(base, 50)
    assert clock.now() == 0 and clock.speed == 50
    base.advance(0.1)
    assert clock.now() == pytest.approx(5)
    with pytest.raises(ValueError):
        ScaledClock(base, 0)


def test_wait_seconds_is_real_time_to_the_deadline_capped():
    base = FakeClock()
    assert wait_seconds(base, 0.1) == pytest.approx(0.1)
    assert wait_seconds(base, 10) == 0.25 and wait_seconds(base, 10, cap_s=1) == 1
    assert wait_seconds(base, -1) == 0 and wait_seconds(base, None) == 0.25
    assert wait_seconds(ScaledClock(base, 50), 5) == pytest.approx(0.1)
