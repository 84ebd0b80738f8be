"""Cutting the silence engines leave around a phrase, so a cue's length is its spoken length."""

from __future__ import annotations

from trackcue.audio.clip import Clip

FULL_SCALE = 32767


def trim_silence(clip: Clip, threshold: float = 0.01, keep_s: float = 0.015) -> Clip:
    """``clip`` without leading and trailing samples quieter than ``threshold`` (of full scale).

    ``keep_s`` of the quiet part is kept on each side so soft onsets and endings are not clipped.
    An all-silent clip comes back empty.
    """
    level = max(1, int(threshold * FULL_SCALE))
    samples = clip.samples
    n = len(samples)
    first = next((i for i in range(n) if not -level < samples[i] < level), None)
    if first is None:
        return Clip(samples[:0], clip.rate, clip.name)
    last = next(i for i in range(n - 1, first - 1, -1) if not -level < samples[i] < level)
    keep = int(keep_s * clip.rate)
    start, end = max(0, first - keep), min(n, last + 1 + keep)
    if start == 0 and end == n:
        return clip
    return Clip(samples[start:end], clip.rate, clip.name)
