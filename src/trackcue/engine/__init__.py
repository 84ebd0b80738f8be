"""The engine: plays a Timeline on an injected clock and hands cues to a sink ahead of time.

Public API: ``Player``, the clocks (``RealClock``, ``FakeClock``, ``ScaledClock``, ``wait_seconds``),
sinks (``CueSink``, ``NullSink``), ``Lap``/``Stall`` and the event schema.
"""

from trackcue.engine.clock import Clock, FakeClock, RealClock, ScaledClock, wait_seconds
from trackcue.engine.events import EVENT_KINDS, FIELDS, make_event, to_line
from trackcue.engine.laps import Lap, Stall
from trackcue.engine.player import (
    FINISHED, GET_READY, IDLE, PAUSED, PLAYER_STATES, RUNNING, WAITING, Player, PlayerState,
)
from trackcue.engine.sink import CueSink, NullSink

__all__ = [
    "Clock", "FakeClock", "RealClock", "ScaledClock", "wait_seconds",
    "EVENT_KINDS", "FIELDS", "make_event", "to_line",
    "Lap", "Stall",
    "Player", "PlayerState", "PLAYER_STATES", "IDLE", "GET_READY", "RUNNING", "PAUSED", "WAITING", "FINISHED",
    "CueSink", "NullSink",
]
