"""Big and pathological workout files are refused fast and in little memory.

Each case runs `trackcue check` in a fresh process that reports its own peak memory; its time is
compared with checking the 200 m session in the same way, measured just before (this machine's
speed varies 2x, so a ratio holds where a fixed number of seconds would not). Before these were
fixed: a 2 GB file took 13 s and 2.1 GB; 1.9 MB of 40 000 steps 16 s; an over-long workout 5-7 s.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from support import subprocess_env
from test_workout_safety import big_workout

REPO = Path(__file__).resolve().parents[1]
PROBE = """
import json, resource, sys, time
t0 = time.perf_counter()
from trackcue.cli import main
code = main(["check", "-q", sys.argv[1]])
print(json.dumps({"code": code, "s": time.perf_counter() - t0,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def check(path: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, timeout=120,
                          env=subprocess_env())
    assert "Traceback" not in proc.stderr, proc.stderr[-800:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["stderr"] = proc.stderr
    return result


@pytest.fixture(scope="module")
def reference() -> dict:
    """Checking the shipped 200 m session the same way: the yardstick for time and memory."""
    runs = [check(REPO / "workouts" / "200m-repeats.yaml") for _ in range(3)]
    assert all(r["code"] == 0 for r in runs)
    return {"s": statistics.median(r["s"] for r in runs), "rss_mb": max(r["rss_mb"] for r in runs)}


def _alias_bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    return "\n".join(lines) + "\n"


CASES = {
    # name: (file content or None for the sparse 2 GB file, times the reference allowed, words in the error)
    "2 GB file": (None, 3, "the file is 2147483648 bytes"),
    "1.9 MB of 40 000 steps": (big_workout(1_900_000), 40, "more than 100000 values"),
    "alias bomb": (_alias_bomb(), 20, "aliases"),
    # (1000 reps of 1 min: under 24 hours, so the template is the one problem; 10 000 would be a second)
    "padding template in a repeat": ("steps:\n  - repeat: 1000\n    steps:\n      - run: 1min\n"
                                     "        say: '{kind:>999999999}'\n", 3, "without formatting"),
    "10 000 x 10 000 steps": ("steps:\n  - repeat: 10000\n    steps:\n      - repeat: 10000\n        steps:\n"
                              "          - run: 1s\n", 3, "more than 20000 steps"),
    "over 24 hours in a library include": ("steps:\n  - repeat: 1000\n    steps:\n      - include: base-run\n",
                                           10, "more than 24 hours"),
    "over 24 hours in 16 000 steps": ("steps:\n  - repeat: 9000\n    steps:\n      - run: 5s\n      - jog: 5s\n",
                                      40, "more than 24 hours"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_refused_fast_and_small(tmp_path, reference, name):
    text, times, words = CASES[name]
    path = tmp_path / "w.yaml"
    if text is None:
        with open(path, "wb") as f:
            f.truncate(2 * 1024**3)  # sparse
    else:
        path.write_text(text, encoding="utf-8")
    got = check(path)
    assert got["code"] == 2 and words in got["stderr"]
    assert len(got["stderr"].strip().splitlines()) == 1, got["stderr"]  # one problem, said once
    assert got["s"] <= times * reference["s"] + 0.05, (got["s"], reference["s"])
    assert got["rss_mb"] <= reference["rss_mb"] + 150, (got["rss_mb"], reference["rss_mb"])
