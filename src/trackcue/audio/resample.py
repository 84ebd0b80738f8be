"""Sample-rate conversion for short clips: linear interpolation, pure Python."""

from __future__ import annotations

from array import array


def resample(samples: array[int], src_rate: int, dst_rate: int) -> array[int]:
    """``samples`` (int16) at ``src_rate`` as int16 at ``dst_rate``, same duration.

    Linear interpolation is plenty for beeps and speech cues and needs no numpy.
    """
    if src_rate == dst_rate or not samples:
        return array("h", samples)
    n_out = max(1, round(len(samples) * dst_rate / src_rate))
    last = len(samples) - 1
    step = src_rate / dst_rate
    out = array("h", bytes(2 * n_out))
    for i in range(n_out):
        pos = i * step
        j = int(pos)
        if j >= last:
            out[i] = samples[last]
            continue
        frac = pos - j
        a = samples[j]
        out[i] = round(a + (samples[j + 1] - a) * frac)
    return out
