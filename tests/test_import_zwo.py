"""Zwift run workouts (.zwo) import with paces from the runner's threshold pace; unsafe XML is refused."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from trackcue.errors import UserError
from trackcue.paces import Profile, save_profile
from trackcue.workout import compile_file
from trackcue.workout.importers import import_file

RUN = """<?xml version="1.0" encoding="UTF-8"?>
<workout_file>
    <author>Coach</author>
    <name>Treadmill threshold</name>
    <description>Warm up, 4 x 3 min at threshold, float recoveries</description>
    <sportType>run</sportType>
    <workout>
        <Warmup Duration="600" PowerLow="0.60" PowerHigh="0.80">
            <textevent timeoffset="0" message="Easy to start"/>
        </Warmup>
        <IntervalsT Repeat="4" OnDuration="180" OffDuration="60" OnPower="1.0" OffPower="0.7"/>
        <SteadyState Duration="300" Power="0.9">
            <textevent timeoffset="0" message="Recovery"/>
            <textevent timeoffset="120" message="Relax your shoulders"/>
        </SteadyState>
        <FreeRide Duration="120"/>
        <Cooldown Duration="300" PowerLow="0.75" PowerHigh="0.55"/>
    </workout>
</workout_file>
"""


@pytest.fixture
def threshold_4_00():
    save_profile(Profile({"T": "4:00/km"}))


def write(tmp_path: Path, text: str | bytes, name: str = "w.zwo") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_zwift_blocks_become_steps_at_fractions_of_threshold_speed(tmp_path, threshold_4_00):
    yaml = import_file(write(tmp_path, RUN), "w.zwo").yaml
    assert "# Zwift targets are fractions of threshold speed; here: threshold pace T 4:00/km (profile: T 4:00/km)" in yaml
    assert 'description: "Warm up, 4 x 3 min at threshold, float recoveries"' in yaml
    # 60 % → 80 % of 0.25 s/m's speed: 6:40/km → 5:00/km, played as the range
    assert "  # approximated: a ramp from 60% to 80% of threshold speed: played as that pace range\n" \
           "  - warmup: 10min at 5:00..6:40/km\n    note: \"Easy to start\"\n" in yaml
    assert "  - repeat: 4\n    steps:\n      # 100% of threshold speed\n      - run: 3min at 4:00/km\n" in yaml
    assert "      - jog: 1min at 5:42.9/km\n" in yaml
    assert '  - jog: 5min at 4:26.7/km\n    at:\n      "2min": "Relax your shoulders"\n' in yaml
    assert "  - run: 2min\n" in yaml  # FreeRide: no target
    tl = compile_file(write(tmp_path, RUN))
    assert [s.kind for s in tl.segments] == ["warmup"] + ["run", "jog"] * 4 + ["jog", "run", "cooldown"]
    assert tl.segments[1].pace_s_per_m == pytest.approx(0.24)
    assert tl.segments[2].pace_s_per_m == pytest.approx(0.24 / 0.7, abs=1e-4)
    assert [round(s.duration_s) for s in tl.segments] == [600] + [180, 60] * 4 + [300, 120, 300]


def test_distance_workouts_and_distance_offsets(tmp_path, threshold_4_00):
    text = RUN.replace("<sportType>run</sportType>", "<sportType>run</sportType><durationType>distance</durationType>")
    text = text.replace('<SteadyState Duration="300" Power="0.9">', '<SteadyState Duration="1000" Power="1.0">')
    text = text.replace('timeoffset="120" message="Relax', 'distoffset="500" message="Relax')
    tl = compile_file(write(tmp_path, text))
    steady = tl.segments[9]
    assert (steady.ends, steady.distance_m, steady.target_s) == ("lap", 1000.0, 240.0)
    assert any(c.text == "Relax your shoulders" and c.at_s == pytest.approx(steady.start_s + 120) for c in tl.cues)


def test_the_files_threshold_is_used_when_the_profile_has_none(tmp_path):
    text = RUN.replace("<sportType>run</sportType>", "<sportType>run</sportType><thresholdSecPerKm>300</thresholdSecPerKm>")
    yaml = import_file(write(tmp_path, text), "w.zwo").yaml
    assert "threshold pace 5:00/km (the file's thresholdSecPerKm)" in yaml
    assert "      - run: 3min at 5:00/km\n" in yaml


def test_no_threshold_anywhere_says_how_to_set_one(tmp_path):
    with pytest.raises(UserError) as err:
        compile_file(write(tmp_path, RUN))
    (problem,) = err.value.problems
    assert "fractions of your threshold pace, and your profile has none" in problem.message
    assert "trackcue profile set T=4:15/km" in problem.hint


def test_bike_workouts_are_refused(tmp_path):
    with pytest.raises(UserError, match="this is a Zwift bike workout: its targets are power, not pace"):
        compile_file(write(tmp_path, RUN.replace("<sportType>run</sportType>", "")))


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<workout_file><name>&lol9;</name><sportType>run</sportType><workout/></workout_file>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE w [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<workout_file><name>&secret;</name><sportType>run</sportType><workout/></workout_file>
"""


@pytest.mark.parametrize("text", [BOMB, EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_entities_are_refused_at_once(tmp_path, text):
    start = time.perf_counter()
    with pytest.raises(UserError) as err:
        compile_file(write(tmp_path, text))
    assert time.perf_counter() - start < 5  # a billion laughs expanded would take minutes and gigabytes
    (problem,) = err.value.problems
    assert "declares a DTD or entities" in problem.message and "root:" not in problem.message


def test_broken_xml_says_where(tmp_path):
    with pytest.raises(UserError) as err:
        compile_file(write(tmp_path, "<workout_file>\n  <name>x</name>\n  <workout>\n</workout_file>\n"))
    (problem,) = err.value.problems
    assert "not well-formed XML" in problem.message and (problem.line, problem.col) == (4, 3)


@pytest.mark.parametrize("block, message", [
    ('<IntervalsT Repeat="100000" OnDuration="60" OffDuration="60" OnPower="1" OffPower="0.5"/>', "is out of range"),
    ('<SteadyState Duration="-5" Power="1"/>', "is not a length of seconds a runner can run"),
    ('<SteadyState Duration="abc" Power="1"/>', "needs a number in Duration"),
])
def test_bad_blocks_are_named(tmp_path, threshold_4_00, block, message):
    text = RUN.replace('<FreeRide Duration="120"/>', block)
    with pytest.raises(UserError, match=message):
        compile_file(write(tmp_path, text))


def test_every_bad_block_is_reported_at_its_line(tmp_path):
    blocks = ('<SteadyState Duration="-5" Power="0.8"/>\n<SteadyState Duration="60" Power="banana"/>\n'
              '<IntervalsT Repeat="0" OnDuration="30" OffDuration="30" OnPower="1" OffPower="0.5"/>\n')
    text = ('<workout_file><name>x</name><sportType>run</sportType><thresholdSecPerKm>255</thresholdSecPerKm>\n'
            f'<workout>\n{blocks}</workout></workout_file>\n')
    with pytest.raises(UserError) as err:
        compile_file(write(tmp_path, text))
    found = [(p.line, p.col, p.message.split(" ")[0]) for p in err.value.problems]
    assert found == [(3, 1, "<SteadyState"), (4, 1, "<SteadyState>"), (5, 1, "IntervalsT")]
    assert "not 'banana'" in err.value.problems[1].message and all(p.hint for p in err.value.problems)
