"""The WAV output and the offline renderer: every onset exactly at round(t * rate)."""

import wave
from array import array

import pytest

from trackcue.audio.backends.wav_out import open_backend
from trackcue.audio.clip import Clip
from trackcue.audio.output import BackendUnavailable
from trackcue.audio.render import render_to_wav
from trackcue.audio.sounds import load_sound
from trackcue.engine.clock import FakeClock

RATE = 44100



def read(path):
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        return array("h", wav.readframes(wav.getnframes()))


def onsets(samples, quiet=2000):
    found, last = [], -quiet
    for i, s in enumerate(samples):
        if s:
            if i - last >= quiet:
                found.append(i)
            last = i
    return found


def marker(name="m"):
    return Clip(array("h", [20000, -20000] * 50), RATE, name)


def test_render_to_wav_places_every_onset_exactly(tmp_path):
    times = [0.0, 0.5, 1.23456, 2.000011, 2.9]
    path = render_to_wav([(t, marker()) for t in times], tmp_path / "out.wav", RATE, 2.901)
    samples = read(path)
    assert onsets(samples) == [round(t * RATE) for t in times]
    assert len(samples) == round(2.9 * RATE) + 100  # the last clip is finished, not cut


def test_render_to_wav_leaves_out_clips_after_the_end(tmp_path):
    path = render_to_wav([(0.1, marker()), (5.0, marker())], tmp_path / "o.wav", RATE, 1.0)
    samples = read(path)
    assert len(samples) == RATE and onsets(samples) == [round(0.1 * RATE)]


def test_tones_render_sample_exact(tmp_path):
    go = load_sound("go", RATE)
    path = render_to_wav([(1.0, go), (2.5, go)], tmp_path / "t.wav", RATE, 4.0)
    samples = read(path)
    start = round(2.5 * RATE)
    assert samples[start:start + len(go.samples)] == go.samples
    assert not any(samples[start - 100:start])


def test_wav_output_follows_the_workout_clock(tmp_path):
    clock = FakeClock()
    out = open_backend(clock, RATE, path=tmp_path / "live.wav")
    out.start()
    out.play_at(marker(), 0.25)
    out.play_at(marker(), 1.75)
    out.play_at(marker(), 3.0)
    clock.set(2.0)
    out.cancel_from(2.5)
    out.close()
    samples = read(tmp_path / "live.wav")
    assert onsets(samples) == [round(0.25 * RATE), round(1.75 * RATE)]
    assert len(samples) == 2 * RATE
    assert "wav:" in out.status and not out.failed


def test_wav_output_unwritable_path_is_unavailable(tmp_path):
    with pytest.raises(BackendUnavailable, match="cannot write"):
        open_backend(FakeClock(), RATE, path=tmp_path / "no" / "such" / "dir.wav")


def test_wav_output_keeps_the_closing_phrase_queued_after_the_end(tmp_path):
    """The finish phrase comes ~1 s after the last step ends: the file must not stop short of it."""
    clock = FakeClock()
    out = open_backend(clock, RATE, path=tmp_path / "end.wav")
    out.start()
    out.play_at(marker("finish tone"), 1.0)
    out.play_at(marker("well done"), 1.9)
    clock.set(1.2)  # the run ends here, the phrase still to come
    out.close()
    samples = read(tmp_path / "end.wav")
    assert onsets(samples) == [RATE, round(1.9 * RATE)]
    assert len(samples) == round(1.9 * RATE) + 100
