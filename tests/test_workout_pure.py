"""The compiler is pure: one parsed ``WorkoutDef`` compiled with any options, in any order, gives
what a compile of a fresh parse gives (the determinism test re-parses and cannot see this)."""

from __future__ import annotations

from trackcue.paces.names import named_pace_from_value
from trackcue.workout.compiler import compile_def
from trackcue.workout.parse import parse_file

WORKOUT = """
name: Paced reps
params:
  reps: {default: 3, min: 1, max: 10}
  pace: {default: "4:00/km"}
cues: {splits: 200m}
steps:
  - warmup: 10min easy
  - repeat: reps
    steps:
      - run: 400m at pace
      - jog: 2:00 -> 1:00
  - run: 5min at 4:30/km
  - cooldown: 5min
"""

OPTIONS: list[dict[str, object]] = [
    {},
    {"units": "imperial"},
    {"overrides": {"reps": "5", "pace": "6:00/mi"}, "units": "imperial"},
    {"get_ready_s": 0.0, "auto_lap": True},
    {"profile": {"5k": named_pace_from_value("5k", "20:00", "profile: 5k 20:00")}},
    {},
]


def test_one_definition_compiled_with_different_options_matches_fresh_compiles(workout_file):
    path = workout_file(WORKOUT)
    shared = parse_file(path)
    for options in OPTIONS:
        again = compile_def(shared, **options).to_json()  # type: ignore[arg-type]
        fresh = compile_def(parse_file(path), **options).to_json()  # type: ignore[arg-type]
        assert again == fresh, options
    assert shared.cues.units == "metric"


def test_the_units_option_reaches_the_labels(workout_file):
    """``units`` (the runner's profile) decides the labels' pace unit, not only the spoken words."""
    wdef = parse_file(workout_file(WORKOUT))
    metric = compile_def(wdef).segments[-2].label
    imperial = compile_def(wdef, units="imperial").segments[-2].label
    assert metric == "Run · 5min at 4:30/km"
    assert imperial == "Run · 5min at 7:15/mi"


def test_compiles_table_shows_paces_in_the_units_the_cues_are_spoken_in(workout_file):
    from trackcue.workout import compile_file
    from trackcue.workout.report import step_table

    tl = compile_file(workout_file("name: u\ncues: {units: imperial}\nsteps:\n  - run: 3min at 6:26/mi\n"),
                      use_profile=False)
    row = step_table(tl).splitlines()[1]
    assert row.endswith("(6:26/mi)"), row  # was "(4:00/km)" while "six twenty-six mile pace" was said
