"""The real engines on this machine: espeak-ng (installed in CI) and pyttsx3 when it works here."""

from __future__ import annotations

import shutil
import sys

import pytest

from trackcue.speech.base import SpeechError
from trackcue.speech.cache import SpeechCache
from trackcue.speech.espeak import EspeakEngine
from trackcue.phrases import estimate_duration
from trackcue.speech.prerender import prerender
from trackcue.speech.pyttsx3_engine import Pyttsx3Engine, probe
from trackcue.speech.trim import trim_silence
from trackcue.speech.wav import read_wav

PHRASE = "Rep 3 of 8, 200 metres in 38 seconds"
needs_espeak = pytest.mark.skipif(
    not (shutil.which("espeak-ng") or shutil.which("espeak")),
    reason="espeak-ng is not installed (apt-get install espeak-ng)",
)


@needs_espeak
def test_espeak_renders_a_phrase_of_plausible_length(tmp_path):
    engine = EspeakEngine(rate=170)
    engine.render(PHRASE, tmp_path / "p.wav")
    raw = read_wav(tmp_path / "p.wav")
    clip = trim_silence(raw)
    assert raw.rate in (16000, 22050, 24000)
    assert clip.duration_s < raw.duration_s  # espeak leaves silence after the phrase
    # About 10 spoken words at 170 words a minute; the planner's estimate is in the same range.
    assert 2.0 < clip.duration_s < 5.5
    assert 0.7 < estimate_duration(PHRASE, 170) / clip.duration_s < 1.5


@needs_espeak
def test_espeak_rate_changes_the_length_and_a_bad_voice_is_one_clear_error(tmp_path):
    slow, fast = EspeakEngine(rate=140), EspeakEngine(rate=280)
    slow.render(PHRASE, tmp_path / "slow.wav")
    fast.render(PHRASE, tmp_path / "fast.wav")
    d_slow = trim_silence(read_wav(tmp_path / "slow.wav")).duration_s
    d_fast = trim_silence(read_wav(tmp_path / "fast.wav")).duration_s
    assert d_fast < 0.7 * d_slow
    with pytest.raises(SpeechError, match="failed: .*voice does not exist"):
        EspeakEngine(voice="nosuchvoice").render("Go", tmp_path / "x.wav")


@needs_espeak
def test_prerender_through_espeak_at_the_output_rate(tmp_path):
    texts = ["Go", "Recovery jog, 1 minute 45", PHRASE]
    clips = prerender(texts, EspeakEngine(), SpeechCache(tmp_path), 48000)
    assert set(clips) == set(texts)
    assert all(c.rate == 48000 for c in clips.values())
    assert clips["Go"].duration_s < clips["Recovery jog, 1 minute 45"].duration_s < clips[PHRASE].duration_s


def test_pyttsx3_renders_in_its_worker_without_printing(tmp_path, capfd):
    ok, why = probe(sys.executable, None, None)
    if not ok:
        pytest.skip(f"pyttsx3 does not work on this machine: {why}")
    engine = Pyttsx3Engine()
    try:
        engine.render("Go", tmp_path / "a.wav")
        engine.render(PHRASE, tmp_path / "b.wav")  # the same worker, one file per runAndWait
    finally:
        engine.close()
    short, long = (trim_silence(read_wav(tmp_path / n)).duration_s for n in ("a.wav", "b.wav"))
    assert 0.1 < short < long < 6.0
    assert capfd.readouterr().out == ""  # pyttsx3's "Audio saved to ..." stays in the worker
