"""Every item of the workout language, compiled from small files (docs/workout-format.md shows each)."""

from __future__ import annotations

import pytest

from trackcue.workout import compile_file


def compile_text(workout_file, text: str, sets: dict | None = None, **files: str):
    for name, body in files.items():
        workout_file(body, f"{name}.yaml")
    return compile_file(workout_file(text), sets, use_profile=False)


def test_step_kinds_intensities_and_names(workout_file):
    tl = compile_text(workout_file, """
steps:
  - warmup: 10min
  - run: 5min
  - jog: 2:00
  - walk: 1min
  - rest: 30s
  - stretch: 30s
    name: Hamstrings
  - strength: 45s
    name: Calf raises
  - cooldown: 10min
""")
    got = [(s.kind, s.intensity) for s in tl.segments]
    assert got == [("warmup", "warmup"), ("run", "work"), ("jog", "recovery"), ("walk", "recovery"),
                   ("rest", "rest"), ("stretch", "rest"), ("strength", "work"), ("cooldown", "cooldown")]
    assert tl.segments[5].name == "Hamstrings" and tl.segments[5].label.startswith("Hamstrings")


def test_kind_aliases_and_intensity_override(workout_file):
    tl = compile_text(workout_file, "steps:\n  - warm-up: 5min\n  - cool-down: 5min\n  - run: 20min\n    intensity: warmup\n")
    assert [s.kind for s in tl.segments] == ["warmup", "cooldown", "run"]
    assert tl.segments[2].intensity == "warmup"


@pytest.mark.parametrize("value, seconds", [("15min", 900), ("90s", 90), ("2:00", 120), ("1:30:00", 5400),
                                            ("'2:00'", 120), ("0:30", 30), ("1h", 3600)])
def test_time_ends_quoted_or_not(workout_file, value, seconds):
    tl = compile_text(workout_file, f"steps:\n  - run: {value}\n")
    assert tl.segments[0].duration_s == seconds and tl.segments[0].ends == "time"


def test_distance_with_target_time_ends_on_lap(workout_file):
    seg = compile_text(workout_file, "steps:\n  - run: 200m in 38s\n").segments[0]
    assert (seg.distance_m, seg.target_s, seg.duration_s, seg.ends) == (200, 38, 38, "lap")


def test_distance_ends_target_setting(workout_file):
    seg = compile_text(workout_file, "distance_ends: target\nsteps:\n  - run: 200m in 38s\n").segments[0]
    assert seg.ends == "time" and seg.duration_s == 38


def test_distance_at_pace(workout_file):
    seg = compile_text(workout_file, "steps:\n  - run: 400m at 6:00/mi\n").segments[0]
    assert seg.target_s == pytest.approx(89.5)
    assert seg.pace_s_per_m == pytest.approx(360 / 1609.344, rel=1e-3)


@pytest.mark.parametrize("value, metres", [("1km in 3:30", 1000), ("1mi in 6:00", 1609.344), ("2 laps in 2:50", 800)])
def test_distance_units(workout_file, value, metres):
    assert compile_text(workout_file, f"steps:\n  - run: {value}\n").segments[0].distance_m == pytest.approx(metres)


def test_open_steps_end_on_lap(workout_file):
    tl = compile_text(workout_file, "steps:\n  - run: until lap\n    about: 25s\n  - jog: 100m until lap\n")
    a, b = tl.segments
    assert (a.ends, a.duration_s, a.target_s) == ("lap", 25, None)
    assert (b.ends, b.distance_m) == ("lap", 100)


def test_nested_repeats_and_skip_last_recovery(workout_file):
    tl = compile_text(workout_file, """
steps:
  - repeat: 2
    steps:
      - repeat: 3
        skip_last_recovery: true
        steps:
          - run: 200m in 40s
          - jog: 1min
      - rest: 3min
""")
    kinds = [s.kind for s in tl.segments]
    assert kinds == ["run", "jog", "run", "jog", "run", "rest"] * 2
    runs = [s for s in tl.segments if s.kind == "run"]
    assert [(s.set, s.sets, s.rep, s.reps) for s in runs[:4]] == [(1, 2, 1, 3), (1, 2, 2, 3), (1, 2, 3, 3), (2, 2, 1, 3)]
    assert runs[0].blocks[0][0] != runs[0].blocks[1][0]


def test_linear_progression_recoveries_shrink(workout_file):
    tl = compile_text(workout_file, """
steps:
  - repeat: 8
    skip_last_recovery: true
    steps:
      - run: 200m in 38s
      - jog: 2:00 -> 0:30
""")
    jogs = [s.duration_s for s in tl.segments if s.kind == "jog"]
    assert jogs == [120, 105, 90, 75, 60, 45, 30]


def test_progression_of_a_target(workout_file):
    tl = compile_text(workout_file, "steps:\n  - repeat: 3\n    steps:\n      - run: 400m in 90s -> 86s\n")
    assert [s.target_s for s in tl.segments] == [90, 88, 86]


def test_per_rep_list(workout_file):
    tl = compile_text(workout_file, "steps:\n  - repeat: 3\n    steps:\n      - run: [200m in 38s, 400m in 80s, 200m in 37s]\n")
    assert [(s.distance_m, s.target_s) for s in tl.segments] == [(200, 38), (400, 80), (200, 37)]


def test_splits_first_half_slower(workout_file):
    seg = compile_text(workout_file, """
params:
  mile: 6:00
steps:
  - run: 400m
    splits: [200m at mile + 4s/200m, 200m at mile - 1s/200m]
""").segments[0]
    first = seg.splits[0].after_s
    second = seg.target_s - first
    assert first - second == pytest.approx(5.0, abs=0.05)
    assert second < 360 / 1609.344 * 200  # faster than mile goal pace


def test_even_split_calls_at_target_pace(workout_file):
    tl = compile_text(workout_file, "steps:\n  - run: 200m in 38s\n    splits: 100m\n")
    assert [(p.at_m, p.after_s) for p in tl.segments[0].splits] == [(100, 19)]
    split = [c for c in tl.cues if c.kind == "split"][0]
    assert (split.at_s, split.text) == (19, "one hundred, nineteen")


def test_named_pace_with_offset_gives_38s(workout_file):
    seg = compile_text(workout_file, "params:\n  400m: 80s\nsteps:\n  - run: 200m at 400m - 2s/200m\n").segments[0]
    assert seg.target_s == 38
    assert any("400m" in s for s in seg.sources)


def test_pace_range_gives_a_tolerance(workout_file):
    seg = compile_text(workout_file, "params:\n  mile: 6:00\nsteps:\n  - run: 10min at mile + 40..50s/mi\n").segments[0]
    fast, slow = seg.pace_range
    assert fast * 1609.344 == pytest.approx(400) and slow * 1609.344 == pytest.approx(410)
    assert seg.pace_s_per_m * 1609.344 == pytest.approx(405)


def test_set_overrides_params_and_paces(workout_file):
    text = """
params:
  reps: {default: 8, min: 6, max: 10}
  mile: 6:00
steps:
  - repeat: reps
    steps:
      - run: 400m at mile
"""
    tl = compile_text(workout_file, text, {"reps": "10", "mile": "5:45"})
    assert len(tl.segments) == 10
    assert tl.segments[0].target_s == pytest.approx(345 / 1609.344 * 400, abs=0.05)


def test_default_cues_for_a_plain_file(workout_file):
    tl = compile_text(workout_file, """
steps:
  - jog: 2:00
  - repeat: 2
    steps:
      - run: 200m in 38s
      - jog: 1:00
""")
    kinds = [(c.kind, c.segment) for c in tl.cues]
    rep1 = tl.segments[1]
    pips = [c for c in tl.cues if c.kind == "pip" and c.segment == 1]
    assert [c.at_s for c in pips] == [rep1.start_s - 3, rep1.start_s - 2, rep1.start_s - 1]
    go = [c for c in tl.cues if c.kind == "go" and c.segment == 1][0]
    assert go.at_s == rep1.start_s
    ann = [c for c in tl.cues if c.kind == "announce" and c.segment == 1][0]
    assert ann.text == "Rep one of two. Two hundred metres in thirty-eight seconds." and ann.ends_by_s == rep1.start_s - 3.5
    assert ann.at_s < ann.ends_by_s
    assert ("stop", 2) not in kinds  # the lap press ends a 200 m rep and its time is spoken instead
    last = [c for c in tl.cues if c.kind == "announce" and c.segment == 3][0]
    assert last.text.startswith("Last rep.")
    assert tl.cues[-1].kind == "finish" and tl.cues[-1].at_s == tl.total_s


def test_cues_at_offsets_halfway_and_templates(workout_file):
    tl = compile_text(workout_file, """
steps:
  - repeat: 2
    steps:
      - run: 4min
        say: "Rep {rep} of {reps}, {target}"
        halfway: true
        at: {30s: Relax your shoulders, -10s: Ten seconds, 50%: {sound: split}}
""")
    seg = tl.segments[0]
    by_kind = {}
    for c in tl.cues:
        if c.segment == 0:
            by_kind.setdefault(c.kind, []).append(c)
    assert by_kind["announce"][0].text == "Rep one of two, four minutes"
    customs = sorted((c.at_s, c.text or c.sound) for c in by_kind["custom"])
    assert customs == [(30, "Relax your shoulders"), (120, "split"), (230, "Ten seconds")]
    assert by_kind["halfway"][0].at_s == seg.start_s + 120


def test_spoken_targets_in_runner_terms(workout_file):
    tl = compile_text(workout_file, "cues: {units: imperial}\nsteps:\n  - run: 10min at 6:00/mi\n")
    ann = [c for c in tl.cues if c.kind == "announce"][0]
    assert "six minute mile pace" in ann.text


def test_cue_settings_turn_things_off(workout_file):
    tl = compile_text(workout_file, """
cues: {pips: none, announce: false, finish: false, go: none, recovery_warning: false}
steps:
  - jog: 1min
  - run: 1min
""")
    assert tl.cues == []


def test_recovery_warning_before_work(workout_file):
    tl = compile_text(workout_file, "steps:\n  - jog: 1min\n  - run: 1min\n")
    warn = [c for c in tl.cues if c.kind == "warning"]
    assert [(c.at_s, c.text) for c in warn] == [(50, "ten seconds to go")]


@pytest.mark.parametrize(("jog", "warning", "said"), [("45s", None, True), ("44s", None, False),
                                                      ("59s", "15s", False), ("60s", "15s", True)])
def test_the_recovery_warning_needs_45_seconds_and_four_times_itself_as_the_docs_say(workout_file, jog, warning, said):
    cues = f"cues: {{recovery_warning: {warning}}}\n" if warning else ""
    tl = compile_text(workout_file, f"{cues}steps:\n  - jog: {jog}\n  - run: 1min\n")
    assert any(c.kind == "warning" for c in tl.cues) == said


def test_include_reuses_a_routine_with_its_parameters(workout_file):
    tl = compile_text(workout_file, """
steps:
  - include: routine
    set: {hold: 45s}
  - run: 10min
  - include: routine
""", routine="params:\n  hold: 30s\nsteps:\n  - stretch: hold\n    name: Calves\n")
    assert [s.duration_s for s in tl.segments] == [45, 600, 30]


def test_library_include_by_name(workout_file):
    tl = compile_text(workout_file, "steps:\n  - include: stretching\n")
    assert len(tl.segments) == 11


def test_compile_is_deterministic(workout_file):
    path = workout_file("steps:\n  - repeat: 3\n    steps:\n      - run: 200m in 38s\n      - jog: 2:00 -> 0:30\n")
    assert compile_file(path, use_profile=False).to_json() == compile_file(path, use_profile=False).to_json()


def test_stop_tone_when_the_clock_ends_a_rep(workout_file):
    tl = compile_text(workout_file, "steps:\n  - run: 1min\n  - jog: 1min\n  - run: 200m in 38s\n    ends: target\n  - jog: 1min\n")
    stops = [(c.at_s, c.segment) for c in tl.cues if c.kind == "stop"]
    assert stops == [(60, 1), (158, 3)]
