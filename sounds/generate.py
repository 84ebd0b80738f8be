"""Rebuild the cue tones: ``python sounds/generate.py [OUT_DIR]`` (stdlib only).

Every tone is a few pure sine notes between 1 and 3 kHz — the band a phone speaker carries and
ears pick out over wind and traffic — with 5 ms raised-cosine fades so nothing clicks. 16-bit
mono at 44100 Hz. The countdown pips rise in pitch towards "go".

Each tone is written at the loudness every spoken phrase is brought to (-16 LUFS, ITU-R
BS.1770; ``trackcue.audio.loudness``): ``GAIN_DB`` lowers it from a -1.5 dBFS peak by what that
measure gives, so a run plays the shipped tones as they are and never loads the loudness meter
for them. tests/test_loudness.py measures every shipped tone and names the right gain when a
tone changes.
"""

from __future__ import annotations

import math
import sys
import wave
from array import array
from pathlib import Path

RATE = 44100
PEAK = 32767 * 10 ** (-1.5 / 20)  # -1.5 dBFS before GAIN_DB: under the -1 dBFS ceiling after rounding
FADE_S = 0.005

# name -> notes as (frequency Hz, duration s, silence after s)
TONES: dict[str, list[tuple[float, float, float]]] = {
    "pip3": [(1000, 0.15, 0.0)],
    "pip2": [(1250, 0.15, 0.0)],
    "pip1": [(1500, 0.15, 0.0)],
    "go": [(2000, 0.5, 0.0)],
    "stop": [(1500, 0.2, 0.05), (1000, 0.35, 0.0)],
    # A lap-ended rep's target time has passed: three quick falling notes, unlike stop's two long ones.
    "target": [(2000, 0.1, 0.04), (1500, 0.1, 0.04), (1000, 0.2, 0.0)],
    "halfway": [(1750, 0.12, 0.08), (1750, 0.12, 0.0)],
    "split": [(2500, 0.08, 0.0)],
    "last_rep": [(2250, 0.1, 0.06), (2250, 0.1, 0.06), (2250, 0.1, 0.0)],
    "finish": [(1500, 0.12, 0.04), (2000, 0.12, 0.04), (2500, 0.4, 0.0)],
}


# dB from a -1.5 dBFS peak to -16 LUFS, as pyloudnorm measures each tone (tests/test_loudness.py).
GAIN_DB: dict[str, float] = {
    "pip3": -11.27, "pip2": -11.91, "pip1": -12.61, "go": -13.8, "stop": -11.2, "target": -11.04,
    "halfway": -11.91, "split": -13.98, "last_rep": -12.33, "finish": -13.33,
}


def note(freq: float, duration_s: float, peak: float = PEAK) -> array:
    """One sine note peaking at ``peak`` (a sample value), with raised-cosine fades in and out."""
    n = round(duration_s * RATE)
    fade = round(FADE_S * RATE)
    out = array("h")
    for i in range(n):
        edge = min(i, n - 1 - i)
        env = 0.5 - 0.5 * math.cos(math.pi * edge / fade) if edge < fade else 1.0
        out.append(round(peak * env * math.sin(2 * math.pi * freq * i / RATE)))
    return out


def render(name: str) -> array:
    """The samples of one tone."""
    out = array("h")
    peak = PEAK * 10 ** (GAIN_DB[name] / 20)
    for freq, duration_s, gap_s in TONES[name]:
        out.extend(note(freq, duration_s, peak))
        out.extend(array("h", bytes(2 * round(gap_s * RATE))))
    return out


def write(name: str, folder: Path) -> Path:
    """Write ``folder/<name>.wav``."""
    samples = render(name)
    if sys.byteorder == "big":
        samples.byteswap()
    path = folder / f"{name}.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(samples.tobytes())
    return path


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    for name in TONES:
        print(write(name, folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
