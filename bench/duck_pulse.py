"""Music ducking on a real PulseAudio server: how deep each dip is, when it is down, when it is back.

Starts a private PulseAudio daemon (its own socket, a null sink; tests/pulse_server.py), plays a
steady 440 Hz tone as "music" through ``pacat``, and plays ``--phrases`` 0.8 s cue tones at 2 kHz
through trackcue's PulseAudio output with the ducker told of each as it is queued (what a run
does). The null sink's monitor is recorded with ``parec``; per phrase it prints the dip (dB, goal
-12 ± 1), when the music was down to within 1 dB of the dip relative to the phrase's first sample
(goal <= 0: down before it starts) and how long after the phrase's end it was back within 1 dB
(goal: about the 0.4 s ramp). Then the medians.

    python bench/duck_pulse.py [--phrases 8] [--depth -12]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from pulse_server import PrivatePulse, missing_tools  # noqa: E402
from sound_analysis import db, levels, runs_above  # noqa: E402
from test_handsfree_duck import CUE_HZ, MUSIC_HZ, RATE, Music, cue_clip, sink_inputs, wait_for  # noqa: E402

from trackcue.engine.clock import RealClock  # noqa: E402
from trackcue.handsfree.duck import DuckShape, Ducker  # noqa: E402
from trackcue.handsfree.pulse_volumes import PulseVolumes  # noqa: E402

WINDOW_S = 0.01
GAP_S = 3.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phrases", type=int, default=8)
    ap.add_argument("--depth", type=float, default=-12.0)
    args = ap.parse_args()
    missing = missing_tools()
    if missing:
        print(f"needs {', '.join(missing)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="duck-bench-") as tmp:
        server = PrivatePulse(Path(tmp))
        server.start()
        import os

        os.environ.update(server.env)
        try:
            samples = _run(server, Path(tmp), args.phrases, args.depth)
        finally:
            server.stop()
    tune = levels(samples, RATE, MUSIC_HZ, WINDOW_S)
    cues = runs_above(levels(samples, RATE, CUE_HZ, WINDOW_S), 1000.0, min_len=20)
    dips, downs, backs = [], [], []
    for first, last in cues:
        full = statistics.median(tune[first - 150:first - 40])  # 1.5-0.4 s before the phrase
        during = statistics.median(tune[first + 5:last - 5])
        dip = db(during / full)
        level = [db(max(v, 1e-3) / full) for v in tune]
        down = next(i for i in range(first - 100, last) if level[i] <= dip + 1.0)
        back = next(i for i in range(last, last + 150) if level[i] >= -1.0)
        dips.append(dip)
        downs.append((down - first) * WINDOW_S * 1000)
        backs.append((back - last) * WINDOW_S * 1000)
        print(f"phrase at {first * WINDOW_S:6.2f} s: dip {dip:+5.1f} dB, down {downs[-1]:+5.0f} ms from its start, "
              f"back {backs[-1]:4.0f} ms after its end")
    print(f"{len(cues)} phrases: median dip {statistics.median(dips):+.1f} dB (goal {args.depth:+.0f} ± 1), "
          f"down {statistics.median(downs):+.0f} ms from the start (goal <= 0), "
          f"back {statistics.median(backs):.0f} ms after the end (ramp {DuckShape().up_s * 1000:.0f} ms)")
    return 0


def _run(server: PrivatePulse, tmp: Path, phrases: int, depth: float):  # noqa: ANN202
    from trackcue.audio.select import open_output

    env = server.client_env()
    music = Music(env)
    try:
        if not wait_for(lambda: "music" in sink_inputs(env)):
            raise SystemExit("the music stream did not start")
        recording = server.record()
        clock = RealClock()
        ducker = Ducker(PulseVolumes(depth, state=tmp / "ducked.json"), clock, DuckShape(depth_db=depth))
        ducker.start()
        output = open_output("pulse", clock, listener=ducker)
        output.start()
        phrase = cue_clip(0.8)
        first = clock.now() + 2.0
        for i in range(phrases):
            output.play_at(phrase, first + i * GAP_S)  # the listener (the ducker) is told by the output
        time.sleep(first + phrases * GAP_S + 1.0 - clock.now())
        samples = recording.stop()
        output.close()
        ducker.close()
        return samples
    finally:
        music.stop()


if __name__ == "__main__":
    raise SystemExit(main())
