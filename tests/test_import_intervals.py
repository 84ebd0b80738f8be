"""intervals.icu workout text: m is minutes, mtr/km are distances, zones come from the runner's profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from trackcue.errors import UserError
from trackcue.paces import Profile, save_profile
from trackcue.workout import compile_file
from trackcue.workout.importers import import_file, sniff

TEXT = """Tuesday track session

Warmup
- 15m Z2 Pace
- Strides 4x20s <!> 1m30s

Main set 6x
- 400mtr 3:45/km Pace press lap
- Float 90s 5:30-6:00/km Pace

5x
- 1km 95-100% Pace
- 2m

Cooldown
- 10m 70% HR
"""


@pytest.fixture
def threshold_4_00():
    save_profile(Profile({"T": "4:00/km"}))


def write(tmp_path: Path, text: str, name: str = "session.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_told_from_yaml_by_its_step_lines():
    assert sniff(TEXT.encode()) == "intervals"
    assert sniff(b"name: x\nsteps:\n  - run: 10min\n") is None
    assert sniff(b"- 10m Z2 Pace\n") == "intervals"


def test_sections_repeats_amounts_and_paces(tmp_path, threshold_4_00):
    yaml = import_file(write(tmp_path, TEXT), "session.txt").yaml
    assert 'description: "Tuesday track session"' in yaml
    # Z2 = 77.5-87.7 % of threshold speed: 4:00/km → 4:33.7..5:09.7/km
    assert "  - warmup: 15min at 4:33.7..5:09.7/km\n" in yaml
    assert '  - warmup: 1:30\n    name: "Strides 4x20s"\n' in yaml
    assert '  - repeat: 6\n    name: "Main set"\n    steps:\n      - run: 400mtr'.replace("400mtr", "400m in 1:30") in yaml
    assert '      - jog: 1:30 at 5:30..6:00/km\n        name: "Float"\n' in yaml
    assert "  - repeat: 5\n    steps:\n      - run: 1km at 4:00..4:12.6/km\n      - jog: 2min\n" in yaml
    assert "  # approximated: heart-rate target 70% HR: trackcue has no heart-rate targets; played without a target\n" \
           "  - cooldown: 10min\n" in yaml
    tl = compile_file(write(tmp_path, TEXT))
    assert len(tl.segments) == 2 + 12 + 10 + 1
    rep = tl.segments[2]
    assert (rep.kind, rep.ends, rep.distance_m, rep.target_s) == ("run", "lap", 400.0, 90.0)
    assert tl.segments[14].distance_m == 1000.0 and tl.segments[14].target_s == pytest.approx(246.3, abs=0.1)


def test_m_is_minutes_and_metres_written_as_m_are_refused(tmp_path):
    with pytest.raises(UserError) as err:
        compile_file(write(tmp_path, "Main set 4x\n- 400m 3:45/km Pace\n- 200m\n"))
    problem, second = err.value.problems  # each line that says metres with 'm', not only the first
    assert problem.message == "'400m' is 400 minutes in intervals.icu text ('m' is minutes)"
    assert (problem.line, problem.col, problem.hint) == (2, 3, "for metres write 400mtr")
    assert (second.message, second.line, second.col) == ("'200m' is 200 minutes in intervals.icu text ('m' is minutes)", 3, 3)


@pytest.mark.parametrize("amount, seconds", [("10m", 600), ("1m30s", 90), ("1m30", 90), ("5'", 300),
                                             ('30"', 30), ("1'30\"", 90), ("1h", 3600), ("45s", 45)])
def test_times(tmp_path, amount, seconds):
    assert compile_file(write(tmp_path, f"- {amount}\n")).segments[0].duration_s == seconds


@pytest.mark.parametrize("amount, metres", [("400mtr", 400), ("2km", 2000), ("0.4km", 400), ("1mi", 1609.344)])
def test_distances(tmp_path, amount, metres):
    seg = compile_file(write(tmp_path, f"- {amount} press lap\n")).segments[0]
    assert (seg.ends, seg.distance_m) == ("lap", metres)


def test_press_lap_on_a_time_is_an_open_step_planned_at_that_time(tmp_path):
    seg = compile_file(write(tmp_path, "- Jog back <!> 2m press lap\n")).segments[0]
    assert (seg.kind, seg.ends, seg.distance_m, seg.duration_s) == ("jog", "lap", None, 120)


@pytest.mark.parametrize("pace, per_m", [("3:45/km", 0.225), ("1:30/400m", 0.225), ("6:00/mi", 360 / 1609.344)])
def test_pace_units(tmp_path, pace, per_m):
    seg = compile_file(write(tmp_path, f"- 5m {pace} Pace\n")).segments[0]
    assert seg.pace_s_per_m == pytest.approx(per_m, rel=2e-4)  # written to a tenth of a second per km


def test_zones_and_percentages_need_a_threshold(tmp_path):
    with pytest.raises(UserError) as err:
        compile_file(write(tmp_path, "- 20m Z3 Pace\n"))
    assert "'Z3 Pace' is a share of your threshold pace, and your profile has none" in str(err.value)


def test_timed_prompts_with_and_without_a_show_time(tmp_path):
    text = "- Tempo 60^30 Settle in 290^10 10 seconds to go 600^ Halfway done <!> 20m 4:10/km Pace\n"
    tl = compile_file(write(tmp_path, text))
    said = {(round(c.at_s), c.text) for c in tl.cues if c.kind == "custom"}
    assert said == {(60, "Settle in"), (290, "Ten seconds to go"), (600, "Halfway done")}  # spoken in words
    # "Halfway done" at 600 s is not "Halfway": kept; trackcue's own halfway stays
    yaml = import_file(write(tmp_path, text), "session.txt").yaml
    assert '"10min": "Halfway done"' in yaml


def test_prompts_trackcue_says_anyway_are_not_doubled(tmp_path):
    yaml = import_file(write(tmp_path, "- Tempo 600^10 Halfway <!> 20m 4:10/km Pace\n"), "s.txt").yaml
    assert "Halfway" not in yaml.split("steps:")[1]
    assert "# prompts trackcue says by itself at that moment left out: 'Halfway'" in yaml


@pytest.mark.parametrize("line, col, message", [
    ("- 10m fast-ish", 7, "cannot read 'fast-ish' in this step"),
    ("- Easy jog", 3, "the step has no time or distance"),
    ("- 5m 3:45/parsec Pace", 6, "unknown pace unit '/parsec'"),
    ("- 5m Z9 Pace", 6, "pace zone Z9 does not exist"),
])
def test_unreadable_steps_say_line_and_column(tmp_path, line, col, message):
    with pytest.raises(UserError) as err:
        compile_file(write(tmp_path, f"Warmup\n- 10m\n{line}\n"))
    (problem,) = err.value.problems
    assert (problem.line, problem.col) == (3, col) and problem.message == message


def test_a_huge_text_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:
        out.write(b"- 10m Z2 Pace\n")
        out.truncate(50_000_000)
    with pytest.raises(UserError) as err:
        compile_file(path)
    assert "the file is 50.0 MB; a workout to import is at most 1 MB" in str(err.value)


def test_a_bare_list_of_trackcue_steps_is_not_taken_for_intervals_text():
    assert sniff(b"- run: 400m\n- jog: 2m\n") is None  # YAML: the loader says 'm' is metres, with its hint


def test_no_profile_means_no_threshold(tmp_path, threshold_4_00):
    path = write(tmp_path, "- 20m Z3 Pace\n")
    assert compile_file(path).segments[0].pace_range is not None
    with pytest.raises(UserError, match="your profile has none"):
        compile_file(path, use_profile=False)


def test_every_bad_line_is_reported_with_its_position_and_a_hint(tmp_path):
    with pytest.raises(UserError) as err:
        compile_file(write(tmp_path, "Warmup\n- 99999h\n- banana\n10000000x\n- 1m 100%\n"))
    found = [(p.line, p.col, p.message) for p in err.value.problems]
    assert found == [(2, 3, "'99999h' is not a time a step can last"), (3, 3, "the step has no time or distance"),
                     (4, 1, "'10000000x' repeats 10000000 times")]
    assert all(p.hint for p in err.value.problems)


def test_a_value_no_unit_can_read_is_that_lines_problem_not_a_traceback(tmp_path):
    # '9:99/km' made parse_duration raise through the importer: a traceback, exit 1, the rest unsaid.
    with pytest.raises(UserError) as err:
        compile_file(write(tmp_path, "Main\n- 1m30s 9:99/km Pace\n- banana\n"))
    found = [(p.line, p.message) for p in err.value.problems]
    assert found == [(2, "'9:99' is not a time"), (3, "the step has no time or distance")]
