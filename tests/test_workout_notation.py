"""The notation coaches write every day, accepted with the values it means (docs/workout-format.md
shows each one; tests/test_docs.py compiles those examples)."""

from __future__ import annotations

import pytest

from trackcue.workout import compile_file

MILE = 1609.344


def compiles(workout_file, text: str, sets: dict[str, str] | None = None):
    return compile_file(workout_file(text), sets, use_profile=False)


def only(tl, kind: str) -> list:
    return [s for s in tl.segments if s.kind == kind]


# --- repeats written as coaches write them -----------------------------------------------------


def test_n_x_distance_with_the_recovery_between(workout_file):
    tl = compiles(workout_file, "steps:\n  - run: 8 x 200m in 38s\n    jog: 2:00 -> 0:30\n")
    runs, jogs = only(tl, "run"), only(tl, "jog")
    assert [(r.rep, r.reps, r.distance_m, r.target_s) for r in runs] == [(n, 8, 200, 38) for n in range(1, 9)]
    assert [j.duration_s for j in jogs] == [120, 105, 90, 75, 60, 45, 30]  # none after the last rep


@pytest.mark.parametrize("value, count, metres, target", [
    ("8×200", 8, 200, None), ("8x200 in 38s", 8, 200, 38), ("10 x 400 at 6:00/mi", 10, 400, 89.5),
    ("6 * 1km in 3:30", 6, 1000, 210),
])
def test_n_x_spellings(workout_file, value, count, metres, target):
    runs = only(compiles(workout_file, f"steps:\n  - run: {value}\n"), "run")
    assert len(runs) == count and {(r.distance_m, r.target_s) for r in runs} == {(metres, target)}


def test_n_x_a_time(workout_file):
    runs = only(compiles(workout_file, "steps:\n  - run: 10 x 1:00 hard\n    walk: 1:00\n"), "run")
    assert [r.duration_s for r in runs] == [60] * 10 and runs[0].effort == "hard"


# --- paces ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, target", [
    ("400m @ 6:00/mi", 400 * 360 / MILE), ("400m@6:00/mi", 400 * 360 / MILE),
    ("1km at 4:30 min/km", 270), ("1km at 4:30/k", 270), ("1km @ 4:30 min/km", 270),
    ("1mi at 6:00 min/mile", 360),
])
def test_pace_spellings(workout_file, value, target):
    seg = compiles(workout_file, f"steps:\n  - run: {value}\n").segments[0]
    assert seg.target_s == pytest.approx(target, abs=0.05)


@pytest.mark.parametrize("value", ["1mi at 5K pace", "1mi at 5k", "1 mile @ 5K"])
def test_race_paces_as_coaches_say_them(workout_file, value):
    seg = compiles(workout_file, f"steps:\n  - run: {value}\n", {"5K": "20:00"}).segments[0]
    assert seg.target_s == pytest.approx(1200 / 5000 * MILE, abs=0.05)


@pytest.mark.parametrize("value", ["20min at half-marathon pace", "20min at half marathon pace", "20min at half"])
def test_half_marathon_by_any_of_its_names(workout_file, value):
    seg = compiles(workout_file, f"steps:\n  - run: {value}\n", {"half-marathon": "1:30:00"}).segments[0]
    assert seg.pace_s_per_m == pytest.approx(5400 / 21097.5)


@pytest.mark.parametrize("value, fast, slow", [
    ("10min at 5:30-5:40/mi", 330, 340), ("10min at 5:30 - 5:40/mi", 330, 340), ("10min at 5:30–5:40/mi", 330, 340),
    ("10min at mile + 40-50s/mi", 400, 410),
])
def test_hyphen_ranges(workout_file, value, fast, slow):
    seg = compiles(workout_file, f"params:\n  mile: 6:00\nsteps:\n  - run: {value}\n").segments[0]
    assert (seg.pace_range[0] * MILE, seg.pace_range[1] * MILE) == (pytest.approx(fast), pytest.approx(slow))


def test_set_names_regardless_of_case(workout_file):
    tl = compiles(workout_file, "params:\n  reps: 4\n  Mile: 6:00\nsteps:\n  - repeat: reps\n"
                                "    steps:\n      - run: 400m at mile\n", {"REPS": "5", "MILE": "5:00"})
    assert len(tl.segments) == 5 and tl.segments[0].target_s == pytest.approx(400 * 300 / MILE, abs=0.05)


# --- times -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, seconds", [("1'30\"", 90), ("2'", 120), ("45\"", 45), ("1’30”", 90), ("1'30", 90)])
def test_minutes_and_seconds_marks(workout_file, value, seconds):
    assert compiles(workout_file, f"steps:\n  - jog: {value}\n").segments[0].duration_s == seconds


def test_jog_same_as_the_rep(workout_file):
    tl = compiles(workout_file, "steps:\n  - repeat: 3\n    steps:\n      - run: [200m in 38s, 400m in 80s, 3min]\n"
                                "      - jog: same\n")
    assert [j.duration_s for j in only(tl, "jog")] == [38, 80, 180]


# --- per-set progressions -----------------------------------------------------------------------


SETS = "steps:\n  - repeat: 2\n    steps:\n      - repeat: 3\n        steps:\n          - run: 300m in 54s\n" \
       "          - jog: {jog}\n"


@pytest.mark.parametrize("jog", ["1:30 -> 0:30 each set", "1:30 -> 0:30 per set", "[1:30, 1:00, 0:30]"])
def test_recoveries_shrink_within_each_set(workout_file, jog):
    tl = compiles(workout_file, SETS.format(jog=jog))
    assert [j.duration_s for j in only(tl, "jog")] == [90, 60, 30, 90, 60, 30]


def test_a_progression_runs_across_the_sets_unless_told(workout_file):
    tl = compiles(workout_file, SETS.format(jog="2:30 -> 0:00:30"))
    assert [j.duration_s for j in only(tl, "jog")] == [150, 126, 102, 78, 54, 30]


# --- send-offs ----------------------------------------------------------------------------------


def test_send_off_the_rest_is_what_is_left(workout_file):
    tl = compiles(workout_file, "steps:\n  - repeat: 10\n    every: 2:00\n    steps:\n      - run: 400m in 75s\n")
    runs, rests = only(tl, "run"), only(tl, "rest")
    assert {r.ends for r in runs} == {"time"}  # the clock rules: each rep ends at its target
    assert [r.start_s for r in runs] == [120.0 * n for n in range(10)]
    assert [r.duration_s for r in rests] == [45.0] * 9
    said = [c.text for c in tl.cues if c.kind == "announce" and c.segment == runs[2].index][0]
    assert said == "Rep three of ten. Four hundred metres in one fifteen, on the two."


def test_send_off_after_a_jog_in_the_cycle(workout_file):
    tl = compiles(workout_file, "steps:\n  - repeat: 3\n    every: 2:30\n    steps:\n      - run: 400m in 80s\n"
                                "        ends: target\n      - jog: 30s\n")
    assert [round(s.duration_s) for s in tl.segments] == [80, 30, 40, 80, 30, 40, 80, 30]


def test_send_off_too_short_for_the_rep(cli, workout_file):
    code, _out, err = cli("check", str(workout_file("steps:\n  - repeat: 4\n    every: 1:00\n    steps:\n"
                                                     "      - run: 400m in 75s\n        ends: target\n")))
    assert code == 2 and ":3:12: error: the rep takes 1:15" in err and "every 1:00" in err


@pytest.mark.parametrize("cycle, words", [(120, "on the two"), (90, "on the one thirty"), (125, "on the two oh five"),
                                          (45, "on the forty-five"), (180, "on the three")])
def test_send_off_words(cycle, words):
    from trackcue.phrases import say_send_off

    assert say_send_off(cycle) == words


# --- repeat until -------------------------------------------------------------------------------


def test_repeat_until_a_time(workout_file):
    tl = compiles(workout_file, "steps:\n  - repeat: {until: 30min}\n    steps:\n      - run: 400m in 75s\n"
                                "        ends: target\n      - jog: 45s\n")
    assert len(only(tl, "run")) == 15 and tl.total_s == 1800


def test_repeat_until_a_distance(workout_file):
    tl = compiles(workout_file, "steps:\n  - repeat: {until: 5km}\n    steps:\n      - run: 1km in 3:30\n"
                                "      - jog: 2:00\n")
    assert len(only(tl, "run")) == 5 and tl.segments[0].reps == 5


def test_repeat_until_with_a_send_off(workout_file):
    tl = compiles(workout_file, "steps:\n  - repeat: {until: 20min}\n    every: 2:00\n    steps:\n"
                                "      - run: 400m in 80s\n        ends: target\n")
    assert len(only(tl, "run")) == 10


# --- calls during a step ------------------------------------------------------------------------


def test_time_left_every_two_minutes(workout_file):
    tl = compiles(workout_file, "steps:\n  - run: 10min at 4:00/km\n    every: 2min\n")
    calls = [(c.at_s, c.text) for c in tl.cues if c.kind == "time_left"]
    assert calls == [(120, "Eight minutes to go"), (240, "Six minutes to go"), (360, "Four minutes to go"),
                     (480, "Two minutes to go")]


def test_time_left_in_the_coachs_words(workout_file):
    tl = compiles(workout_file, 'steps:\n  - run: 3min\n    every: {1min: "{remaining} left, {elapsed} done"}\n')
    calls = [c.text for c in tl.cues if c.kind == "time_left"]
    assert calls == ["Two minutes left, one minute done", "One minute left, two minutes done"]


def test_next_in_a_cue(workout_file):
    tl = compiles(workout_file, 'steps:\n  - run: 2min\n    at: {-10s: "Next, {next}"}\n  - jog: 1:30\n')
    assert [c.text for c in tl.cues if c.kind == "custom"] == ["Next, jog, one thirty"]  # mid-sentence: lower case


def test_a_field_at_the_start_of_a_sentence_keeps_its_capital(workout_file):
    tl = compiles(workout_file, 'steps:\n  - run: 2min\n    at: {-10s: "Nearly done. {next} after this"}\n  - jog: 1:30\n')
    assert [c.text for c in tl.cues if c.kind == "custom"] == ["Nearly done. Jog, one thirty after this"]


# --- tracks and lanes ---------------------------------------------------------------------------


def test_lane_three_runs_a_longer_lap(workout_file):
    tl = compiles(workout_file, "track: {lane: 3}\nsteps:\n  - run: 400m at 6:00/mi\n    splits: 200m\n"
                                "  - run: 2 laps in 2:50\n")
    a, b = tl.segments
    assert a.distance_m == pytest.approx(414.70, abs=0.01) and a.written_m == 400
    assert a.target_s == pytest.approx(414.70 * 360 / MILE, abs=0.05)
    assert [(s.at_m, s.after_s) for s in a.splits] == [(pytest.approx(207.35, abs=0.01), pytest.approx(a.target_s / 2,
                                                                                                    abs=0.01))]
    assert b.distance_m == pytest.approx(829.40, abs=0.01) and b.target_s == 170
    assert a.label.startswith("Run · 400 m in")
    said = [c.text for c in tl.cues if c.kind == "announce"][0]
    assert "four hundred metres" in said


@pytest.mark.parametrize("lane, lap", [(1, 400.0), (2, 407.04), (4, 422.37), (8, 453.03)])
def test_world_athletics_lane_lengths(lane, lap):
    from trackcue.workout.model import Track

    assert Track(400.0, lane).lap_m == pytest.approx(lap, abs=0.01)


def test_an_indoor_track_has_200m_laps(workout_file):
    seg = compiles(workout_file, "track: {length: 200m}\nsteps:\n  - run: 4 laps in 2:40\n").segments[0]
    assert (seg.distance_m, seg.target_s) == (800, 160)


@pytest.mark.parametrize("track, words", [("{lane: 12}", "lane number from 1"), ("{length: 20m}", "not a running track"),
                                          ("{lanes: 2}", "did you mean 'lane'")])
def test_a_track_that_cannot_be(cli, workout_file, track, words):
    code, _out, err = cli("check", str(workout_file(f"track: {track}\nsteps:\n  - run: 400m\n")))
    assert code == 2 and words in err


# --- a time after '@' on a distance: the target time a coach means ('8 x 200m @ 38s') -------------


@pytest.mark.parametrize("value, target", [
    ("8 x 200m @ 38s", 38), ("400m @ 1:15", 75), ("200m at 38s", 38), ("1mi @ 6:00", 360), ("200m@38s", 38),
])
def test_a_time_after_at_is_the_target_time(workout_file, value, target):
    runs = only(compiles(workout_file, f"steps:\n  - run: {value}\n"), "run")
    as_in = only(compiles(workout_file, f"steps:\n  - run: {value.replace('@', ' in ').replace(' at ', ' in ')}\n"), "run")
    assert {r.target_s for r in runs} == {target} and runs == as_in


@pytest.mark.parametrize("value, words", [
    ("2min @ 38s", "a time after '@' is a target time, for a distance"),
    ("200m in 38s @ 40s", "has two target times"),
    ("200m @ 6:00", "for a pace write 6:00/mi or 6:00/km"),  # a pace missing its unit, not a 6-minute 200
])
def test_a_time_after_at_refused_where_it_cannot_be_a_target(cli, workout_file, value, words):
    code, _, err = cli("check", str(workout_file(f"steps:\n  - run: {value}\n")))
    assert code == 2 and words in err and err.count("\n") == 1


def test_not_a_pace_message_quotes_the_term_once(cli, workout_file):
    code, _, err = cli("check", str(workout_file("steps:\n  - run: 200m at 38s banana\n")))
    assert code == 2 and "'38s banana' is not a pace" in err and "in '38s banana'" not in err
