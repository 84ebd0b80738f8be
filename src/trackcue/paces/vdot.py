"""Daniels & Gilbert's VDOT model and Riegel's power law: race times and training paces.

Speeds inside this module are metres per minute and times are minutes, as in Daniels'
equations; the public functions take and return seconds and metres.
"""

from __future__ import annotations

import math

# Riegel's exponent, and the effort durations (seconds) over which it was fitted.
RIEGEL_EXPONENT = 1.06
RIEGEL_RANGE_S = (210.0, 4 * 3600.0)
# Daniels' published tables run from 1500 m to the marathon and from VDOT 30 to 85.
VDOT_MIN_DISTANCE_M = 1500.0
VDOT_TABLE_RANGE = (30.0, 85.0)

TRAINING_NAMES = ("E", "M", "T", "I", "R")


def oxygen_cost(v: float) -> float:
    """VO2 (ml/kg/min) of running at ``v`` metres per minute."""
    return -4.60 + 0.182258 * v + 0.000104 * v * v


def fraction_of_max(t: float) -> float:
    """Fraction of VO2max a runner can hold for a race lasting ``t`` minutes."""
    return 0.8 + 0.1894393 * math.exp(-0.012778 * t) + 0.2989558 * math.exp(-0.1932605 * t)


def speed_for_cost(vo2: float) -> float:
    """The speed (metres per minute) whose oxygen cost is ``vo2``: the root of the cost quadratic."""
    a, b, c = 0.000104, 0.182258, -4.60 - vo2
    return (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)


def vdot(distance_m: float, time_s: float) -> float:
    """The VDOT of running ``distance_m`` in ``time_s``."""
    t = time_s / 60.0
    return oxygen_cost(distance_m / t) / fraction_of_max(t)


def race_time(vdot_value: float, distance_m: float) -> float:
    """Seconds a runner of ``vdot_value`` is predicted to need for ``distance_m``.

    VDOT falls as the time grows, so bisection on the time is safe; 80 halvings of a
    1 s to 3 day bracket leave far less than a millisecond.
    """
    lo, hi = 1.0, 3 * 86400.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if vdot(distance_m, mid) > vdot_value:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def riegel_time(time_s: float, distance_m: float, target_m: float) -> float:
    """Riegel's prediction: T2 = T1 * (D2 / D1) ** 1.06."""
    return time_s * float((target_m / distance_m) ** RIEGEL_EXPONENT)  # float ** float is typed Any


# Fractions of VDOT for each training pace, fitted to Daniels' published training table
# (VDOT 30-85): every fitted pace lies within about 1 % of the table. T and I are flat;
# E's fast end, M and R drift with fitness, as the table does.
def _fractions(name: str, v: float) -> tuple[float, float]:
    """(fast, slow) fractions of VDOT for training pace ``name`` at VDOT ``v``."""
    if name == "E":
        return 0.7168 + 0.000275 * v, 0.630
    if name == "M":
        m = 0.5932 + 0.05609 * math.log(v)
        return m, m
    if name == "T":
        return 0.88, 0.88
    if name == "I":
        return 0.975, 0.975
    if name == "R":
        r = 1.0989 - 0.000815 * v
        return r, r
    raise ValueError(f"unknown training pace {name!r}")


def training_pace(name: str, vdot_value: float) -> tuple[float, float]:
    """(fast, slow) seconds per metre of training pace ``name`` (E, M, T, I or R) at a VDOT."""
    fast, slow = _fractions(name, vdot_value)
    return (60.0 / speed_for_cost(fast * vdot_value), 60.0 / speed_for_cost(slow * vdot_value))


def training_paces(vdot_value: float) -> dict[str, tuple[float, float]]:
    """Every training pace at a VDOT: name -> (fast, slow) seconds per metre."""
    return {name: training_pace(name, vdot_value) for name in TRAINING_NAMES}


def vdot_from_training_pace(name: str, sec_per_m: float) -> float:
    """The VDOT whose training pace ``name`` (its middle, for E) is ``sec_per_m``."""
    lo, hi = 1.0, 150.0
    for _ in range(60):  # a faster pace means a higher VDOT
        mid = (lo + hi) / 2
        fast, slow = training_pace(name, mid)
        if (fast + slow) / 2 > sec_per_m:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
