"""Trimming silence, reading engine WAVs and resampling phrases to the output rate."""

from __future__ import annotations

import math
import wave
from array import array

import pytest

from trackcue.audio.clip import Clip
from trackcue.speech import resample as resample_mod
from trackcue.speech.base import SpeechError
from trackcue.speech.trim import trim_silence
from trackcue.speech.wav import read_wav, write_wav

RATE = 22050


def tone(seconds: float, amp: int = 8000, hz: float = 440.0) -> list[int]:
    # A phase offset so the first sample is already loud: trimming must keep it.
    return [int(amp * math.sin(2 * math.pi * hz * i / RATE + 0.3)) for i in range(int(seconds * RATE))]


def padded(lead: float, body: float, tail: float, noise: int = 0) -> Clip:
    quiet = lambda s: [noise if i % 2 else -noise for i in range(int(s * RATE))]  # noqa: E731
    return Clip(array("h", quiet(lead) + tone(body) + quiet(tail)), RATE, "phrase")


def test_trim_cuts_leading_and_trailing_silence_keeping_a_few_ms():
    clip = padded(0.3, 1.0, 0.5, noise=40)  # engine hiss well under the threshold
    trimmed = trim_silence(clip, keep_s=0.015)
    assert trimmed.duration_s == pytest.approx(1.0 + 2 * 0.015, abs=0.002)
    assert trimmed.name == "phrase" and trimmed.rate == RATE


def test_trim_leaves_a_clip_without_silence_unchanged():
    clip = padded(0, 0.5, 0)
    assert trim_silence(clip) is clip


def test_trim_of_pure_silence_is_empty():
    assert len(trim_silence(Clip(array("h", bytes(2000)), RATE)).samples) == 0


def test_wav_round_trip(tmp_path):
    clip = padded(0.1, 0.2, 0.1)
    write_wav(tmp_path / "a.wav", clip)
    back = read_wav(tmp_path / "a.wav", "a")
    assert back.samples == clip.samples and back.rate == RATE and back.name == "a"


def test_stereo_and_8_bit_engine_output_becomes_mono_16_bit(tmp_path):
    with wave.open(str(tmp_path / "s.wav"), "wb") as w:
        w.setnchannels(2), w.setsampwidth(2), w.setframerate(RATE)
        w.writeframes(array("h", [1000, 3000] * 10).tobytes())
    assert list(read_wav(tmp_path / "s.wav").samples) == [2000] * 10
    with wave.open(str(tmp_path / "b.wav"), "wb") as w:
        w.setnchannels(1), w.setsampwidth(1), w.setframerate(8000)
        w.writeframes(bytes([128, 255, 0]))
    assert list(read_wav(tmp_path / "b.wav").samples) == [0, 127 << 8, -128 << 8]


def test_unreadable_wavs_raise_speech_error(tmp_path):
    (tmp_path / "junk.wav").write_bytes(b"not a wav at all")
    with pytest.raises(SpeechError, match="unreadable audio junk.wav"):
        read_wav(tmp_path / "junk.wav")
    with pytest.raises(SpeechError, match="unreadable audio gone.wav"):
        read_wav(tmp_path / "gone.wav")


@pytest.mark.parametrize("out_rate", [44100, 48000])
@pytest.mark.parametrize("use_miniaudio", [True, False])
def test_resample_keeps_duration_and_pitch(monkeypatch, use_miniaudio, out_rate):
    if not use_miniaudio:
        monkeypatch.setitem(__import__("sys").modules, "miniaudio", None)  # as on Termux
    else:
        pytest.importorskip("miniaudio")
    clip = Clip(array("h", tone(0.5, hz=441.0)), RATE, "x")
    out = resample_mod.resample(clip, out_rate)
    assert out.rate == out_rate and out.name == "x"
    assert out.duration_s == pytest.approx(0.5, abs=0.002)
    # The pitch is kept: rising zero crossings stay one 441 Hz period apart.
    s, period = out.samples, out_rate / 441.0
    ups = [i for i in range(2000, 6000) if s[i - 1] < 0 <= s[i]]
    assert len(ups) > 30 and all(abs((b - a) - period) <= 1 for a, b in zip(ups, ups[1:]))
