"""The examples in the README and the format guide compile as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trackcue.workout import compile_file

REPO = Path(__file__).resolve().parents[1]


def yaml_blocks(path: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("doc", ["README.md", "docs/workout-format.md"])
def test_complete_examples_compile(doc, tmp_path):
    blocks = [b for b in yaml_blocks(REPO / doc) if re.search(r"^steps:", b, flags=re.M)]
    assert blocks, f"{doc} has no complete example"
    for i, block in enumerate(blocks):
        path = tmp_path / f"example{i}.yaml"
        path.write_text(block, encoding="utf-8")
        tl = compile_file(path, use_profile=False)
        assert tl.segments


def test_step_snippets_compile(tmp_path):
    """Each snippet of steps in the format guide, wrapped in a minimal workout with the params it uses."""
    params = "params:\n  mile: 6:00\n  reps: 4\n  recovery: 2:00\n  easy: 5:30/km\n"
    for i, block in enumerate(yaml_blocks(REPO / "docs/workout-format.md")):
        if not block.startswith("  - "):
            continue
        body = params + "steps:\n" + block
        body = body.replace("sound: whistle.wav", "sound: split")
        path = tmp_path / f"snippet{i}.yaml"
        path.write_text(body, encoding="utf-8")
        assert compile_file(path, use_profile=False).segments, block


def test_readme_test_command_is_what_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^python3 -m venv \.venv-test .*pytest", readme, flags=re.M)
    assert "grep -m1 -E '^python3 -m venv \\.venv-test '" in ci


def test_plain_trackcue_options_go_to_the_picker():
    from trackcue.cli import build_parser, command_modules

    assert command_modules()["list"] == "list_"
    args = build_parser("picker").parse_args(["picker", "--speed", "10", "--audio", "null"])
    assert args.command == "picker" and args.speed == "10"


def test_docs_history_md_lists_every_export_column():
    from trackcue.history import export

    doc = (REPO / "docs/history.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(\w+)`(?: \(default\))? \|[^|]*\| (.*) \|$", doc, flags=re.M)}
    for table, columns in (("laps", export.LAP_COLUMNS), ("steps", export.STEP_COLUMNS),
                           ("sessions", export.SESSION_COLUMNS)):
        listed = re.sub(r" \([^)]*\)", "", rows[table])  # what a column holds, in brackets
        assert re.findall(r"`(\w+)`", listed) == columns, table


def text_blocks(path: Path) -> list[str]:
    return re.findall(r"```text\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_import_guide_example_is_what_import_prints(tmp_path, cli, monkeypatch):
    """docs/import.md: the intervals.icu text, imported with 5k=19:57, gives the YAML and the line shown."""
    from trackcue.paces import Profile, save_profile

    doc = REPO / "docs" / "import.md"
    blocks = text_blocks(doc)
    source, summary, error = (next(b for b in blocks if b.startswith(start)) for start in ("Warmup", "imported", "session.txt"))
    (expected,) = [b for b in yaml_blocks(doc) if b.startswith("# Imported")]
    save_profile(Profile({"5k": "19:57"}))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tuesday.txt").write_text(source, encoding="utf-8")
    code, out, err = cli("import", "tuesday.txt")
    assert (code, out, err) == (0, expected, summary)
    assert compile_file(tmp_path / "tuesday.txt").total_s == 43 * 60
    (tmp_path / "session.txt").write_text("Warmup\n- 10m\n- 10m fast-ish\n", encoding="utf-8")
    assert cli("check", "session.txt")[2] == error


def test_export_guide_zwift_example_prints_as_shown(tmp_path, cli, monkeypatch):
    block = next(b for b in text_blocks(REPO / "docs" / "export.md") if b.startswith("$ trackcue export"))
    command, *stderr = block.splitlines()
    monkeypatch.chdir(tmp_path)
    code, _, err = cli(*command.split()[2:])
    assert code == 0 and err.splitlines() == stderr
    assert compile_file(tmp_path / "hills.zwo").name == "Hill repeats"


def test_phrases_doc_commands_run_as_printed():
    import shlex
    import subprocess

    from support import trackcue_cmd

    text = (REPO / "docs" / "phrases.md").read_text(encoding="utf-8")
    commands = [line for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S) for line in block.splitlines()]
    assert commands and all(c.startswith("trackcue ") for c in commands)
    for command in commands:
        proc = subprocess.run(trackcue_cmd() + shlex.split(command)[1:], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0 and proc.stdout, command + proc.stderr


def sh_commands(path: Path) -> list[list[str]]:
    """Every ``trackcue …`` line of the doc's sh blocks, split as a shell would (comments dropped)."""
    import shlex

    lines = []
    for block in re.findall(r"```sh\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == "trackcue":
                lines.append(words[1:])
    return lines


def test_sound_guide_commands_parse_and_its_renders_run(cli, tmp_path, monkeypatch):
    from trackcue.cli import build_parser

    commands = sh_commands(REPO / "docs/sound.md")
    assert len(commands) >= 4
    for words in commands:
        build_parser(words[0]).parse_args(words)  # every option it shows exists
    monkeypatch.chdir(tmp_path)
    for words in commands:
        if words[0] == "render":
            code, out, err = cli(*words)
            assert code == 0, err
            assert (tmp_path / words[words.index("-o") + 1]).stat().st_size > 10_000


def test_the_session_guide_example_runs(capsys):
    """docs/session.md's example plays a whole workout headless, as printed."""
    import json

    [block] = re.findall(r"```python\n(.*?)```", (REPO / "docs/session.md").read_text(encoding="utf-8"), flags=re.S)
    exec(compile(block, "docs/session.md", "exec"), {})
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["event"] == "start" and lines[-1]["event"] == "finish"


def test_timeline_json_doc_names_every_key(cli):
    """docs/timeline-json.md describes exactly the keys `compile --json` prints, at every level."""
    import json

    doc = (REPO / "docs" / "timeline-json.md").read_text(encoding="utf-8")
    code, out, _ = cli("compile", "200m-repeats", "--json", "--no-profile", "--speech", "none")
    assert code == 0
    data = json.loads(out)
    top, rest = doc.split("A **segment**")
    segment, rest = rest.split("A **cue**")
    cue, plan = rest.split("Its **`plan`**")
    plan = plan.split("## How cues")[0]

    def first_column(text: str) -> set[str]:
        return {k for cell in re.findall(r"^\| ([^|]+)\|", text, flags=re.M) for k in re.findall(r"`([a-z_.]+)`", cell)}

    assert first_column(top) == (set(data) - {"plan"}) | {f"plan.{k}" for k in data["plan"]}
    named = set(re.findall(r"`([a-z_]+)`", segment))
    assert set(data["segments"][0]) <= named
    assert set(data["cues"][0]) - {"plan"} <= set(re.findall(r"`([a-z_]+)`", cue))
    assert first_column(plan) == set(data["cues"][0]["plan"])


def test_the_format_guide_names_every_key_and_template_field():
    """The vocabularies the parser and the schema read (workout/language.py) are all in the guide."""
    from trackcue.workout import language as schema

    guide = (REPO / "docs/workout-format.md").read_text(encoding="utf-8")
    for table in (schema.TOP_KEYS, schema.STEP_KEYS, schema.REPEAT_KEYS, schema.CUE_KEYS, schema.TRACK_KEYS,
                  schema.UNTIL_KEYS, schema.STEP_KIND_TEXT):
        for key in table:
            assert re.search(rf"`{re.escape(key)}[:`\s]|^\s*(?:- )?{re.escape(key)}:", guide, flags=re.M), key
    for field in schema.TEMPLATE_FIELDS:
        assert f"`{{{field}}}`" in guide, field


def test_the_json_schema_accepts_every_example_in_the_guide():
    """`trackcue schema` keeps up with the language: every example of the guide is valid under it."""
    import jsonschema
    import yaml

    from trackcue.workout.language import json_schema

    validator = jsonschema.Draft202012Validator(json_schema())
    params = "params:\n  mile: 6:00\n  reps: 4\n  recovery: 2:00\n  easy: 5:30/km\n"
    for block in yaml_blocks(REPO / "docs/workout-format.md"):
        if block.startswith("  - "):
            block = params + "steps:\n" + block
        elif not re.search(r"^steps:", block, flags=re.M):
            continue
        problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(yaml.safe_load(block))]
        assert problems == [], block


def test_the_docs_list_each_vocabulary_as_defined_once_in_timeline():
    """Step kinds, intensities and compiled cue kinds: the ``Literal`` types in timeline.py are the one
    definition; the guide, the JSON Schema and the timeline's JSON docs list exactly them."""
    from trackcue import timeline
    from trackcue.workout import language

    guide = (REPO / "docs/workout-format.md").read_text(encoding="utf-8")
    table = guide.split("## 1. Step kinds", 1)[1].split("\n\n")[2]
    assert re.findall(r"^\| `([a-z]+)` \|", table, flags=re.M) == list(timeline.STEP_KINDS)
    override = re.search(r"an `intensity` override \(([^)]*)\)", guide)
    assert override is not None and re.findall(r"`([a-z]+)`", override.group(1)) == list(timeline.INTENSITIES)
    assert list(language.STEP_KIND_TEXT) == list(timeline.STEP_KINDS)
    assert set(timeline.KIND_INTENSITY) == set(timeline.STEP_KINDS) == set(timeline.KIND_TITLE)
    steps = language.json_schema()["$defs"]["steps"]["items"]["anyOf"]
    assert [s["required"][0] for s in steps][: len(timeline.STEP_KINDS)] == list(timeline.STEP_KINDS)
    assert steps[0]["properties"]["intensity"]["enum"] == list(timeline.INTENSITIES)

    cue = (REPO / "docs/timeline-json.md").read_text(encoding="utf-8").split("A **cue**", 1)[1].split("\n\n")[0]
    kinds = cue.split("`kind` (", 1)[1].split("), `text`", 1)[0]
    listed = [k for k in re.findall(r"`([a-z_]+)`", kinds) if k != "every"]
    assert listed == list(timeline.PLANNED_CUE_KINDS)


def test_the_history_guide_lists_the_session_statuses_history_has():
    """``SessionStatus`` (history/summary.py) is the one list; docs/history.md says each one."""
    from trackcue.history.summary import SESSION_STATUSES

    guide = (REPO / "docs/history.md").read_text(encoding="utf-8")
    para = guide.split("\nStatus is ", 1)[1].split("\n\n", 1)[0]
    said = re.findall(r"`([a-z]+)`\s+\(", para)
    assert sorted(said) == sorted(SESSION_STATUSES)
    assert len(said) == len(SESSION_STATUSES)
