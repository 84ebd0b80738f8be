"""Writing the mix to a WAV file: sample-exact, frame = round(t * rate) on the workout clock."""

from __future__ import annotations

import wave
from pathlib import Path

from trackcue.audio.clip import Clip
from trackcue.audio.mixer import Mixer

_BLOCK = 44100  # frames rendered per write: one second at the usual rate


class WavWriter:
    """Appends a mixer's output to a 16-bit mono WAV; the header is kept valid after each write."""

    def __init__(self, mixer: Mixer, path: str | Path) -> None:
        self.mixer = mixer
        self.path = Path(path)
        self.written = 0
        self._file = open(self.path, "wb")  # noqa: SIM115 - closed in close()
        self._wav = wave.open(self._file, "wb")
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(mixer.rate)

    def write_until(self, frame: int) -> None:
        """Render and append every frame before ``frame``."""
        while self.written < frame:
            n = min(_BLOCK, frame - self.written)
            self._wav.writeframes(self.mixer.render(self.written, n))
            self.written += n
            self.mixer.forget_before(self.written)

    def tail_end(self, frame: int) -> int:
        """Where the clips that started before ``frame`` end (so a stop never cuts a tone)."""
        ends = [p.end for p in self.mixer.placements() if p.frame < frame]
        return max([frame, *ends])

    def close(self) -> None:
        self._wav.close()  # patches the header sizes
        self._file.close()


def render_to_wav(placements: list[tuple[float, Clip]], path: str | Path, rate: int,
                  total_s: float) -> Path:
    """Write ``placements`` (clock time, clip) as a WAV of ``total_s`` seconds at ``rate``.

    Each clip's first sample lands on frame ``round(t * rate)``. Clips starting at or after
    ``total_s`` are left out; one still sounding at ``total_s`` is written to its end.
    """
    mixer = Mixer(rate)
    total = round(total_s * rate)
    for t, clip in placements:
        frame = round(t * rate)
        if frame < total:
            mixer.schedule(clip, frame)
    writer = WavWriter(mixer, path)
    try:
        writer.write_until(writer.tail_end(total))
    finally:
        writer.close()
    return writer.path
