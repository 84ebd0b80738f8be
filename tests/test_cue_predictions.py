"""What check and compile predict is what render and run play: one planning path, the same lengths.

Also the faults the old planner let through: announcements cut although their step had room
(issue 12 item 3), and a "10 seconds to go" dropped by the compiler on an estimate.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from trackcue.soundtrack.prepare import PLAN_RATE, plan_sound, prepare
from trackcue.speech.planner import plan_cues
from trackcue.workout import compile_file, library_paths

needs_espeak = pytest.mark.skipif(
    not (shutil.which("espeak-ng") or shutil.which("espeak")) and not os.environ.get("CI"),
    reason="espeak-ng is not installed (apt-get install espeak-ng); CI always has it",
)

BIG_EFFORT = """name: big effort
steps:
  - run: 1min
  - jog: 30s
    at: {-5s: Big effort}
  - run: 2min at 4:00/km
"""

CROWDED = """name: crowded recovery
steps:
  - repeat: 3
    steps:
      - run: 200m in 38s
      - jog: 8s
        at: {2s: Breathe, -4s: Ready now}
"""


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One speech cache for the module: check and render of a workout render its phrases once."""
    return tmp_path_factory.mktemp("speech-cache")


@pytest.fixture
def cache(shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRACKCUE_CACHE_DIR", str(shared_cache))
    return shared_cache


def announcements(plan, tl):
    return {tl.segments[c.segment].label: c for c in plan.cues if c.kind == "announce"}


# --- item 3: a clash moves or shortens only the cues that clash --------------------------------


def test_an_at_cue_in_the_way_moves_the_next_announcement_and_cuts_nothing(workout_file):
    tl = compile_file(workout_file(BIG_EFFORT), use_profile=False)
    durations = dict(plan_sound(tl, PLAN_RATE, "none").durations)
    # The lengths espeak-ng gave when the fault was found: the rep's announcement, written to end
    # just before the pips, runs into "Big effort" 5 s before the end of the 20 s-quiet jog.
    jog, rep = (next(c for c in tl.cues if c.kind == "announce" and c.segment == s) for s in (1, 2))
    durations.update({jog.text: 1.25, jog.short_text: 0.45, rep.text: 3.4, rep.short_text: 0.8, "Big effort": 0.75})
    assert rep.at_s + 3.4 > 85.0 - 0.15  # as written, the two clash
    plan = plan_cues(tl, durations)
    by_step = announcements(plan, tl)
    jog_plan, rep_plan = by_step["Jog · 30s"], by_step["Run · 2min at 4:00/km"]
    assert jog_plan.text == jog.text and jog_plan.form in ("full", "moved")  # after the stop tone
    assert rep_plan.text == rep.text and rep_plan.form == "moved"
    big = next(c for c in plan.cues if c.text == "Big effort")
    assert big.form == "full" and big.at_s == 85.0
    assert rep_plan.end_s <= big.at_s - 0.15 + 1e-6
    assert plan.warnings == []


@needs_espeak
def test_render_speaks_both_announcements_in_full(workout_file, cli, cache, tmp_path):
    path = workout_file(BIG_EFFORT)
    code, _, err = cli("render", str(path), "-o", str(tmp_path / "s.wav"), "--speech", "espeak")
    assert code == 0 and "warning" not in err
    tl = compile_file(path, use_profile=False)
    plan = prepare(tl, 44100, "espeak").plan
    spoken = {c.text for c in plan.playing if c.kind == "announce"}
    full = {c.text for c in tl.cues if c.kind == "announce"}
    assert spoken == full


# --- the "10 seconds to go" rule lives in the planner -------------------------------------------


LONG_CALL = """name: long call
steps:
  - run: 200m in 38s
  - jog: 45s
  - run: 200m in 38s
    say: "Go again. Two hundred metres in thirty-eight seconds, relax your shoulders and drive your arms"
"""


def test_ten_seconds_to_go_stays_when_the_announcement_can_move(workout_file):
    tl = compile_file(workout_file(LONG_CALL), use_profile=False)
    warning = next(c for c in tl.cues if c.kind == "warning")  # the compiler no longer drops it
    plan = plan_sound(tl, PLAN_RATE, "none").plan
    by_index = plan.by_index()
    ann = next(p for p in plan.cues if p.kind == "announce" and p.segment == 2)
    assert by_index[tl.cues.index(warning)].form == "full"
    assert ann.form == "moved" and ann.end_s <= warning.at_s - 0.15 + 1e-6
    assert plan.warnings == []


def test_ten_seconds_to_go_gives_way_when_the_announcement_cannot_move(workout_file):
    calls = ", ".join(f"-{s}s: Keep breathing and stay tall" for s in (40, 34, 28, 22, 16))
    crowded = LONG_CALL.replace("  - jog: 45s\n", f"  - jog: 45s\n    at: {{{calls}, -12s: Drive the arms now}}\n")
    tl = compile_file(workout_file(crowded), use_profile=False)
    plan = plan_sound(tl, PLAN_RATE, "none").plan
    dropped = [p for p in plan.cues if p.dropped]
    assert [p.kind for p in dropped] == ["warning"]
    ann = next(p for p in plan.cues if p.kind == "announce" and p.segment == 2)
    assert ann.form in ("full", "moved") and ann.text == tl.cues[ann.index].text
    warning = next(c for c in tl.cues if c.kind == "warning")
    assert plan.warnings == [f'step 2 (Jog · 45s): warning "{warning.text}" dropped: not enough time']


# --- check says what render plays ---------------------------------------------------------------


def warnings_of(err: str) -> list[str]:
    return [line.split(" warning: ", 1)[1] for line in err.splitlines() if " warning: " in line]


@needs_espeak
@pytest.mark.parametrize("text", [CROWDED, BIG_EFFORT], ids=["crowded recovery", "big effort"])
def test_check_warns_what_render_does(text, workout_file, cli, cache, tmp_path):
    path = str(workout_file(text))
    code, _, check_err = cli("check", path, "--speech", "espeak")
    assert code == 0
    code, _, render_err = cli("render", path, "-o", str(tmp_path / "s.wav"), "--speech", "espeak")
    assert code == 0
    predicted = warnings_of(check_err)
    assert predicted == warnings_of(render_err)
    assert "estimated" not in check_err
    if text == CROWDED:  # 8 s for two calls, the step's and the next rep's announcements: some give way
        assert any("dropped" in w for w in predicted)


@needs_espeak
@pytest.mark.parametrize("name", sorted(p.stem for p in library_paths()))
def test_check_warns_what_render_does_for_every_library_workout(name, cli, cache, tmp_path):
    code, _, check_err = cli("check", name, "--speech", "espeak")
    assert code == 0
    out = tmp_path / "s.wav"
    code, _, render_err = cli("render", name, "-o", str(out), "--speech", "espeak")
    out.unlink()
    assert code == 0
    assert warnings_of(check_err) == warnings_of(render_err)


@needs_espeak
def test_check_compile_render_and_run_plan_alike(workout_file, cache):
    tl = compile_file(workout_file(CROWDED.replace("Breathe", "Breathe in")), use_profile=False)
    cold = plan_sound(tl, PLAN_RATE, "espeak")  # check and compile
    played = prepare(tl, PLAN_RATE, "espeak")  # what render and run (LiveSoundtrack.prepare) call
    warm = plan_sound(tl, PLAN_RATE, "espeak")  # lengths from the cache's headers
    assert not cold.estimated and not warm.estimated
    assert cold.durations == warm.durations
    assert cold.plan == played.plan == warm.plan


def test_without_an_engine_check_says_it_estimates(workout_file, cli):
    code, out, err = cli("check", str(workout_file(CROWDED)), "--speech", "none")
    assert code == 0 and out.startswith("ok")
    assert "note: warnings from estimated speech lengths — speech off (--speech none)" in err


# --- compile shows the plan -----------------------------------------------------------------------


def test_compile_json_carries_each_cues_planned_form(workout_file, cli):
    code, out, _ = cli("compile", str(workout_file(CROWDED)), "--json", "--speech", "none")
    assert code == 0
    data = json.loads(out)
    assert data["plan"]["lengths"] == "estimated" and data["plan"]["speech"] == "speech off (--speech none)"
    forms = [c["plan"]["form"] for c in data["cues"]]
    assert set(forms) <= {"full", "moved", "short", "dropped"} and "dropped" in forms
    for c in data["cues"]:
        plan = c["plan"]
        if plan["form"] == "dropped":
            assert plan["text"] is None and plan["sound"] is None
        elif plan["form"] == "full":
            assert plan["at_s"] == c["at_s"] and plan["text"] == c["text"]
        elif plan["form"] == "short":
            assert plan["text"] != c["text"]
    assert len(data["plan"]["warnings"]) == sum(1 for f in forms if f in ("short", "dropped"))


def test_compile_table_lists_where_and_how_each_cue_plays(workout_file, cli):
    code, out, _ = cli("compile", str(workout_file(CROWDED)), "--cues", "--speech", "none")
    assert code == 0
    summary = next(line for line in out.splitlines() if line.startswith("cues: "))
    data = json.loads(cli("compile", str(workout_file(CROWDED)), "--json", "--speech", "none")[1])
    forms = [c["plan"]["form"] for c in data["cues"]]
    assert summary == (f"cues: {len(forms)} · {forms.count('moved')} moved · {forms.count('short')} short · "
                       f"{forms.count('dropped')} dropped (estimated speech lengths — speech off (--speech none))")
    assert "  1:26.0  custom    dropped  Breathe" in out


def test_check_refuses_a_sound_file_render_cannot_find(workout_file, cli, tmp_path):
    # check planned with a made-up length for it and said "ok"; render then failed.
    path = str(workout_file("name: no sound\nsteps:\n  - run: 1min\n    at: {10s: {sound: nope.wav}}\n"))
    code, out, err = cli("check", path, "--speech", "none")
    assert (code, out) == (2, "")
    assert err.startswith(f"{path}: error: sound file 'nope.wav' not found (hint: ")
    code, _, render_err = cli("render", path, "-o", str(tmp_path / "s.wav"), "--speech", "none")
    assert code == 2 and "sound file 'nope.wav' not found" in render_err
