"""FIT workout files made by Garmin's own encoder (garmin-fit-sdk) import as the workout they describe."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from garmin_fit_sdk import Encoder, Profile

from trackcue.errors import UserError
from trackcue.paces import Profile as RunnerProfile, save_profile
from trackcue.workout import compile_file
from trackcue.workout.importers import import_file, sniff

MESG = Profile["mesg_num"]


def garmin_fit(steps: list[dict], name: str = "Coach's 400s", file_type: str = "workout", sport: str = "running") -> bytes:
    """A workout file written by Garmin's FIT SDK encoder, as Garmin Connect would write it."""
    enc = Encoder()
    enc.write_mesg({"mesg_num": MESG["FILE_ID"], "type": file_type, "manufacturer": "garmin", "product": 0,
                    "serial_number": 123456, "time_created": dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)})
    enc.write_mesg({"mesg_num": MESG["WORKOUT"], "wkt_name": name, "sport": sport, "num_valid_steps": len(steps)})
    for i, step in enumerate(steps):
        enc.write_mesg({"mesg_num": MESG["WORKOUT_STEP"], "message_index": i, "target_type": "open", **step})
    return bytes(enc.close())


def write(tmp_path: Path, data: bytes, name: str = "coach.fit") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def imported(tmp_path: Path, data: bytes) -> str:
    return import_file(write(tmp_path, data), "coach.fit").yaml


WARM = {"wkt_step_name": "Warm up", "duration_type": "time", "duration_value": 600_000, "intensity": "warmup"}
COOL = {"duration_type": "time", "duration_value": 300_000, "intensity": "cooldown"}


def four_hundreds() -> bytes:
    """10 min warm-up; 6 × (400 m at 4.166–4.444 m/s, lap-button recovery in HR zone 2); 5 min cool-down."""
    return garmin_fit([
        WARM,
        {"duration_type": "distance", "duration_value": 40_000, "target_type": "speed", "target_value": 0,
         "custom_target_value_low": 4166, "custom_target_value_high": 4444, "intensity": "active",
         "notes": "Fast but relaxed"},
        {"duration_type": "open", "target_type": "heart_rate", "target_value": 2, "intensity": "recovery"},
        {"duration_type": "repeat_until_steps_cmplt", "duration_value": 1, "target_value": 6},
        COOL,
    ])


def test_fit_is_told_by_its_header_not_its_name(tmp_path):
    assert sniff(four_hundreds()[:64]) == "fit"
    path = write(tmp_path, four_hundreds(), "download")  # no extension at all
    assert compile_file(path).name == "Coach's 400s"


def test_garmin_encoded_repeats_distance_speed_range_and_open_steps(tmp_path):
    yaml = imported(tmp_path, four_hundreds())
    assert "  - warmup: 10min\n" in yaml  # "Warm up" only names the kind: no name kept
    assert "  - repeat: 6\n" in yaml
    assert "      - run: 400m at 3:45..4:00/km\n        note: \"Fast but relaxed\"\n" in yaml
    assert "# approximated: a heart rate zone 2 target: trackcue has no heart rate targets" in yaml
    assert "      - jog: until lap\n" in yaml and "  - cooldown: 5min\n" in yaml
    tl = compile_file(write(tmp_path, four_hundreds()))
    assert [s.kind for s in tl.segments] == ["warmup"] + ["run", "jog"] * 6 + ["cooldown"]
    run = tl.segments[1]
    assert (run.ends, run.distance_m) == ("lap", 400.0)
    assert run.pace_range == pytest.approx((1 / 4.444, 1 / 4.166), rel=2e-3)
    assert run.target_s == pytest.approx(400 * (1 / 4.444 + 1 / 4.166) / 2, abs=0.1)
    assert [s.rep for s in tl.segments[1:13:2]] == [1, 2, 3, 4, 5, 6]


def test_repeat_inside_repeat_and_a_repeat_of_one(tmp_path):
    """3 sets of (4 × 300 m / 1:30 jog), 3:00 rest between; a set count of 1 plays once."""
    data = garmin_fit([
        {"duration_type": "distance", "duration_value": 30_000, "intensity": "active"},
        {"duration_type": "time", "duration_value": 90_000, "intensity": "recovery"},
        {"duration_type": "repeat_until_steps_cmplt", "duration_value": 0, "target_value": 4},
        {"duration_type": "time", "duration_value": 180_000, "intensity": "rest"},
        {"duration_type": "repeat_until_steps_cmplt", "duration_value": 0, "target_value": 3},
        {"duration_type": "time", "duration_value": 60_000, "intensity": "active", "wkt_step_name": "Stride"},
        {"duration_type": "repeat_until_steps_cmplt", "duration_value": 5, "target_value": 1},
    ])
    yaml = imported(tmp_path, data)
    assert "  - repeat: 3\n    steps:\n      - repeat: 4\n        steps:\n          - run: 300m until lap\n" in yaml
    tl = compile_file(write(tmp_path, data))
    kinds = [s.kind for s in tl.segments]
    assert kinds == (["run", "jog"] * 4 + ["rest"]) * 3 + ["run"]
    assert tl.segments[-1].name == "Stride" and tl.segments[-1].duration_s == 60
    assert tl.segments[9].blocks[0][1:] == (2, 3)  # set 2 of 3


def test_repeat_until_time_and_conditions_the_watch_ends_are_reported(tmp_path):
    data = garmin_fit([
        {"duration_type": "time", "duration_value": 60_000, "intensity": "active"},
        {"duration_type": "time", "duration_value": 60_000, "intensity": "recovery"},
        {"duration_type": "repeat_until_time", "duration_value": 0, "target_value": 600_000},
        {"duration_type": "hr_less_than", "duration_value": 230, "intensity": "recovery"},
        {"duration_type": "calories", "duration_value": 50, "intensity": "cooldown"},
    ])
    yaml = imported(tmp_path, data)
    assert "  # approximated: the file repeats these until 10min have passed; played 5 times (10min)\n  - repeat: 5\n" in yaml
    assert "heart rate is below 130 bpm; press lap instead" in yaml
    assert "after 50 calories; press lap instead" in yaml
    tl = compile_file(write(tmp_path, data))
    assert len(tl.segments) == 12 and tl.segments[-2].ends == tl.segments[-1].ends == "lap"


def test_speed_zone_and_power_targets_play_without_a_target(tmp_path):
    data = garmin_fit([
        {"duration_type": "time", "duration_value": 300_000, "intensity": "active", "target_type": "speed", "target_value": 3},
        {"duration_type": "time", "duration_value": 300_000, "intensity": "active", "target_type": "power", "target_value": 4},
    ])
    yaml = imported(tmp_path, data)
    assert "speed zone 3: the watch's zones are not in the file; no pace target" in yaml
    assert "a power zone 4 target" in yaml
    assert all(s.pace_s_per_m is None for s in compile_file(write(tmp_path, data)).segments)


def test_a_trackcue_band_comes_back_as_its_single_pace(tmp_path):
    """±3 % around 0.19 s/m is what `trackcue export` writes for '200m in 38s': it reads back as 38 s."""
    low, high = round(1000 / (0.19 * 1.03)), round(1000 / (0.19 * 0.97))
    data = garmin_fit([{"duration_type": "open", "intensity": "active", "wkt_step_name": "Run · 200 m in 38s",
                        "target_type": "speed", "target_value": 0,
                        "custom_target_value_low": low, "custom_target_value_high": high}])
    assert "  - run: 200m in 38s\n" in imported(tmp_path, data)


def test_activity_files_and_hostile_bytes_are_refused_in_one_line(tmp_path):
    cases = {
        "activity": (garmin_fit([WARM], file_type="activity"), "this is a FIT activity file, not a workout"),
        "truncated": (four_hundreds()[:60], "the FIT file cannot be read: it is cut short"),
        "crc": (four_hundreds()[:-2] + b"\x00\x00", "the FIT file is damaged: its checksum does not match"),
        "header only": (four_hundreds()[:14], "the FIT file cannot be read"),
    }
    for what, (data, message) in cases.items():
        path = write(tmp_path, data, f"{what}.fit")
        with pytest.raises(UserError) as err:
            compile_file(path)
        (problem,) = err.value.problems
        assert problem.file == str(path) and message in problem.message, what
        assert "\n" not in problem.format() and problem.hint, what


def test_a_repeat_step_pointing_forward_is_refused(tmp_path):
    data = garmin_fit([
        {"duration_type": "time", "duration_value": 60_000, "intensity": "active"},
        {"duration_type": "repeat_until_steps_cmplt", "duration_value": 5, "target_value": 3},
    ])
    with pytest.raises(UserError, match="repeat step 1 points back to step 5, which is not before it"):
        compile_file(write(tmp_path, data))


def test_profile_units_write_paces_per_mile(tmp_path):
    save_profile(RunnerProfile({"mile": "6:00"}, units="imperial"))
    assert "      - run: 400m at 6:02.1..6:26.3/mi\n" in imported(tmp_path, four_hundreds())


def test_a_repeat_step_pointing_into_another_repeat_is_refused(tmp_path):
    data = garmin_fit([
        {"duration_type": "time", "duration_value": 60_000, "intensity": "active"},
        {"duration_type": "time", "duration_value": 60_000, "intensity": "recovery"},
        {"duration_type": "repeat_until_steps_cmplt", "duration_value": 0, "target_value": 3},
        {"duration_type": "time", "duration_value": 60_000, "intensity": "active"},
        {"duration_type": "repeat_until_steps_cmplt", "duration_value": 1, "target_value": 2},
    ])
    with pytest.raises(UserError, match="repeat step 4 points into the middle of another repeat"):
        compile_file(write(tmp_path, data))
