"""Input nested past one documented depth (yamlsafe.MAX_DEPTH) is one positioned error, never a
RecursionError: every reader and walker of what a user writes is recursive.

Before the limit: 1000 '[' (6 KB) or 300 nested 'repeat:' blocks killed `trackcue check` with a
RecursionError traceback, exit 1; so did a FIT file of deeply nested repeat steps.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import subprocess_env, trackcue_cmd
from test_import_fit import garmin_fit, write
from trackcue.errors import UserError
from trackcue.workout import yamlsafe
from trackcue.workout.importers import import_file
from trackcue.workout.yamlsafe import MAX_DEPTH, MAX_REPEAT_DEPTH

DEEP = "nested too deeply"


def nested_repeats(levels: int, leaf: str = "- run: 1s") -> str:
    text, indent = "name: x\nsteps:\n", "  "
    for _ in range(levels):
        text += f"{indent}- repeat: 2\n{indent}  steps:\n"
        indent += "    "
    return text + indent + leaf + "\n"


def one_error(cli, path: Path) -> str:
    code, _out, err = cli("check", str(path))
    assert code == 2 and "Traceback" not in err, err[-500:]
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_the_repeat_limit_is_what_fits_in_the_value_limit():
    """A repeat takes two levels (its mapping and its steps) under the workout's two, above its step."""
    assert 2 + 2 * MAX_REPEAT_DEPTH + 1 <= MAX_DEPTH < 2 + 2 * (MAX_REPEAT_DEPTH + 1) + 1


@pytest.mark.parametrize("style", ["flow", "block", "flow-tagged (PyYAML)", "block-anchored (PyYAML)"])
def test_deep_yaml_is_one_line_at_the_level_past_the_limit(cli, workout_file, style):
    n = 1000
    if style == "flow":
        text = "name: x\nsteps: " + "[" * n + "]" * n + "\n"
        where = f":2:{8 + MAX_DEPTH - 1}:"  # the '[' that opens level MAX_DEPTH + 1 ('name:' map is level 1)
    elif style == "flow-tagged (PyYAML)":  # a tag sends the file to PyYAML; libyaml's own bound is 1000
        text = "name: x\nsteps: !!seq " + "[" * 400 + "]" * 400 + "\n"
        where = ":2:"
    elif style == "block":
        text = "name: x\nsteps:\n" + "".join(" " * (2 * i + 2) + "-\n" for i in range(n))
        where = f":{2 + MAX_DEPTH}:"
    else:
        text = "name: x\nsteps: &s\n" + "".join(" " * (2 * i + 2) + "-\n" for i in range(n))
        where = f":{2 + MAX_DEPTH}:"
    t0 = time.perf_counter()
    line = one_error(cli, workout_file(text))
    assert time.perf_counter() - t0 < 2  # refused where the limit is crossed (~10 ms here)
    assert DEEP in line and where in line and f"at most {MAX_DEPTH} levels" in line
    assert "(hint: a workout needs a few levels" in line


def test_an_alias_cannot_nest_a_deep_value_deeper(cli, workout_file):
    inner = "[" * 40 + "1" + "]" * 40
    text = f"a: &a {inner}\nb: &b {'[' * 40}*a{']' * 40}\nname: x\nsteps: [*b]\n"
    assert DEEP in one_error(cli, workout_file(text))


def test_nested_repeats_stop_at_the_documented_limit(cli, workout_file):
    assert "unrolls to more than" in one_error(cli, workout_file(nested_repeats(MAX_REPEAT_DEPTH)))  # read, then too long
    for levels in (MAX_REPEAT_DEPTH + 1, 300):
        assert DEEP in one_error(cli, workout_file(nested_repeats(levels)))


def test_includes_add_their_depth_to_the_repeats_around_them(cli, tmp_path):
    """Five files of 10 nested repeats, each including the next inside its innermost repeat."""
    for i in range(5):
        leaf = f"- include: f{i + 1}.yaml" if i < 4 else "- run: 1s"
        (tmp_path / f"f{i}.yaml").write_text(nested_repeats(10, leaf).replace("repeat: 2", "repeat: 1"))
    code, _out, err = cli("check", str(tmp_path / "f0.yaml"))
    assert code == 2 and "Traceback" not in err
    assert f"f2.yaml:23:54: error: {DEEP}: repeat blocks and includes nest at most {MAX_REPEAT_DEPTH}" in err


def test_a_chain_of_includes_stops_at_the_limit(cli, tmp_path):
    n = 200
    for i in range(n):
        body = f"  - include: c{i + 1}.yaml\n" if i < n - 1 else "  - run: 1s\n"
        (tmp_path / f"c{i}.yaml").write_text("name: c\nsteps:\n" + body)
    code, _out, err = cli("check", str(tmp_path / "c0.yaml"))
    assert code == 2 and "Traceback" not in err
    assert f"c{MAX_REPEAT_DEPTH}.yaml:3:14: error: {DEEP}" in err


def test_a_fit_file_of_deeply_nested_repeat_steps_is_refused(tmp_path):
    steps: list[dict] = [{"duration_type": "time", "duration_value": 60_000, "intensity": "active"}]
    for _ in range(MAX_REPEAT_DEPTH + 1):  # each repeat step wraps everything before it
        steps.append({"duration_type": "repeat_until_steps_cmplt", "duration_value": 0, "target_value": 1})
    path = write(tmp_path, garmin_fit(steps))
    with pytest.raises(UserError, match=f"{DEEP}: repeats nest at most {MAX_REPEAT_DEPTH} levels deep"):
        import_file(path, "coach.fit")
    ok = write(tmp_path, garmin_fit(steps[:-1]), "ok.fit")
    assert import_file(ok, "ok.fit").yaml.count("repeat: 1") == MAX_REPEAT_DEPTH
    assert yamlsafe.load(import_file(ok, "ok.fit").yaml.encode(), "ok")  # what is written reads back


def test_a_real_process_says_one_line_and_exits_2(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("name: x\nsteps: " + "[" * 1000 + "]" * 1000 + "\n")
    proc = subprocess.run([*trackcue_cmd(), "check", str(path)], capture_output=True, text=True, timeout=60,
                          env=subprocess_env())
    assert proc.returncode == 2, proc.stderr[-500:]
    assert proc.stderr.count("\n") == 1 and f"deep.yaml:2:{8 + MAX_DEPTH - 1}: error: {DEEP}" in proc.stderr


def test_the_format_guide_states_the_limits_as_defined():
    guide = (Path(__file__).resolve().parents[1] / "docs" / "workout-format.md").read_text()
    assert f"Nothing nests more than {MAX_DEPTH} levels deep" in guide
    assert f"at most {MAX_REPEAT_DEPTH} repeats sit one inside another" in guide
    assert yamlsafe.too_deep("workouts/mine.yaml", 51, 101).format() in guide
