"""Plan files: bad input is reported with its position and a hint, as for workouts; the JSON
Schema accepts the shipped plan and refuses what the parser refuses."""

from __future__ import annotations

import jsonschema
import pytest
import yaml

from trackcue.plan.parse import find_plan, plan_names
from trackcue.plan.schema import json_schema

GOOD_HEAD = "name: Mine\nblocks:\n"


@pytest.fixture
def check(tmp_path, cli):
    def run(text: str) -> tuple[int, str]:
        path = tmp_path / "plan.yaml"
        path.write_text(text, encoding="utf-8")
        code, _, err = cli("plan", "check", str(path))
        return code, err

    return run


def _one(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_a_small_plan_checks(check, cli):
    code, err = check(GOOD_HEAD + "  - weeks: 1-2\n    days: {mon: strength, wed: [stretching, base-run]}\n")
    assert code == 0, err


@pytest.mark.parametrize("body, where, message, hint", [
    ("  - weeks: 1\n    days: {mon: 200m-repeat}\n", ":4:17:", "no workout '200m-repeat'", "200m-repeats"),
    ("  - weeks: 1\n    days:\n      tue: {workout: 200m-repeats, set: {recovry: 1:00}}\n", ":5:42:",
     "workout '200 m repeats' has no parameter 'recovry'", "did you mean 'recovery'?"),
    ("  - weeks: 1\n    days:\n      tue: {workout: 200m-repeats, set: {reps: 12}}\n", ":5:48:",
     "'reps' is 12, outside the allowed range 6 to 10", "keep reps from 6 to 10"),
    ("  - weeks: 1\n    days: {tues: strength}\n", ":4:12:", "'tues' is not a weekday", "did you mean 'tue'?"),
    ("  - weeks: 1\n    days: {mon: {workout: strength, sett: {}}}\n", ":4:37:", "unknown key 'sett' in a session",
     "did you mean 'set'?"),
    ("  - weeks: 1-4\n    days: {}\n  - weeks: 3-6\n    days: {}\n", ":5:12:",
     "weeks out of order: block starts at week 3, but weeks 1-4 come before it", "start this block at week 5"),
    ("  - weeks: 1-4\n    days: {}\n  - weeks: 7-8\n    days: {}\n", ":5:12:", "weeks 5-6 belong to no block",
     "start this block at week 5"),
    ("  - weeks: 4-1\n    days: {}\n", ":3:12:", "weeks '4-1' run backwards", "write 1-4"),
    ("  - weeks: 1-8\n    days:\n      tue:\n        workout: 200m-repeats\n        progress:\n"
     "          recovery: {per: session, by: -15s, to: 0:15}\n", ":8:50:",
     "the progression of 'recovery' reaches 0:15, outside the allowed range 0:30 to 3:00", "keep recovery from 0:30"),
    ("  - weeks: 1-8\n    days:\n      thu:\n        workout: hill-repeats\n        progress:\n"
     "          reps: {per: week, from: 6, by: 1}\n", ":8:42:",
     "by week 8 the progression of 'reps' reaches 13, outside the allowed range 6 to 10", "keep reps from 6 to 10"),
    ("  - weeks: 1-8\n    days:\n      tue:\n        workout: 200m-repeats\n        progress:\n"
     "          recovery: {per: session, by: 15s, to: 0:30}\n", ":8:40:",
     "'by' moves recovery up, away from to: 0:30", "use by: -15s"),
    ("  - weeks: 1-8\n    days:\n      tue:\n        workout: 200m-repeats\n        progress:\n"
     "          recovery: {per: month, by: -15s}\n", ":8:27:",
     "the progression of 'recovery' needs 'per: week' or 'per: session'", "per: session"),
    ("  - weeks: 1-8\n    days:\n      tue:\n        workout: 200m-repeats\n        progress:\n"
     "          recovery: {per: session}\n", ":8:21:",
     "the progression of 'recovery' per session needs 'by:'", "by: -15s"),
])
def test_bad_plans_are_positioned(check, body, where, message, hint):
    code, err = check(GOOD_HEAD + body)
    line = _one(err)
    assert code == 2
    assert where in line and f"error: {message}" in line and hint in line, line


def test_every_problem_is_reported_at_once(check):
    code, err = check(GOOD_HEAD + "  - weeks: 1\n    days: {mon: nope, tue: {workout: strength, set: {rounds: 9}}}\n")
    assert code == 2 and len(err.strip().splitlines()) == 2


def test_yaml_and_shape_errors(check, cli):
    code, err = check("name: [unclosed\n")
    assert code == 2 and ":1:" in _one(err) and "YAML syntax" in err
    code, err = check("name: x\n")
    assert code == 2 and "the plan has no 'blocks:'" in _one(err)
    code, _, err = cli("plan", "check", "no-such-plan")
    assert code == 2 and "no plan 'no-such-plan'" in err and "faster-mile" in err


def test_the_shipped_plan_is_found_and_matches_the_schema():
    assert "faster-mile" in plan_names()
    jsonschema.validate(yaml.safe_load(find_plan("faster-mile").read_text(encoding="utf-8")), json_schema())


def test_the_schema_refuses_what_the_parser_refuses(cli):
    schema = json_schema()
    for bad in ({"blocks": [{"weeks": 1, "days": {"tues": "strength"}}]},
                {"blocks": [{"weeks": 1, "days": {"mon": {"workout": "x", "sett": {}}}}]},
                {"blocks": [{"weeks": 1, "days": {"mon": {"workout": "x", "progress": {"r": {"by": 1}}}}}]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
    code, out, _ = cli("plan", "schema")
    assert code == 0 and '"plan-v1.json"' not in out and "trackcue training plan" in out


def test_the_guide_example_checks(tmp_path, cli):
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs/plan-format.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", text, flags=re.S) if "blocks:" in b]
    assert blocks
    for i, block in enumerate(blocks):
        path = tmp_path / f"guide{i}.yaml"
        path.write_text(block, encoding="utf-8")
        code, _, err = cli("plan", "check", str(path))
        assert code == 0, err
