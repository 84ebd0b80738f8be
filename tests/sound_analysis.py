"""Measuring recordings in tests: the level of one frequency over time (Goertzel), in pure Python."""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence


def tone_level(samples: Sequence[int], rate: int, freq: float) -> float:
    """The amplitude (in sample units) of the ``freq`` Hz component of ``samples`` (Goertzel)."""
    n = len(samples)
    if n == 0:
        return 0.0
    w = 2 * math.pi * freq / rate
    coeff = 2 * math.cos(w)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    power = s1 * s1 + s2 * s2 - coeff * s1 * s2
    return 2 * math.sqrt(max(power, 0.0)) / n


def levels(samples: array, rate: int, freq: float, window_s: float = 0.02) -> list[float]:
    """``tone_level`` of each ``window_s`` window, in order."""
    size = round(window_s * rate)
    return [tone_level(samples[i:i + size], rate, freq) for i in range(0, len(samples) - size + 1, size)]


def runs_above(values: list[float], threshold: float, min_len: int = 3) -> list[tuple[int, int]]:
    """The (first, last) indices of each run of at least ``min_len`` values above ``threshold``."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, v in enumerate([*values, 0.0]):
        if v > threshold and start is None:
            start = i
        elif v <= threshold and start is not None:
            if i - start >= min_len:
                runs.append((start, i - 1))
            start = None
    return runs


def db(ratio: float) -> float:
    return 20 * math.log10(ratio)
