"""Fill in every named pace a runner did not give from the ones they did.

The rule: each missing name is derived from the known pace closest to it in distance
(by ratio, so 400 m is as close to 200 m as to 800 m; a tie goes to the longer one, the
steadier predictor). A training pace stands at the race it is run near: E and M at the
marathon, T at 15 km, I at 3 km, R at the mile. The conversion goes through VDOT, except
between two races both shorter than 1500 m, where Riegel's power law is used: VDOT's curve is
fitted to 1500 m and up and makes sprints too slow (it turns an 80 s 400 m into a 39.1 s
200 m; Riegel gives 38.4 s).
"""

from __future__ import annotations

import math

from trackcue.phrases import format_clock, format_pace
from trackcue.paces import vdot as model
from trackcue.paces.names import (
    PACE_NAMES, RACE_METRES, NamedPace, format_race_time, reference_metres,
)
from trackcue.paces.vdot import TRAINING_NAMES


def describe(name: str, pace: NamedPace) -> str:
    """A known pace as a runner reads it: ``400m 1:20``, ``T 4:15/km``, ``E 4:56-5:34/km``."""
    if name in RACE_METRES:
        seconds = pace.sec_per_m * RACE_METRES[name]
        return f"{name} {format_race_time(seconds)}"
    low, high = pace.low_sec_per_m, pace.high_sec_per_m
    if low is not None and high is not None and abs(high - low) > 1e-6:
        return f"{name} {format_clock(low * 1000)}-{format_pace(high, 'km')}"
    return f"{name} {format_pace(pace.sec_per_m, 'km')}"


def vdot_of(name: str, pace: NamedPace) -> float:
    """The VDOT a known pace implies."""
    if name in RACE_METRES:
        metres = RACE_METRES[name]
        return model.vdot(metres, pace.sec_per_m * metres)
    return model.vdot_from_training_pace(name, pace.sec_per_m)


def _closest(target: str, known: dict[str, NamedPace]) -> str:
    """The known name nearest ``target`` in distance ratio; ties go to the longer distance."""
    goal = reference_metres(target)
    return min(
        known,
        # then a race over a training pace, and E (the loosest) last
        key=lambda n: (round(abs(math.log(reference_metres(n) / goal)), 9), -reference_metres(n), n in TRAINING_NAMES, n == "E"),
    )


def _derive_one(target: str, source: str, pace: NamedPace) -> NamedPace:
    what = describe(source, pace)
    if target in RACE_METRES and source in RACE_METRES and max(RACE_METRES[target], RACE_METRES[source]) < model.VDOT_MIN_DISTANCE_M:
        seconds = model.riegel_time(pace.sec_per_m * RACE_METRES[source], RACE_METRES[source], RACE_METRES[target])
        return NamedPace(seconds / RACE_METRES[target], f"derived from {what} (Riegel)")
    v = vdot_of(source, pace)
    text = f"derived from {what} (VDOT {v:.1f})"
    if target in RACE_METRES:
        metres = RACE_METRES[target]
        return NamedPace(model.race_time(v, metres) / metres, text)
    fast, slow = model.training_pace(target, v)
    return NamedPace((fast + slow) / 2, text, fast, slow)


def derive_paces(known: dict[str, NamedPace]) -> dict[str, NamedPace]:
    """``known`` plus every missing name in ``PACE_NAMES``, derived by the rule in this module's doc.

    Keys of ``known`` must be canonical names (see ``normalize_pace_name``); anything else is
    kept as given but never used to derive from. Empty in, empty out.
    """
    usable = {name: pace for name, pace in known.items() if name in PACE_NAMES}
    out = dict(known)
    if not usable:
        return out
    for target in PACE_NAMES:
        if target not in out:
            source = _closest(target, usable)
            out[target] = _derive_one(target, source, usable[source])
    return out
