"""Reading engine output as a Clip (through the audio package's WAV reader) and writing cache files."""

from __future__ import annotations

import sys
from array import array
from pathlib import Path

from trackcue import lazy
from trackcue.audio.clip import Clip
from trackcue.audio.wavfile import WavError
from trackcue.audio.wavfile import read_wav as read_pcm
from trackcue.speech.base import SpeechError

HEADER_BYTES = 44  # what ``wave`` writes before the samples of a plain PCM file


def read_wav(path: Path | str, name: str = "") -> Clip:
    """Decode a PCM WAV file to a mono int16 Clip; ``SpeechError`` if it is missing or not PCM WAV."""
    try:
        samples, rate = read_pcm(path)
    except (OSError, WavError) as exc:
        raise SpeechError(f"unreadable audio {Path(path).name}: {exc}") from None
    return Clip(samples, rate, name)


def write_wav(path: Path | str, clip: Clip) -> None:
    """Write ``clip`` as a mono 16-bit PCM WAV file of ``HEADER_BYTES + 2 * len(samples)`` bytes."""
    samples = clip.samples
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    with lazy.wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(clip.rate)
        w.writeframes(samples.tobytes())
