"""Every library workout exported: FIT read back by Garmin's decoder, intervals.icu text read back, step for step."""

from __future__ import annotations

import re

import pytest
from garmin_fit_sdk import Decoder, Stream

from trackcue.export.fit import DEFAULT_TOLERANCE, to_fit
from trackcue.export.intervals_icu import to_intervals
from trackcue.export.structure import generic_title
from trackcue.timeline import Segment, Timeline
from trackcue.workout import compile_file
from trackcue.workout.library import library_paths

WORKOUTS = library_paths()
FIT_INTENSITY = {"warmup": "warmup", "work": "active", "recovery": "recovery", "rest": "rest",
                 "cooldown": "cooldown"}


@pytest.fixture(scope="module", params=WORKOUTS, ids=[p.stem for p in WORKOUTS])
def timeline(request) -> Timeline:
    return compile_file(request.param, {}, use_profile=False)  # module scope: before the profile is isolated


def test_the_library_is_there():
    assert len(WORKOUTS) >= 3


def read_fit(data: bytes) -> dict:
    """Garmin's decoder: integrity on one decoder, messages from a fresh one (the first is spent)."""
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def run_fit_steps(steps: list[dict]) -> list[dict]:
    """The steps in the order a watch runs them, following repeat steps back by message index."""
    done: dict[int, int] = {}
    out, i = [], 0
    while i < len(steps):
        step = steps[i]
        if step["duration_type"] != "repeat_until_steps_cmplt":
            out.append(step)
            i += 1
            continue
        back, count = step["duration_value"], step["target_value"]
        assert back < i and count >= 2
        times = done.get(i, 1)
        if times < count:
            done[i] = times + 1
            for inner in range(back, i):  # a repeat inside starts counting again
                done.pop(inner, None)
            i = back
        else:
            done.pop(i, None)
            i += 1
    return out


def test_fit_reads_back_as_the_compiled_session(timeline: Timeline):
    msgs = read_fit(to_fit(timeline).data)
    assert msgs["file_id_mesgs"][0]["type"] == "workout"
    (workout,) = msgs["workout_mesgs"]
    steps = msgs["workout_step_mesgs"]
    assert workout["wkt_name"] == timeline.name[:254] and workout["sport"] == "running"
    assert workout["num_valid_steps"] == len(steps)
    assert [s["message_index"] for s in steps] == list(range(len(steps)))
    ran = run_fit_steps(steps)
    assert len(ran) == len(timeline.segments)
    for seg, step in zip(timeline.segments, ran):
        check_fit_step(seg, step)


def check_fit_step(seg: Segment, step: dict) -> None:
    where = f"segment {seg.index} ({seg.label})"
    assert step["intensity"] == FIT_INTENSITY[seg.intensity], where
    assert step["wkt_step_name"] in (seg.name or seg.label, generic_title(seg)), where
    if seg.ends == "time":
        assert (step["duration_type"], step["duration_value"]) == ("time", round(seg.duration_s * 1000)), where
    else:
        assert step["duration_type"] == "open", where
    pace = seg.pace_s_per_m or (seg.target_s / seg.distance_m if seg.target_s and seg.distance_m else None)
    if seg.pace_range and seg.pace_range[0] != seg.pace_range[1]:
        fast, slow = sorted(seg.pace_range)
    elif pace or seg.pace_range:
        pace = pace or seg.pace_range[0]
        fast, slow = pace * (1 - DEFAULT_TOLERANCE), pace * (1 + DEFAULT_TOLERANCE)
    else:
        assert step["target_type"] == "open", where
        return
    assert (step["target_type"], step["target_value"]) == ("speed", 0), where
    assert step["custom_target_value_low"] == round(1000 / slow), where
    assert step["custom_target_value_high"] == round(1000 / fast), where


def test_fit_repeats_exactly_where_reps_are_alike(timeline: Timeline):
    """A repeat step for each outer block whose reps match (the last may stop early), none elsewhere."""
    steps = read_fit(to_fit(timeline).data)["workout_step_mesgs"]
    repeats = [(s["message_index"], s["duration_value"], s["target_value"])
               for s in steps if s["duration_type"] == "repeat_until_steps_cmplt"]
    # the outermost ones: no later repeat reaches back over them
    top = [n for i, back, n in repeats if not any(j > i and b <= back for j, b, _ in repeats)]
    assert sorted(top) == sorted(alike_block_counts(timeline))


def alike_block_counts(timeline: Timeline) -> list[int]:
    """Repeat counts expected at the top level: the reps' contents compared the simple way."""
    reps: dict[tuple, list[tuple]] = {}  # (block, first segment) → each rep's content
    instance = None
    for seg in timeline.segments:
        if not seg.blocks:
            instance = None
            continue
        block, rep, _ = seg.blocks[0]
        if instance is None or instance[0] != block or rep < instance[2]:
            instance = (block, seg.index, rep)
            reps[instance[:2]] = []
        instance = (*instance[:2], rep)
        rows = reps[instance[:2]]
        if len(rows) < rep:
            rows.append(())
        rows[-1] += ((seg.kind, seg.ends, seg.duration_s, seg.distance_m, seg.pace_s_per_m, seg.pace_range,
                      seg.splits, seg.blocks[1:] and seg.blocks[1][1]),)
    counts = []
    for rows in reps.values():
        if len(rows) >= 2 and all(r == rows[0] for r in rows):
            counts.append(len(rows))
        elif len(rows) >= 3 and all(r == rows[0] for r in rows[:-1]) and rows[0][: len(rows[-1])] == rows[-1]:
            counts.append(len(rows) - 1)
    return counts


# --- intervals.icu, read back -----------------------------------------------------------------

STEP = re.compile(r"^- (?P<prompt>.*) <!> (?P<amount>\S+)(?: (?P<pace>\S+ Pace))?(?P<lap> press lap)?$")
AMOUNT = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


def read_intervals(text: str) -> list[dict]:
    """Steps in running order from workout-builder text (the subset trackcue writes)."""
    out: list[dict] = []
    repeat: tuple[int, list[dict]] | None = None
    for line in text.splitlines() + [""]:
        if not line:
            if repeat:
                out += repeat[1] * repeat[0]
                repeat = None
            continue
        head = re.search(r"(\d+)x$", line)
        if not line.startswith("- ") and head:
            repeat = (int(head.group(1)), [])
            continue
        if not line.startswith("- "):
            assert line in ("Warmup", "Cooldown"), line
            continue
        m = STEP.match(line)
        assert m, line
        step = m.groupdict()
        (repeat[1] if repeat else out).append(step)
    return out


def _metres(amount: str) -> float | None:
    for unit, size in (("mtr", 1.0), ("km", 1000.0), ("mi", 1609.344)):
        if amount.endswith(unit):
            return float(amount[: -len(unit)]) * size
    return None


def test_intervals_text_reads_back_as_the_compiled_session(timeline: Timeline):
    export = to_intervals(timeline)
    steps = read_intervals(export.text)
    assert len(steps) == len(timeline.segments)
    for seg, step in zip(timeline.segments, steps):
        where = f"segment {seg.index}: {step}"
        assert bool(step["lap"]) == (seg.ends == "lap"), where
        if seg.ends == "lap" and seg.distance_m:
            assert _metres(step["amount"]) == pytest.approx(seg.distance_m, abs=0.5), where
        else:
            h, m, s = (int(x or 0) for x in AMOUNT.match(step["amount"]).groups())
            assert h * 3600 + m * 60 + s == max(1, round(seg.duration_s)), where
        has_pace = bool(seg.pace_s_per_m or seg.pace_range or (seg.target_s and seg.distance_m))
        assert bool(step["pace"]) == has_pace, where
