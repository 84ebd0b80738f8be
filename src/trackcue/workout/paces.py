"""Named paces for one compile, in the documented order of precedence:

``--set`` beats the profile; the profile (what it says, then what the calculator derives from
it) beats the workout file's own defaults; what the defaults imply comes last.
"""

from __future__ import annotations

from trackcue.errors import Problem
from trackcue.paces import NamedPace, PACE_NAMES, derive_paces, named_pace_from_value, normalize_pace_name
from trackcue.paces.names import RACE_METRES
from trackcue.phrases import format_clock, format_pace
from trackcue.units import UnitError, is_number
from trackcue.workout.model import ParamDef, WorkoutDef
from trackcue.workout.parse import check_param_value


class PaceBook:
    """Looks up a named pace (``mile``, ``400m``, ``5k``, ``T``…) with the source that produced it."""

    def __init__(self, wdef: WorkoutDef, overrides: dict[str, str], profile: dict[str, NamedPace]) -> None:
        self._set: dict[str, NamedPace] = {}
        self.problems: list[Problem] = []  # --set paces that cannot be (a 3:30 mile, 'mile=6')
        self.used: set[str] = set()  # the paces steps named: a --set that moves none of them changes nothing
        for name, value in overrides.items():
            key = normalize_pace_name(name)
            if key is None or (name in wdef.params and wdef.params[name].kind not in ("race", "pace")):
                continue
            declared = name in wdef.params  # its value is checked as the parameter's (once)
            try:
                if is_number(value.strip()) and not declared:  # mile=6: six minutes or six seconds?
                    raise UnitError(f"'{value}' has no unit",
                                    f"{value.strip()} what? write {name}={value.strip()}:00 for minutes or "
                                    f"{name}={value.strip()}s for seconds")
                self._set[key] = named_pace_from_value(key, value, f"--set {name}={value}")
            except UnitError as err:
                if not (declared and is_number(value.strip())):
                    self.problems.append(Problem(f"--set {name}={value}: {err.message}", hint=err.hint))
        self._profile = dict(profile)
        athlete = {**self._profile, **self._set}
        self._athlete = derive_paces(athlete) if athlete else {}
        self._params = wdef.params
        self._derived: dict[str, NamedPace] | None = None  # from the workout's own defaults, when needed

    @property
    def _defaults(self) -> dict[str, NamedPace]:
        """The paces the workout's defaults imply (derived on first need: the VDOT fit is not free)."""
        if self._derived is None:
            defaults: dict[str, NamedPace] = {}
            for name, pdef in self._params.items():
                key = normalize_pace_name(name)
                if key and pdef.kind in ("race", "pace"):
                    try:
                        defaults[key] = _from_param(key, pdef)
                    except UnitError:
                        continue
            self._derived = derive_paces(defaults) if defaults else {}
        return self._derived

    @staticmethod
    def names() -> set[str]:
        """Every pace name ``--set`` accepts even when the workout does not declare it."""
        return set(PACE_NAMES)

    def lookup(self, name: str) -> tuple[float, str] | None:
        """Seconds per metre and where it came from, or ``None`` for an unknown name."""
        key = normalize_pace_name(name)
        if key is None:
            return None
        self.used.add(key)
        for layer in (self._set, self._athlete, self._defaults):
            if key in layer:
                p = layer[key]
                return p.sec_per_m, f"{key} = {_show(key, p)} ({p.source})"
        return None

    def uses(self, params: dict[str, ParamDef]) -> list[str]:
        """The pace names this workout's steps and race/pace parameters read, in ``PACE_NAMES`` order."""
        keys = self.used | {k for n, p in params.items() if p.kind in ("race", "pace") and (k := normalize_pace_name(n))}
        return [n for n in PACE_NAMES if n in keys]

    def changes(self, name: str, params: dict[str, ParamDef]) -> bool:
        """Whether ``--set name=…`` moves any pace the workout uses (directly or by derivation).

        Compared by value, with and without that one ``--set``: a pace the profile already gives
        is not moved by a ``--set`` it could be derived from.
        """
        key = normalize_pace_name(name)
        if key is None or key not in self._set:
            return True
        others = {k: v for k, v in self._set.items() if k != key}
        athlete = {**self._profile, **others}
        without = derive_paces(athlete) if athlete else {}
        for used in self.uses(params):
            now = next((layer[used].sec_per_m for layer in (self._set, self._athlete, self._defaults) if used in layer), None)
            before = next((layer[used].sec_per_m for layer in (others, without, self._defaults) if used in layer), None)
            if now != before:
                return True
        return False

    def param_overrides(self, params: dict[str, ParamDef]) -> dict[str, tuple[str, str]]:
        """Values for declared race/pace parameters that the profile (or what it implies) sets."""
        out: dict[str, tuple[str, str]] = {}
        for name, pdef in params.items():
            key = normalize_pace_name(name)
            if not key or pdef.kind not in ("race", "pace") or key in self._set:
                continue
            pace = self._athlete.get(key)
            if pace is None:
                continue
            if pdef.kind == "race":
                out[name] = (format_clock(pace.sec_per_m * RACE_METRES[key], tenths=True), pace.source)
            else:
                out[name] = (format_pace(pace.sec_per_m, "km"), pace.source)
        return out


def _from_param(key: str, pdef: ParamDef) -> NamedPace:
    raw = pdef.default.raw
    if pdef.kind == "race":
        seconds = check_param_value("time", raw)
        return named_pace_from_value(key, format_clock(seconds, tenths=True), "workout default")
    return named_pace_from_value(key, str(raw), "workout default")


def _show(key: str, pace: NamedPace) -> str:
    if key in RACE_METRES:
        return format_clock(pace.sec_per_m * RACE_METRES[key], tenths=abs((pace.sec_per_m * RACE_METRES[key]) % 1) > 0.05)
    return format_pace(pace.sec_per_m, "mi")

