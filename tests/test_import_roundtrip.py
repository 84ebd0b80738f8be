"""Export → import gives the same session: every library workout and hand-built ones, all three formats.

"The same" is what is played: for every segment, its intensity, how it ends, its time (a lap step's
target or plan), its distance and its target pace, within the formats' rounding (intervals.icu
times are whole seconds and its paces whole seconds per km, mile or 400 m; FIT speeds are mm/s).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from test_export_handbuilt import Builder, nested, two_hundreds

from trackcue.export.fit import to_fit
from trackcue.export.intervals_icu import to_intervals
from trackcue.export.structure import target_pace
from trackcue.export.zwo import to_zwo
from trackcue.paces import Profile, save_profile
from trackcue.timeline import Segment, Split, Timeline
from trackcue.workout import compile_file
from trackcue.workout.library import library_paths

THRESHOLD = 255 / 1000  # T = 4:15/km in the runner's profile: Zwift's fractions are of its speed
EXPORTS: dict[str, Callable[[Timeline], bytes]] = {
    "fit": lambda tl: to_fit(tl).data,
    "intervals": lambda tl: to_intervals(tl).text.encode("utf-8"),
    "zwo": lambda tl: to_zwo(tl, THRESHOLD).text.encode("utf-8"),
}
LIBRARY = library_paths()


@pytest.fixture(autouse=True)
def threshold_profile():
    save_profile(Profile({"T": "4:15/km"}))


def round_trip(tl: Timeline, fmt: str, tmp_path: Path) -> Timeline:
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(EXPORTS[fmt](tl))
    return compile_file(path, use_profile=False)


def assert_same_session(original: Timeline, back: Timeline) -> None:
    assert len(back.segments) == len(original.segments), [s.label for s in back.segments]
    for a, b in zip(original.segments, back.segments):
        where = f"segment {a.index} ({a.label} → {b.label})"
        assert (b.intensity, b.ends) == (a.intensity, a.ends), where
        assert b.duration_s == pytest.approx(a.duration_s, abs=0.6), where
        if a.distance_m or b.distance_m:
            assert b.distance_m == pytest.approx(a.distance_m, rel=5e-3), where
        pace_a, pace_b = target_pace(a), target_pace(b)
        assert (pace_a is None) == (pace_b is None), where
        if pace_a is not None:
            assert pace_b == pytest.approx(pace_a, rel=5e-3), where
        assert (a.pace_range is None or a.pace_range[0] == a.pace_range[1]) == \
               (b.pace_range is None or b.pace_range[0] == b.pace_range[1]), where
        if a.pace_range and a.pace_range[0] != a.pace_range[1]:
            assert b.pace_range == pytest.approx(a.pace_range, rel=5e-3), where


@pytest.mark.parametrize("fmt", list(EXPORTS))
@pytest.mark.parametrize("workout", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_every_library_workout_comes_back(workout, fmt, tmp_path):
    original = compile_file(workout, use_profile=False)
    assert_same_session(original, round_trip(original, fmt, tmp_path))


def shrinking() -> Timeline:
    return two_hundreds(reps=4, last_recovery=True, recoveries=[120, 90, 60, 30])


def odd_steps() -> Timeline:
    """Lap steps with and without a target or distance, a paced time step, a warm-up at a pace,
    named rest and strength steps, a split and a custom cue, a step of 37.5 s."""
    b = Builder()
    b.add("warmup", 600, pace_s_per_m=0.33, distance_m=600 / 0.33, label="Warm-up · 10min")
    mile = b.add("run", 360, ends="lap", distance_m=1609.344, pace_s_per_m=360 / 1609.344, label="Mile",
                 splits=(Split(at_m=800, after_s=180),))
    b.cue(mile, 120, "Relax the shoulders")
    b.add("jog", 75, ends="lap", label="Jog down", name="Jog down")
    b.add("run", 22, ends="lap", distance_m=100, label="Hill surge · 100 m, lap when done", name="Hill surge")
    b.add("run", 1200, pace_s_per_m=0.25, pace_range=(0.245, 0.255), distance_m=4800, label="Tempo")
    b.add("rest", 45, label="Change", name="Change")
    b.add("strength", 40, label="Squats", name="Squats")
    b.add("walk", 37.5, label="Walk")
    b.add("cooldown", 600, label="Cool-down")
    return b.timeline("Odd steps")


HAND_BUILT = {"two-hundreds": two_hundreds, "sets-of-400s": nested, "shrinking": shrinking, "odd-steps": odd_steps}


@pytest.mark.parametrize("fmt", list(EXPORTS))
@pytest.mark.parametrize("name", list(HAND_BUILT))
def test_hand_built_sessions_come_back(name, fmt, tmp_path):
    original = HAND_BUILT[name]()
    assert_same_session(original, round_trip(original, fmt, tmp_path))


def test_a_custom_cue_comes_back_once_and_trackcues_own_cues_are_not_doubled(tmp_path):
    original = compile_file(LIBRARY[0].parent / "threshold.yaml", use_profile=False)
    for fmt in ("intervals", "zwo"):
        back = round_trip(original, fmt, tmp_path)
        said = [(round(c.at_s), c.text) for c in back.cues if c.type == "speech"]
        assert said.count((15 * 60 + 9 * 60, "One minute left. Hold the pace.")) == 1, fmt
        halfway = [t for t, text in said if text == "Halfway"]
        assert len(halfway) == len(set(halfway)) == 3, fmt


@pytest.mark.parametrize("workout", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_an_intervals_round_trip_says_nothing_twice(workout, tmp_path):
    # The export writes split marks as prompts ("400 m 1:29.5"); imported back they were spoken
    # beside trackcue's own split calls (and pushed the third one out: "not said, no room").
    original = compile_file(workout, use_profile=False)
    back = round_trip(original, "intervals", tmp_path)
    splits = [(c.segment, c.at_s) for c in back.cues if c.kind == "split"]
    twice = [c.text for c in back.cues
             if c.kind == "custom" and any(seg == c.segment and abs(at - c.at_s) <= 1.5 for seg, at in splits)]
    assert twice == []


def test_a_mile_reps_split_prompts_come_back_as_trackcues_own_split_calls_only(workout_file, tmp_path):
    original = compile_file(workout_file("name: m\nsteps:\n  - warmup: 2min\n  - run: 1mi in 6:00\n  - jog: 2min\n"),
                            use_profile=False)
    assert [c.kind for c in original.cues].count("split") == 3
    back = round_trip(original, "intervals", tmp_path)
    assert [c.kind for c in back.cues].count("split") == 3
    assert not [c.text for c in back.cues if c.kind == "custom"]  # '400 m 1:29.5' was said beside 'four hundred…'
