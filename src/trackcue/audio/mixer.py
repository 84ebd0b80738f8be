"""The mixer: every clip placed at an exact frame, summed without ever wrapping around.

Pure Python (``array`` only, no numpy) so it runs on Termux and anywhere; no device. The device
thread calls :meth:`Mixer.render` while the engine thread schedules, so every method takes a lock.
"""

from __future__ import annotations

import math
import threading
from array import array
from collections.abc import Sequence
from itertools import repeat
from operator import add, mul

from trackcue.audio.clip import Clip
from trackcue.audio.resample import resample

# Samples up to the knee pass untouched (the shipped tones peak at -1.5 dBFS, well below it);
# louder sums are bent smoothly into the last ~1 dB, so overlaps never clip hard or wrap.
KNEE = 29204  # -1 dBFS


def soft_limit(sample: int, knee: int = KNEE, ceiling: int = 32767) -> int:
    """Map any sample under ``ceiling``: identity up to ``knee``, a tanh shoulder above it.

    The mixer bends summed samples into int16 with the defaults; ``loudness.normalize`` bends a
    clip's peaks under the mixer's knee, so a clip playing alone is never bent twice.
    """
    if -knee <= sample <= knee:
        return sample
    room = ceiling - knee
    bent = knee + int(room * math.tanh((abs(sample) - knee) / room))
    return bent if sample > 0 else -bent


class Placement:
    """One clip scheduled at ``frame`` (the frame its first sample lands on); not changed once made.

    (A plain class, not a dataclass: ``trackcue check`` loads this module; tests/test_startup.py.)
    """

    __slots__ = ("id", "frame", "samples", "gain", "peak", "name")

    def __init__(self, id: int, frame: int, samples: array[int], gain: float, peak: int, name: str) -> None:
        self.id = id
        self.frame = frame
        self.samples = samples
        self.gain = gain
        self.peak = peak
        self.name = name

    @property
    def end(self) -> int:
        return self.frame + len(self.samples)


class Mixer:
    """Holds placed clips and renders any stretch of the output as int16 little-endian mono."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self._lock = threading.Lock()
        self._placed: dict[int, Placement] = {}
        self._next_id = 1

    def schedule(self, clip: Clip, frame: int, gain: float = 1.0) -> int:
        """Place ``clip`` so its first sample is output frame ``frame``; returns an id to cancel it.

        A clip at another sample rate is resampled to the mixer's rate first. The limiter needs
        the clip's peak: ``clip.peak`` is found once per clip, so callers in a device callback
        pass clips whose peak was found beforehand (scanning 5 s of speech takes ~17 ms).
        """
        if clip.rate != self.rate:
            clip = Clip(resample(clip.samples, clip.rate, self.rate), self.rate, clip.name)
        samples, peak = clip.samples, clip.peak
        with self._lock:
            pid = self._next_id
            self._next_id += 1
            self._placed[pid] = Placement(pid, int(frame), samples, float(gain),
                                          math.ceil(peak * abs(gain)), clip.name)
        return pid

    def cancel(self, pid: int) -> bool:
        """Remove one placed clip (even if it has started); False if it was not there."""
        with self._lock:
            return self._placed.pop(pid, None) is not None

    def cancel_from(self, frame: int) -> list[int]:
        """Remove every clip that starts at or after ``frame``; returns their ids."""
        with self._lock:
            gone = [pid for pid, p in self._placed.items() if p.frame >= frame]
            for pid in gone:
                del self._placed[pid]
        return gone

    def placements(self) -> list[Placement]:
        """The clips still placed, earliest first (for status and tests)."""
        with self._lock:
            return sorted(self._placed.values(), key=lambda p: (p.frame, p.id))

    def forget_before(self, frame: int) -> list[int]:
        """Drop clips that ended before ``frame`` (the device will never ask for them again)."""
        with self._lock:
            gone = [pid for pid, p in self._placed.items() if p.end <= frame]
            for pid in gone:
                del self._placed[pid]
        return gone

    def render(self, start_frame: int, nframes: int) -> bytes:
        """The output for frames ``[start_frame, start_frame + nframes)`` as int16 LE bytes."""
        end = start_frame + nframes
        with self._lock:
            active = [p for p in self._placed.values() if p.frame < end and p.end > start_frame]
        if not active:
            return bytes(2 * nframes)  # the common case: silence, no Python loop at all
        if len(active) == 1 and active[0].gain == 1.0 and active[0].peak <= KNEE:
            out = _clip_window(active[0], start_frame, nframes)
        else:
            out = _mix(active, start_frame, nframes)
        return _le_bytes(out)


def _clip_window(p: Placement, start: int, nframes: int) -> array[int]:
    """One untouched clip: copy its slice into silence (C-speed slicing)."""
    out = array("h", bytes(2 * nframes))
    lo = max(p.frame, start)
    hi = min(p.end, start + nframes)
    out[lo - start:hi - start] = p.samples[lo - p.frame:hi - p.frame]
    return out


def _mix(active: list[Placement], start: int, nframes: int) -> array[int]:
    """Sum every overlapping clip in Python ints, then bend the peaks into int16."""
    acc = [0] * nframes
    for p in active:
        lo = max(p.frame, start)
        hi = min(p.end, start + nframes)
        part: Sequence[int] = p.samples[lo - p.frame:hi - p.frame]
        if p.gain != 1.0:
            part = list(map(round, map(mul, part, repeat(p.gain))))
        a, b = lo - start, hi - start
        acc[a:b] = map(add, acc[a:b], part)
    if max(acc) > KNEE or min(acc) < -KNEE:
        acc = [soft_limit(s) for s in acc]
    return array("h", acc)


def _le_bytes(samples: array[int]) -> bytes:
    if _BIG_ENDIAN:
        samples = array("h", samples)
        samples.byteswap()
    return samples.tobytes()


_BIG_ENDIAN = array("h", [1]).tobytes() == b"\x00\x01"
