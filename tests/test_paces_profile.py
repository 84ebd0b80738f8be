"""The profile file: where it lives, what it holds, and how a broken one is reported."""

import pytest

from trackcue.errors import UserError
from trackcue.paces import Profile, load_profile, profile_path, profile_paces, save_profile


@pytest.fixture
def where(tmp_path, monkeypatch):
    path = tmp_path / "cfg" / "profile.yaml"
    monkeypatch.setenv("TRACKCUE_PROFILE", str(path))
    return path


def test_env_override_sets_the_path(where):
    assert profile_path() == where


def test_default_path_is_in_the_user_config_dir(monkeypatch):
    from platformdirs import user_config_dir

    monkeypatch.delenv("TRACKCUE_PROFILE", raising=False)
    assert str(profile_path()).startswith(user_config_dir("trackcue", appauthor=False))
    assert profile_path().name == "profile.yaml"


def test_a_missing_file_is_an_empty_profile(where):
    assert load_profile() == Profile({}, None)  # no units chosen: each workout's cues.units decides


def test_save_then_load_round_trips_and_the_file_is_readable(where):
    save_profile(Profile({"mile": "6:00", "400m": "80s", "E": "8:30-9:30/mi"}, "imperial"))
    text = where.read_text()
    assert text.startswith("# trackcue profile")
    assert "units: imperial" in text and "400m: 80s" in text and "mile: '6:00'" in text
    assert load_profile() == Profile({"mile": "6:00", "400m": "80s", "E": "8:30-9:30/mi"}, "imperial")
    assert [p.name for p in where.parent.iterdir()] == ["profile.yaml"]  # no temp file left behind


def test_hand_written_unquoted_clock_times_read_as_times(where):
    where.parent.mkdir(parents=True)
    where.write_text("units: metric\npaces:\n  mile: 6:00\n  400m: 80\n  half: 1:31:35\n  5K: 19:57\n")
    profile = load_profile()
    assert profile.values == {"mile": "6:00", "400m": "1:20", "half": "1:31:35", "5k": "19:57"}


def test_profile_paces_name_their_source(where):
    paces = profile_paces(Profile({"400m": "80s", "T": "6:51/mi"}))
    assert paces["400m"].source == "profile: 400m 80s"
    assert paces["400m"].sec_per_m == pytest.approx(0.2)
    assert paces["T"].source == "profile: T 6:51/mi"


@pytest.mark.parametrize("body,words", [
    ("units: metric\npaces: [\n", "not valid YAML"),
    ("- a\n- b\n", "must be a mapping"),
    ("units: furlongs\n", "units must be metric or imperial"),
    ("paces:\n  mile: fast\n", "mile: 'fast' is not a time"),
    ("paces:\n  300m: 50s\n", "unknown pace name '300m'"),
    ("colour: red\n", "unknown profile key 'colour'"),
])
def test_a_broken_file_is_a_user_error_naming_the_path(where, body, words):
    where.parent.mkdir(parents=True)
    where.write_text(body)
    with pytest.raises(UserError) as info:
        load_profile()
    assert str(where) in str(info.value)
    assert words in str(info.value)


IMPERIAL = "name: imp\ncues: {units: imperial}\nsteps:\n  - run: 10min at mile + 40..50s/mi\n"


def said(cli, path, *args: str) -> str:
    code, out, err = cli("compile", "--transcript", "--speech", "none", str(path), *args)
    assert code == 0, err
    return next(line for line in out.splitlines() if "Run, ten minutes" in line)


def test_setting_paces_writes_no_units_so_the_workouts_units_are_heard(cli, where, workout_file):
    """Before: `profile set 400m=80s mile=6:00` wrote `units: metric`, which beat the coach's file."""
    path = workout_file(IMPERIAL)
    assert cli("profile", "set", "400m=80s", "mile=6:00")[0] == 0
    assert not [line for line in where.read_text().splitlines() if "units" in line and not line.startswith("#")]
    assert load_profile().units is None
    assert "six forty-five mile pace" in said(cli, path)
    # the precedence: command line > the runner's own choice > the workout's cues.units > metric
    assert cli("profile", "set", "units=metric")[0] == 0
    assert "four twelve per kilometre" in said(cli, path)
    assert "six forty-five mile pace" in said(cli, path, "--units", "imperial")
    assert load_profile() == Profile({"400m": "80s", "mile": "6:00"}, "metric")
    assert "mile pace" not in said(cli, workout_file(IMPERIAL.replace("imperial", "metric"), "m.yaml"))


def test_a_set_pace_the_workout_does_not_use_is_refused_naming_what_it_uses(cli, where):
    """Before: with 400m in the profile, `--set mile=5:45` passed silently (the 200s read 400m)."""
    assert cli("profile", "set", "400m=80s")[0] == 0
    code, _out, err = cli("compile", "200m-repeats", "--set", "mile=5:45")
    assert code == 2 and err.strip().splitlines() == [
        "error: --set mile=5:45 changes nothing in 200 m repeats: it uses 400m, which this does not move "
        "(hint: set 400m=… instead)"]
    assert cli("compile", "200m-repeats", "--set", "400m=78s")[0] == 0  # the pace it uses
    where.unlink()
    assert cli("compile", "200m-repeats", "--set", "mile=5:45")[0] == 0  # no 400m: derived from this mile
