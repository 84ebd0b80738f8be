"""The shipped tones, their generator, and loading/resolving sound files."""

import ast
import importlib.util
import struct
import wave
from array import array
from pathlib import Path

import pytest

from trackcue.audio.sounds import (TONES, SoundFileError, load_sound, resolve_sound, sound_path,
                                   sounds_dir)
from trackcue.audio.wavfile import WavError, read_wav
from trackcue.errors import UserError

SOUNDS = Path(__file__).resolve().parents[1] / "sounds"


def generator():
    spec = importlib.util.spec_from_file_location("generate", SOUNDS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generate_reproduces_the_shipped_files_byte_for_byte(tmp_path):
    gen = generator()
    assert gen.main(["generate.py", str(tmp_path)]) == 0
    for name in TONES:
        assert (tmp_path / f"{name}.wav").read_bytes() == (SOUNDS / f"{name}.wav").read_bytes()


def test_generate_uses_the_stdlib_only():
    tree = ast.parse((SOUNDS / "generate.py").read_text())
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)
                for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree)
                 if isinstance(n, ast.ImportFrom) and n.module}
    assert imported <= {"__future__", "math", "sys", "wave", "array", "pathlib"}


def zero_crossing_hz(samples) -> float:
    crossings = sum(1 for a, b in zip(samples, samples[1:]) if (a < 0) != (b < 0))
    return crossings / 2 / (len(samples) / 44100)


@pytest.mark.parametrize("name", TONES)
def test_tone_format_level_fades_and_pitch(name):
    gen = generator()
    with wave.open(str(sound_path(name))) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 44100)
        samples = array("h", wav.readframes(wav.getnframes()))
    assert max(abs(s) for s in samples) <= 32767 * 10 ** (-1 / 20)  # peak <= -1 dBFS
    assert abs(samples[0]) < 200 and abs(samples[-1]) < 200  # faded: no click
    notes = gen.TONES[name]
    assert all(1000 <= freq <= 3000 for freq, _, _ in notes)
    # The longest note dominates; measure its pitch away from its fades.
    start, (freq, dur, _) = max(((sum(round(d * 44100) + round(g * 44100)
                                      for _, d, g in notes[:i]), n)
                                 for i, n in enumerate(notes)), key=lambda x: x[1][1])
    middle = samples[start + 441:start + round(dur * 44100) - 441]
    assert zero_crossing_hz(middle) == pytest.approx(freq, rel=0.01)


def test_countdown_pips_rise_in_pitch():
    gen = generator()
    pitches = [gen.TONES[n][0][0] for n in ("pip3", "pip2", "pip1", "go")]
    assert pitches == sorted(pitches) and len(set(pitches)) == 4


def test_sounds_dir_holds_the_shipped_tones():
    # Installed: the package's data folder; from a checkout (editable install): the repo's sounds/.
    assert sounds_dir().name == "sounds"
    for name in TONES:
        assert sound_path(name).read_bytes() == (SOUNDS / f"{name}.wav").read_bytes()
    with pytest.raises(UserError, match="unknown sound 'gong'"):
        sound_path("gong")


def test_load_sound_resamples_and_names_the_clip():
    clip = load_sound("pip1", 22050)
    assert clip.name == "pip1" and clip.rate == 22050
    assert len(clip.samples) == round(0.15 * 22050)


def write_wav(path, frames: bytes, channels=1, width=2, rate=8000, extensible=False):
    tag = 0xFFFE if extensible else 1
    fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * channels * width,
                      channels * width, width * 8)
    if extensible:
        fmt += struct.pack("<HHI", 22, width * 8, 0) + struct.pack("<H", 1) + bytes(14)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(frames)) + frames
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


def test_reads_8_16_24_bit_mono_and_stereo(tmp_path):
    s16 = write_wav(tmp_path / "a.wav", array("h", [1000, -2000]).tobytes())
    u8 = write_wav(tmp_path / "b.wav", bytes([128, 255, 0]), width=1)
    s24 = write_wav(tmp_path / "c.wav", b"\x00\xe8\x03" + b"\x00\x30\xf8", width=3,
                    extensible=True)
    st = write_wav(tmp_path / "d.wav", array("h", [1000, 3000, -10, -30]).tobytes(), channels=2)
    assert list(read_wav(s16)[0]) == [1000, -2000]
    assert list(read_wav(u8)[0]) == [0, 127 << 8, -128 << 8]
    assert list(read_wav(s24)[0]) == [1000, -2000]
    assert list(read_wav(st)[0]) == [2000, -20]
    assert read_wav(s16)[1] == 8000


def test_unreadable_file_is_a_user_error_with_a_hint(tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not a wav")
    with pytest.raises(WavError):
        read_wav(bad)
    with pytest.raises(UserError) as info:
        load_sound(bad, 44100)
    assert "PCM WAV" in str(info.value)


def test_resolve_sound_finds_tones_and_files_next_to_the_workout(tmp_path):
    (tmp_path / "bell.wav").write_bytes(b"")
    assert resolve_sound("go", tmp_path) == sound_path("go")
    assert resolve_sound("bell.wav", tmp_path) == (tmp_path / "bell.wav").resolve()
    assert resolve_sound("finish.wav", tmp_path) == (sounds_dir() / "finish.wav").resolve()


@pytest.mark.parametrize("name", ["../secret.wav", "/etc/passwd", "sub/../../x.wav"])
def test_resolve_sound_refuses_paths_escaping_the_folders(tmp_path, name):
    workouts = tmp_path / "workouts"
    workouts.mkdir()
    (tmp_path / "secret.wav").write_bytes(b"")
    with pytest.raises(SoundFileError) as info:
        resolve_sound(name, workouts)
    assert "outside the workout's folder" in str(info.value)
    assert info.value.problems[0].hint


def test_resolve_sound_refuses_a_symlink_out(tmp_path):
    (tmp_path / "secret.wav").write_bytes(b"")
    workouts = tmp_path / "w"
    workouts.mkdir()
    (workouts / "link.wav").symlink_to(tmp_path / "secret.wav")
    with pytest.raises(SoundFileError):
        resolve_sound("link.wav", workouts)


def test_missing_sound_file(tmp_path):
    with pytest.raises(SoundFileError, match="not found"):
        resolve_sound("nothing.wav", tmp_path)
