"""The event schema: what the player emits, what docs/events.md documents, and nothing else."""

import json
import re
import time
from pathlib import Path

import pytest

from trackcue.engine.events import COMMON, EVENT_KINDS, FIELDS, make_event, to_line
from engine_rig import rig

DOC = Path(__file__).resolve().parents[1] / "docs" / "events.md"
STEPS = [("warmup", 30), {"kind": "run", "duration_s": 38, "ends": "lap", "target_s": 38, "rep": 1, "reps": 2},
         ("jog", 30), ("cooldown", 30)]


def a_session_with_every_event():
    r = rig(STEPS, get_ready_s=5)
    p = r.player
    p.start()
    r.run_to(10)
    p.pause()
    r.advance(3)
    p.resume()
    r.run_to(20)
    p.adjust(+10)
    r.run_to(48 + 37.6)
    p.lap()
    r.run_to(100)
    r.clock.advance(3)  # a stall
    p.back()
    p.skip()
    r.advance(40)
    return r


def test_every_event_has_exactly_the_documented_fields_and_is_json():
    r = a_session_with_every_event()
    names = set(r.log.names())
    assert names == set(EVENT_KINDS) - {"abort", "interrupt"}
    for event in r.log:
        assert list(event) == list(COMMON) + list(FIELDS[event["event"]])
        assert json.loads(to_line(event)) == event
        assert isinstance(event["at_s"], float) and isinstance(event["t_s"], float)
        assert abs(event["wall"] - time.time()) < 60


def test_abort_has_its_fields():
    r = rig(STEPS)
    r.player.start()
    r.player.abort()
    assert list(r.log[-1]) == list(COMMON) + ["laps", "elapsed_s"]


def test_interrupt_keeps_the_session_open_with_where_it_stopped():
    r = rig(STEPS, get_ready_s=5)
    r.player.start()
    r.run_to(5 + 12.5)
    assert r.player.interrupt("SIGHUP")
    event = r.log[-1]
    assert list(event) == list(COMMON) + ["segment", "laps", "elapsed_s", "reason"]
    assert (event["event"], event["segment"], event["elapsed_s"], event["reason"]) == ("interrupt", 0, 12.5, "SIGHUP")
    assert r.player.state == "finished" and r.player.interrupted and not r.player.aborted
    assert not r.player.interrupt("SIGTERM") and not r.player.abort()  # over: nothing more is recorded


def test_make_event_refuses_other_shapes():
    with pytest.raises(ValueError):
        make_event("pause", 0, 0, 0)
    with pytest.raises(ValueError):
        make_event("tea", 0, 0, 0)
    with pytest.raises(ValueError):
        make_event("stall", 0, 0, 0, gap_s=1, segment=0, extra=1)
    event = make_event("stall", 1.23456, 1.2, 5, gap_s=2.00049, segment=0)
    assert event == {"event": "stall", "at_s": 1.235, "t_s": 1.2, "wall": 5.0, "gap_s": 2.0, "segment": 0}


def test_docs_events_md_documents_every_event_and_field():
    sections = re.split(r"^### `(\w+)`", DOC.read_text(encoding="utf-8"), flags=re.M)
    documented = dict(zip(sections[1::2], sections[2::2]))
    assert set(documented) == set(EVENT_KINDS)
    for name, fields in FIELDS.items():
        missing = [f for f in fields if f"`{f}`" not in documented[name]]
        assert not missing, f"{name}: {missing} not in docs/events.md"
