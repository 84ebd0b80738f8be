"""Who has the output when: the sounds placed on it, and where a call made during the run fits.

The plan keeps the planned cues apart (``speech/planner.py``) and keeps room for the lap call at
the start of the step after a lap-ended one (its rule 5). A call made during the run — a lap's
time, the say key's "rep three of eight, one twelve left" — is placed here, among the sounds
already on the output, by ``place_call``; a planned cue that reaches the output after such a call
is placed by ``place_planned``. Both are pure functions of the sounds on air. ``Airtime`` keeps
that list for one output and applies their answers through the output's own ``play`` and
``cancel_from``. The live sink (``soundtrack/sink.py``) and the transcript
(``soundtrack/transcript.py``) both place through ``Airtime``, so a transcript is what a run plays.

The rules (seconds on the player's clock; a cue's sounds — an earcon, then its phrase — move
together as one block):

1. A call starts at the first moment from when it was asked for (``at``) where it fits ``gap_s``
   clear of every sound on air, at most ``WAIT_S`` after ``at`` and ending by ``until`` (the end of
   what the player has handed over, so nothing unseen can be there).
2. Else the planned cues that have not begun make way: the call takes the first such moment
   among the other sounds, and each planned cue in its way moves to the first free moment after
   it within ``SLACK_S`` of its own time. One of priority 3 ("ten seconds to go", "halfway") that
   cannot is not played; any other (an announcement, a split call) that cannot keeps its time,
   and the call does not go there. (A lap call is the runner's own result: said whole, it is
   worth a reminder moved or lost, or an announcement moved a moment.)
3. Else the same with its short form (a lap call: the time alone); else the call is not played,
   and the caller says so.
4. A planned cue that would sound where a call (or a cue moved for one) already sounds moves to
   the first free moment within ``SLACK_S`` after its time; where there is none, a cue of
   priority 2 or 3 is not played and a priority-1 cue plays as planned.

Tones and "go" (``exact``) never move; nothing that has begun, or begins within ``SETTLED_S`` (it
may already be in the device's buffer), moves either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from trackcue.speech.occupancy import EPS
from trackcue.speech.planner import GAP_S, SLACK_S

T = TypeVar("T")

WAIT_S = 3.0  # the latest a call starts after it was asked for: later, it is no longer news
SETTLED_S = 0.5  # a sound due this soon may already be in the device's buffer: it stays put
FORGET_S = 1.0  # sounds over this long ago are no longer kept


@dataclass(frozen=True)
class Sound(Generic[T]):
    """One clip of a cue: ``offset_s`` after the cue's start, ``length_s`` long; ``item`` is what plays."""

    offset_s: float
    length_s: float
    item: T


@dataclass(frozen=True)
class OnAir(Generic[T]):
    """One sound placed on the output, from ``start`` to ``end`` (clock seconds).

    ``owner`` numbers the placing of one cue: its sounds share it. ``off_plan``: a call, or a
    planned cue moved for one.
    """

    start: float
    end: float
    owner: int
    priority: int
    exact: bool
    off_plan: bool
    item: T


@dataclass(frozen=True)
class Block:
    """A cue's sounds as one block of time, as the rules see it."""

    owner: int
    start: float
    end: float
    priority: int
    exact: bool
    off_plan: bool


@dataclass(frozen=True)
class Slot:
    """Where a call goes: ``start`` (``None``: not played) in form ``form`` (0 full, 1 short), and
    the planned cues moved out of its way: (owner, new start, or ``None``: not played)."""

    start: float | None
    form: int = 0
    moves: tuple[tuple[int, float | None], ...] = ()


def blocks(on_air: Sequence[OnAir[T]]) -> list[Block]:
    """The sounds on air grouped by cue, earliest first."""
    by_owner: dict[int, Block] = {}
    for a in on_air:
        b = by_owner.get(a.owner)
        by_owner[a.owner] = Block(a.owner, a.start, a.end, a.priority, a.exact, a.off_plan) if b is None else \
            replace(b, start=min(b.start, a.start), end=max(b.end, a.end))
    return sorted(by_owner.values(), key=lambda b: (b.start, b.owner))


def is_clear(taken: Sequence[Block], start: float, length: float, gap: float) -> bool:
    """Whether ``[start, start + length]`` is ``gap`` clear of every block (exactly ``gap`` is clear)."""
    end = start + length
    return all(b.end <= start - gap + EPS or b.start >= end + gap - EPS for b in taken)


def first_free(taken: Sequence[Block], lo: float, hi: float, length: float, gap: float) -> float | None:
    """The earliest start in ``[lo, hi]`` where ``length`` seconds fit ``gap`` clear of ``taken``.

    Only ``lo`` and the moments just after a block are worth trying: the first fit is one of them.
    """
    if hi < lo - EPS:
        return None
    for start in sorted({lo, *(b.end + gap for b in taken if lo < b.end + gap <= hi + EPS)}):
        if is_clear(taken, start, length, gap):
            return min(start, hi)
    return None


def place_call(on_air: Sequence[Block], at: float, lengths: Sequence[float], *, earliest: float, until: float,
               settled_by: float, gap: float = GAP_S, wait_s: float = WAIT_S, slack_s: float = SLACK_S) -> Slot:
    """Where a call asked for at ``at`` plays (rules 1–3), its forms ``lengths`` seconds long.

    ``earliest``: it cannot start before (its clip was ready then); ``until``: it must end by;
    ``settled_by``: a cue starting before this cannot make way (rule 2).
    """
    lo, hi = max(at, earliest), at + wait_s
    for form, length in enumerate(lengths):
        start = first_free(on_air, lo, min(hi, until - length), length, gap)
        if start is not None:
            return Slot(start, form)
        slot = _making_way(on_air, form, length, lo, min(hi, until - length), until, settled_by, gap, slack_s)
        if slot is not None:
            return slot
    return Slot(None)


def _making_way(on_air: Sequence[Block], form: int, length: float, lo: float, hi: float, until: float,
                settled_by: float, gap: float, slack_s: float) -> Slot | None:
    """Rule 2: the call at the first moment it fits if the planned cues that may make way do; None if they cannot."""
    may_move = [b for b in on_air if not b.exact and not b.off_plan and b.start >= settled_by - EPS]
    if not may_move:
        return None
    rest = [b for b in on_air if b not in may_move]
    start = first_free(rest, lo, hi, length, gap)
    if start is None:
        return None
    taken = [*rest, Block(-1, start, start + length, 1, False, True)]
    moves: list[tuple[int, float | None]] = []
    for b in may_move:  # earliest first
        size = b.end - b.start
        if is_clear(taken, b.start, size, gap):
            taken.append(b)
            continue
        new = first_free(taken, b.start, min(b.start + slack_s, until - size), size, gap)
        if new is None and b.priority < 3:
            return None  # an announcement or a split call moves for a call, but is never lost to one
        moves.append((b.owner, new))
        if new is not None:
            taken.append(replace(b, start=new, end=new + size, off_plan=True))
    return Slot(start, form, tuple(moves))


def place_planned(on_air: Sequence[Block], at: float, length: float, priority: int, exact: bool, *,
                  gap: float = GAP_S, slack_s: float = SLACK_S) -> float | None:
    """Where a planned cue due at ``at`` plays (rule 4): ``at`` unless a call is in its way; ``None``: not played."""
    if exact or is_clear([b for b in on_air if b.off_plan], at, length, gap):
        return at
    start = first_free(on_air, at, at + slack_s, length, gap)
    if start is not None:
        return start
    return at if priority <= 1 else None


class Airtime(Generic[T]):
    """The sounds on one output by clock time, kept as the output has them.

    ``play(t, item)`` and ``cancel_from(t)`` are the output's own (``AudioOutput.play_at`` and
    ``cancel_from`` for the live sink). Every play and cancel goes through here. Not thread-safe:
    the live sink calls it under its lock.
    """

    def __init__(self, play: Callable[[float, T], None], cancel_from: Callable[[float], None],
                 gap_s: float = GAP_S) -> None:
        self._play = play
        self._cancel = cancel_from
        self._gap = gap_s
        self._on: list[OnAir[T]] = []
        self._placed = 0  # cues placed so far: each placing is its sounds' owner

    def planned(self, at: float, sounds: Sequence[Sound[T]], priority: int, exact: bool, now: float) -> float | None:
        """Place a planned cue's ``sounds`` from clock time ``at`` (rule 4).

        Returns how far it was moved (0.0: played as planned), or ``None``: not played.
        """
        if not sounds:
            return None
        self._forget(now)
        at, sounds = _from_first(at, sounds)
        start = place_planned(blocks(self._on), at, _span(sounds), priority, exact, gap=self._gap)
        if start is None:
            return None
        self._put(start, sounds, priority, exact, off_plan=abs(start - at) > EPS)
        return start - at

    def call(self, at: float, forms: Sequence[Sequence[Sound[T]]], now: float, until: float,
             earliest: float | None = None, priority: int = 1) -> Slot:
        """Place a call asked for at clock time ``at`` (rules 1–3) in the first of ``forms`` that fits.

        ``until``: the end of what the player has handed over; ``earliest``: its clip is ready
        then (default ``at``). The slot says where it went, in which form, and what moved.
        """
        self._forget(now)
        forms = [_from_first(0.0, f)[1] for f in forms if f]
        slot = place_call(blocks(self._on), at, [_span(f) for f in forms],
                          earliest=at if earliest is None else earliest, until=until,
                          settled_by=now + SETTLED_S, gap=self._gap)
        if slot.start is None:
            return slot
        if slot.moves:
            self._move(dict(slot.moves))
        self._put(slot.start, forms[slot.form], priority, exact=False, off_plan=True)
        return slot

    def cancel_from(self, t: float) -> None:
        """Forget every sound starting at or after ``t`` (those begun play on), here and on the output."""
        self._on = [a for a in self._on if a.start < t]
        self._cancel(t)

    def _put(self, start: float, sounds: Sequence[Sound[T]], priority: int, exact: bool, off_plan: bool) -> None:
        self._placed += 1
        owner = self._placed
        for s in sounds:
            t = start + s.offset_s
            self._on.append(OnAir(t, t + s.length_s, owner, priority, exact, off_plan, s.item))
            self._play(t, s.item)

    def _move(self, moves: dict[int, float | None]) -> None:
        """Move (or take off) the planned cues ``moves`` names: the output can only cancel from a
        moment on, so everything from the first of them is cancelled and placed again."""
        firsts = {a.owner: a.start for a in sorted(self._on, key=lambda a: a.start, reverse=True)}
        since = min(firsts[o] for o in moves)
        later = sorted((a for a in self._on if a.start >= since), key=lambda a: (a.start, a.owner))
        self.cancel_from(since)
        for a in later:
            if a.owner in moves:
                new = moves[a.owner]
                if new is None:
                    continue
                shift = new - firsts[a.owner]
                a = replace(a, start=a.start + shift, end=a.end + shift, off_plan=True)
            self._on.append(a)
            self._play(a.start, a.item)

    def _forget(self, now: float) -> None:
        self._on = [a for a in self._on if a.end >= now - FORGET_S]


def _span(sounds: Sequence[Sound[T]]) -> float:
    return max(s.offset_s + s.length_s for s in sounds)


def _from_first(at: float, sounds: Sequence[Sound[T]]) -> tuple[float, list[Sound[T]]]:
    """The cue's start moved to its first sound (an earcon that cannot play leaves its phrase first)."""
    first = min(s.offset_s for s in sounds)
    return at + first, [replace(s, offset_s=s.offset_s - first) for s in sounds]
