"""Pre-rendering a workout's phrases: cached, trimmed, resampled, failures reported not raised."""

from __future__ import annotations

import math
import threading
from array import array

import pytest

from trackcue.audio.clip import Clip
from trackcue.speech.base import SpeechError
from trackcue.speech.cache import SpeechCache
from trackcue.speech.engines import EngineChoice
from trackcue.speech.prerender import PhraseRenderer, phrase_durations, prerender
from trackcue.speech.wav import write_wav

RATE = 22050


class FakeEngine:
    """Writes 0.2 s of silence, 0.1 s of tone per word, 0.3 s of silence — like a real engine."""

    name, voice, rate, live, parallel, warmup_s = "fake", "en", 170, False, 3, 0.0

    def __init__(self, fail: set[str] = frozenset()):
        self.fail = fail
        self.rendered: list[str] = []
        self.started = 0
        self.lock = threading.Lock()

    def available(self):
        return True, "fake"

    def render(self, text, path):
        with self.lock:
            self.rendered.append(text)
        if text in self.fail:
            raise SpeechError("fake engine refused")
        body = int(0.1 * RATE * len(text.split()))
        tone = [int(9000 * math.sin(i / 5 + 0.5)) for i in range(body)]
        write_wav(path, Clip(array("h", [0] * 4410 + tone + [0] * 6615), RATE))

    def start(self):
        self.started += 1

    def close(self):
        pass


PHRASES = ["Rep 1 of 8", "Recovery jog, 1 minute 45", "Go", "Halfway"]


def test_cold_renders_trims_and_resamples_then_warm_loads_from_cache(tmp_path):
    engine, events = FakeEngine(), []
    clips = prerender(PHRASES + ["Go", ""], engine, SpeechCache(tmp_path), 44100, progress=events.append)
    assert sorted(engine.rendered) == sorted(PHRASES)  # duplicates and blanks skipped
    assert set(clips) == set(PHRASES)
    for text, clip in clips.items():
        assert clip.rate == 44100 and clip.name == text
        # Only the spoken part is left (plus the few ms trimming keeps on each side).
        assert clip.duration_s == pytest.approx(0.1 * len(text.split()) + 0.03, abs=0.01)
    assert [e.done for e in events] == [1, 2, 3, 4] and {e.total for e in events} == {4}
    assert not any(e.cached or e.error for e in events)

    warm_engine, events = FakeEngine(), []
    again = prerender(PHRASES, warm_engine, SpeechCache(tmp_path), 44100, progress=events.append)
    assert warm_engine.rendered == []
    assert all(e.cached for e in events)
    assert {t: c.samples for t, c in again.items()} == {t: c.samples for t, c in clips.items()}


def test_a_failed_phrase_is_reported_and_left_out_never_raised(tmp_path, caplog):
    engine, events = FakeEngine(fail={"Halfway"}), []
    clips = prerender(PHRASES, engine, SpeechCache(tmp_path), 44100, progress=events.append)
    assert set(clips) == set(PHRASES) - {"Halfway"}
    failed = [e for e in events if e.error]
    assert [(e.text, e.error) for e in failed] == [("Halfway", "fake engine refused")]
    assert "could not render 'Halfway'" in caplog.text
    # A phrase that renders to silence only is a failure too.
    silent = FakeEngine()
    silent.render = lambda text, path: write_wav(path, Clip(array("h", bytes(4000)), RATE))
    assert prerender(["Go"], silent, SpeechCache(tmp_path / "s"), 44100) == {}


def test_corrupt_cache_entry_is_rendered_again(tmp_path):
    cache = SpeechCache(tmp_path)
    prerender(["Go"], FakeEngine(), cache, 44100)
    key = cache.key("fake", "en", 170, "Go", 44100)
    cache.path(key).write_bytes(b"RIFF....WAVEjunk")
    engine = FakeEngine()
    clips = prerender(["Go"], engine, cache, 44100)
    assert engine.rendered == ["Go"] and clips["Go"].duration_s > 0.05
    assert cache.load(key) is not None


class LiveEngine(FakeEngine):
    name, live = "live", True


def test_live_engine_renders_nothing_and_durations_are_estimated(tmp_path):
    engine = LiveEngine()
    assert prerender(PHRASES, engine, SpeechCache(tmp_path), 44100) == {}
    assert engine.started == 1 and engine.rendered == []
    durations = phrase_durations(PHRASES, {}, engine)
    assert set(durations) == set(PHRASES) and durations["Recovery jog, 1 minute 45"] > durations["Go"] > 0


def test_durations_come_from_clips_and_missing_phrases_are_left_out():
    clip = Clip(array("h", bytes(2 * 4410)), 44100, "Go")
    assert phrase_durations(["Go", "Halfway"], {"Go": clip}, FakeEngine()) == {"Go": pytest.approx(0.1)}
    assert phrase_durations(["Go"], {}, None) == {}


class FullCache(SpeechCache):
    """A cache always over its size limit: every prune removes all it may."""

    def prune(self, keep=(), max_bytes=0):
        return super().prune(keep, max_bytes)


def test_lengths_only_reads_cached_lengths_renders_the_rest_and_keeps_every_phrase(tmp_path):
    # check and compile: cached phrases' lengths come from their headers, only missing ones are
    # rendered, and pruning after that render spares the rest of the workout's phrases.
    cache = FullCache(tmp_path)
    first = prerender(["Rep 1 of 8", "Halfway"], FakeEngine(), cache, 44100)
    engine = FakeEngine()
    renderer = PhraseRenderer(["Rep 1 of 8", "Halfway", "Go"], EngineChoice(engine), cache, 44100,
                              lengths_only=True)
    renderer.run()
    assert engine.rendered == ["Go"] and set(renderer.clips()) == {"Go"}
    durations = renderer.durations()
    assert {t: durations[t] for t in first} == {t: c.duration_s for t, c in first.items()}
    key = lambda t: cache.key("fake", "en", 170, t, 44100)  # noqa: E731
    assert all(cache.length_s(key(t)) is not None for t in ("Rep 1 of 8", "Halfway", "Go"))


def test_a_plan_from_cached_lengths_starts_no_engine(tmp_path):
    # check and compile with piper: every length was in the cache, yet the piper process was
    # started (its voice model loading for a second or more) to render nothing.
    cache = SpeechCache(tmp_path)
    warm = FakeEngine()
    prerender(PHRASES, FakeEngine(), cache, 44100)
    prerender(PHRASES, warm, cache, 44100)
    assert warm.started == 1 and warm.rendered == []  # a run starts its engine early all the same
    engine = FakeEngine()
    renderer = PhraseRenderer(PHRASES, EngineChoice(engine), cache, 44100, lengths_only=True)
    renderer.run()
    assert engine.started == 0 and engine.rendered == []
    assert set(renderer.durations()) == set(PHRASES) and renderer.failed() == {}
    renderer = PhraseRenderer([*PHRASES, "Last rep"], EngineChoice(engine), cache, 44100, lengths_only=True)
    renderer.run()
    assert engine.started == 1 and engine.rendered == ["Last rep"]
