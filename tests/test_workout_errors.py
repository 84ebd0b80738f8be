"""Bad input: FILE:LINE:COL: error: message (hint) on stderr, every problem, exit 2, no traceback."""

from __future__ import annotations

import re
import subprocess

import pytest

from support import trackcue_cmd

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+)$")


def problems(err: str) -> list[dict]:
    out = []
    for line in err.strip().splitlines():
        m = LINE.match(line)
        assert m, f"not FILE:LINE:COL: error: … — {line!r}"
        out.append(m.groupdict())
    return out


def check(cli, workout_file, text: str, *sets: str) -> list[dict]:
    path = workout_file(text)
    args = ["check", str(path)]
    for s in sets:
        args += ["--set", s]
    code, _out, err = cli(*args)
    assert code == 2
    assert "Traceback" not in err
    return problems(err)


@pytest.mark.parametrize("text, line, col, words", [
    ("nme: x\nsteps:\n  - run: 10min\n", 1, 1, "did you mean 'name'"),
    ("steps:\n  - run: 10min\n    nmae: x\n", 3, 5, "did you mean 'name'"),
    ("steps:\n  - runn: 10min\n", 2, 5, "did you mean 'run'"),
    ("steps:\n  - run: 0s\n", 2, 10, "more than zero"),
    ("steps:\n  - run: -5min\n", 2, 10, ""),
    ("steps:\n  - run: 5 fortnights\n", 2, 10, ""),
    ("steps:\n  - warmup: 15m\n", 2, 13, "for minutes write 15min"),
    ("steps:\n  - run: 400m in 10s\n", 2, 10, "impossible"),
    ("steps:\n  - run: 400m at zippy\n", 2, 10, "no pace named 'zippy'"),
    ("steps:\n  - jog: recovery\n", 2, 10, "no parameter named 'recovery'"),
    ("steps:\n  - repeat: reps\n    steps:\n      - run: 1min\n", 2, 13, "no parameter named 'reps'"),
    ("steps:\n  - repeat: 0\n    steps:\n      - run: 1min\n", 2, 13, "at least 1"),
    ("steps: 5\n", 1, 8, "list"),
    ("name: [1, 2]\nsteps:\n  - run: 1min\n", 1, 7, "text"),
    ("params:\n  reps: {default: 12, min: 6, max: 10}\nsteps:\n  - run: 1min\n", 2, 19, "outside its range"),
    ("steps:\n  - repeat: 100\n    steps:\n      - run: 1h\n", 2, 5, "24 hours"),  # the repeat asks for it
    ("steps:\n  - include: nowhere\n", 2, 14, "cannot find 'nowhere'"),
    ("steps:\n  - run: 1min\n    say: 'Rep {rpe}'\n", 3, 15, "unknown placeholder {rpe}"),  # at the '{'

])
def test_each_problem_is_positioned(cli, workout_file, text, line, col, words):
    found = check(cli, workout_file, text)
    p = found[0]
    assert int(p["line"]) == line
    if col is not None:
        assert int(p["col"]) == col
    assert words in p["msg"]


def test_every_problem_not_only_the_first(cli, workout_file):
    found = check(cli, workout_file, "nme: x\nsteps:\n  - run: 0s\n  - jgo: 1min\n  - walk: 15m\n")
    assert [int(p["line"]) for p in found] == [1, 3, 4, 5]


PLAYED_ONCE = "  - jog: 2:00 -> 0:30\n"  # a compile-stage problem, found only when the steps are compiled


@pytest.mark.parametrize("first, line", [
    ("  - include: nothere.yaml\n", 2),
    ("  - repeat: {until: banana}\n    steps:\n      - run: 200m\n", 2),
    ("  - repeat: 4\n    every: banana\n    steps:\n      - run: 200m\n", 3),
    ("  - repeat: banana!\n    steps:\n      - run: 200m\n", 2),
    ("  - repeat: nope\n    steps:\n      - run: 200m\n", 2),  # an unrolling-stage problem
])
def test_a_problem_in_one_stage_does_not_hide_the_next(cli, workout_file, first, line):
    found = check(cli, workout_file, "steps:\n" + first + PLAYED_ONCE)
    played_once = first.count("\n") + 2
    assert sorted(int(p["line"]) for p in found) == [line, played_once], found
    assert "played once" in next(p["msg"] for p in found if int(p["line"]) == played_once)


def test_set_out_of_range_and_unknown(cli, workout_file):
    path = workout_file("params:\n  reps: {default: 8, min: 6, max: 10}\nsteps:\n  - repeat: reps\n    steps:\n      - run: 1min\n")
    code, _, err = cli("compile", str(path), "--set", "reps=12", "--set", "rpes=3")
    assert code == 2 and "Traceback" not in err
    assert "--set reps=12" in err and "6 to 10" in err
    assert "did you mean 'reps'" in err


def test_malformed_set(cli):
    code, _, err = cli("compile", "200m-repeats", "--set", "reps")
    assert code == 2 and "name=value" in err


def test_include_cycle(cli, workout_file):
    workout_file("steps:\n  - include: a\n", "b.yaml")
    a = workout_file("steps:\n  - include: b\n", "a.yaml")
    code, _, err = cli("check", str(a))
    assert code == 2 and "include cycle" in err


def test_list_too_short_for_reps(cli, workout_file):
    found = check(cli, workout_file, "steps:\n  - repeat: 4\n    steps:\n      - jog: [2:00, 1:00]\n")
    assert "list has 2 values" in found[0]["msg"]


def test_splits_must_add_up(cli, workout_file):
    found = check(cli, workout_file, "steps:\n  - run: 400m in 80s\n    splits: [200m in 38s, 100m in 38s]\n")
    assert "add up" in found[0]["msg"]


@pytest.mark.parametrize("data, words", [
    (b"", "empty"), (b"\x00\x00\x00", "binary"), (b"name: \xff\xfe\n", "not UTF-8"),
    (b"steps:\n  - run: [\n", "YAML syntax"),
])
def test_unreadable_files(cli, tmp_path, data, words):
    path = tmp_path / "bad.yaml"
    path.write_bytes(data)
    code, _, err = cli("check", str(path))
    assert code == 2 and words in err and re.match(r"^\S+:\d+:\d+: error: ", err)


def test_missing_file_names_the_library(cli):
    code, _, err = cli("compile", "no-such-workout")
    assert code == 2 and "200m-repeats" in err


def test_bad_flag_is_one_line(cli):
    code, _, err = cli("compile", "200m-repeats", "--frobnicate")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "hint" in err


def test_no_traceback_from_a_real_process(workout_file):
    path = workout_file("steps:\n  - run: 0s\n")
    proc = subprocess.run(trackcue_cmd() + ["check", str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and ":2:10: error:" in proc.stderr


def test_check_counts_one_step_in_the_singular(cli, workout_file):
    code, out, _err = cli("check", str(workout_file("steps:\n  - run: 200m in 38s\n")))
    assert code == 0 and out.rstrip().endswith("· 1 step"), out


def _errors(capsys, *argv: str) -> tuple[int, list[str]]:
    from trackcue.cli import main

    code = main(list(argv))
    return code, capsys.readouterr().err.strip().splitlines()


@pytest.mark.parametrize("value", ["-80s", "nan", "1e400s"])
def test_a_bad_set_of_a_name_that_is_a_parameter_and_a_pace_is_one_line(capsys, monkeypatch, tmp_path, value):
    monkeypatch.setenv("TRACKCUE_PROFILE", str(tmp_path / "none.yaml"))
    code, lines = _errors(capsys, "compile", "200m-repeats", "--set", f"400m={value}")
    assert code == 2 and len(lines) == 1 and lines[0].startswith(f"error: --set 400m={value}: "), lines


def test_a_huge_count_is_echoed_as_written_not_through_a_float(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKCUE_PROFILE", str(tmp_path / "none.yaml"))
    code, lines = _errors(capsys, "compile", "200m-repeats", "--set", "reps=99999999999999999999")
    assert code == 2 and lines == ["error: --set reps=99999999999999999999: '99999999999999999999' is more than "
                                   "any workout counts (hint: write a count such as 8)"]


def test_a_cue_outside_its_step_is_echoed_as_the_coach_writes_times(capsys, workout_file):
    path = workout_file('name: x\nsteps:\n  - run: 1min\n    at: {-2min: "Go hard"}\n')
    code, lines = _errors(capsys, "check", str(path))
    assert code == 2 and lines[0].endswith("error: the cue at -2min is outside the step, which lasts 1min "
                                           "(hint: give an offset within the step)"), lines


def test_problems_from_every_stage_come_in_line_order_and_an_impossible_time_offers_the_pace(capsys, workout_file):
    # The parse stage's problem (line 4) was printed before the compile stage's (line 3).
    path = workout_file("name: x\nsteps:\n  - run: 10km @ 4:30\n  - run: 1mi @ 59:00\n")
    code, lines = _errors(capsys, "check", str(path))
    assert code == 2 and [line.split(":")[1] for line in lines] == ["3", "4"], lines
    assert lines[0].endswith("(hint: check the target time; for a pace write 4:30/km or 4:30/mi)")
    assert "for 1 mi, slower than a walk" in lines[1]
