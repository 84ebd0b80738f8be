"""A decoded sound: mono signed 16-bit samples at a known rate — the unit the mixer places."""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from functools import cached_property

_SCAN = 4096  # samples per C-level max(): short enough to let the audio thread have the GIL


@dataclass(frozen=True)
class Clip:
    """Mono 16-bit PCM; ``name`` says where it came from (a tone file or a spoken phrase)."""

    samples: array  # array('h')
    rate: int
    name: str = ""

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate

    @cached_property
    def peak(self) -> int:
        """The largest absolute sample, found once per clip (the mixer's limiter needs it)."""
        return peak_of(self.samples)


def peak_of(samples) -> int:
    """The largest absolute sample (0 for an empty clip).

    Scanned in slices: one ``max()`` over 5 s of speech holds the GIL for ~17 ms, longer than
    PulseAudio's buffer lasts, so the audio callback would starve and the stream underrun.
    """
    top, bottom = 0, 0
    for i in range(0, len(samples), _SCAN):
        part = samples[i:i + _SCAN]
        top, bottom = max(top, max(part)), min(bottom, min(part))
    return max(top, -bottom)
