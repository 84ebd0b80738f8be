"""Speech that never stops the workout: a cache that cannot be written, engines that hang or fail,
a start that does not wait for slow speech, each phrase placed only if it is ready in time."""

from __future__ import annotations

import errno
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
from array import array
from pathlib import Path

import pytest

from support import subprocess_env, trackcue_cmd
from test_soundtrack import short_session
from trackcue import lazy
from trackcue.audio.backends.null_out import NullOutput
from trackcue.audio.clip import Clip
from trackcue.engine.clock import FakeClock
from trackcue.engine.player import Player
from trackcue.soundtrack.sink import AudioCueSink
from trackcue.soundtrack.prepare import Preparation, speech_texts
from trackcue.speech.base import SpeechError
from trackcue.speech.cache import SpeechCache
from trackcue.speech.engines import EngineChoice, select_engine
from trackcue.speech.prerender import PhraseRenderer
from trackcue.speech.wav import write_wav
from trackcue.workout import compile_file

RATE = 22050
PHRASES = ["Rep 1 of 8", "Recovery jog, 1 minute 45", "Go", "Halfway", "Well done"]
HAS_ESPEAK = shutil.which("espeak-ng") is not None
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="uses #! scripts as fake programs")


class Fake:
    """A speech engine: ``ok`` renders 0.1 s of tone per word, ``hang`` never returns, ``fail`` raises."""

    live, rate, voice, warmup_s = False, None, None, 0.0

    def __init__(self, name: str, mode: str = "ok", parallel: int = 2,
                 gates: dict[str, threading.Event] | None = None, long: frozenset[str] = frozenset()) -> None:
        self.name, self.mode, self.parallel, self.gates, self.long = name, mode, parallel, gates, long
        self.rendered: list[str] = []
        self.closed = False
        self.release = threading.Event()  # lets a hung render end when the test is over

    def available(self):
        return (self.mode != "missing"), (self.name if self.mode != "missing" else "not installed")

    def start(self):
        pass

    def render(self, text, path):
        if self.mode == "hang":
            self.release.wait(60)
            raise SpeechError("hung")
        if self.mode == "fail":
            raise SpeechError(f"{self.name} failed: exit code 1")
        if self.gates is not None:
            self.gates[text].wait(60)
        self.rendered.append(text)
        words = 100 if text in self.long else len(text.split())
        body = [int(9000 * math.sin(i / 5)) for i in range(int(0.1 * RATE * words))]
        write_wav(path, Clip(array("h", [0] * 2000 + body + [0] * 2000), RATE))

    def close(self):
        self.closed = True
        self.release.set()


def maker(fakes: dict[str, Fake]):
    return lambda name, voice, rate: fakes.get(name) or Fake(name, "missing")


# ----- a cache that cannot be written -------------------------------------------------------------

def test_a_cache_under_a_file_keeps_phrases_in_memory(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    cache = SpeechCache(blocker / "speech")  # mkdir fails: ENOTDIR, as on a read-only mount
    renderer = PhraseRenderer(PHRASES, EngineChoice(Fake("espeak-ng")), cache, 44100)
    renderer.run()
    assert set(renderer.clips()) == set(PHRASES)
    assert cache.problem and "speech cache off" in renderer.notes[0] and "kept in memory" in renderer.notes[0]


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_a_read_only_or_full_cache_is_a_note_not_an_error(tmp_path, monkeypatch, code):
    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(lazy.tempfile, "mkstemp", refuse)  # the module the cache writes through
    cache = SpeechCache(tmp_path)
    renderer = PhraseRenderer(PHRASES, EngineChoice(Fake("espeak-ng")), cache, 44100)
    renderer.run()
    assert set(renderer.clips()) == set(PHRASES)
    assert os.strerror(code) in cache.status
    assert cache.store("k", renderer.clips()["Go"]) is False  # tried once, then no more


@posix_only
@pytest.mark.skipif(not HAS_ESPEAK, reason="espeak-ng is not installed (apt-get install espeak-ng)")
def test_headless_run_with_an_unwritable_cache_plays_tones_and_speech(tmp_path, workout_file):
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("")
    path = workout_file("name: W\nsteps:\n  - run: 6s\n  - jog: 6s\n")
    wav = tmp_path / "out.wav"
    done = subprocess.run([*trackcue_cmd(), "run", str(path), "--headless", "--speech", "espeak",
                           "--audio", f"wav:{wav}", "--speed", "4", "--get-ready", "4", "--db", str(tmp_path / "h.db")],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
                          env=subprocess_env(TRACKCUE_CACHE_DIR=str(blocker)))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "speech cache off" in done.stderr and "kept in memory" in done.stderr
    assert "speech: espeak-ng" in done.stderr
    events = [json.loads(line)["event"] for line in done.stdout.splitlines() if line.startswith("{")]
    assert events[-1] == "finish"
    import wave
    with wave.open(str(wav)) as w:
        samples = array("h", w.readframes(w.getnframes()))
    assert max(samples) > 3000  # tones and speech were heard


# ----- engines that hang or fail ------------------------------------------------------------------

def test_a_hung_engine_is_dropped_after_one_bounded_wait_for_the_next(tmp_path):
    fakes = {"espeak": Fake("espeak-ng", "hang"), "pyttsx3": Fake("pyttsx3")}
    choice = select_engine("auto", make=maker(fakes))
    assert choice.engine is fakes["espeak"]
    renderer = PhraseRenderer(PHRASES, choice, SpeechCache(tmp_path), 44100, timeout_s=0.3)
    started = time.monotonic()
    renderer.start()
    assert renderer.wait(20)
    assert time.monotonic() - started < 5  # one bounded wait, not one per phrase
    assert choice.engine is fakes["pyttsx3"] and set(renderer.clips()) == set(PHRASES)
    assert fakes["espeak"].closed
    assert choice.status.startswith("speech: pyttsx3, 170 words/min (after espeak-ng dropped: took more than 0.3 s on ")


def test_a_hung_engine_alone_leaves_tones_and_text(tmp_path, workout_file):
    path = workout_file("name: W\nsteps:\n  - run: 20s\n  - jog: 20s\n")
    tl = compile_file(path, use_profile=False, get_ready_s=10)
    engine = Fake("espeak-ng", "hang")
    started = time.monotonic()
    prep = Preparation(tl, RATE, choice=EngineChoice(engine), cache=SpeechCache(tmp_path), timeout_s=0.3)
    track = prep.soundtrack(wait_s=20)
    assert time.monotonic() - started < 5
    assert track.speech.engine is None and not track.phrases
    assert track.speech.status.startswith("speech off (espeak-ng: took more than 0.3 s on ")
    assert track.speech.status.endswith("— tones and text only")
    assert any(n.startswith("speech off") for n in track.notes)
    assert set(track.tones) >= {"go", "pip1", "finish"}


def test_auto_moves_on_from_a_broken_engine_and_says_who_speaks(tmp_path):
    fakes = {"espeak": Fake("espeak-ng", "fail", parallel=4), "pyttsx3": Fake("pyttsx3")}
    choice = select_engine("auto", make=maker(fakes))
    renderer = PhraseRenderer(PHRASES, choice, SpeechCache(tmp_path), 44100)
    renderer.run()
    assert choice.engine is fakes["pyttsx3"] and set(renderer.clips()) == set(PHRASES)
    assert "espeak-ng dropped: 2 phrases failed in a row (espeak-ng failed: exit code 1)" in choice.status
    assert choice.status.startswith("speech: pyttsx3")
    assert renderer.failed() == {}


def test_one_bad_phrase_does_not_drop_a_good_engine(tmp_path):
    class Picky(Fake):
        def render(self, text, path):
            if text == "Halfway":
                raise SpeechError("cannot say that")
            super().render(text, path)

    engine = Picky("espeak-ng", parallel=1)
    renderer = PhraseRenderer(PHRASES, EngineChoice(engine), SpeechCache(tmp_path), 44100)
    renderer.run()
    assert renderer.engine is engine and renderer.failed() == {"Halfway": "cannot say that"}


@posix_only
def test_cli_auto_with_a_failing_espeak_does_not_claim_espeak_speaks(tmp_path, workout_file):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "espeak-ng"
    fake.write_text("#!/bin/sh\necho 'espeak-ng: no voice data' >&2\nexit 1\n")
    fake.chmod(0o755)
    path = workout_file("name: W\nsteps:\n  - run: 4s\n  - jog: 4s\n")
    env = subprocess_env(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run([*trackcue_cmd(), "run", str(path), "--headless", "--speech", "espeak",
                           "--audio", f"wav:{tmp_path / 'o.wav'}", "--speed", "8", "--get-ready", "2",
                           "--db", str(tmp_path / "h.db")],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert "speech: espeak-ng," not in done.stderr
    assert "speech off (espeak-ng: 2 phrases failed in a row (espeak-ng failed: espeak-ng: no voice data))" \
        in done.stderr


# ----- the start does not wait for slow speech ---------------------------------------------------

def wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_start_now_plans_with_what_is_ready_and_late_phrases_are_placed_only_if_in_time(tmp_path, workout_file):
    tl = short_session(workout_file)
    texts = speech_texts(tl)
    gates = {t: threading.Event() for t in texts}
    said = {(c.segment, c.kind): c for c in tl.cues if c.type == "speech"}
    rep2 = said[(3, "announce")].text  # "Rep two of three. …"
    split = said[(1, "split")].text  # "one hundred, nineteen", after the split tone
    jog, jog_short = said[(2, "announce")].text, said[(2, "announce")].short_text
    engine = Fake("espeak-ng", parallel=2, gates=gates, long=frozenset({jog}))  # the split call holds one worker
    prep = Preparation(tl, RATE, choice=EngineChoice(engine), cache=SpeechCache(tmp_path), timeout_s=30)
    gates[texts[0]].set()
    wait_for(lambda: prep.renderer.get(texts[0]) is not None)
    started = time.monotonic()
    prep.start_now()
    track = prep.soundtrack(wait_s=60)
    assert time.monotonic() - started < 1  # the start does not wait for the rest
    assert set(track.phrases) == {texts[0]}
    # The rest arrives while the workout plays, except the split call.
    for text in texts:
        if text != split:
            gates[text].set()
    wait_for(lambda: all(prep.renderer.get(t) for t in texts if t != split))

    clock = FakeClock(0.0)
    out = NullOutput(clock, RATE)
    player = Player(track.timeline, clock, AudioCueSink(track, out, clock), get_ready_s=10)
    player.start()
    while player.state != "finished":
        player.update()
        clock.advance(0.25)
    heard = [c.name for _, c in out.queued]
    assert rep2 in heard
    assert split not in heard and heard.count("split") == 3  # not ready in time: its tone only
    # The long render does not fit the time its estimate was given: the short form plays instead.
    assert jog not in heard and heard.count(jog_short) == 2
    gates[split].set()
    wait_for(lambda: prep.renderer.settled)
    prep.close()


def test_start_now_does_not_wait_for_an_engine_slow_to_answer(tmp_path, workout_file):
    class Slow(Fake):
        def available(self):
            self.release.wait(3)  # pyttsx3 starting a process to see whether it works
            return True, self.name

    tl = short_session(workout_file)
    slow = Slow("pyttsx3")
    prep = Preparation(tl, RATE, choice=select_engine("auto", make=maker({"pyttsx3": slow}), probe=False),
                       cache=SpeechCache(tmp_path))
    started = time.monotonic()
    prep.start_now()
    track = prep.soundtrack(wait_s=60)
    assert time.monotonic() - started < 1
    assert track.speech.status == "speech: choosing an engine…"
    announce = [p for p in track.plan.playing if p.kind == "announce"]
    assert announce and all(p.text for p in announce)  # planned as speech, at estimated lengths
    slow.release.set()
    assert prep.renderer.wait(20)
    assert track.speech.engine is slow and set(track.phrases) == set(speech_texts(tl))
    prep.close()
