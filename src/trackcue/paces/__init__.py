"""Paces: Daniels' VDOT and Riegel calculators, the named paces workouts use, and the runner's profile.

The workout compiler calls ``named_pace_from_value`` for ``--set`` overrides, ``profile_paces``
for the profile, and ``derive_paces`` to fill in every other name.
"""

from trackcue.paces.derive import derive_paces
from trackcue.paces.names import (
    PACE_NAMES, RACE_METRES, NamedPace, named_pace_from_value, normalize_pace_name,
)
from trackcue.paces.profile import Profile, load_profile, profile_paces, profile_path, save_profile

__all__ = [
    "PACE_NAMES", "RACE_METRES", "NamedPace", "Profile", "derive_paces", "load_profile",
    "named_pace_from_value", "normalize_pace_name", "profile_paces", "profile_path", "save_profile",
]
