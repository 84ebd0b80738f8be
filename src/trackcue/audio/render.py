"""Writing the mix to a file: sample-exact, frame = round(t * rate) on the workout clock.

WAV is written here (the default: no library needed). FLAC, Ogg Vorbis, Opus and MP3 go through
soundfile (libsndfile, bundled in its wheels), chosen by the file's suffix. The mix is rendered
and written a second at a time, so an hour-long track never sits in memory. WAV and FLAC keep
every sample (onsets exact); Vorbis, Opus and MP3 are lossy and a few times smaller still.
"""

from __future__ import annotations

import wave
from pathlib import Path
from types import ModuleType
from typing import BinaryIO, Callable

from trackcue.audio.clip import Clip
from trackcue.audio.mixer import Mixer

_BLOCK = 44100  # frames rendered per write: one second at the usual rate

# suffix -> (libsndfile format, subtype); None: our own WAV writer.
FORMATS: dict[str, tuple[str, str] | None] = {
    ".wav": None,
    ".flac": ("FLAC", "PCM_16"),
    ".ogg": ("OGG", "VORBIS"),
    ".opus": ("OGG", "OPUS"),
    ".mp3": ("MP3", "MPEG_LAYER_III"),
}
OPUS_RATES = (8000, 12000, 16000, 24000, 48000)  # the only rates Opus has


class FormatError(ValueError):
    """The file's suffix names no format trackcue writes, or one that cannot be written here."""


def check_format(path: str | Path, rate: int) -> str:
    """The suffix of ``path`` if trackcue can write it at ``rate``; ``FormatError`` says why not."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise FormatError(f"cannot write {suffix or 'a file without a suffix'}: use "
                          f"{', '.join(FORMATS)}")
    if suffix == ".opus" and rate not in OPUS_RATES:
        raise FormatError(f"Opus is only {', '.join(str(r) for r in OPUS_RATES)} Hz, not {rate}")
    if FORMATS[suffix] is not None:
        _soundfile(suffix)
    return suffix


def _soundfile(suffix: str) -> ModuleType:
    try:
        import soundfile
    except ImportError:
        raise FormatError(f"writing {suffix} needs soundfile (pip install soundfile)") from None
    module: ModuleType = soundfile
    return module


class MixWriter:
    """Appends a mixer's output to a file, a block at a time; subclasses say how a block is written."""

    def __init__(self, mixer: Mixer, path: str | Path) -> None:
        self.mixer = mixer
        self.path = Path(path)
        self.written = 0

    def _emit(self, data: bytes) -> None:
        raise NotImplementedError

    def write_until(self, frame: int) -> None:
        """Render and append every frame before ``frame``."""
        while self.written < frame:
            n = min(_BLOCK, frame - self.written)
            self._emit(self.mixer.render(self.written, n))
            self.written += n
            self.mixer.forget_before(self.written)

    def tail_end(self, frame: int) -> int:
        """Where the clips that started before ``frame`` end (so a stop never cuts a tone)."""
        ends = [p.end for p in self.mixer.placements() if p.frame < frame]
        return max([frame, *ends])

    def close(self) -> None:
        raise NotImplementedError


class WavWriter(MixWriter):
    """16-bit mono WAV; the header is kept valid after each write."""

    def __init__(self, mixer: Mixer, path: str | Path) -> None:
        super().__init__(mixer, path)
        self._file: BinaryIO = open(self.path, "wb")  # noqa: SIM115 - closed in close()
        self._wav = wave.open(self._file, "wb")
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(mixer.rate)

    def _emit(self, data: bytes) -> None:
        self._wav.writeframes(data)

    def close(self) -> None:
        self._wav.close()  # patches the header sizes
        self._file.close()


class SoundFileWriter(MixWriter):
    """Any format of ``FORMATS`` other than WAV, through soundfile (mono, the mixer's rate)."""

    def __init__(self, mixer: Mixer, path: str | Path) -> None:
        super().__init__(mixer, path)
        suffix = check_format(self.path, mixer.rate)
        spec = FORMATS[suffix]
        assert spec is not None
        self._sf = _soundfile(suffix)
        from numpy import frombuffer  # soundfile's own dependency: here whenever soundfile is

        self._frombuffer = frombuffer
        fmt, subtype = spec
        self._file = self._sf.SoundFile(str(self.path), "w", mixer.rate, 1, subtype, format=fmt)

    def _emit(self, data: bytes) -> None:
        self._file.write(self._frombuffer(data, dtype="<i2"))

    def close(self) -> None:
        self._file.close()


def render_to_file(placements: list[tuple[float, Clip]], path: str | Path, rate: int,
                   total_s: float) -> Path:
    """Write ``placements`` (clock time, clip) as ``total_s`` seconds at ``rate`` in the suffix's format.

    Each clip's first sample lands on frame ``round(t * rate)``. Clips starting at or after
    ``total_s`` are left out; one still sounding at ``total_s`` is written to its end.
    ``FormatError`` for a suffix not in ``FORMATS``; ``OSError`` if the file cannot be written.
    """
    suffix = check_format(path, rate)
    return _render(placements, path, rate, total_s, WavWriter if FORMATS[suffix] is None else SoundFileWriter)


def render_to_wav(placements: list[tuple[float, Clip]], path: str | Path, rate: int,
                  total_s: float) -> Path:
    """``render_to_file`` into a WAV file whatever ``path`` is called."""
    return _render(placements, path, rate, total_s, WavWriter)


def _render(placements: list[tuple[float, Clip]], path: str | Path, rate: int, total_s: float,
            make: Callable[[Mixer, str | Path], MixWriter]) -> Path:
    mixer = Mixer(rate)
    total = round(total_s * rate)
    for t, clip in placements:
        frame = round(t * rate)
        if frame < total:
            mixer.schedule(clip, frame)
    writer = make(mixer, path)
    try:
        writer.write_until(writer.tail_end(total))
    finally:
        writer.close()
    return writer.path
