"""No drift, ever: a 60-minute workout updated at irregular rates ends exactly on plan."""

import random

import pytest

from trackcue.engine import FakeClock, ScaledClock
from engine_rig import RecordingSink
from trackcue.engine.player import FINISHED, Player
from engine_rig import EventLog, make_timeline

HOUR = [("run", 60) if i % 2 == 0 else ("jog", 60) for i in range(60)]


def play_hour(pauses: bool):
    rng = random.Random(7)
    base = FakeClock(1000.0)
    clock = ScaledClock(base, 60)  # an hour in a minute of (fake) real time
    sink, log = RecordingSink(), EventLog()
    player = Player(make_timeline(HOUR), clock, sink, get_ready_s=10, on_event=log)
    player.start()
    origin = clock.now() + 10
    paused = 0.0
    while player.state != FINISHED:
        base.advance(rng.uniform(0.0005, 0.015))  # 0.03 to 0.9 workout seconds between updates
        player.update()
        if pauses and rng.random() < 0.002 and player.pause():
            gap = rng.uniform(0.01, 0.5)
            base.advance(gap)
            paused += gap * 60
            player.resume()
    return player, log, sink, origin, paused, clock


@pytest.mark.parametrize("pauses", [False, True])
def test_an_hour_ends_within_a_millisecond_of_plan(pauses):
    player, log, sink, origin, paused, clock = play_hour(pauses)
    planned = [s.start_s for s in player.timeline.segments]
    assert [e["t_s"] for e in log.of("segment")] == planned
    finish = log[-1]
    assert finish["event"] == "finish" and abs(finish["t_s"] - 3600) <= 0.001
    # On the device clock every cue was queued at its exact time, pauses included.
    played = {c.at_s: t for c, t in sink.queued}
    shift = {e["at_s"]: e for e in log.of("cue")}
    assert len(played) == len(shift) == len(player.timeline.cues)
    if not pauses:
        assert all(abs(t - (origin + at)) < 1e-6 for at, t in played.items())
    else:
        last = max(played)  # the last step's announcement, after every pause
        assert abs(played[last] - (origin + last + paused)) < 1e-6
        assert len(log.of("pause")) >= 3
