"""Dropouts under load: a real run through PulseAudio with every core busy, gaps found in a recording.

Starts a private PulseAudio server (its own socket, a null sink ``tc`` with norewinds=1; the
``pulse_server`` test fixture's ``tests/pulse_server.py``), records the sink's monitor with
``parec``, keeps ``--busy`` processes spinning on each core, and plays a workout with
``trackcue run --headless --audio pulse --speech espeak`` at normal speed. Then every clip the
run played (the same plan and clips, from the same speech cache) is found in the recording and
walked sample by sample: a run of digital silence of 1 ms or more where the clip has sound is a
gap (PulseAudio plays silence while a stream is dry, then the rest of the clip late). Prints the
gaps found, the underruns trackcue counted and the buffer it settled on.

    python bench/underruns_load.py [--busy 1] [--reps 4] [--runs 1]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from array import array
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from pulse_server import RATE, PrivatePulse, missing_tools  # noqa: E402

from trackcue.audio.clip import Clip  # noqa: E402
from trackcue.soundtrack.offline import placements  # noqa: E402
from trackcue.soundtrack.prepare import prepare  # noqa: E402
from trackcue.workout import compile_file  # noqa: E402

GET_READY_S = 5.0
GAP_FRAMES = RATE // 1000  # 1 ms of digital silence where the clip has sound
SEARCH_S = 0.25  # how far from its planned place a clip's onset is looked for
MAX_GAP_FRAMES = 3 * RATE  # the longest dropout looked for inside one clip
WORKOUT = """\
name: underrun bench
description: short reps, every cue spoken, at normal speed
steps:
  - repeat: {reps}
    skip_last_recovery: true
    steps:
      - run: 200m in 20s
        splits: 100m
      - jog: 12s
"""


def busy(n: int) -> list[subprocess.Popen[bytes]]:
    """``n`` processes spinning on the CPU (normal priority, like any other work on the machine)."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]


def first_sound(samples: array, start: int, end: int, level: int = 1) -> int | None:
    for j in range(max(0, start), min(len(samples), end)):
        if abs(samples[j]) >= level:
            return j
    return None


def find_onset(clip: Clip, heard: bytes, start: int, end: int) -> int | None:
    """The recording frame where ``clip``'s first sound is, searched in frames ``start..end``."""
    c = clip.samples
    first = next((k for k, s in enumerate(c) if s), 0)
    want = c[first:first + 4 * GAP_FRAMES].tobytes()
    at = heard.find(want, max(0, start) * 2, end * 2 + len(want))
    while at != -1 and at % 2:
        at = heard.find(want, at + 1, end * 2 + len(want))
    return None if at == -1 else at // 2


def gaps_in(clip: Clip, heard: bytes, onset: int) -> tuple[list[int], bool]:
    """Silences (frames) the recording has inside ``clip`` heard from ``onset``, and whether it was all found.

    The path to the null sink is bit-exact, so the clip is followed through the recording 1 ms at
    a time: each millisecond of the clip that has sound must be found, at the same delay as the
    one before or later (a dry stream delays what follows; nothing is lost); a later delay is a gap.
    """
    c = clip.samples
    first = next((k for k, s in enumerate(c) if s), 0)
    block, delay, gaps = GAP_FRAMES, 0, []
    for p in range(first, len(c) - block, block):
        part = c[p:p + block]
        if max(abs(s) for s in part) < 64:
            continue  # (near) silence in the clip: nothing to follow
        want = part.tobytes()
        at = (onset + p - first + delay) * 2
        if heard[at:at + len(want)] == want:
            continue
        found = heard.find(want, at, at + MAX_GAP_FRAMES * 2 + len(want))
        while found != -1 and found % 2:
            found = heard.find(want, found + 1, at + MAX_GAP_FRAMES * 2 + len(want))
        if found == -1:
            continue  # this millisecond straddles a gap: the next one finds the new delay
        extra = (found - at) // 2
        silent = heard[at:found].count(0) == found - at  # a dropout is digital silence
        if extra >= GAP_FRAMES and silent:
            gaps.append(extra)
        elif not silent:
            continue  # not this clip here (another sound over it): keep the delay
        delay += extra
    end = (onset + len(c) - first + delay) * 2
    return gaps, end <= len(heard)


def run_once(work: Path, server: PrivatePulse, reps: int, busy_per_core: int) -> dict[str, object]:
    workout = work / "bench.yaml"
    workout.write_text(WORKOUT.format(reps=reps))
    env = {**server.client_env(), "TRACKCUE_CACHE_DIR": str(work / "cache")}
    timeline = compile_file(str(workout), {}, get_ready_s=GET_READY_S, auto_lap=True)
    os.environ["TRACKCUE_CACHE_DIR"] = env["TRACKCUE_CACHE_DIR"]
    track = prepare(timeline, RATE, "espeak")  # renders into the cache the run will use
    recording = server.record()
    time.sleep(0.5)
    spinners = busy(busy_per_core * (os.cpu_count() or 1))
    try:
        done = subprocess.run([sys.executable, "-m", "trackcue", "run", str(workout), "--headless",
                               "--audio", "pulse", "--speech", "espeak", "--auto-lap",
                               "--get-ready", f"{GET_READY_S:g}", "--db", str(work / "h.db")],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env, timeout=900)
    finally:
        for p in spinners:
            p.kill()
            p.wait()
    time.sleep(1.0)
    samples = recording.stop()
    if done.returncode != 0:
        sys.exit(f"trackcue run failed ({done.returncode}):\n{done.stderr}")
    places = sorted(placements(track), key=lambda p: p[0])
    lone = [(t, c) for n, (t, c) in enumerate(places)
            if (n + 1 == len(places) or places[n + 1][0] > t + c.duration_s + 0.05)
            and (n == 0 or places[n - 1][0] + places[n - 1][1].duration_s + 0.05 < t)]
    anchor = first_sound(samples, 0, len(samples))
    if anchor is None:
        sys.exit("the recording is silent")
    t0 = places[0][0]
    heard = samples.tobytes()
    gaps: list[int] = []
    found, missing = 0, 0
    for t, clip in lone:
        expected = anchor + round((t - t0) * RATE)
        onset = find_onset(clip, heard, expected - round(SEARCH_S * RATE), expected + round(SEARCH_S * RATE))
        if onset is None:
            missing += 1
            continue
        found += 1
        gaps += gaps_in(clip, heard, onset)[0]
    status = [line for line in done.stderr.splitlines() if "audio:" in line]
    return {"clips": found, "missing": missing, "gaps": len(gaps),
            "gap_ms": sorted(round(g / RATE * 1000, 1) for g in gaps), "stderr": status}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--busy", type=int, default=1, help="spinning processes per core (default 1)")
    parser.add_argument("--reps", type=int, default=4, help="reps of the bench workout (about 32 s each)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    missing = missing_tools()
    if missing:
        sys.exit(f"{', '.join(missing)} not found: apt-get install pulseaudio pulseaudio-utils")
    with tempfile.TemporaryDirectory(prefix="trackcue-underruns-") as tmp:
        server = PrivatePulse(Path(tmp) / "pulse")
        server.start()
        try:
            for n in range(args.runs):
                work = Path(tmp) / f"run{n}"
                work.mkdir()
                load = os.getloadavg()[0]
                result = run_once(work, server, args.reps, args.busy)
                print(json.dumps({"run": n + 1, "busy_processes": args.busy * (os.cpu_count() or 1),
                                  "load_before": round(load, 1), "load_after": round(os.getloadavg()[0], 1),
                                  **result}))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
