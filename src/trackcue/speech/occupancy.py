"""Where a sound of a given length can start among sounds already placed: interval look-ups.

``Occupancy`` indexes intervals by time bucket, so asking what lies near a moment costs
O(1 + k) for the k intervals stored in the buckets it touches, whatever the workout's length.
``best_start`` tries only the starts where what is in the way changes, so a search costs one
look-up per sound near its window. Times are seconds on the workout clock.
"""


import math
from typing import Iterable, NamedTuple, Sequence

EPS = 1e-9
BUCKET_S = 4.0  # about one phrase: a look-up touches one to three buckets


class Interval(NamedTuple):
    start: float
    end: float


class Occupancy:
    """Intervals by key, found by time: ``add``, ``remove``, and ``near`` a stretch of time.

    Each interval is filed in every ``bucket_s`` bucket it touches, so a long one (a forced cue
    that overlaps others) is still found from any of them.
    """

    def __init__(self, bucket_s: float = BUCKET_S) -> None:
        self._width = bucket_s
        self._buckets: dict[int, list[tuple[int, Interval]]] = {}
        self._by_key: dict[int, Interval] = {}

    def __len__(self) -> int:
        return len(self._by_key)

    def _span(self, start: float, end: float) -> range:
        return range(math.floor(start / self._width), math.floor(end / self._width) + 1)

    def add(self, key: int, interval: Interval) -> None:
        """File ``interval`` under ``key`` (one interval per key)."""
        self.remove(key)
        self._by_key[key] = interval
        for b in self._span(interval.start, interval.end):
            self._buckets.setdefault(b, []).append((key, interval))

    def remove(self, key: int) -> None:
        """Forget the interval filed under ``key``, if any."""
        interval = self._by_key.pop(key, None)
        if interval is None:
            return
        for b in self._span(interval.start, interval.end):
            bucket = self._buckets[b]
            bucket[:] = [e for e in bucket if e[0] != key]

    def near(self, start: float, end: float, gap: float) -> list[Interval]:
        """The intervals closer than ``gap`` to ``[start, end]`` (touching at exactly ``gap`` is clear)."""
        found: dict[int, Interval] = {}
        for b in self._span(start - gap, end + gap):
            for key, iv in self._buckets.get(b, ()):
                if iv.start < end + gap - EPS and iv.end > start - gap + EPS:
                    found[key] = iv
        return list(found.values())


def best_start(at: float, lo: float, hi: float, length: float, gap: float, hard: Occupancy,
               soft: Occupancy) -> float | None:
    """The start in ``[lo, hi]`` clear of ``hard`` that clashes with the fewest ``soft`` intervals.

    Ties go to the start nearest ``at``, earlier before later. ``None`` when every start in the
    window is within ``gap`` of a ``hard`` interval. The count only changes where an interval
    begins or stops being in the way, so those points, the window's ends and ``at`` are the only
    starts worth trying.
    """
    if hi < lo - EPS:
        return None
    at = min(max(at, lo), hi)

    def clear(start: float) -> bool:
        return not hard.near(start, start + length, gap)

    if clear(at) and not soft.near(at, at + length, gap):
        return at
    candidates = {lo, hi, at}
    for iv in (*hard.near(lo, hi + length, gap), *soft.near(lo, hi + length, gap)):
        candidates.update((iv.end + gap, iv.start - gap - length))
    best: tuple[int, bool, float] | None = None
    best_start_s = None
    for start in candidates:
        if not lo - EPS <= start <= hi + EPS or not clear(start):
            continue
        key = (len(soft.near(start, start + length, gap)), start > at + EPS, abs(start - at))
        if best is None or key < best:
            best, best_start_s = key, min(max(start, lo), hi)
    return best_start_s


def least_overlap_start(at: float, length: float, lo: float, hi: float, others: Iterable[Interval], gap: float) -> float:
    """The start in ``[lo, hi]`` overlapping ``others`` the least (then nearest ``at``): a last resort."""
    others = list(others)
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
    last, last_end = -1, float("-inf")
    for i in order:
        iv = intervals[i]
        if last >= 0 and iv.start < last_end - EPS:
            hit.update((i, last))
        if iv.end > last_end:
            last, last_end = i, iv.end
    return hit
