"""Hostile workout files: nothing outside the workout's folder is read, sizes are checked before
reading, templates cannot ask for gigabytes, and every problem is reported once, in the user's file."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from support import subprocess_env, trackcue_cmd
from trackcue.workout import compile_file, load_workout
from trackcue.workout.parse import WorkoutProblems

SECRET = "root:x:0:0:the secret line\n"


def big_workout(size: int) -> str:
    """A written-out workout of about ``size`` bytes (40 000 steps in 1.9 MB)."""
    lines, total, n = ["name: big", "steps:"], 16, 0
    while total < size:
        n += 1
        line = f"  - run: 200m in 38s\n    name: Rep {n}\n  - jog: 1:00"
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines) + "\n"


def errors(cli, path, *args: str) -> list[str]:
    code, _out, err = cli("check", str(path), *args)
    assert code == 2 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert all(re.match(r"^\S.*: error: ", line) for line in lines), lines
    return lines


# --- includes stay in the workout's folder and the library -------------------------------------


@pytest.mark.parametrize("ref", ["../secret.yaml", "../secret", "/etc/passwd", "{outside}/secret.yaml", "~/secret.yaml"])
def test_include_outside_the_folder_is_refused_unread(cli, tmp_path, ref):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(SECRET, encoding="utf-8")
    (tmp_path / "secret.yaml").write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "mine"
    folder.mkdir()
    path = folder / "w.yaml"
    path.write_text(f"steps:\n  - include: {ref.format(outside=outside)}\n", encoding="utf-8")
    lines = errors(cli, path)
    assert len(lines) == 1 and ":2:14: error:" in lines[0]
    assert "outside this workout's folder" in lines[0] or "absolute path" in lines[0]
    assert "secret line" not in lines[0] and "root:x" not in lines[0]


def test_a_symlink_out_of_the_folder_is_refused(cli, tmp_path):
    (tmp_path / "secret.yaml").write_text("steps:\n  - run: 10min\n", encoding="utf-8")
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    path = folder / "w.yaml"
    path.write_text("steps:\n  - include: link\n", encoding="utf-8")
    lines = errors(cli, path)
    assert "leads outside this workout's folder" in lines[0]


def test_only_yaml_files_are_included(cli, tmp_path):
    (tmp_path / "passwd").write_text(SECRET, encoding="utf-8")
    path = tmp_path / "w.yaml"
    path.write_text("steps:\n  - include: passwd\n", encoding="utf-8")
    lines = errors(cli, path)
    assert "cannot find 'passwd'" in lines[0] and "root:x" not in "\n".join(lines)


def test_includes_from_the_folder_below_it_and_the_library_still_work(workout_file, tmp_path):
    workout_file("steps:\n  - stretch: 30s\n", "routine.yaml")
    (tmp_path / "more").mkdir()
    workout_file("steps:\n  - walk: 1min\n", "more/cool.yaml")
    path = workout_file("steps:\n  - include: routine\n  - include: more/cool.yaml\n  - include: stretching\n")
    tl = compile_file(path, use_profile=False)
    assert [s.kind for s in tl.segments[:2]] == ["stretch", "walk"] and len(tl.segments) == 13


# --- sizes are checked before the file is read ---------------------------------------------------


def test_a_2_gb_file_is_refused_by_its_size_under_a_memory_cap(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as f:
        f.truncate(2 * 1024**3)  # sparse: costs no disk
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (600 * 2**20, 600 * 2**20));"
            "from trackcue.cli import main; sys.exit(main(['check', sys.argv[1]]))")
    proc = subprocess.run([sys.executable, "-c", code, str(big)], capture_output=True, text=True, timeout=120,
                          env=subprocess_env())
    assert proc.returncode == 2, proc.stderr[-500:]
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    assert re.search(r"big\.yaml:1:1: error: the file is 2147483648 bytes; a workout is at most 2000000", proc.stderr)


def test_a_pipe_is_read_no_further_than_the_limit(tmp_path):
    code = ("import sys; from trackcue.workout import yamlsafe;"
            "yamlsafe.read_file('/dev/zero', 'zero')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "more than 2000000 bytes" in proc.stderr


# --- templates: a closed grammar of named fields ------------------------------------------------


@pytest.mark.parametrize("say, col, words", [
    ("{kind:>999999999}", 11, "a placeholder is a plain name, without formatting"),
    ("Rep {rep!r}", 15, "a placeholder is a plain name"),
    ("{0}", 11, "unknown placeholder {0}"),
    ("{}", 11, "an empty placeholder"),
    ("{rep.__class__}", 11, "a placeholder is a plain name"),
    ("{reps[0]}", 11, "a placeholder is a plain name"),
    ("Rep {rpe}", 15, "unknown placeholder {rpe}"),
    ("Rep {rep", 15, "'{' without '}'"),
    ("Rep rep}", 18, "a lone '}'"),
])
def test_templates_outside_the_grammar_are_refused_at_their_column(cli, workout_file, say, col, words):
    lines = errors(cli, workout_file(f"steps:\n  - run: 1min\n    say: '{say}'\n"))
    assert len(lines) == 1
    assert f":3:{col}: error: " in lines[0] and words in lines[0]
    if "placeholder" in words:
        assert "(hint: placeholders: {rep} {reps}" in lines[0]


def test_the_padding_bomb_costs_nothing(workout_file):
    path = workout_file("steps:\n  - repeat: 8\n    steps:\n      - run: 1min\n        say: '{kind:>999999999}'\n")
    with pytest.raises(WorkoutProblems) as err:
        load_workout(path)
    assert len(err.value.problems) == 1


def test_literal_braces_and_every_field(workout_file):
    tl = compile_file(workout_file("""
steps:
  - repeat: 2
    steps:
      - run: 200m in 38s
        say: "{{Rep}} {rep}/{reps} {target} {distance} {time} {kind} next: {next}"
      - jog: 1:00
"""), use_profile=False)
    first = [c.text for c in tl.cues if c.kind == "announce"][0]
    assert first == ("{Rep} one/two two hundred metres in thirty-eight seconds two hundred metres thirty-eight seconds"
                     " run next, jog, one minute")


# --- each problem once, in the user's own file ---------------------------------------------------


def test_a_template_fault_in_a_repeat_is_reported_once(cli, workout_file):
    lines = errors(cli, workout_file("steps:\n  - repeat: 8\n    steps:\n      - run: 1min\n        say: 'Rep {rpe}'\n"))
    assert len(lines) == 1


def test_an_include_problem_in_a_repeat_is_reported_once_with_its_position(cli, workout_file):
    workout_file("params:\n  hold: {default: 30s, max: 40s}\nsteps:\n  - stretch: hold\n", "routine.yaml")
    path = workout_file("params:\n  hold: 45s\nsteps:\n  - repeat: 50\n    steps:\n      - include: routine\n"
                        "      - run: 1min\n")
    lines = errors(cli, path)
    assert len(lines) == 1
    assert re.match(r"^\S*w\.yaml:6:9: error: parameter 'hold': 0:45 is outside the allowed range", lines[0])


def test_an_over_long_workout_points_at_the_users_line_not_the_library(cli, workout_file):
    path = workout_file("steps:\n  - warmup: 10min\n  - repeat: 200\n    steps:\n      - include: base-run\n")
    lines = errors(cli, path)
    assert len(lines) == 1 and "more than 24 hours" in lines[0]
    assert re.match(r"^\S*w\.yaml:5:9: error: ", lines[0])  # the include line, in the user's file


def test_too_many_steps_are_refused_before_unrolling(cli, workout_file):
    path = workout_file("steps:\n  - repeat: 10000\n    steps:\n      - repeat: 10000\n        steps:\n"
                        "          - run: 1s\n")
    lines = errors(cli, path)
    assert len(lines) == 1 and "more than 20000 steps" in lines[0] and ":2:5: error:" in lines[0]


def test_a_big_written_file_is_not_blamed_on_aliases(cli, tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(big_workout(1_900_000), encoding="utf-8")
    out = errors(cli, path)
    assert len(out) == 1 and "alias" not in out[0]
    assert re.match(r"^\S*big\.yaml:(\d+):\d+: error: the file holds more than 100000 values", out[0])
    assert 30_000 < int(out[0].split(":")[1]) < 80_000  # where the limit was crossed, not line 1


def test_an_alias_bomb_is_named_as_one(cli, tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = errors(cli, path)
    assert len(out) == 1 and "aliases" in out[0]


# --- tabs --------------------------------------------------------------------------------------


def test_a_tab_in_the_indentation_gets_the_tab_hint(cli, workout_file):
    lines = errors(cli, workout_file("name: x\nsteps:\n\t- run: 10min\n"))
    assert len(lines) == 1 and "indent with spaces, not tabs" in lines[0] and ":3:" in lines[0]


def test_no_traceback_from_a_real_process_on_a_hostile_file(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("steps:\n  - include: /etc/passwd\n  - run: 1min\n    say: '{kind:>999999999}'\n", encoding="utf-8")
    proc = subprocess.run(trackcue_cmd() + ["check", str(path)], capture_output=True, text=True, timeout=60,
                          env=subprocess_env(), cwd=os.fspath(tmp_path))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 2
