"""Converting a phrase to the output stream's sample rate once, before the workout."""

from __future__ import annotations

from array import array

from trackcue.audio.clip import Clip
from trackcue.audio.resample import resample as resample_linear


def resample(clip: Clip, rate: int) -> Clip:
    """``clip`` at ``rate`` Hz: miniaudio's converter when installed, else linear interpolation.

    A workout's phrases are a minute of audio or more, so the fast paths matter: without them a
    cold pre-render takes over a second.
    """
    if clip.rate == rate:
        return clip
    if not clip.samples:
        return Clip(array("h"), rate, clip.name)
    try:
        import miniaudio  # no wheels on Termux: the pure-Python paths below are the fallback
    except ImportError:
        return Clip(_upsample(clip.samples, rate // clip.rate) if rate % clip.rate == 0
                    else resample_linear(clip.samples, clip.rate, rate), rate, clip.name)
    fmt = miniaudio.SampleFormat.SIGNED16
    data = miniaudio.convert_frames(fmt, 1, clip.rate, clip.samples.tobytes(), fmt, 1, rate)
    return Clip(array("h", bytes(data)), rate, clip.name)


def _upsample(samples: array[int], k: int) -> array[int]:
    """Linear interpolation by a whole factor (22050 -> 44100) in ``k`` whole-array passes."""
    now = samples.tolist()
    nxt = now[1:] + now[-1:]
    out = array("h", bytes(2 * len(now) * k))
    for j in range(k):
        out[j::k] = array("h", [a + (b - a) * j // k for a, b in zip(now, nxt)])
    return out
