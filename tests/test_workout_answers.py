"""Wrong answers are never given silently: what cannot be meant is refused with the right hint."""

from __future__ import annotations

import re

import pytest

from trackcue.workout import compile_file


def refused(cli, workout_file, text: str, *args: str) -> list[str]:
    code, _out, err = cli("check", str(workout_file(text)), *args)
    assert code == 2 and "Traceback" not in err, err
    return err.strip().splitlines()


def compiles(workout_file, text: str, sets: dict[str, str] | None = None):
    return compile_file(workout_file(text), sets, use_profile=False)


# --- a bare number is not a time ---------------------------------------------------------------


@pytest.mark.parametrize("text, where, hint", [
    ("steps:\n  - run: 200\n", ":2:10:", "200 what? write 200m for metres or 200s for seconds"),
    ("steps:\n  - repeat: 2\n    steps:\n      - jog: [90, 1:00]\n", ":4:15:", "90 what?"),
    ("steps:\n  - run: 200m in 38\n", ":2:10:", "38 what? write 38s for seconds"),
    ("get_ready: 10\nsteps:\n  - run: 1min\n", ":1:12:", "write 10s"),
    ("steps:\n  - run: until lap\n    about: 25\n", ":3:12:", "write 25s"),
    ("steps:\n  - run: 5min\n    at: {30: Relax}\n", ":3:10:", "write 30s"),
    ("params:\n  recovery: {default: '90'}\nsteps:\n  - jog: recovery\n", ":2:23:", "90 what?"),
])
def test_a_bare_number_is_refused_with_the_units_to_choose(cli, workout_file, text, where, hint):
    lines = refused(cli, workout_file, text)
    assert len(lines) == 1 and where in lines[0] and hint in lines[0]


# --- 'm' is metres, judged by what is around it -----------------------------------------------


@pytest.mark.parametrize("text, words", [
    ("steps:\n  - run: 20m easy\n", "20 metres easy"),
    ("steps:\n  - warmup: 10m at 6:00/km\n", "a 10 m warmup"),
    ("steps:\n  - cooldown: 15m\n", "a 15 m cooldown"),
    ("steps:\n  - repeat: 4\n    steps:\n      - run: 400m in 80s\n      - jog: 30m\n", "a 30 m jog"),
    ("steps:\n  - rest: 2m\n", "a rest step stays in one place"),
    ("steps:\n  - run: 30m at 5:00/km\n", "30 metres at a jogging pace"),
])
def test_metres_that_cannot_be_meant_are_refused(cli, workout_file, text, words):
    lines = refused(cli, workout_file, text)
    assert len(lines) == 1 and words in lines[0] and "for minutes write" in lines[0]


def test_metres_that_can_be_meant_stand(workout_file):
    tl = compiles(workout_file, """
steps:
  - repeat: 6
    steps:
      - run: 60m fast
        name: Stride
      - walk: 60m
  - jog: 60m in 20s
  - cooldown: 300m at 5:20/km
  - run: 400m easy
  - run: 30 metres
"""), None
    segs = tl[0].segments
    assert [s.distance_m for s in segs[:2]] == [60, 60]
    assert segs[-4].distance_m == 60 and segs[-3].distance_m == 300 and segs[-1].distance_m == 30


# --- --set values that change nothing or cannot be --------------------------------------------

GOAL_PACE = "params:\n  mile: '6:00'\nsteps:\n  - repeat: 2\n    steps:\n      - run: 400m at mile\n"


@pytest.mark.parametrize("value, words", [
    ("3:30", "a 3:30 mile is impossible: faster than the world record"),
    ("6", "6 what? write 6:00 for minutes or 6s for seconds"),
])
def test_a_set_pace_that_cannot_be_is_refused(cli, workout_file, value, words):
    lines = refused(cli, workout_file, GOAL_PACE, "--set", f"mile={value}")
    assert len(lines) == 1 and words in lines[0]


def test_a_set_pace_is_used(workout_file):
    tl = compiles(workout_file, GOAL_PACE, {"mile": "5:00"})
    assert tl.segments[0].target_s == pytest.approx(300 / 1609.344 * 400, abs=0.05)


def test_a_set_pace_the_workout_never_uses_is_refused(cli):
    code, _out, err = cli("check", "strength", "--set", "mile=5:00")
    assert code == 2
    assert "--set mile=5:00 changes nothing in Strength circuit: it uses no named pace" in err
    assert "its parameters: hold, pause, rounds, work" in err


def test_a_count_of_zero_does_not_delete_a_block_silently(cli, workout_file):
    text = "params:\n  reps: 4\nsteps:\n  - warmup: 10min\n  - repeat: reps\n    steps:\n      - run: 400m in 80s\n"
    lines = refused(cli, workout_file, text, "--set", "reps=0")
    assert len(lines) == 1 and ":5:13: error: repeat: reps is 0 (--set), so this block would vanish" in lines[0]


def test_a_block_the_coach_made_optional_may_be_switched_off(workout_file):
    text = "params:\n  strides: {default: 4, min: 0}\nsteps:\n  - run: 10min\n  - repeat: strides\n" \
           "    steps:\n      - run: 100m in 18s\n"
    assert len(compiles(workout_file, text, {"strides": "0"}).segments) == 1


# --- progressions and lists that cannot apply --------------------------------------------------


@pytest.mark.parametrize("text, where, words", [
    ("steps:\n  - jog: 2:00 -> 0:30\n", ":2:10:", "changes from rep to rep, but this step is played once"),
    ("steps:\n  - jog: [2:00, 1:00]\n", ":2:10:", "a list of 2 values, but this step is played once"),
    ("steps:\n  - repeat: 2\n    steps:\n      - jog: [2:00, 1:30, 1:00]\n", ":4:14:",
     "the list has 3 values but this step is played 2 times"),
    ("steps:\n  - repeat: 2\n    steps:\n      - repeat: 3\n        steps:\n          - jog: [1:00, 0:45]\n", ":6:18:",
     "the list has 2 values but this step is played 6 times (3 in each set)"),
])
def test_progressions_and_lists_that_cannot_apply_are_refused(cli, workout_file, text, where, words):
    lines = refused(cli, workout_file, text)
    assert len(lines) == 1 and where in lines[0] and words in lines[0], lines


# --- check reads the profile, as compile and run do --------------------------------------------

FIVE_K = "steps:\n  - repeat: 2\n    steps:\n      - run: 1mi at 5k\n"


def test_check_uses_the_runners_profile(cli, workout_file):
    code, out, err = cli("profile", "set", "5k=20:00")
    assert code == 0, err
    path = workout_file(FIVE_K)
    code, out, err = cli("check", str(path))
    assert code == 0 and "ok" in out, err
    code, _out, err = cli("check", "--no-profile", str(path))
    assert code == 2 and "pace '5k' has no value yet" in err


def test_check_without_a_profile_says_how_to_give_the_pace(cli, workout_file):
    lines = refused(cli, workout_file, FIVE_K)
    assert len(lines) == 1 and re.search(r":4:14: error: run: pace '5k' has no value yet \(hint: give your 5k time: "
                                         r"trackcue profile set 5k=19:57, or --set 5k=19:57 for this run\)$", lines[0])


def test_a_training_pace_without_a_value_says_what_it_comes_from(cli, workout_file):
    lines = refused(cli, workout_file, "steps:\n  - run: 20min at t\n")
    assert len(lines) == 1 and "pace 'T' has no value yet (hint: T is derived from a race time: trackcue profile set 5k=" in lines[0]
