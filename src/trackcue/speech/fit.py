"""Finding where a cue of a given length can start among cues that must not move."""

from __future__ import annotations

from typing import NamedTuple, Sequence

EPS = 1e-9


class Interval(NamedTuple):
    start: float
    end: float


def best_start(
    at: float, length: float, window: tuple[float, float], fixed: Sequence[Interval], gap: float
) -> float | None:
    """The start in ``window`` nearest ``at`` (earlier wins a tie) keeping ``gap`` clear of ``fixed``.

    ``None`` when no start in the window leaves the cue clear of every fixed interval.
    """
    lo, hi = window
    if lo > hi + EPS:
        return None
    # Starts that would collide with a fixed interval, merged, form the holes in the window.
    blocked = sorted(
        (iv.start - gap - length, iv.end + gap) for iv in fixed if iv.end + gap > lo and iv.start - gap - length < hi
    )
    best = None
    a = lo
    for b_start, b_end in [*blocked, (hi + 1.0, hi + 1.0)]:
        b = min(b_start, hi)
        if b >= a - EPS:
            c = min(max(at, a), b)
            if best is None or abs(c - at) < abs(best - at) - EPS:
                best = c
        a = max(a, b_end)
        if a > hi + EPS:
            break
    return best


def least_overlap_start(
    at: float, length: float, lo: float, hi: float, others: Sequence[Interval], gap: float
) -> float:
    """The start in ``[lo, hi]`` overlapping ``others`` the least (then nearest ``at``): a last resort."""
    candidates = {at, lo, hi}
    for o in others:
        candidates.update((o.end + gap, o.start - gap - length))
    inside = [c for c in candidates if lo - EPS <= c <= hi + EPS] or [lo]

    def cost(c: float) -> tuple[float, float, float]:
        overlap = sum(max(0.0, min(c + length, o.end) - max(c, o.start)) for o in others)
        return round(overlap, 6), abs(c - at), c

    return min(inside, key=cost)


def overlapping(intervals: Sequence[Interval]) -> set[int]:
    """Positions of the intervals that sound at the same time as another one."""
    order = sorted(range(len(intervals)), key=lambda i: intervals[i])
    hit: set[int] = set()
    last, last_end = None, float("-inf")
    for i in order:
        iv = intervals[i]
        if last is not None and iv.start < last_end - EPS:
            hit.update((i, last))
        if iv.end > last_end:
            last, last_end = i, iv.end
    return hit
