"""Pace names, the values a runner writes for them, and every class of bad input."""

import pytest

from trackcue.paces import PACE_NAMES, NamedPace, named_pace_from_value, normalize_pace_name
from trackcue.units import UnitError


@pytest.mark.parametrize("raw,canon", [
    ("5K", "5k"), ("5000m", "5k"), ("5 km", "5k"), ("1mi", "mile"), ("Mile", "mile"), ("e", "E"),
    ("m", "M"), ("Threshold", "T"), ("tempo", "T"), ("interval", "I"), ("rep", "R"),
    ("400m", "400m"), ("half-marathon", "half"), ("Half Marathon", "half"), ("marathon", "marathon"),
    ("3000m", "3k"), ("10K", "10k"), ("1k", "1000m"),
])
def test_normalize_pace_name(raw, canon):
    assert normalize_pace_name(raw) == canon
    assert canon in PACE_NAMES


@pytest.mark.parametrize("raw", ["", "fast", "300m", "x", "5kk"])
def test_unknown_names_normalize_to_none(raw):
    assert normalize_pace_name(raw) is None


def test_pace_names_cover_races_and_training_paces():
    for name in ("200m", "400m", "800m", "1000m", "1500m", "mile", "3k", "5k", "10k", "half", "marathon",
                 "E", "M", "T", "I", "R"):
        assert name in PACE_NAMES


@pytest.mark.parametrize("name,value,seconds_over", [
    ("400m", "80s", (400, 80)), ("400m", "1:20", (400, 80)), ("mile", "6:00", (1609.344, 360)),
    ("5K", "19:57", (5000, 1197)), ("half", "1:31:35", (21097.5, 5495)), ("mile", "5:45/mi", (1609.344, 345)),
])
def test_race_names_take_a_time(name, value, seconds_over):
    metres, seconds = seconds_over
    pace = named_pace_from_value(name, value, "profile: x")
    assert pace == NamedPace(pytest.approx(seconds / metres), "profile: x")


def test_training_names_take_a_pace_or_a_range():
    t = named_pace_from_value("T", "6:51/mi", "--set T=6:51/mi")
    assert t.sec_per_m * 1609.344 == pytest.approx(411)
    assert t.low_sec_per_m == t.high_sec_per_m == t.sec_per_m
    assert t.source == "--set T=6:51/mi"
    e = named_pace_from_value("E", "8:30-9:30/mi", "s")
    assert (e.low_sec_per_m * 1609.344, e.high_sec_per_m * 1609.344) == (pytest.approx(510), pytest.approx(570))
    assert e.sec_per_m * 1609.344 == pytest.approx(540)
    assert named_pace_from_value("i", "3:55/km", "s").sec_per_m == pytest.approx(0.235)


@pytest.mark.parametrize("name,value,words", [
    ("mile", "6:0x", ["'6:0x' is not a time"]),               # unparseable time
    ("400m", "fast", ["not a time"]),
    ("5k", "20m", ["is a distance, not a time"]),
    ("T", "6:51", ["T takes a pace"]),                        # a time where a pace belongs
    ("T", "6:51/furlong", ["is not a distance"]),             # unparseable pace
    ("300m", "50s", ["unknown pace name '300m'", ]),          # unknown name
    ("400m", "30s", ["impossible", "world record"]),          # impossible: too fast
    ("mile", "2:00:00", ["slower than walking"]),              # impossible: a 2-hour mile
    ("marathon", "1:50:00", ["impossible"]),
    ("E", "2:00/km", ["impossible", "world-record pace"]),
])
def test_bad_values_raise_unit_errors_with_a_hint(name, value, words):
    with pytest.raises(UnitError) as info:
        named_pace_from_value(name, value, "s")
    for word in words:
        assert word in info.value.message
    assert info.value.hint


def test_unknown_name_hint_lists_the_accepted_names():
    with pytest.raises(UnitError) as info:
        named_pace_from_value("fast", "80s", "s")
    assert "400m" in info.value.hint and "marathon" in info.value.hint and "E, M, T, I, R" in info.value.hint
