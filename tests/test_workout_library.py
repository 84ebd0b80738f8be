"""The shipped library: every workout checks, compiles to the seed's sessions, and matches the schema."""

from __future__ import annotations

import json
import subprocess

import jsonschema
import pytest
import yaml

from support import trackcue_cmd
from trackcue.timeline import TIMELINE_VERSION
from trackcue.workout import compile_file, library_paths
from trackcue.workout.language import json_schema

LIBRARY = library_paths()


def test_the_library_has_the_seed_sessions():
    names = {p.stem for p in LIBRARY}
    assert {"200m-repeats", "400m-split-repeats", "400m-goal-pace", "hill-repeats", "downhill-repeats", "strength",
            "stretching", "vo2max", "threshold", "base-run"} <= names


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_each_workout_matches_the_json_schema(path):
    data = yaml.safe_load(path.read_text())
    validator = jsonschema.Draft202012Validator(json_schema())
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert problems == []
    assert data["steps"], "a library workout has steps"


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_each_workout_compiles_with_a_description(path):
    tl = compile_file(path, use_profile=False)
    assert tl.description and tl.segments and tl.total_s > 0


def test_schema_validator_is_not_vacuous():
    """The check above can fail: a wrong type inside a real library file is caught."""
    data = yaml.safe_load(LIBRARY[0].read_text())
    data["steps"][0] = {"run": "10min", "pips": "sometimes"}
    errors = list(jsonschema.Draft202012Validator(json_schema()).iter_errors(data))
    assert errors


def test_schema_rejects_what_the_parser_rejects():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"steps": [{"runn": "10min"}]}, json_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"nme": "x", "steps": [{"run": "10min"}]}, json_schema())


def test_200m_repeats_is_the_seed_session():
    tl = compile_file("200m-repeats", use_profile=False)
    runs = [s for s in tl.segments if s.kind == "run"]
    jogs = [s for s in tl.segments if s.kind == "jog" and s.rep]
    assert len(runs) == 8 and all(r.target_s == 38 and r.distance_m == 200 for r in runs)
    assert [j.duration_s for j in jogs] == [120, 105, 90, 75, 60, 45, 30]
    assert tl.segments[0].kind == "warmup" and tl.segments[0].duration_s == 900
    assert any(s.kind == "stretch" for s in tl.segments) and tl.segments[-1].kind == "stretch"


def test_400m_goal_pace_is_89_5s_for_a_6_minute_mile():
    runs = [s for s in compile_file("400m-goal-pace", use_profile=False).segments if s.kind == "run"]
    assert runs[0].target_s == pytest.approx(89.5)


def test_400m_splits_first_half_five_seconds_slower():
    run = [s for s in compile_file("400m-split-repeats", use_profile=False).segments if s.kind == "run"][0]
    first = run.splits[0].after_s
    assert first - (run.target_s - first) == pytest.approx(5, abs=0.05)


def test_vo2max_and_threshold_paces():
    vo2 = [s for s in compile_file("vo2max", use_profile=False).segments if s.kind == "run"]
    assert vo2[0].target_s == pytest.approx(395, abs=0.5)  # 6:00 mile + 30..40 s → 6:35
    jogs = [s.duration_s for s in compile_file("vo2max", use_profile=False).segments if s.kind == "jog" and s.rep]
    assert jogs[0] == 240 and jogs[-1] == 45
    thr = [s for s in compile_file("threshold", use_profile=False).segments if s.kind == "run"]
    assert len(thr) == 3 and thr[0].duration_s == 600
    assert thr[0].pace_range[0] * 1609.344 == pytest.approx(400)


def test_reps_range_from_the_article(cli):
    code, out, _ = cli("compile", "200m-repeats", "--set", "reps=10", "--json", "--no-profile")
    assert code == 0 and sum(1 for s in json.loads(out)["segments"] if s["kind"] == "run") == 10
    code, _, err = cli("compile", "200m-repeats", "--set", "reps=11")
    assert code == 2 and "6 to 10" in err


def test_compile_json_contract(cli):
    code, out, _ = cli("compile", "200m-repeats", "--json", "--no-profile")
    data = json.loads(out)
    assert code == 0 and data["version"] == TIMELINE_VERSION
    assert {"name", "total_s", "distance_m", "segments", "cues"} <= set(data)
    seg = data["segments"][13]
    assert {"index", "kind", "label", "start_s", "duration_s", "ends", "distance_m", "target_s", "rep", "reps"} <= set(seg)
    assert (seg["ends"], seg["duration_s"], seg["target_s"], seg["rep"], seg["reps"]) == ("lap", 38, 38, 1, 8)
    cue = data["cues"][0]
    assert {"at_s", "type", "text", "sound", "segment"} <= set(cue) and cue["type"] in ("tone", "speech")
    assert data["total_s"] == pytest.approx(data["segments"][-1]["start_s"] + data["segments"][-1]["duration_s"])


def test_compile_table_shows_recoveries_and_sources(cli):
    code, out, _ = cli("compile", "200m-repeats", "--no-profile")
    assert code == 0
    for text in ("Jog · 2min", "Jog · 1:45", "Jog · 30s", "200 m in 38s", "400m = 1:20 (default)"):
        assert text in out


def test_list_shows_time_and_distance(cli):
    code, out, _ = cli("list")
    assert code == 0 and "200m-repeats" in out and "54:49" in out and "1600 m" in out


def test_check_all_library_files(cli):
    code, out, err = cli("check", *[str(p) for p in LIBRARY])
    assert code == 0 and out.count("ok ") == len(LIBRARY) and "error" not in err


def test_library_by_name_from_any_directory(tmp_path):
    proc = subprocess.run(trackcue_cmd() + ["compile", "200m-repeats"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0 and "200 m repeats" in proc.stdout


def test_schema_command_prints_json_schema(cli):
    code, out, _ = cli("schema")
    assert code == 0 and json.loads(out)["title"] == "trackcue workout"
