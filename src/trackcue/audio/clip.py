"""A decoded sound: mono signed 16-bit samples at a known rate — the unit the mixer places."""

from __future__ import annotations

from array import array
from dataclasses import dataclass


@dataclass(frozen=True)
class Clip:
    """Mono 16-bit PCM; ``name`` says where it came from (a tone file or a spoken phrase)."""

    samples: array  # array('h')
    rate: int
    name: str = ""

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate
