"""Medians for the pace work ``trackcue compile`` and ``trackcue pace`` do on every run.

Run: python bench/paces.py
"""

from __future__ import annotations

import os
import statistics
import tempfile
import timeit


def median_ms(fn, number: int = 50, repeat: int = 9) -> float:
    """Median milliseconds per call."""
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TRACKCUE_PROFILE"] = os.path.join(tmp, "profile.yaml")
        from trackcue.paces import Profile, derive_paces, load_profile, profile_paces, save_profile
        from trackcue.paces.calculator import calculate

        save_profile(Profile({"400m": "80s", "mile": "6:00", "5k": "19:57"}, "imperial"))
        known = profile_paces(load_profile())
        print(f"derive_paces (3 known -> all {len(derive_paces(known))}): {median_ms(lambda: derive_paces(known)):.3f} ms")
        print(f"load_profile + profile_paces: {median_ms(lambda: profile_paces(load_profile())):.3f} ms")
        print(f"calculate (pace 5k 19:57): {median_ms(lambda: calculate(5000, 1197)):.3f} ms")


if __name__ == "__main__":
    main()
