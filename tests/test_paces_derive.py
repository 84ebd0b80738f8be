"""Deriving every named pace from the ones a runner gave, and saying where each came from."""

import pytest

from trackcue.paces import PACE_NAMES, RACE_METRES, derive_paces, named_pace_from_value


def known(**values):
    return {name: named_pace_from_value(name, text, f"profile: {name} {text}") for name, text in values.items()}


def seconds(paces, name):
    return paces[name].sec_per_m * RACE_METRES[name]


def test_empty_in_empty_out():
    assert derive_paces({}) == {}


def test_an_80s_400m_gives_38s_200m_reps_by_riegel():
    paces = derive_paces(known(**{"400m": "80s"}))
    assert round(seconds(paces, "200m")) == 38
    assert paces["200m"].source == "derived from 400m 1:20 (Riegel)"
    assert paces["400m"].source == "profile: 400m 80s"  # known ones pass through untouched
    assert set(paces) == set(PACE_NAMES)


def test_a_5k_of_19_57_gives_the_vdot_50_row_and_paces():
    paces = derive_paces(known(**{"5k": "19:57"}))
    for name, text in (("mile", 350), ("10k", 2481), ("half", 5495), ("marathon", 11449)):
        assert seconds(paces, name) == pytest.approx(text, rel=0.01)
    assert paces["T"].sec_per_m * 1609.344 == pytest.approx(411, rel=0.01)
    assert paces["mile"].source == "derived from 5k 19:57 (VDOT 50.0)"
    e = paces["E"]
    assert e.low_sec_per_m < e.sec_per_m < e.high_sec_per_m
    assert paces["T"].low_sec_per_m == paces["T"].high_sec_per_m


def test_each_name_comes_from_the_closest_known_distance():
    paces = derive_paces(known(**{"400m": "75s", "5k": "19:57", "marathon": "3:30:00"}))
    assert "from 400m" in paces["800m"].source
    assert "from 5k" in paces["10k"].source and "from 5k" in paces["mile"].source
    assert "from marathon" in paces["half"].source
    assert "from marathon" in paces["E"].source and "from marathon" in paces["M"].source
    assert "from 5k" in paces["I"].source and "from 5k" in paces["R"].source


def test_a_tie_goes_to_the_longer_performance():
    paces = derive_paces(known(**{"200m": "32s", "800m": "2:30"}))
    assert "from 800m" in paces["400m"].source


def test_race_times_derive_from_a_training_pace():
    paces = derive_paces(known(T="6:51/mi"))
    assert seconds(paces, "5k") == pytest.approx(1197, rel=0.01)
    assert paces["5k"].source.startswith("derived from T 4:15/km (VDOT 5")


def test_with_and_without_a_profile_entry():
    without = derive_paces(known(**{"5k": "19:57"}))
    with_mile = derive_paces(known(**{"5k": "19:57", "mile": "5:30"}))
    assert seconds(with_mile, "mile") == 330
    assert seconds(without, "mile") == pytest.approx(350, rel=0.01)
    assert "from mile" in with_mile["1500m"].source  # the nearer performance wins
    assert with_mile["5k"] == without["5k"]
