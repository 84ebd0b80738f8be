"""``trackcue export`` as a user runs it: files written, text printed, approximations and errors on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from garmin_fit_sdk import Decoder, Stream

from trackcue.cli import main
from trackcue.workout import compile_file


def fit_steps(path: Path) -> list[dict]:
    data = bytearray(path.read_bytes())
    assert Decoder(Stream.from_byte_array(data)).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(data)).read()
    assert errors == []
    return messages["workout_step_mesgs"]


def test_done_when_200m_repeats_to_fit(tmp_path: Path):
    """The issue's acceptance line, run as a user would, in a subprocess."""
    out = subprocess.run(
        [sys.executable, "-m", "trackcue", "export", "200m-repeats", "--format", "fit", "-o", "200s.fit"],
        cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert out.returncode == 0, out.stderr
    assert "wrote 200s.fit" in out.stderr
    steps = fit_steps(tmp_path / "200s.fit")
    session = compile_file("200m-repeats", {})
    # the recoveries shrink, so every rep is its own step: the file is the session, step for step
    assert len(steps) == len(session.segments)
    for seg, step in zip(session.segments, steps):
        if seg.ends == "time":
            assert (step["duration_type"], step["duration_value"]) == ("time", round(seg.duration_s * 1000))
        else:
            assert step["duration_type"] == "open"
        if seg.is_work:
            assert step["custom_target_value_low"] < 1000 / seg.pace_s_per_m < step["custom_target_value_high"]


def test_fit_without_output_writes_workout_name_here(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "200m-repeats", "--format", "fit"]) == 0
    written = list(tmp_path.glob("*.fit"))
    assert len(written) == 1 and f"wrote {written[0].name}" in capsys.readouterr().err
    assert fit_steps(written[0])


def test_set_changes_the_export(tmp_path: Path, capsys):
    session = compile_file("200m-repeats", {})
    reps = max(s.reps or 0 for s in session.segments)
    param = next(k for k, v in session.params.items() if str(v) == str(reps))
    assert main(["export", "200m-repeats", "-f", "intervals", "--set", f"{param}={reps + 2}"]) == 0
    more = capsys.readouterr().out
    assert main(["export", "200m-repeats", "-f", "intervals"]) == 0
    assert more != capsys.readouterr().out


def test_intervals_prints_text_and_approximations_go_to_stderr(capsys):
    assert main(["export", "200m-repeats", "--format", "intervals"]) == 0
    out, err = capsys.readouterr()
    assert "mtr" in out and "Pace" in out and out.endswith("\n")
    assert all(line.startswith("trackcue: approximated: ") for line in err.splitlines())


def test_intervals_to_a_file(tmp_path: Path, capsys):
    assert main(["export", "200m-repeats", "-f", "intervals"]) == 0
    printed = capsys.readouterr().out
    target = tmp_path / "200s.txt"
    assert main(["export", "200m-repeats", "-f", "intervals", "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text(encoding="utf-8") == printed


def test_unwritable_output_is_one_clear_line_exit_2(tmp_path: Path, capsys):
    target = tmp_path / "no-such-folder" / "200s.fit"
    assert main(["export", "200m-repeats", "--format", "fit", "-o", str(target)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: cannot write {target}") and "hint:" in err[0]
    assert not target.exists()


def test_bad_workout_is_the_compilers_error_exit_2(tmp_path: Path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\nsteps:\n  - run: 200 parsecs\n", encoding="utf-8")
    assert main(["export", str(bad), "--format", "fit", "-o", str(tmp_path / "x.fit")]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "Traceback" not in err
    assert not (tmp_path / "x.fit").exists()


def test_unknown_workout_name_exit_2(capsys):
    assert main(["export", "no-such-workout", "--format", "intervals"]) == 2
    assert "no-such-workout" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--set", "reps"], ["--tolerance", "80"]])
def test_bad_options_exit_2(argv, capsys):
    assert main(["export", "200m-repeats", "-f", "intervals", *argv]) == 2
    assert "hint:" in capsys.readouterr().err
