"""Every shipped workout's transcript (what the runner hears, lap pressed on target) read for properties.

The numbers are read back from the words with a parser written here, independently of
trackcue.phrases, and compared with the timeline's own values.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from support import trackcue_cmd
from trackcue.phrases import half_up
from trackcue.soundtrack.transcript import Transcript, hear
from trackcue.timeline import Segment
from trackcue.workout import compile_file, library_paths

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen").split()
TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
WORD = {**{w: i for i, w in enumerate(ONES)}, **TENS}
MILE = 1609.344


def small(word: str) -> int:
    """``'twenty-six' -> 26``."""
    total = 0
    for part in word.split("-"):
        total += WORD[part]
    return total


def whole(words: list[str]) -> int:
    """``['one', 'hundred', 'and', 'fifty'] -> 150``, ``['twelve', 'hundred'] -> 1200``."""
    total = current = 0
    for w in words:
        if w == "and":
            continue
        if w == "hundred":
            current *= 100
        elif w == "thousand":
            total, current = total + current * 1000, 0
        else:
            current += small(w)
    return total + current


def decimal(words: list[str]) -> float:
    """``['thirty-seven', 'point', 'six'] -> 37.6``."""
    if "point" in words:
        i = words.index("point")
        return whole(words[:i]) + small(words[i + 1]) / 10
    return float(whole(words))


def seconds(text: str) -> float:
    """A spoken time back to seconds: 'one twenty-six point one', 'two minutes', 'thirty-eight seconds'."""
    words = text.replace(",", "").split()
    if words[-1] in ("second", "seconds"):
        words = words[:-1]
    if "hour" in words or "hours" in words:
        i = words.index("hour" if "hour" in words else "hours")
        rest = words[i + 1:]
        return whole(words[:i]) * 3600 + (seconds(" ".join(rest)) if rest else 0)
    if words[-1] in ("minute", "minutes"):
        if len(words) >= 2 and words[-2] not in ONES and "-" not in words[-2] and words[-2] not in TENS:
            raise ValueError(text)
        mins = whole(words[:-1])
        return mins * 60.0
    if "minutes" in words or "minute" in words:
        i = words.index("minutes" if "minutes" in words else "minute")
        return whole(words[:i]) * 60 + seconds(" ".join(words[i + 1:]))
    if len(words) >= 2 and words[1] != "point":  # minutes, then seconds ("oh five", "twenty-six")
        rest = words[1:]
        if rest[0] == "oh":
            rest = rest[1:]
        return small(words[0]) * 60 + decimal(rest)
    return decimal(words)


def metres(text: str) -> float:
    """'two hundred metres' -> 200, 'twelve hundred' -> 1200, 'one mile' -> 1609.344, 'five kilometres' -> 5000."""
    words = text.split()
    if words[-1] in ("mile", "miles"):
        if words[:2] == ["half", "a"]:
            return MILE / 2
        n = whole(words[:-1][:1]) + (0.5 if "half" in words else 0)
        return n * MILE
    if words[-1] in ("kilometre", "kilometres"):
        return decimal(words[:-1]) * 1000
    if words[-1] == "metres":
        words = words[:-1]
    return float(whole(words))


def said(value: float, tenths: bool = True) -> float:
    """A value as it should be said: half-up to the tenth (or to the second)."""
    return half_up(value, 1) if tenths else half_up(value)


NUMBER = r"[a-z]+(?:-[a-z]+)?(?: (?:hundred|and|oh|point|[a-z]+-[a-z]+|" + "|".join(ONES[1:] + list(TENS)) + r"))*"


def check_numbers(tl, transcript: Transcript) -> int:
    """Read every number in every phrase back and compare it with the timeline; return how many."""
    checked = 0
    segs = {s.index: s for s in tl.segments}
    laps = list(transcript.laps)
    for h in transcript.spoken:
        seg: Segment = segs[h.segment]
        text = h.text.lower().rstrip(".")
        for m in re.finditer(r"rep (\S+) of (\S+?)[.,]", text + "."):
            assert (small(m.group(1)), small(m.group(2))) == (seg.rep, seg.reps), h
            checked += 1
        for m in re.finditer(r"set (\S+) of (\S+?)[.,]", text + "."):
            assert (small(m.group(1)), small(m.group(2))) == (seg.set, seg.sets), h
            checked += 1
        if h.kind == "announce":
            m = re.search(r"((?:[a-z-]+ )+?)(metres|mile|miles|kilometres?) in ([a-z -]+?)(?:[.,]|$)", text)
            if seg.target_s is not None and seg.distance_m:
                assert m, h
                dist_words = m.group(1).split()
                while dist_words and dist_words[0] not in WORD and dist_words[0].split("-")[0] not in WORD \
                        and dist_words[0] not in ("half",):
                    dist_words = dist_words[1:]
                assert metres(" ".join(dist_words) + " " + m.group(2)) == pytest.approx(seg.distance_m, abs=0.5), h
                assert seconds(m.group(3)) == said(seg.target_s), h
                checked += 2
            elif seg.ends == "time" and (", " in text or ". " in text):
                clause = re.split(r"\. |, ", text)[-1]
                length, _, pace = clause.partition(" at ")
                length = re.sub(r" (easy|steady|brisk|moderate|hard|tempo)$", "", length)
                assert seconds(length) == (said(seg.duration_s) if seg.duration_s < 59.95
                                           else said(seg.duration_s, False)), h
                checked += 1
                if pace:
                    assert seg.pace_s_per_m is not None, h
                    per = MILE if pace.endswith("mile pace") else 1000.0
                    words = pace.removesuffix(" mile pace").removesuffix(" per kilometre").replace(" minute", " minutes")
                    assert seconds(words) == half_up(seg.pace_s_per_m * per), h
                    checked += 1
        elif h.kind == "split":
            mark, time = text.split(", ")
            assert (metres(mark), seconds(time)) in [(pytest.approx(s.at_m, abs=0.5), said(s.after_s)) for s in seg.splits], h
            checked += 2
        elif h.kind == "lap":
            lap = laps.pop(0)
            parts = text.split(", ")
            if lap.is_split:
                assert metres(parts.pop(0)) == pytest.approx(lap.mark_m, abs=0.5), h
                checked += 1
            assert seconds(parts[0]) == said(lap.split_s if lap.target_s is not None else lap.lap_s), h
            if lap.target_s is not None:
                assert parts[1] == "on target", h  # the simulated runner laps on every mark
            checked += 1
        elif h.kind == "warning":
            assert seconds(text.removesuffix(" to go")) == 10, h
            checked += 1
    assert not laps, "a lap was pressed but not called"
    return checked


LIBRARY = sorted(library_paths(), key=lambda p: p.name)


@pytest.fixture(scope="module")
def transcripts():
    out = {}
    for path in LIBRARY:
        tl = compile_file(path, use_profile=False)
        out[path.stem] = (tl, hear(tl, "none"))
    return out


@pytest.mark.parametrize("name", [p.stem for p in LIBRARY])
def test_every_number_spoken_is_the_timelines_value(transcripts, name):
    tl, transcript = transcripts[name]
    assert check_numbers(tl, transcript) > 0


@pytest.mark.parametrize("name", [p.stem for p in LIBRARY])
def test_no_colon_and_no_digit_reaches_a_speech_engine(transcripts, name):
    _, transcript = transcripts[name]
    for h in transcript.spoken:
        assert not re.search(r"[\d:]", h.text), h


@pytest.mark.parametrize("name", [p.stem for p in LIBRARY])
def test_last_rep_once_before_the_final_rep(transcripts, name):
    tl, transcript = transcripts[name]
    lasts = [h for h in transcript.spoken if "Last rep" in h.text]
    finals = [s for s in tl.segments if s.blocks and all(r == n for _, r, n in s.blocks)]
    if not finals:
        assert lasts == [], name
        return
    first = finals[0]  # the step that starts the final rep (of the final set)
    assert [h.segment for h in lasts] == [first.index], name
    assert lasts[0].start_s <= first.start_s + 3.5  # said before it, or as it starts after a lap


@pytest.mark.parametrize("name", [p.stem for p in LIBRARY])
def test_each_steps_target_is_said(transcripts, name):
    tl, transcript = transcripts[name]
    for seg in tl.segments:
        if seg.target_s is None and seg.ends != "time":
            continue  # "until lap": nothing to aim at
        texts = " ".join(h.text for h in transcript.spoken if h.segment == seg.index and h.kind == "announce")
        assert texts, f"{name}: step {seg.index + 1} ({seg.label}) is not announced"
        if seg.target_s is not None and seg.distance_m:
            assert " in " in texts, f"{name}: step {seg.index + 1} ({seg.label}): {texts}"
        else:
            spoken_numbers = [w for w in re.findall(r"[a-z-]+", texts.lower()) if w.split("-")[0] in WORD]
            assert spoken_numbers, f"{name}: step {seg.index + 1} ({seg.label}): {texts}"


def test_the_simulated_runner_laps_every_lap_ended_step_on_target(transcripts):
    tl, transcript = transcripts["200m-repeats"]
    reps = [s for s in tl.segments if s.ends == "lap"]
    assert [round(lap.split_s, 3) for lap in transcript.laps] == [s.target_s for s in reps]
    assert all(lap.ends_step for lap in transcript.laps)
    calls = [h.text for h in transcript.spoken if h.kind == "lap"]
    assert calls == ["thirty-eight, on target"] * len(reps)


def test_the_simulated_runner_laps_each_split_mark_then_the_finish(transcripts):
    tl, transcript = transcripts["400m-split-repeats"]
    rep = next(s for s in tl.segments if s.ends == "lap" and s.splits)
    laps = [lap for lap in transcript.laps if lap.segment == rep.index]
    assert [(lap.mark, round(lap.split_s, 2), lap.ends_step) for lap in laps] == [
        ("split", rep.splits[0].after_s, False), ("end", rep.target_s, True)]


def test_compile_transcript_prints_what_is_heard_and_says_how_lengths_were_found():
    proc = subprocess.run(trackcue_cmd() + ["compile", "200m-repeats", "--transcript", "--speech", "none",
                                            "--no-profile"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "estimated from the words: no speech engine" in lines[0]
    assert "  25:30.0   25:30.5  [go]" in lines
    assert any(line.endswith("Rep one of eight. Two hundred metres in thirty-eight seconds.") for line in lines)
    assert any(line.endswith("thirty-eight, on target") for line in lines)


def test_the_parser_reads_what_the_table_says():
    assert seconds("one twenty-six point one") == 86.1
    assert seconds("two minutes") == 120 and seconds("thirty-eight seconds") == 38
    assert seconds("one oh five") == 65 and seconds("one hour thirty minutes") == 5400
    assert metres("twelve hundred") == 1200 and metres("one hundred and fifty metres") == 150
    assert metres("one mile") == MILE and metres("five kilometres") == 5000
