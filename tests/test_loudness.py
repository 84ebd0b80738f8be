"""Speech as loud as the tones: measured (BS.1770) on a rendered track, and clip by clip."""

from __future__ import annotations

import math
import shutil
import statistics
import wave
from array import array

import pytest

from trackcue.audio import loudness
from trackcue.audio.clip import Clip
from trackcue.audio.mixer import KNEE
from trackcue.soundtrack.prepare import prepare
from trackcue.soundtrack.offline import placements, render_session
from trackcue.workout import compile_file

pytest.importorskip("pyloudnorm", reason="pyloudnorm is not installed (pip install pyloudnorm)")
RATE = 22050


def tone(level: float, seconds: float = 1.0, hz: float = 440.0) -> Clip:
    return Clip(array("h", [round(level * 32767 * math.sin(2 * math.pi * hz * i / RATE))
                            for i in range(round(seconds * RATE))]), RATE, "t")


@pytest.mark.parametrize("level", [0.01, 0.1, 0.9])
def test_every_clip_comes_out_at_the_target(level):
    out = loudness.normalize(tone(level))
    assert loudness.loudness_lufs(out.samples, RATE) == pytest.approx(loudness.TARGET_LUFS, abs=0.3)
    assert max(abs(s) for s in out.samples) <= KNEE


def test_peaks_past_the_target_are_bent_under_the_knee_never_clipped():
    spiky = tone(0.02, 1.0)
    spiky.samples[5000:5010] = array("h", [30000] * 10)  # a transient 30 dB above the rest
    out = loudness.normalize(spiky)
    assert max(abs(s) for s in out.samples) <= KNEE
    assert loudness.loudness_lufs(out.samples, RATE) < loudness.TARGET_LUFS + 0.5


def test_a_clip_under_one_block_is_measured_whatever_its_length():
    # About 8 % of lengths under 0.4 s failed: the one block was the clip's length in seconds,
    # which times the rate can round to a hair more than the clip, and pyloudnorm refused it
    # ("Audio must have length greater than the block size"). piper's "Jog." was such a phrase:
    # never rendered, its cue played the tone, and every check rendered it again.
    n = next(k for k in range(round(0.1 * RATE), round(0.4 * RATE)) if k / RATE * RATE > k)
    clip = Clip(tone(0.1).samples[:n], RATE, "jog")
    assert loudness.loudness_lufs(clip.samples, RATE) == pytest.approx(loudness.loudness_lufs(tone(0.1).samples, RATE), abs=0.5)
    out = loudness.normalize(clip)
    assert len(out.samples) == n and loudness.loudness_lufs(out.samples, RATE) == pytest.approx(loudness.TARGET_LUFS, abs=0.3)


def test_too_short_or_silent_clips_are_left_alone():
    short = Clip(array("h", [1000] * 100), RATE, "click")
    assert loudness.normalize(short) is short
    silent = Clip(array("h", bytes(2 * RATE)), RATE, "silence")
    assert loudness.normalize(silent) is silent


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt-get install espeak-ng)")
def test_speech_and_tones_of_a_rendered_track_are_within_3_lu(tmp_path):
    tl = compile_file("200m-repeats", {"reps": "6"}, get_ready_s=10, auto_lap=True)
    track = prepare(tl, RATE, speech="espeak")
    path = render_session(track, tmp_path / "s.wav")
    with wave.open(str(path), "rb") as w:
        samples = array("h", w.readframes(w.getnframes()))
    phrases = set(track.phrases)
    places = sorted(placements(track), key=lambda p: p[0])
    speech, tones = [], []
    for n, (at, clip) in enumerate(places):
        start, end = round(at * RATE), round(at * RATE) + len(clip.samples)
        if any(abs(a - at) < 1e-9 for a, _ in places[:n]) or (n + 1 < len(places) and places[n + 1][0] * RATE < end):
            continue  # overlapping another sound: not this clip's own loudness
        level = loudness.loudness_lufs(samples[start:end], RATE)
        if level is not None:
            (speech if clip.name in phrases else tones).append(level)
    assert len(speech) >= 10 and len(tones) >= 10
    speech_lufs, tone_lufs = statistics.median(speech), statistics.median(tones)
    assert abs(speech_lufs - tone_lufs) <= 3.0, (speech_lufs, tone_lufs)  # was 16 LU apart
    assert speech_lufs < -10 and tone_lufs < -10  # well under full scale
    assert max(abs(s) for s in samples) <= KNEE  # no clipping: nothing even reaches -1 dBFS


@pytest.mark.parametrize("name", sorted(__import__("trackcue.audio.sounds", fromlist=["TONES"]).TONES))
def test_shipped_tones_are_generated_at_the_target_loudness(name):
    """Shipped tones load without the meter, so they must be made at the target (generate.GAIN_DB)."""
    from trackcue.audio.sounds import load_sound, sound_path
    from trackcue.audio.wavfile import read_wav

    samples, rate = read_wav(str(sound_path(name)))
    level = loudness.loudness_lufs(samples, rate)
    assert level == pytest.approx(loudness.TARGET_LUFS, abs=0.3), (
        f"set GAIN_DB[{name!r}] in sounds/generate.py to {level and loudness.TARGET_LUFS - level:+.2f} dB more, "
        "then run python sounds/generate.py")
    assert load_sound(name, rate).samples == samples  # played as generated: no second scaling


def test_a_run_with_shipped_tones_never_loads_the_loudness_meter():
    import subprocess
    import sys

    code = ("import sys; from trackcue.audio.sounds import TONES, load_sound\n"
            "[load_sound(n, 44100) for n in TONES]\n"
            "print('numpy' in sys.modules or 'pyloudnorm' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_asking_whether_loudness_works_loads_nothing():
    import subprocess
    import sys

    code = ("import sys; from trackcue.audio import loudness\n"
            "ok, _ = loudness.available()\n"
            "print(ok, 'numpy' in sys.modules or 'pyloudnorm' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]
