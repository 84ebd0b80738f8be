"""The engine's seams are typed: no capability is probed by name, the rigs stay out of the wheel,
and the player's states are the one vocabulary ``PLAYER_STATES``."""

from __future__ import annotations

import ast
from pathlib import Path

from engine_rig import make_timeline, rig

from trackcue.engine.player import PLAYER_STATES

SRC = Path(__file__).resolve().parents[1] / "src" / "trackcue"
OWNED = ("engine", "history", "session", "plan")


def _probes(path: Path) -> list[str]:
    """``getattr``/``hasattr`` calls naming an attribute by a string: a capability asked at run time."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr") and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)):  # getattr(self, name) over __slots__ is no probe
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_capability_is_probed_by_name():
    # A clock says its speed, a sink's calls are typed, a sqlite error's name is read by version:
    # nothing asks an object what it has.
    probes = [p for pkg in OWNED for path in sorted((SRC / pkg).rglob("*.py")) for p in _probes(path)]
    assert probes == []


def test_no_capability_is_probed_by_name_anywhere_in_trackcue():
    # The same for every package (a YAML error's mark is read from MarkedYAMLError, a backend's
    # capabilities from its protocol).
    probes = [p for path in sorted(SRC.rglob("*.py")) for p in _probes(path)]
    assert probes == []


def test_test_rigs_are_not_in_the_wheel():
    shipped = sorted(str(p.relative_to(SRC)) for pkg in OWNED for p in (SRC / pkg).rglob("testing.py"))
    assert shipped == []


def test_the_player_goes_through_exactly_its_states():
    r = rig(make_timeline([("run", 20.0), {"kind": "jog", "duration_s": 30.0, "ends": "lap"}], lead_in_s=5.0))
    seen = [r.player.state]
    r.player.start()
    seen.append(r.player.state)
    r.advance(10.0)
    seen.append(r.player.state)
    r.player.pause()
    seen.append(r.player.state)
    r.player.resume()
    r.advance(20.0)
    seen.append(r.player.state)
    r.player.lap()
    r.advance(0.1)
    seen.append(r.player.state)
    assert seen == ["idle", "get_ready", "running", "paused", "waiting_for_lap", "finished"]
    assert set(seen) == set(PLAYER_STATES)


def test_history_reads_only_the_engines_records():
    # History records what the engine says: its Event and its lap record, never the player,
    # its clock or a sink (the history -> engine import stays the narrow one it is meant to be).
    used = set()
    for path in (SRC / "history").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("trackcue.engine"):
                used.add(node.module)
            elif isinstance(node, ast.Import):
                used |= {a.name for a in node.names if a.name.startswith("trackcue.engine")}
    assert used == {"trackcue.engine.events", "trackcue.engine.laps"}
