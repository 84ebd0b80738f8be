"""The runner's paces as imports and exports need them: every named pace and the units."""

from __future__ import annotations

from dataclasses import dataclass

from trackcue.paces.derive import derive_paces
from trackcue.paces.names import NamedPace, normalize_pace_name
from trackcue.paces.profile import load_profile, profile_paces


@dataclass(frozen=True)
class RunnerPaces:
    """``paces``: the profile's paces and every one derived from them (empty for an empty profile);
    ``units``: ``metric`` or ``imperial``."""

    paces: dict[str, NamedPace]
    units: str

    def get(self, name: str) -> NamedPace | None:
        """A named pace (``T``, ``5k``, ``threshold``…), or None when the profile gives nothing to derive it from."""
        canon = normalize_pace_name(name)
        return self.paces.get(canon) if canon else None


def runner_paces() -> RunnerPaces:
    """Read the profile (a broken one raises ``UserError``) and derive every pace from it."""
    profile = load_profile()
    return RunnerPaces(derive_paces(profile_paces(profile)), profile.units or "metric")
