"""One loudness for everything the runner hears: tones, phrases of every engine, a workout's sounds.

Each clip is measured once, when it is loaded or rendered (before the start, never in the mix),
with the integrated loudness of ITU-R BS.1770-4 (K-weighted, gated; through pyloudnorm) and
scaled to ``TARGET_LUFS``. Speech has a crest factor of about 17 dB, so at the target its
loudest peaks would pass -1 dBFS: the few samples over -3 dBFS (under 0.1 % of an espeak-ng
phrase, about 1 % of a piper one, whose peaks would reach +5 dBFS) are bent by the mixer's soft
limiter shape into -3..-1 dBFS, never clipped, and the gain is capped so that bend stays bounded. A clip is then never bent again by the mixer when it plays
alone (the mixer's own knee is -1 dBFS).

-16 LUFS is the loudness recommended for speech on mobile devices (AES TD1008); the tones are
brought down to it rather than the speech pushed up to them, which would need heavy limiting.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from array import array
from types import ModuleType

from trackcue.audio.clip import Clip
from trackcue.audio.mixer import KNEE, soft_limit

TARGET_LUFS = -16.0
LIMIT_KNEE = 23197  # -3 dBFS: where a normalized clip's peaks start to bend (up to the mixer's knee)
MAX_OVER_DB = 6.0  # the gain never drives a peak more than this far past the mixer's knee
BLOCK_S = 0.4  # BS.1770's gating block; shorter clips are measured as one block
SHORTEST_S = 0.02  # below this there is nothing to measure: the clip is left as it is
FULL_SCALE = 32768.0


class LoudnessUnavailable(RuntimeError):
    """pyloudnorm (or numpy/scipy under it) is not installed here; clips keep their level."""


@functools.lru_cache(maxsize=1)
def _libs() -> tuple[ModuleType, ModuleType]:
    try:
        import numpy
        import pyloudnorm
    except ImportError as exc:
        raise LoudnessUnavailable(f"loudness not matched: {exc.name} is not installed "
                                  "(pip install pyloudnorm)") from None
    return numpy, pyloudnorm


def available() -> tuple[bool, str]:
    """Whether clips can be brought to one loudness here, and if not, why.

    Looks the libraries up without importing them: numpy and scipy take about a second to load,
    and a run whose phrases all come from the cache never needs them.
    """
    for name in ("numpy", "scipy", "pyloudnorm"):
        if importlib.util.find_spec(name) is None:
            return False, f"loudness not matched: {name} is not installed (pip install pyloudnorm)"
    return True, f"every sound at {TARGET_LUFS:g} LUFS (BS.1770)"


def loudness_lufs(samples: "array[int]", rate: int) -> float | None:
    """Integrated loudness of mono int16 ``samples`` in LUFS; None if too short or silent.

    Raises ``LoudnessUnavailable`` without pyloudnorm.
    """
    np, pyln = _libs()
    seconds = len(samples) / rate
    if seconds < SHORTEST_S:
        return None
    x = np.frombuffer(samples.tobytes(), dtype=np.int16).astype(np.float64) / FULL_SCALE
    # A clip shorter than a block is one block, a sample short of it: its length in seconds times
    # the rate can round above the clip's length, and pyloudnorm refuses a block longer than the clip.
    meter = pyln.Meter(rate, block_size=min(BLOCK_S, (len(samples) - 1) / rate))
    value = float(meter.integrated_loudness(x))
    return value if math.isfinite(value) else None


def normalize(clip: Clip, target_lufs: float = TARGET_LUFS) -> Clip:
    """``clip`` scaled to ``target_lufs``; peaks past -3 dBFS bent to stay under -1 dBFS.

    A clip too short or silent to measure comes back unchanged; so does every clip when
    pyloudnorm is missing (``LoudnessUnavailable`` is raised: the caller says so once).
    """
    level = loudness_lufs(clip.samples, clip.rate)
    if level is None:
        return clip
    np, _ = _libs()
    x = np.frombuffer(clip.samples.tobytes(), dtype=np.int16).astype(np.float64)
    peak = float(np.abs(x).max())
    gain_db = target_lufs - level
    if peak > 0:
        gain_db = min(gain_db, 20 * math.log10(KNEE / peak) + MAX_OVER_DB)
    y = np.rint(x * 10 ** (gain_db / 20))
    over = np.nonzero(np.abs(y) > LIMIT_KNEE)[0]
    if len(over):
        y[over] = [soft_limit(int(v), LIMIT_KNEE, KNEE) for v in y[over]]
    out = array("h", y.astype(np.int16).tobytes())
    return Clip(out, clip.rate, clip.name)
