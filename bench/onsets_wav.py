"""Rendered WAV onsets: every tone must start within 1 sample of round(t * rate).

Renders a workout-like cue train (countdown pips, go, halfway, stop … at awkward times) with
``render_to_wav``, finds each tone's first sample in the file and prints the worst error in
samples and how long rendering took (median of 5).

    python bench/onsets_wav.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import wave
from array import array
from pathlib import Path

from trackcue.audio.render import render_to_wav
from trackcue.audio.sounds import load_sound

RATE = 44100


def cue_train() -> list[tuple[float, str]]:
    """Ten reps of a 400 m workout's cues, at times that fall between samples."""
    cues = []
    t = 3.0001
    for _ in range(10):
        cues += [(t - 3, "pip3"), (t - 2, "pip2"), (t - 1, "pip1"), (t, "go"),
                 (t + 41.37777, "halfway"), (t + 83.123456, "stop")]
        t += 83.123456 + 90.0000333
    return cues


def first_sample(samples: array, clip: array, near: int) -> int:
    """Where ``clip`` starts in ``samples``, searched around ``near``."""
    for start in range(max(0, near - 5), near + 6):
        if samples[start:start + 200] == clip[:200]:
            return start
    raise SystemExit(f"tone not found near frame {near}")


def main() -> int:
    cues = cue_train()
    clips = {name: load_sound(name, RATE) for _, name in cues}
    total_s = cues[-1][0] + 2.0
    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cues.wav"
        for _ in range(5):
            start = time.perf_counter()
            render_to_wav([(t, clips[n]) for t, n in cues], path, RATE, total_s)
            timings.append(time.perf_counter() - start)
        with wave.open(str(path)) as wav:
            samples = array("h", wav.readframes(wav.getnframes()))
    errors = [first_sample(samples, clips[n].samples, round(t * RATE)) - round(t * RATE)
              for t, n in cues]
    worst = max(abs(e) for e in errors)
    print(f"{len(cues)} tones in {total_s / 60:.1f} min: worst onset error {worst} sample(s) "
          f"(target <= 1); render median {statistics.median(timings) * 1000:.0f} ms "
          f"({total_s / statistics.median(timings):.0f}x real time)")
    return 0 if worst <= 1 else 1


if __name__ == "__main__":
    sys.exit(main())
