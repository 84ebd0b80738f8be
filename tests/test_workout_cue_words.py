"""What the compiler has said where: last rep / last set at any depth, silenced steps, "Go" on the
boundary, no split call at the finish, the target tone in render, run and --auto-lap."""

from __future__ import annotations

import subprocess

import pytest

from support import trackcue_cmd
from trackcue.engine.clock import FakeClock
from trackcue.engine.player import Player
from engine_rig import RecordingSink
from trackcue.soundtrack.prepare import PLAN_RATE, plan_sound
from trackcue.speech.planner import plan_cues
from trackcue.workout import compile_file


def compile_text(workout_file, text: str, **kw):
    return compile_file(workout_file(text), use_profile=False, **kw)


def announced(tl) -> list[tuple[int, str]]:
    """(segment, text) of every announcement."""
    return [(c.segment, c.text) for c in tl.cues if c.kind == "announce"]


def lasts(tl) -> list[tuple[int, str]]:
    return [(s, t.split(".")[0] + ".") for s, t in announced(tl) if t.startswith("Last")]


SETS = """
steps:
  - repeat: 3
    name: Set
    steps:
      - repeat: 4
        steps:
          - run: 200m in 36s
          - jog: 60s
"""


def test_last_rep_only_before_the_final_rep_of_the_final_set(workout_file):
    # Was "Last rep. Set 3 of 3. Rep 1 of 4." before set 3, and "Last rep." before every set's rep 4.
    tl = compile_text(workout_file, SETS)
    final_set_start = 16  # 2 sets of 8 steps
    final_rep = 22
    assert lasts(tl) == [(final_set_start, "Last set."), (final_rep, "Last rep.")]
    text = dict(announced(tl))
    assert text[final_set_start] == ("Last set. Set three of three. Rep one of four. "
                                     "Two hundred metres in thirty-six seconds.")
    assert text[final_rep].startswith("Last rep. Rep four of four.")


def test_last_things_are_placed_by_the_structure_at_any_depth(workout_file):
    tl = compile_text(workout_file, """
steps:
  - repeat: 2
    steps:
      - repeat: 2
        steps:
          - repeat: 3
            steps:
              - run: 200m in 36s
      - rest: 2min
""")
    # 2 blocks x (2 sets x 3 reps + rest) = 14 steps; the final set is steps 10-12 of the last block.
    assert lasts(tl) == [(10, "Last set."), (12, "Last rep.")]
    assert (tl.segments[10].set, tl.segments[10].rep, tl.segments[12].rep) == (2, 1, 3)


def test_a_final_set_of_one_rep_says_last_one(workout_file):
    tl = compile_text(workout_file, """
steps:
  - repeat: 3
    steps:
      - repeat: 1
        steps:
          - run: 1mi in 6:00
      - jog: 1min
""")
    assert lasts(tl) == [(4, "Last one.")]


def test_each_top_level_repeat_has_its_own_last_rep_and_the_words_can_change(workout_file):
    tl = compile_text(workout_file, """
cues: {last_set: false}
steps:
  - repeat: 3
    last_rep: "Last one, make it count"
    steps:
      - run: 400m in 80s
  - repeat: 2
    steps:
      - repeat: 2
        steps:
          - run: 200m in 38s
""")
    assert [(s, t.split(",")[0]) for s, t in announced(tl) if t.startswith("Last")] == [
        (2, "Last one"), (6, "Last rep. Rep two of two. Two hundred metres in thirty-eight seconds.")]


def test_announce_false_and_an_empty_say_silence_one_step(workout_file):
    tl = compile_text(workout_file, """
steps:
  - jog: 1min
    announce: false
  - run: 1min
    say: ""
  - walk: 1min
""")
    assert announced(tl) == [(2, "Walk, one minute.")]
    assert all(c.text is None or c.text for c in tl.cues)  # no empty phrase for the planner to skip
    assert plan_sound(tl, PLAN_RATE, "none").plan.warnings == []


def test_compile_cues_shows_no_none_for_a_silenced_step(workout_file):
    # Was "announce  None" for say: "".
    path = workout_file("steps:\n  - run: 1min\n    say: \"\"\n  - jog: 1min\n")
    out = subprocess.run(trackcue_cmd() + ["compile", str(path), "--cues", "--no-profile"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "None" not in out.stdout
    assert "Jog, one minute." in out.stdout


def test_go_say_is_spoken_on_the_boundary_not_after_the_tone(workout_file):
    # Was the go tone, then "Go" 0.65 s later (earcon + gap).
    tl = compile_text(workout_file, "cues: {go: say}\nsteps:\n  - jog: 1min\n  - run: 1min\n")
    durations = plan_sound(tl, PLAN_RATE, "none").durations
    plan = plan_cues(tl, durations)
    go = [p for p in plan.cues if p.kind == "go"]
    assert [(p.at_s, p.speech_at_s, p.sound, p.text) for p in go] == [(60.0, 60.0, None, "Go")]
    without_speech = plan_cues(tl, {k: v for k, v in durations.items() if k != "Go"})
    assert [(p.at_s, p.sound, p.fallback) for p in without_speech.cues if p.kind == "go"] == [(60.0, "go", True)]


def test_no_split_call_near_the_finish_of_a_rep(workout_file):
    # A mile rep got "1600 m" called 2 s before its finish.
    tl = compile_text(workout_file, "steps:\n  - run: 1mi at 6:00/mi\n")
    assert [s.at_m for s in tl.segments[0].splits] == [400, 800, 1200]
    tl = compile_text(workout_file, "steps:\n  - run: 1000m in 3:00\n")
    assert [s.at_m for s in tl.segments[0].splits] == [400, 800]  # 200 m to go: still a split


TARGET = "steps:\n  - jog: 1min\n  - run: 200m in 38s\n  - jog: 1min\n"


def test_a_lap_ended_rep_sounds_its_target_tone_in_render_run_and_auto_lap(workout_file):
    from trackcue.soundtrack.offline import placements
    from trackcue.soundtrack.prepare import prepare

    tl = compile_text(workout_file, TARGET)
    target = [(c.at_s, c.kind, c.sound) for c in tl.cues if c.type == "tone" and c.segment == 1 and c.at_s > 60]
    assert target == [(98.0, "target", "target")]
    track = prepare(tl, 8000, speech="none")
    assert (tl.lead_in_s + 98.0, "target") in [(round(t, 3), c.name) for t, c in placements(track)]

    auto = compile_text(workout_file, TARGET, auto_lap=True)
    tones = [(c.at_s, c.sound) for c in auto.cues if c.type == "tone" and c.at_s >= 98]
    assert (98.0, "target") in tones and (98.0, "stop") not in tones  # the rep ends there, on the same tone

    clock, sink = FakeClock(), RecordingSink()
    player = Player(tl, clock, sink, get_ready_s=0)
    player.start()
    while clock.now() < 99.0:  # the runner has not pressed lap by the target
        clock.advance(0.25)
        player.update()
    assert (98.0, "target") in [(t, c.sound) for c, t in sink.queued]


def test_a_lap_before_the_target_cancels_its_tone(workout_file):
    tl = compile_text(workout_file, TARGET)
    clock, sink = FakeClock(), RecordingSink()
    player = Player(tl, clock, sink, get_ready_s=0)
    player.start()
    while clock.now() < 60 + 37.6 - 1e-9:
        clock.advance(0.2)
        player.update()
    player.lap()
    assert "target" not in [c.kind for c, _ in sink.queued]
    assert [c.text for c, _ in sink.queued if c.kind == "lap"] == ["thirty-seven point six, four tenths fast"]


@pytest.mark.parametrize("units", ["metric", "imperial"])
def test_every_announcement_is_words(workout_file, units):
    tl = compile_text(workout_file, f"cues: {{units: {units}}}\nsteps:\n  - repeat: 2\n    steps:\n"
                                    "      - run: 1200m at 5:00/km\n      - jog: 1:30\n  - run: 10min at 4:40/km\n")
    for c in tl.cues:
        if c.type == "speech":
            assert not any(ch.isdigit() or ch == ":" for ch in c.text or ""), c.text


def test_a_coachs_own_cue_takes_the_place_of_the_automatic_call_at_that_moment(workout_file):
    """A custom "Halfway" at 2:00 of a 4:00 run was said after trackcue's own "Halfway"."""
    tl = compile_file(workout_file("""
name: own
steps:
  - run: 4min
    at: {2min: "Halfway, hold it"}
  - run: 1mi in 6:00
    splits: 400m
    at: {1:29.5: "Four hundred, relax"}
  - jog: 90s
    at: {-10s: "Ten to go, get ready"}
  - run: 1min
"""))
    said = [(round(c.at_s, 1), c.kind, c.text) for c in tl.cues if c.kind in ("halfway", "split", "warning", "custom")]
    assert said == [
        (120.0, "custom", "Halfway, hold it"),
        (329.5, "custom", "Four hundred, relax"),
        (418.9, "split", "eight hundred, two fifty-nine"),
        (508.4, "split", "twelve hundred, four twenty-eight point four"),
        (680.0, "custom", "Ten to go, get ready"),
    ]
