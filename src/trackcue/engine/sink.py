"""Where the player hands cues ahead of time: audio places each one at its exact clock time.

The player never fires a cue by polling; it queues it up to a horizon (about 2 s) early with the
clock time it must start at, and cancels what has not started when a control changes the plan.
A sink should drop a cue it cannot start close to its time rather than play it late.

A cue of the soundtrack's timeline carries its ``plan_index``; a cue without one is a call made
during the run, queued at the moment it was asked for, after every cue due within
``CALL_LOOKAHEAD_S``: the sink places it where it fits.
"""

from __future__ import annotations

from typing import Protocol

from trackcue.timeline import Cue

# Before a call made during the run (a lap's time, the say key) the player hands over every cue
# due within this many seconds, then the call: a sink that places calls in free time
# (soundtrack/airtime.py) sees everything the call could meet. A call must end within it.
CALL_LOOKAHEAD_S = 10.0


class CueSink(Protocol):
    """Receives cues with the clock time each must start at."""

    def queue(self, cue: Cue, at_clock_t: float) -> None:
        """Start ``cue`` at ``at_clock_t`` (seconds on the player's clock); must not block."""

    def cancel_from(self, clock_t: float) -> None:
        """Forget every queued cue due at or after ``clock_t``; one already sounding may finish."""


class NullSink:
    """Plays nothing (``--audio null``): the events still say when each cue was due."""

    def queue(self, cue: Cue, at_clock_t: float) -> None:
        pass

    def cancel_from(self, clock_t: float) -> None:
        pass
