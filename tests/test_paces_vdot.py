"""Daniels' VDOT and Riegel against the published tables and hand-computed values."""

import math

import pytest

from trackcue.paces import vdot as model
from trackcue.units import parse_duration

MILE = 1609.344
# Daniels' published VDOT rows (Daniels' Running Formula, table of race equivalents).
ROW_50 = {1500: "5:24", MILE: "5:50", 3000: "11:33", 2 * MILE: "12:28", 5000: "19:57",
          10000: "41:21", 15000: "63:36", 21097.5: "1:31:35", 42195: "3:10:49"}
ROW_30 = {1500: "8:30", MILE: "9:11", 3000: "17:56", 5000: "30:40", 10000: "63:46",
          21097.5: "2:21:04", 42195: "4:49:17"}
ROW_70 = {1500: "4:00", MILE: "4:19", 3000: "8:34", 2 * MILE: "9:16", 5000: "14:55",
          10000: "31:00", 15000: "47:32", 21097.5: "1:08:21", 42195: "2:23:10"}


@pytest.mark.parametrize("row,level", [(ROW_50, 50), (ROW_30, 30), (ROW_70, 70)])
def test_race_equivalents_match_daniels_rows_within_one_percent(row, level):
    for metres, text in row.items():
        expected = parse_duration(text)
        assert model.race_time(level, metres) == pytest.approx(expected, rel=0.01), (metres, text)


def test_5k_in_19_57_is_vdot_50():
    assert model.vdot(5000, parse_duration("19:57")) == pytest.approx(50.0, abs=0.1)


def per_mile(sec_per_m):
    return sec_per_m * MILE


def test_training_paces_at_vdot_50_match_the_table():
    paces = model.training_paces(50)
    fast_e, slow_e = paces["E"]
    assert fast_e * 1000 == pytest.approx(parse_duration("4:56"), rel=0.015)
    assert slow_e * 1000 == pytest.approx(parse_duration("5:34"), rel=0.015)
    assert per_mile(paces["M"][0]) == pytest.approx(parse_duration("7:17"), rel=0.01)
    assert per_mile(paces["T"][0]) == pytest.approx(parse_duration("6:51"), rel=0.01)
    assert per_mile(paces["I"][0]) == pytest.approx(parse_duration("6:18"), rel=0.01)
    assert paces["I"][0] * 400 == pytest.approx(94, rel=0.01)
    assert paces["R"][0] * 400 == pytest.approx(88, rel=0.015)
    assert paces["R"][0] * 200 == pytest.approx(44, rel=0.015)


@pytest.mark.parametrize("level,e,m,t,i,r", [
    (30, ("7:27", "8:14"), "7:03", "6:24", "5:52", "5:27"),
    (40, ("5:56", "6:38"), "5:29", "5:06", "4:42", "4:21"),
    (60, ("4:15", "4:49"), "3:52", "3:40", "3:23", "3:11"),
    (70, ("3:44", "4:15"), "3:24", "3:14", "2:59", "2:50"),
    (85, ("3:11", "3:38"), "2:52", "2:46", "2:33", "2:25"),
])
def test_training_paces_across_the_table_within_two_percent(level, e, m, t, i, r):
    paces = model.training_paces(level)
    per_km = {name: (fast * 1000, slow * 1000) for name, (fast, slow) in paces.items()}
    assert per_km["E"][0] == pytest.approx(parse_duration(e[0]), rel=0.02)
    assert per_km["E"][1] == pytest.approx(parse_duration(e[1]), rel=0.02)
    for name, text in (("M", m), ("T", t), ("I", i), ("R", r)):
        assert per_km[name][0] == pytest.approx(parse_duration(text), rel=0.02), name


def test_single_paces_have_no_spread_and_e_is_a_range():
    paces = model.training_paces(50)
    for name in "MTIR":
        assert paces[name][0] == paces[name][1]
    assert paces["E"][0] < paces["E"][1]
    order = [paces[n][0] for n in "EMTIR"]
    assert order == sorted(order, reverse=True)  # each faster than the last


@pytest.mark.parametrize("metres", [400, 1500, MILE, 5000, 21097.5, 42195])
@pytest.mark.parametrize("level", [32.5, 50, 77.7])
def test_round_trip_vdot_time_vdot(metres, level):
    assert model.vdot(metres, model.race_time(level, metres)) == pytest.approx(level, abs=1e-6)


@pytest.mark.parametrize("text", ["4:15/km", "6:51/mi", "9:00/mi"])
def test_round_trip_pace_time_pace(text):
    from trackcue.units import parse_pace

    pace = parse_pace(text)
    level = model.vdot(10000, pace * 10000)
    assert model.race_time(level, 10000) / 10000 == pytest.approx(pace, rel=1e-6)


@pytest.mark.parametrize("name", ["E", "M", "T", "I", "R"])
def test_round_trip_training_pace_vdot(name):
    fast, slow = model.training_pace(name, 47.3)
    assert model.vdot_from_training_pace(name, (fast + slow) / 2) == pytest.approx(47.3, abs=1e-6)


def test_vdot_falls_as_the_time_grows():
    times = [30 + 30 * k for k in range(500)]
    values = [model.vdot(5000, t) for t in times]
    assert all(a > b for a, b in zip(values, values[1:]))


def test_riegel_against_hand_computed_values():
    # 2 ** 1.06 = 2.084931; 0.5 ** 1.06 = 0.479632; (42195 / 21097.5) = 2 exactly
    assert model.riegel_time(1200, 5000, 10000) == pytest.approx(2501.92, abs=0.01)
    assert model.riegel_time(80, 400, 200) == pytest.approx(38.37, abs=0.01)
    assert model.riegel_time(5400, 21097.5, 42195) == pytest.approx(11258.63, abs=0.01)
    assert model.riegel_time(360, MILE, MILE) == 360


def test_oxygen_cost_and_fraction_match_the_published_equations():
    assert model.oxygen_cost(250) == pytest.approx(-4.60 + 0.182258 * 250 + 0.000104 * 250 ** 2)
    assert model.fraction_of_max(10) == pytest.approx(
        0.8 + 0.1894393 * math.exp(-0.12778) + 0.2989558 * math.exp(-1.932605))
    assert model.speed_for_cost(model.oxygen_cost(287.5)) == pytest.approx(287.5)
