"""Times, distances and paces as a coach writes them."""

import pytest

from trackcue.units import UnitError, parse_distance, parse_duration, parse_pace
from trackcue.phrases import format_clock, format_distance, say_duration


@pytest.mark.parametrize("text, seconds", [
    ("90s", 90), ("15min", 900), ("1h", 3600), ("2:00", 120), ("0:30", 30), ("1:30:00", 5400),
    ("1h30min", 5400), ("45.5s", 45.5), ("2 min", 120), ("1:05.5", 65.5), (120, 120), ("40", 40),
])
def test_durations(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


def test_m_is_metres_never_minutes():
    with pytest.raises(UnitError) as err:
        parse_duration("15m")
    assert "distance" in err.value.message and err.value.hint == "for minutes write 15min"


@pytest.mark.parametrize("bad", ["0s", "-5s", "0:00", "abc", "5 parsecs", "", "1:75"])
def test_bad_durations(bad):
    with pytest.raises(UnitError):
        parse_duration(bad)


@pytest.mark.parametrize("text, metres", [
    ("200m", 200), ("1.5km", 1500), ("1mi", 1609.344), ("2 laps", 800), ("1 lap", 400), ("mile", 1609.344),
])
def test_distances(text, metres):
    assert parse_distance(text) == pytest.approx(metres)


def test_distance_errors_name_the_unit():
    with pytest.raises(UnitError, match="time, not a distance"):
        parse_distance("90s")
    with pytest.raises(UnitError, match="unknown distance unit"):
        parse_distance("3 furlongs")


@pytest.mark.parametrize("text, per_400", [("6:00/mi", 89.48), ("38s/200m", 76), ("4:00/km", 96), ("80s per 400m", 80)])
def test_paces(text, per_400):
    assert parse_pace(text) * 400 == pytest.approx(per_400, abs=0.01)


def test_formats():
    assert format_clock(95) == "1:35"
    assert format_clock(5400) == "1:30:00"
    assert format_clock(37.6, tenths=True) == "0:37.6"
    assert format_distance(1609.344) == "1 mi"
    assert format_distance(1600) == "1600 m"
    assert say_duration(105) == "one forty-five"
    assert say_duration(38) == "thirty-eight seconds"
    assert say_duration(600) == "ten minutes"
