"""``render -o FILE.flac|.ogg|.opus|.mp3``: the format by suffix, lossless ones sample-exact."""

from __future__ import annotations

import wave
from array import array

import pytest

from trackcue.soundtrack.prepare import prepare
from trackcue.soundtrack.offline import placements, render_session
from trackcue.workout import compile_file

soundfile = pytest.importorskip("soundfile", reason="soundfile is not installed (pip install soundfile)")

RATE = 22050
WORKOUT = """
name: Short
steps:
  - jog: 30s
  - repeat: 2
    steps:
      - run: 200m in 38s
        splits: 100m
      - jog: 20s
"""


def wav_samples(path) -> array:
    with wave.open(str(path), "rb") as w:
        return array("h", w.readframes(w.getnframes()))


def test_flac_holds_the_very_samples_of_the_wav_every_onset_exact(workout_file, tmp_path):
    tl = compile_file(workout_file(WORKOUT), use_profile=False, auto_lap=True, get_ready_s=10)
    track = prepare(tl, RATE, speech="none")
    wav = wav_samples(render_session(track, tmp_path / "s.wav"))
    flac, rate = soundfile.read(str(render_session(track, tmp_path / "s.FLAC")), dtype="int16")
    assert rate == RATE and array("h", flac.tobytes()) == wav
    places = placements(track)
    assert len(places) > 10
    for at, clip in places:  # each tone whole, from its first sample on its frame
        start = round(at * RATE)
        got = array("h", flac[start:start + len(clip.samples)].tobytes())
        assert got == clip.samples and flac[start - 1] == 0


@pytest.mark.parametrize("suffix, rate", [(".ogg", 44100), (".opus", 48000), (".mp3", 44100)])
def test_lossy_formats_are_small_and_as_long_as_the_session(cli, tmp_path, suffix, rate):
    out = tmp_path / f"s{suffix}"
    code, stdout, stderr = cli("render", "stretching", "-o", str(out), "--speech", "none")
    assert code == 0, stderr
    assert f"{rate} Hz mono {suffix[1:].upper()}" in stdout
    info = soundfile.info(str(out))
    code, _, _ = cli("render", "stretching", "-o", str(tmp_path / "s.wav"), "--speech", "none", "--rate", str(rate))
    with wave.open(str(tmp_path / "s.wav"), "rb") as w:
        seconds = w.getnframes() / w.getframerate()
    assert info.samplerate == rate and info.channels == 1
    assert info.duration == pytest.approx(seconds, abs=0.1)
    assert out.stat().st_size * 5 < (tmp_path / "s.wav").stat().st_size


def test_an_unknown_suffix_or_an_opus_rate_is_one_error_line(cli, tmp_path):
    code, _, stderr = cli("render", "stretching", "-o", str(tmp_path / "s.aiff"), "--speech", "none")
    assert code == 2 and "cannot write .aiff: use .wav, .flac, .ogg, .opus, .mp3" in stderr
    assert not (tmp_path / "s.aiff").exists()
    code, _, stderr = cli("render", "stretching", "-o", str(tmp_path / "s.opus"), "--rate", "44100")
    assert code == 2 and "Opus is only 8000, 12000, 16000, 24000, 48000 Hz, not 44100" in stderr
    assert "Traceback" not in stderr
