"""The safe loader: clock times stay what the coach wrote, nothing is constructed, bombs are stopped."""

import pytest

from trackcue.workout import yamlsafe
from trackcue.workout.yamlsafe import Map, YamlProblem


def load(text: str):
    return yamlsafe.load(text.encode(), "w.yaml")


def test_clock_times_are_not_sexagesimal():
    tree = load("a: 2:00\nb: 1:30:00\nc: 0:30\nd: '2:00'\n")
    assert isinstance(tree, Map)
    assert [tree.items[k].value for k in "abcd"] == ["2:00", "1:30:00", "0:30", "2:00"]


def test_plain_values_are_typed_like_yaml_1_2():
    tree = load("a: 8\nb: true\nc: 1.5\nd: no\ne: 010\n")
    assert [tree.items[k].value for k in "abcde"] == [8, True, 1.5, False, 10]


def test_positions_are_one_based():
    tree = load("name: x\nsteps:\n  - run: 10min\n")
    step = tree.items["steps"].items[0]
    assert (step.line, step.col) == (3, 5)


def test_duplicate_keys_are_reported():
    with pytest.raises(YamlProblem) as err:
        load("name: a\nname: b\n")
    p = err.value.problems[0]
    assert "given twice" in p.message and p.line == 2


def test_tags_are_refused():
    with pytest.raises(YamlProblem, match="not allowed"):
        load("name: !!python/object:os.system x\n")


def test_alias_bomb_is_stopped_quickly():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    with pytest.raises(YamlProblem, match="aliases"):
        load("\n".join(lines) + "\n")


@pytest.mark.parametrize("data, message", [
    (b"", "empty"), (b"# only a comment\n", "empty"), (b"\x00\x01binary", "binary"),
    (b"name: caf\xe9\n", "not UTF-8"), (b"steps: [\n", "YAML syntax"),
])
def test_unreadable_files(data, message):
    with pytest.raises(YamlProblem, match=message) as err:
        yamlsafe.load(data, "w.yaml")
    assert err.value.problems[0].line is not None


def test_syntax_error_has_position_and_hint():
    with pytest.raises(YamlProblem) as err:
        load("name: x\nsteps:\n  - run: 10min\n   jog: 2:00\n")
    p = err.value.problems[0]
    assert p.line == 4 and p.hint


def test_collection_tags_are_refused():
    with pytest.raises(YamlProblem, match="not allowed"):
        load("steps: !!python/tuple [1, 2]\n")
