"""trackcue.phrases held to docs/phrases.md: every row of every table there is checked here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trackcue import phrases
from trackcue.units import parse_pace
from trackcue.workout import compile_file

DOC = Path(__file__).resolve().parents[1] / "docs" / "phrases.md"
KINDS = ("time", "target", "duration", "distance", "mark", "pace", "lap", "split", "last", "step", "where")


def table(kind: str) -> list[dict[str, str]]:
    """The rows of the table marked ``<!-- phrases: kind -->`` as dicts by column name."""
    text = DOC.read_text(encoding="utf-8")
    m = re.search(rf"<!-- phrases: {kind} -->\n((?:\|.*\n)+)", text)
    assert m, f"docs/phrases.md has no '{kind}' table"
    lines = [line.strip().strip("|") for line in m.group(1).splitlines()]
    header = [c.strip() for c in lines[0].split("|")]
    rows = [dict(zip(header, (c.strip() for c in line.split("|")))) for line in lines[2:]]
    assert rows, f"the '{kind}' table is empty"
    return rows


def unit_systems(row: dict[str, str]) -> list[str]:
    return ["metric", "imperial"] if row["units"] == "both" else [row["units"]]


def test_every_kind_has_its_table_and_no_table_goes_unchecked():
    marked = re.findall(r"<!-- phrases: (\w+) -->", DOC.read_text(encoding="utf-8"))
    assert sorted(marked) == sorted(KINDS)


@pytest.mark.parametrize("row", table("time"), ids=lambda r: r["seconds"])
def test_times_read_off_the_watch(row):
    seconds = float(row["seconds"])
    assert phrases.say_time(seconds) == row["spoken"]
    assert phrases.format_clock(seconds, tenths=True) == row["shown"]


@pytest.mark.parametrize("row", table("target"), ids=lambda r: r["seconds"])
def test_target_times(row):
    seconds = float(row["seconds"])
    assert phrases.say_target(seconds) == row["spoken"]
    assert phrases.format_target(seconds) == row["shown"]


@pytest.mark.parametrize("row", table("duration"), ids=lambda r: r["seconds"])
def test_durations(row):
    seconds = float(row["seconds"])
    assert phrases.say_duration(seconds) == row["spoken"]
    assert phrases.format_duration(seconds) == row["shown"]


@pytest.mark.parametrize("row", table("distance"), ids=lambda r: f"{r['metres']}-{r['units']}")
def test_distances(row):
    metres = float(row["metres"])
    for units in unit_systems(row):
        assert phrases.say_distance(metres, units) == row["spoken"]
    assert phrases.format_distance(metres) == row["shown"]


@pytest.mark.parametrize("row", table("mark"), ids=lambda r: f"{r['metres']}-{r['units']}")
def test_split_marks(row):
    for units in unit_systems(row):
        assert phrases.say_mark(float(row["metres"]), units) == row["spoken"]


@pytest.mark.parametrize("row", table("pace"), ids=lambda r: f"{r['pace']}-{r['units']}")
def test_paces(row):
    pace = parse_pace(row["pace"])
    assert phrases.say_pace(pace, row["units"]) == row["spoken"]
    assert phrases.format_pace(pace, phrases.pace_unit(row["units"])) == row["shown"]


@pytest.mark.parametrize("row", table("lap"), ids=lambda r: f"{r['time']}-{r['target']}-{r['mark']}")
def test_lap_calls(row):
    time = float(row["time"])
    target = float(row["target"]) if row["target"] else None
    mark = float(row["mark"]) if row["mark"] else None
    assert phrases.lap_call(time, target, mark) == row["spoken"]
    if target is not None:
        assert phrases.format_diff(time, target) == row["shown"]


@pytest.mark.parametrize("row", table("split"), ids=lambda r: f"{r['metres']}-{r['seconds']}")
def test_split_calls(row):
    for units in unit_systems(row):
        assert phrases.split_call(float(row["metres"]), float(row["seconds"]), units) == row["spoken"]


@pytest.mark.parametrize("row", table("last"), ids=lambda r: r["spoken"])
def test_last_words(row):
    rep = phrases.LAST_REP if row["final rep"] == "yes" else None
    set_ = phrases.LAST_SET if row["final set"] == "yes" else None
    assert phrases.last_words(rep, set_) == row["spoken"]


@pytest.mark.parametrize("row", table("step"), ids=lambda r: f"{r['step']}-{r['units']}")
def test_steps_shown_and_spoken(row, workout_file):
    step = row["step"].strip("`")
    path = workout_file(f"cues: {{units: {row['units']}}}\nsteps:\n  - {step}\n")
    seg = compile_file(path, use_profile=False).segments[0]
    assert seg.label == row["shown"]
    assert phrases.describe_step(seg, row["units"]) == row["shown"]
    assert phrases.announcement(seg, row["units"])[0] == row["spoken"]


@pytest.mark.parametrize("row", table("where"), ids=lambda r: f"{r['step']}-{r['in']}")
def test_where_the_runner_is_shown_and_spoken(row, workout_file):
    path = workout_file(f"steps:\n  - {row['step'].strip('`')}\n")
    seg = compile_file(path, use_profile=False).segments[0]
    if row["rep"] != "-":
        rep, reps = (int(n) for n in row["rep"].split("/"))
        seg = seg._replace(rep=rep, reps=reps)
    t = float(row["in"])
    left = None if seg.ends == "lap" else seg.duration_s - max(t, 0.0)
    countdown = -t if t < 0 else None
    assert phrases.where_call(seg, max(t, 0.0), left, countdown_s=countdown) == row["shown"]
    assert phrases.where_call(seg, max(t, 0.0), left, spoken=True, countdown_s=countdown) == row["spoken"]


def _a_rep():
    """Rep 1 of 2 of the track test session: 200 m in 38 s, ended by a lap."""
    from tui_rig import track_timeline

    return track_timeline().segments[1]


# ----- the faults of issue 12, one by one ----------------------------------------------------

def test_no_colon_and_no_digit_reaches_a_speech_engine_from_a_phrase():
    said = [phrases.say_time(86.1), phrases.say_time(3725), phrases.say_target(89.5), phrases.say_duration(5400),
            phrases.lap_call(86.1, 85, 1200), phrases.split_call(1609.344, 395), phrases.say_pace(0.3, "imperial"),
            phrases.say_distance(1600), phrases.say_rep(3, 8), phrases.to_go(10),
            phrases.where_call(_a_rep(), 18.2, 71.8, spoken=True), phrases.where_call(_a_rep(), 49.6, None, spoken=True)]
    for text in said:
        assert not re.search(r"[\d:]", text), text


def test_times_over_a_minute_are_never_colon_or_digit_pairs():
    # Was "1:26.1" (espeak: "one colon twenty-six point one"), "2 49", "3 00" ("three zero zero").
    assert phrases.say_time(86.1) == "one twenty-six point one"
    assert phrases.split_call(400, 169) == "four hundred, two forty-nine"
    assert phrases.split_call(800, 180) == "eight hundred, three minutes"


def test_rounding_is_half_up_to_what_is_said():
    # Python's round gave "1 minute 28" for 88.5 s (half to even).
    assert phrases.say_duration(88.5) == "one twenty-nine"
    assert phrases.say_duration(89.5) == "one thirty"
    assert phrases.say_time(86.15) == "one twenty-six point two"
    assert phrases.format_clock(88.5) == "1:29"


def test_one_form_for_paces_in_each_unit_system():
    # Was "5 minute kilometre pace" beside "4 40 per kilometre".
    assert phrases.say_pace(0.3, "metric") == "five minutes per kilometre"
    assert phrases.say_pace(0.28, "metric") == "four forty per kilometre"


def test_track_distances_are_hundreds():
    # Was "1.2 kilometres", "1.6 kilometres".
    assert phrases.say_distance(1200) == "twelve hundred metres"
    assert phrases.say_distance(1600, "imperial") == "sixteen hundred metres"


def test_a_coachs_own_words_are_made_speakable():
    assert phrases.speakable("Hold 1:30 then 10 easy: relax") == "Hold one thirty then ten easy, relax"
    assert phrases.speakable("Rep 3. 37.5 to go.") == "Rep three. Thirty-seven point five to go."
    assert phrases.speakable("5k pace, 200m") == "5k pace, 200m"


def test_number_words_refuses_negatives():
    with pytest.raises(ValueError):
        phrases.number_words(-1)


def test_phrases_is_pure():
    import subprocess
    import sys

    code = ("import sys, trackcue.phrases; bad = [m for m in sys.modules if m.startswith(("
            "'trackcue.speech', 'trackcue.audio', 'trackcue.engine', 'trackcue.tui', 'trackcue.workout'))]; "
            "print(bad); raise SystemExit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_number_words_are_num2words_own():
    """Numbers below a million are worded without importing num2words (it loads every language:
    20 ms of `trackcue check`); they must be exactly what num2words says."""
    from num2words import num2words

    from trackcue.phrases import number_words

    number_words.cache_clear()
    checked = [*range(1000), *range(1000, 1_000_000, 997), 1001, 1100, 21017, 100001, 999_999, 1_000_000, 2_500_000]
    assert [number_words(n) for n in checked] == [num2words(n, lang="en").replace(",", "") for n in checked]
    assert number_words(1500) == "one thousand five hundred"
