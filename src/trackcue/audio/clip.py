"""A decoded sound: mono signed 16-bit samples at a known rate — the unit the mixer places."""

from __future__ import annotations

from array import array

_SCAN = 4096  # samples per C-level max(): short enough to let the audio thread have the GIL


class Clip:
    """Mono 16-bit PCM; ``name`` says where it came from (a tone file or a spoken phrase).

    Treated as immutable. (A plain class, not a dataclass: ``trackcue check`` measures the tones
    with it; tests/test_startup.py.)
    """

    __slots__ = ("samples", "rate", "name", "_peak")

    def __init__(self, samples: array[int], rate: int, name: str = "") -> None:
        self.samples = samples  # array('h')
        self.rate = rate
        self.name = name
        self._peak: int | None = None

    def __repr__(self) -> str:
        return f"Clip({self.name!r}, {len(self.samples)} samples at {self.rate} Hz)"

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate

    @property
    def peak(self) -> int:
        """The largest absolute sample, found once per clip (the mixer's limiter needs it)."""
        if self._peak is None:
            self._peak = peak_of(self.samples)
        return self._peak


def peak_of(samples: array[int]) -> int:
    """The largest absolute sample (0 for an empty clip).

    Scanned in slices: one ``max()`` over 5 s of speech holds the GIL for ~17 ms, longer than
    PulseAudio's buffer lasts, so the audio callback would starve and the stream underrun.
    """
    top, bottom = 0, 0
    for i in range(0, len(samples), _SCAN):
        part = samples[i:i + _SCAN]
        top, bottom = max(top, max(part)), min(bottom, min(part))
    return max(top, -bottom)
