"""Export of hand-built Timelines: folding reps into repeats, FIT steps as Garmin reads them, intervals.icu text."""

from __future__ import annotations

import datetime as dt

import pytest
from garmin_fit_sdk import Decoder, Stream

from trackcue.export.fit import to_fit
from trackcue.export.intervals_icu import to_intervals
from trackcue.export.structure import Repeat, ExportStep, build, flat_steps
from trackcue.timeline import KIND_INTENSITY, Cue, Segment, Split, Timeline

CREATED = dt.datetime(2024, 5, 1, 7, 30, tzinfo=dt.timezone.utc)


class Builder:
    """Segments laid end to end, a start cue for each, as the compiler would lay them."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.cues: list[Cue] = []

    def add(self, kind: str, duration_s: float, blocks=(), say: str | None = None, **kw) -> Segment:
        start = self.segments[-1].end_s if self.segments else 0.0
        kw.setdefault("label", kind.capitalize())
        seg = Segment(index=len(self.segments), kind=kind, intensity=kw.pop("intensity", KIND_INTENSITY[kind]),
                      start_s=start, duration_s=duration_s, blocks=tuple(blocks), **kw)
        self.segments.append(seg)
        self.cues.append(Cue(at_s=start, type="speech", segment=seg.index, kind="start", text=say or seg.label))
        return seg

    def cue(self, seg: Segment, offset_s: float, text: str, kind: str = "custom") -> None:
        self.cues.append(Cue(at_s=seg.start_s + offset_s, type="speech", segment=seg.index, kind=kind, text=text))

    def timeline(self, name: str = "Test workout") -> Timeline:
        return Timeline(name=name, segments=self.segments, cues=sorted(self.cues, key=lambda c: c.at_s))


def two_hundreds(reps: int = 10, last_recovery: bool = False, recoveries=None) -> Timeline:
    """10 x 200 m in 38 s, lap-ended, 90 s jog; the final jog dropped unless ``last_recovery``."""
    b = Builder()
    b.add("warmup", 600)
    for r in range(1, reps + 1):
        blocks = [("main", r, reps)]
        b.add("run", 38, blocks, ends="lap", distance_m=200, target_s=38, pace_s_per_m=0.19,
              label=f"Rep {r} of {reps}", rep=r, reps=reps)
        if r < reps or last_recovery:
            jog = recoveries[r - 1] if recoveries else 90
            b.add("jog", jog, blocks, rep=r, reps=reps)
    b.add("cooldown", 600)
    return b.timeline("200m repeats")


def decode(data: bytes) -> dict:
    """Garmin's official decoder: integrity first, then a fresh decoder to read."""
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


# --- folding ---------------------------------------------------------------------------------

def test_identical_reps_fold_into_one_repeat():
    nodes = build(two_hundreds(last_recovery=True)).nodes
    assert [type(n).__name__ for n in nodes] == ["ExportStep", "Repeat", "ExportStep"]
    rep = nodes[1]
    assert rep.count == 10 and [s.segment.kind for s in rep.children] == ["run", "jog"]


def test_last_rep_without_recovery_is_repeat_then_last_rep():
    nodes = build(two_hundreds()).nodes
    assert isinstance(nodes[1], Repeat) and nodes[1].count == 9
    assert isinstance(nodes[2], ExportStep) and nodes[2].segment.kind == "run" and nodes[2].segment.rep == 10
    assert nodes[3].segment.kind == "cooldown"


def test_rep_labels_that_count_become_one_title_and_counting_cues_are_reported():
    structure = build(two_hundreds())
    assert structure.nodes[1].children[0].title == "Run · 200 m in 38s"
    assert structure.nodes[2].title == "Run · 200 m in 38s"  # the last rep reads like the others
    assert structure.nodes[1].children[0].spoken == ()
    assert any("change from rep to rep" in a and "'Rep 1 of 10'" in a for a in structure.approximations)


def test_shrinking_recoveries_are_written_out():
    tl = two_hundreds(reps=4, last_recovery=True, recoveries=[120, 90, 60, 30])
    nodes = build(tl).nodes
    assert not any(isinstance(n, Repeat) for n in nodes)
    assert [n.segment.duration_s for n in nodes] == [600, 38, 120, 38, 90, 38, 60, 38, 30, 600]


def nested(sets: int = 3) -> Timeline:
    """3 sets of 4 x 400 m (60 s jog), 3 min rest between sets."""
    b = Builder()
    for s in range(1, sets + 1):
        for r in range(1, 5):
            blocks = [("sets", s, sets), ("reps", r, 4)]
            b.add("run", 80, blocks, ends="lap", distance_m=400, pace_range=(0.195, 0.205))
            b.add("jog", 60, blocks)
        if s < sets:
            b.add("rest", 180, [("sets", s, sets)])
    return b.timeline("Sets of 400s")


def test_nested_identical_blocks_become_repeat_in_repeat():
    nodes = build(nested()).nodes
    assert len(nodes) == 2  # 2 full sets (with rest) repeated, then the last set without its rest
    outer, last_set = nodes
    assert outer.count == 2
    inner, rest = outer.children
    assert isinstance(inner, Repeat) and inner.count == 4 and rest.segment.kind == "rest"
    assert isinstance(last_set, Repeat) and last_set.count == 4
    assert len(flat_steps(nodes)) == len(nested().segments)


# --- FIT -------------------------------------------------------------------------------------

def test_fit_steps_as_garmin_reads_them():
    export = to_fit(two_hundreds(), created=CREATED)
    msgs = decode(export.data)
    assert msgs["file_id_mesgs"][0]["type"] == "workout"
    workout = msgs["workout_mesgs"][0]
    assert workout["wkt_name"] == "200m repeats" and workout["sport"] == "running"
    steps = msgs["workout_step_mesgs"]
    assert workout["num_valid_steps"] == len(steps) == 6
    assert [s["message_index"] for s in steps] == list(range(6))
    warm, run, jog, repeat, last, cool = steps
    assert (warm["intensity"], warm["duration_type"], warm["duration_value"]) == ("warmup", "time", 600_000)
    assert (run["intensity"], run["duration_type"], run["wkt_step_name"]) == ("active", "open", "Run · 200 m in 38s")
    # 0.19 s/m ± 3 %: slow pace is the low speed, in mm/s
    assert run["target_type"] == "speed" and run["target_value"] == 0
    assert run["custom_target_value_low"] == round(1000 / (0.19 * 1.03))
    assert run["custom_target_value_high"] == round(1000 / (0.19 * 0.97))
    assert (jog["intensity"], jog["duration_value"], jog["target_type"]) == ("recovery", 90_000, "open")
    assert repeat["duration_type"] == "repeat_until_steps_cmplt"
    assert (repeat["duration_value"], repeat["target_value"]) == (1, 9)
    assert last["wkt_step_name"] == "Run · 200 m in 38s" and last["duration_type"] == "open"
    assert cool["intensity"] == "cooldown"


def test_fit_gps_distance_writes_centimetres():
    steps = decode(to_fit(two_hundreds(), gps_distance=True).data)["workout_step_mesgs"]
    assert (steps[1]["duration_type"], steps[1]["duration_value"]) == ("distance", 20_000)


def test_fit_nested_repeat_points_back_by_message_index():
    steps = decode(to_fit(nested()).data)["workout_step_mesgs"]
    kinds = [(s["duration_type"], s.get("duration_value"), s.get("target_value")) for s in steps]
    assert kinds == [
        ("open", None, 0), ("time", 60_000, None), ("repeat_until_steps_cmplt", 0, 4),
        ("time", 180_000, None), ("repeat_until_steps_cmplt", 0, 2),
        ("open", None, 0), ("time", 60_000, None), ("repeat_until_steps_cmplt", 5, 4),
    ]
    # the workout's own range: 0.195..0.205 s/m
    assert (steps[0]["custom_target_value_low"], steps[0]["custom_target_value_high"]) == (4878, 5128)


def test_fit_same_input_same_identity_same_bytes():
    one = to_fit(two_hundreds(), created=CREATED, serial=4242).data
    assert one == to_fit(two_hundreds(), created=CREATED, serial=4242).data
    assert decode(one)["file_id_mesgs"][0]["serial_number"] == 4242


def file_identity(data: bytes) -> tuple:
    file_id = decode(data)["file_id_mesgs"][0]
    return tuple(file_id.get(k) for k in ("type", "manufacturer", "product", "serial_number"))


def test_every_fit_export_has_its_own_file_identity():
    """Garmin: type, manufacturer, product and serial number together unique per file (was: serial 1 always)."""
    identities = {file_identity(to_fit(two_hundreds(), created=CREATED).data) for _ in range(20)}
    assert len(identities) == 20
    assert all(t == "workout" and 0 < serial < 0xFFFFFFFF for t, _, _, serial in identities)
    created = decode(to_fit(two_hundreds(), created=CREATED).data)["file_id_mesgs"][0]["time_created"]
    assert created == CREATED


def test_fit_notes_carry_the_note_timed_cues_and_splits_and_say_so():
    b = Builder()
    tempo = b.add("run", 1200, label="Tempo", note="relaxed shoulders", say="Tempo, 20 minutes, settle in",
                  splits=(Split(at_m=1000, after_s=240),))
    b.cue(tempo, 600, "Halfway")
    b.cue(tempo, 0, "Go", kind="go")  # the watch starts the step itself
    b.cue(tempo, 240, "4 00", kind="split")  # written from the split mark instead
    b.cue(tempo, -6, "Tempo next", kind="announce")  # said before the step: its start
    export = to_fit(b.timeline())
    (step,) = decode(export.data)["workout_step_mesgs"]
    assert step["notes"] == (
        "relaxed shoulders | Tempo next | Tempo, 20 minutes, settle in | 10:00 Halfway | 1 km in 4:00")
    assert export.approximations == [
        "spoken cue 'Halfway' during step 'Tempo' written into the notes; FIT steps have no timed cues",
        "splits of step 'Tempo' written into the notes; FIT steps have no splits",
    ]


def test_fit_cuts_overlong_text_and_says_so():
    b = Builder()
    b.add("run", 60, note="x" * 400)
    export = to_fit(b.timeline())
    assert len(decode(export.data)["workout_step_mesgs"][0]["notes"].encode()) <= 254
    assert any("cut to" in a for a in export.approximations)


# --- intervals.icu ---------------------------------------------------------------------------

def test_intervals_text_for_200s():
    export = to_intervals(two_hundreds())
    assert export.text == (
        "Warmup\n"
        "- Warmup <!> 10m\n"
        "\n"
        "Main 9x\n"
        "- Run · 200 m in 38s <!> 200mtr 3:10/km Pace press lap\n"
        "- Jog <!> 1m30s\n"
        "\n"
        "- Run · 200 m in 38s <!> 200mtr 3:10/km Pace press lap\n"
        "\n"
        "Cooldown\n"
        "- Cooldown <!> 10m\n"
    )


def test_intervals_nested_repeat_is_written_out_and_reported():
    export = to_intervals(nested())
    assert export.text.count("Reps 4x\n") == 3
    assert "- Run <!> 400mtr 3:15-3:25/km Pace press lap" in export.text
    assert any("written out 2 times" in a for a in export.approximations)


def test_intervals_timed_prompts_splits_and_mile_pace():
    b = Builder()
    mile = b.add("run", 360, ends="lap", distance_m=1609.344, pace_s_per_m=360 / 1609.344, label="Mile",
                 splits=(Split(at_m=400, after_s=90),))
    b.cue(mile, 180, "Halfway")
    b.add("jog", 37.5, label="Jog")
    export = to_intervals(b.timeline())
    # each prompt says how long it is shown (10 s, or until the next): a text starting with a number stays whole
    assert export.text == "- Mile 90^10 400 m 1:30 180^10 Halfway <!> 1mi 6:00/mi Pace press lap\n- Jog <!> 38s\n"
    assert export.approximations == ["step 'Jog': 37.5s rounded to 38s (intervals.icu times are whole seconds)"]


def test_intervals_prompt_starting_with_a_number_keeps_its_whole_text():
    """'290^10 seconds to go' reads as 'for 10 s: seconds to go' in intervals.icu; the number must stay text."""
    b = Builder()
    jog = b.add("jog", 300, label="Jog")
    b.cue(jog, 290, "10 seconds to go", kind="warning")
    b.cue(jog, 295, "5")
    line = to_intervals(b.timeline()).text.splitlines()[0]
    assert line == "- Jog 290^5 10 seconds to go 295^5 5 <!> 5m"
    # read back the way intervals.icu reads it: SECONDS^SHOW TEXT
    from trackcue.workout.importers.intervals_icu import _prompts

    assert _prompts(line[2:line.index(" <!>")]) == ("Jog", [(290.0, "10 seconds to go"), (295.0, "5")])


@pytest.mark.parametrize("pace, shown, rounded", [
    (0.2, "3:20/km Pace", False),
    (360 / 1609.344, "6:00/mi Pace", False),
    (75 / 400, "1:15/400m Pace", False),  # 3:07.5/km: whole seconds only per 400 m
    (0.19525, "3:15/km Pace", True),  # 3:15.25/km, 78.1 s/400 m: rounded, and said
])
def test_intervals_pace_in_a_unit_that_keeps_it_exact(pace, shown, rounded):
    b = Builder()
    b.add("run", 120, pace_s_per_m=pace)
    export = to_intervals(b.timeline())
    assert export.text == f"- Run <!> 2m {shown}\n"
    assert bool(export.approximations) == rounded


def test_fit_says_when_a_watch_may_refuse_the_step_count():
    b = Builder()
    for n in range(60):  # all different: nothing folds
        b.add("run", 60 + n)
    export = to_fit(b.timeline())
    assert len(decode(export.data)["workout_step_mesgs"]) == 60
    assert any("60 steps" in a and "at most 50" in a for a in export.approximations)
    assert not any("steps;" in a for a in to_fit(two_hundreds()).approximations)
