"""The on-disk phrase cache: keys, hits and misses, corrupt entries, where it lives."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest
from platformdirs import user_cache_dir

from trackcue.audio.clip import Clip
from trackcue.speech.cache import SpeechCache, default_cache_dir

CLIP = Clip(array("h", range(-500, 500)), 44100, "x")


def test_miss_then_hit(tmp_path):
    cache = SpeechCache(tmp_path)
    key = cache.key("espeak-ng", "en", 170, "Go", 44100)
    assert cache.load(key) is None
    cache.store(key, CLIP)
    hit = cache.load(key, "Go")
    assert hit.samples == CLIP.samples and hit.rate == 44100 and hit.name == "Go"
    assert [p.name for p in tmp_path.iterdir()] == [f"{key}.wav"]  # no temp files left behind


@pytest.mark.parametrize(
    "other",
    [
        ("pyttsx3", "en", 170, "Go", 44100),
        ("espeak-ng", "en-us", 170, "Go", 44100),
        ("espeak-ng", "en", 200, "Go", 44100),
        ("espeak-ng", "en", 170, "Go!", 44100),
        ("espeak-ng", "en", 170, "Go", 48000),
        ("espeak-ng", None, None, "Go", 44100),
    ],
)
def test_key_depends_on_engine_voice_rate_text_and_output_rate(other):
    assert SpeechCache.key("espeak-ng", "en", 170, "Go", 44100) != SpeechCache.key(*other)
    assert SpeechCache.key(*other) == SpeechCache.key(*other)


def test_corrupt_entry_is_a_miss_and_is_removed(tmp_path):
    cache = SpeechCache(tmp_path)
    key = cache.key("espeak-ng", None, None, "Go", 44100)
    cache.path(key).write_bytes(b"RIFF\x00garbage")
    assert cache.load(key) is None
    assert not cache.path(key).exists()


def test_truncated_entry_is_a_miss(tmp_path):
    cache = SpeechCache(tmp_path)
    cache.store("k", CLIP)
    data = cache.path("k").read_bytes()
    cache.path("k").write_bytes(data[: len(data) - 100])
    assert cache.load("k") is None and not cache.path("k").exists()


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKCUE_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c" / "speech"
    assert SpeechCache().dir == tmp_path / "c" / "speech"
    monkeypatch.delenv("TRACKCUE_CACHE_DIR")
    assert default_cache_dir() == Path(user_cache_dir("trackcue")) / "speech"


def test_prune_drops_the_least_recently_used_but_never_what_is_about_to_play(tmp_path):
    import os

    cache = SpeechCache(tmp_path)
    keys = [cache.key("espeak-ng", "en", 170, f"phrase {i}", 44100) for i in range(5)]
    for age, key in enumerate(keys):
        cache.store(key, CLIP)
        os.utime(cache.path(key), (1000 + age, 1000 + age))  # keys[0] is the oldest
    size = cache.path(keys[0]).stat().st_size
    cache.load(keys[1])  # used just now: becomes the newest
    removed = cache.prune(keep={keys[0]}, max_bytes=3 * size)
    assert removed == 2
    assert sorted(p.stem for p in tmp_path.glob("*.wav")) == sorted([keys[0], keys[1], keys[4]])


def test_prune_under_the_limit_keeps_everything(tmp_path):
    cache = SpeechCache(tmp_path)
    key = cache.key("espeak-ng", "en", 170, "Go", 44100)
    cache.store(key, CLIP)
    assert cache.prune() == 0 and cache.load(key) is not None


def test_length_from_the_header_is_the_loaded_clips_length(tmp_path):
    cache = SpeechCache(tmp_path)
    key = cache.key("espeak-ng", None, None, "Rep 3 of 8", 22050)
    assert cache.length_s(key) is None
    clip = Clip(array("h", range(-11025, 11025)) * 3, 22050, "x")  # 66 150 samples: 3.0 s
    cache.store(key, clip)
    assert cache.length_s(key) == cache.load(key).duration_s == 3.0


def test_length_of_a_damaged_entry_is_a_miss_as_for_load(tmp_path):
    cache = SpeechCache(tmp_path)
    key = cache.key("espeak-ng", None, None, "Go", 44100)
    cache.store(key, CLIP)
    path = cache.path(key)
    path.write_bytes(path.read_bytes()[:-10])  # cut short: the header's size disagrees
    assert cache.length_s(key) is None and cache.load(key) is None
