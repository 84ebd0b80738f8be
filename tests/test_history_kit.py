"""Real engine event streams for the history tests: the Player on a fake clock, laps pressed on time.

Other test files import it after ``sys.path.insert(0, <tests dir>)`` (pytest runs with importlib
mode). ``run_events`` plays warm-up, N × 400 m ended by the lap key (target 80 s), 60 s jog
between, and returns every event the engine emitted.
"""

from __future__ import annotations

import sqlite3

from trackcue.engine.clock import FakeClock
from trackcue.engine.player import Player
from trackcue.timeline import Segment, Timeline

WARMUP_S, TARGET_S, JOG_S, GET_READY_S = 120.0, 80.0, 60.0, 5.0
WALL0 = 1_700_000_000.0


def track_timeline(reps: int, name: str = "400s", source: str | None = None) -> Timeline:
    """Warm-up 2 min, then ``reps`` × (400 m run to the lap key at 80 s, 60 s jog)."""
    segments = [Segment(index=0, kind="warmup", intensity="warmup", label="warm-up", start_s=0.0,
                        duration_s=WARMUP_S)]
    t = WARMUP_S
    for rep in range(1, reps + 1):
        segments.append(Segment(index=len(segments), kind="run", intensity="work", label="400m",
                                start_s=t, duration_s=TARGET_S, ends="lap", distance_m=400.0,
                                target_s=TARGET_S, rep=rep, reps=reps))
        t += TARGET_S
        segments.append(Segment(index=len(segments), kind="jog", intensity="recovery", label="jog",
                                start_s=t, duration_s=JOG_S, rep=rep, reps=reps))
        t += JOG_S
    return Timeline(name=name, segments=segments, cues=[], lead_in_s=GET_READY_S,
                    params={"pace": "80s"}, source=source)


def play(timeline: Timeline, splits: list[float], end: str | None = "finish",
         wall0: float = WALL0, resume: tuple[int, list] | None = None) -> list[dict]:
    """Events of the timeline with one lap per rep at ``splits``; ``end``: finish|abort|None (killed)."""
    clock = FakeClock()
    events: list[dict] = []
    # the fake clock jumps from deadline to deadline: not a stall
    player = Player(timeline, clock, on_event=events.append, wall=lambda: wall0 + clock.now(), stall_s=1e9)
    if resume:
        player.resume_from(resume[0], resume[1])
    else:
        player.start()
    for split in splits:
        while player.state != "waiting_for_lap":  # through get-ready, warm-up and the jog
            clock.set(player.next_deadline())
            player.update()
        clock.advance(split)
        player.update()
        player.lap()
    if end == "finish":
        while player.state != "finished":
            clock.set(player.next_deadline())
            player.update()
    elif end == "abort":
        clock.advance(10.0)
        player.abort()
    return events


def run_events(splits: list[float], reps: int | None = None, end: str | None = "finish",
               wall0: float = WALL0, source: str | None = None) -> list[dict]:
    """A fresh run of ``reps`` (default: as many as splits) with the given lap splits."""
    return play(track_timeline(reps or len(splits), source=source), splits, end, wall0)


def write_newer_db(path, version: int = 9) -> bytes:
    """A database as a newer trackcue would leave it; returns its bytes to check it stays untouched."""
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE sessions (id)")
    raw.execute(f"PRAGMA user_version = {version}")
    raw.commit()
    raw.close()
    return path.read_bytes()


def table_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_run_events_has_one_lap_per_rep_at_the_given_splits():
    events = run_events([81.0, 79.0])
    kinds = [e["event"] for e in events if e["event"] != "cue"]
    assert kinds == ["start", "segment", "segment", "lap", "segment", "segment", "lap", "segment", "finish"]
    assert [e["split_s"] for e in events if e["event"] == "lap"] == [81.0, 79.0]
    assert events[-1]["t_s"] == WARMUP_S + 81 + 79 + 2 * JOG_S
