"""``trackcue pace`` and ``trackcue profile`` as a runner uses them."""

import json
import subprocess
import sys

import pytest

from trackcue.cli import main


@pytest.fixture(autouse=True)
def profile_file(tmp_path, monkeypatch):
    path = tmp_path / "profile.yaml"
    monkeypatch.setenv("TRACKCUE_PROFILE", str(path))
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_pace_5k_prints_the_vdot_50_table(capsys):
    code, out, _ = run(capsys, "pace", "5k", "19:57")
    assert code == 0
    assert "VDOT 50.0" in out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert rows["mile"][1] == "5:50" and rows["5k"][1] == "19:57" and rows["marathon"][1] == "3:10:49"
    assert rows["T"][2:4] == ["4:15", "6:51"]  # per km, per mi
    assert rows["I"][4] == "1:34" and rows["R"][4] == "1:28"  # per 400 m
    assert all(len(line) <= 80 for line in out.splitlines())
    assert "400m" in rows and rows["400m"][1].endswith("*")  # VDOT below 1500 m is flagged
    assert "note: *" in out


def test_pace_notes_a_sprint_input(capsys):
    code, out, _ = run(capsys, "pace", "400m", "80s")
    assert code == 0
    assert "shorter than 1500 m" in out and "outside Riegel" in out


def test_pace_json_contract(capsys):
    code, out, _ = run(capsys, "pace", "mile", "6:00", "--json")
    data = json.loads(out)
    assert code == 0
    assert isinstance(data["vdot"], float)
    assert data["input"] == {"distance_m": 1609.344, "time_s": 360.0}
    assert set(data["equivalents"]) == {"400m", "800m", "1500m", "mile", "3k", "5k", "10k", "half", "marathon"}
    assert data["equivalents"]["mile"]["vdot_s"] == pytest.approx(360, abs=0.1)
    assert data["equivalents"]["mile"]["riegel_s"] == 360
    assert set(data["paces"]) == set("EMTIR")
    for band in data["paces"].values():
        assert band["low_s_per_km"] <= band["high_s_per_km"]


@pytest.mark.parametrize("argv,words", [
    (["pace", "5x", "19:57"], "'5x' is not a distance"),
    (["pace", "5k", "19:5x"], "'19:5x' is not a time"),
    (["pace", "400m", "30s"], "a 30s 400m is impossible"),
    (["pace", "mile", "2:00:00"], "slower than walking pace"),
    (["pace", "T", "6:51"], "'T' is a training pace"),
])
def test_pace_bad_input_exits_2_with_one_line_and_a_hint(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert words in err and "hint:" in err
    assert len(err.strip().splitlines()) == 1


def test_profile_set_then_show_derives_38s_200m(capsys, profile_file):
    code, out, _ = run(capsys, "profile", "set", "400m=80s", "units=imperial")
    assert code == 0 and str(profile_file) in out
    code, out, _ = run(capsys, "profile", "show")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    assert "profile: 400m 80s" in lines["400m"]
    assert "0:38.4" in lines["200m"] and "derived from 400m 1:20 (Riegel)" in lines["200m"]
    assert "/mi" in lines["T"] and "(VDOT 48.8)" in lines["T"]


def test_profile_show_json(capsys):
    run(capsys, "profile", "set", "5K=19:57")
    code, out, _ = run(capsys, "profile", "show", "--json")
    data = json.loads(out)
    assert data["values"] == {"5k": "19:57"} and data["units"] is None  # not chosen: the workout's units stand
    assert data["paces"]["mile"]["source"] == "derived from 5k 19:57 (VDOT 50.0)"
    assert data["paces"]["T"]["shown"] == "4:15/km"


def test_profile_set_reports_every_bad_pair_and_saves_nothing(capsys, profile_file):
    code, out, err = run(capsys, "profile", "set", "mile=6:0x", "300m=50s", "400m=30s", "T=6:51", "units=km", "oops", "5k=19:57")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 6
    for words in ("'6:0x' is not a time", "unknown pace name '300m'", "impossible", "T takes a pace",
                  "units must be metric or imperial", "'oops' is not NAME=VALUE"):
        assert any(words in line and "hint:" in line for line in lines), words
    assert not profile_file.exists()


def test_profile_unset_and_path(capsys, profile_file):
    run(capsys, "profile", "set", "mile=6:00", "5k=19:57")
    code, out, _ = run(capsys, "profile", "unset", "Mile", "10k")
    assert code == 0 and "removed mile" in out and "not set, nothing to remove: 10k" in out
    assert "mile" not in profile_file.read_text().split("paces:")[1]
    code, _, err = run(capsys, "profile", "unset", "furlong")
    assert code == 2 and "unknown pace name 'furlong'" in err
    code, out, _ = run(capsys, "profile", "path")
    assert out.strip() == str(profile_file)


def test_empty_profile_show_suggests_a_command(capsys):
    code, out, _ = run(capsys, "profile")
    assert code == 0 and "trackcue profile set" in out


def test_broken_profile_exits_2_naming_the_file(capsys, profile_file):
    profile_file.write_text("paces: [\n")
    code, _, err = run(capsys, "profile", "show")
    assert code == 2 and str(profile_file) in err


def test_the_installed_command_exits_2_on_bad_input(profile_file):
    proc = subprocess.run([sys.executable, "-m", "trackcue", "pace", "400m", "30s"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "impossible" in proc.stderr and "Traceback" not in proc.stderr
