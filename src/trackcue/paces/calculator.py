"""One performance in, everything a runner wants out: VDOT, equivalent races, training paces."""

from __future__ import annotations

from dataclasses import dataclass, field

from trackcue.phrases import format_duration
from trackcue.paces import vdot as model
from trackcue.paces.names import RACE_METRES, check_performance

EQUIVALENT_NAMES = ("400m", "800m", "1500m", "mile", "3k", "5k", "10k", "half", "marathon")


@dataclass(frozen=True)
class Equivalent:
    """A race predicted from the input, by VDOT and by Riegel, and whether each is extrapolated."""

    name: str
    metres: float
    vdot_s: float
    riegel_s: float
    vdot_outside: bool  # shorter than Daniels' tables (1500 m)
    riegel_outside: bool  # effort outside 3.5 min - 4 h, or the input is


@dataclass(frozen=True)
class Calculation:
    """The calculator's answer for one performance."""

    distance_m: float
    time_s: float
    vdot: float
    equivalents: list[Equivalent]
    paces: dict[str, tuple[float, float]]  # E/M/T/I/R -> (fast, slow) seconds per metre
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The ``trackcue pace --json`` contract."""
        return {
            "vdot": round(self.vdot, 2),
            "input": {"distance_m": self.distance_m, "time_s": self.time_s},
            "equivalents": {
                e.name: {
                    "vdot_s": round(e.vdot_s, 1), "riegel_s": round(e.riegel_s, 1),
                    "vdot_extrapolated": e.vdot_outside, "riegel_extrapolated": e.riegel_outside,
                }
                for e in self.equivalents
            },
            "paces": {
                name: {"low_s_per_km": round(fast * 1000, 1), "high_s_per_km": round(slow * 1000, 1)}
                for name, (fast, slow) in self.paces.items()
            },
            "notes": list(self.notes),
        }


def _in_riegel_range(seconds: float) -> bool:
    low, high = model.RIEGEL_RANGE_S
    return low <= seconds <= high


def calculate(distance_m: float, time_s: float, label: str = "") -> Calculation:
    """VDOT, equivalent races and training paces for running ``distance_m`` in ``time_s``.

    Raises ``UnitError`` for an impossible performance (faster than the world record, or a walk),
    naming it as ``label`` ("400m", "mile") when given.
    """
    check_performance(distance_m, time_s, f"a {format_duration(time_s)} {label or f'{distance_m:g} m'}")
    v = model.vdot(distance_m, time_s)
    input_ok = _in_riegel_range(time_s)
    equivalents = []
    for name in EQUIVALENT_NAMES:
        metres = RACE_METRES[name]
        riegel = model.riegel_time(time_s, distance_m, metres)
        equivalents.append(Equivalent(
            name, metres, model.race_time(v, metres), riegel,
            vdot_outside=metres < model.VDOT_MIN_DISTANCE_M,
            riegel_outside=not (input_ok and _in_riegel_range(riegel)),
        ))
    notes = []
    if any(e.vdot_outside or e.riegel_outside for e in equivalents):
        notes.append("* outside the range where the formula is known to hold: VDOT (Daniels' tables) "
                     "covers 1500 m to the marathon, Riegel efforts of about 3.5 min to 4 h.")
    if distance_m < model.VDOT_MIN_DISTANCE_M:
        notes.append("Your race is shorter than 1500 m: its VDOT, and the paces from it, are extrapolated; "
                     "a 1500 m-10K result predicts better.")
    if not input_ok:
        notes.append(f"Your effort ({format_duration(time_s)}) is outside Riegel's 3.5 min-4 h: every Riegel time is extrapolated.")
    lo, hi = model.VDOT_TABLE_RANGE
    if not lo <= v <= hi:
        notes.append(f"VDOT {v:.1f} is outside Daniels' table ({lo:g}-{hi:g}): the training paces are extrapolated.")
    return Calculation(distance_m, time_s, v, equivalents, model.training_paces(v), notes)
