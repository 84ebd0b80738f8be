"""PulseAudio (and PipeWire's PulseAudio server) through libpulse-simple, placed by the server's clock.

The other device backends learn where playback is from when their device asks for sound. On
PulseAudio that relation moves by a whole sink block (2.5 ms on the null sink) when the machine
stalls, and nothing in the callbacks shows it (bench/README.md, end to end). The server itself
knows: after each write, ``pa_simple_get_latency`` says how long until the last frame written is
heard, so the frame heard *now* is (frames written − latency). The frame clock is fed that, and
clips are placed with no latency guess at all. Measured on the null sink: click-train spread
0.30-0.53 ms against 2.0-2.8 ms for miniaudio's callbacks.

Underruns: that same report says how much sound the server holds after each write. When it
holds less than the block just written, the stream had run dry (the machine too busy for the
writer, libpulse's thread or the server) and the server is refilling it before it plays on: an
underrun, a gap the runner hears. Each is counted and shown in the status, and doubles the
buffer the server is asked to keep (from ``TARGET_S`` up to ``MAX_TARGET_S``), by reopening the
stream at the next silent moment: cues are placed by the server's reported position, so a larger
buffer costs nothing in timing (only a pause or mute reaches the sound that much later). Measured
on the null sink with four busy processes and a GIL-hogging thread: a 10 ms buffer had 64 gaps
in 8 s of tone, 50 ms none; every gap came with such a report. With 200 ms to start with, a run
with every core busy had no gap at all (bench/underruns_load.py).

libpulse-simple is a system library (there wherever a PulseAudio server runs); without it, or
without a server, the backend is unavailable and ``auto`` moves on to miniaudio.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from ctypes import POINTER, byref, c_char_p, c_int, c_size_t, c_uint8, c_uint32, c_uint64, c_void_p
from typing import Any

from trackcue.audio.output import BackendUnavailable, Clock
from trackcue.audio.stream import PushedOutput

TARGET_S = 0.2  # what the server keeps buffered at first: rides out the stalls of a machine busy on every core
MAX_TARGET_S = 0.8  # the most it is asked to keep after underruns
_PLAYBACK, _S16LE, _UNSET = 1, 3, 0xFFFFFFFF


class _SampleSpec(ctypes.Structure):
    _fields_ = [("format", c_int), ("rate", c_uint32), ("channels", c_uint8)]


class _BufferAttr(ctypes.Structure):
    _fields_ = [(name, c_uint32) for name in ("maxlength", "tlength", "prebuf", "minreq", "fragsize")]


def load_library() -> Any:
    """libpulse-simple with the calls used here typed; BackendUnavailable if missing."""
    name = ctypes.util.find_library("pulse-simple") or "libpulse-simple.so.0"
    try:
        lib = ctypes.CDLL(name)
    except OSError as exc:
        raise BackendUnavailable("libpulse-simple not found (no PulseAudio client library)") from exc
    lib.pa_simple_new.restype = c_void_p
    lib.pa_simple_new.argtypes = [c_char_p, c_char_p, c_int, c_char_p, c_char_p, POINTER(_SampleSpec),
                                  c_void_p, POINTER(_BufferAttr), POINTER(c_int)]
    lib.pa_simple_write.argtypes = [c_void_p, c_void_p, c_size_t, POINTER(c_int)]
    lib.pa_simple_get_latency.restype = c_uint64
    lib.pa_simple_get_latency.argtypes = [c_void_p, POINTER(c_int)]
    lib.pa_simple_drain.argtypes = [c_void_p, POINTER(c_int)]
    lib.pa_simple_free.argtypes = [c_void_p]
    return lib


def connect(lib: Any, rate: int, target_s: float) -> tuple[Any, int]:
    """A new playback stream asking the server to keep ``target_s`` buffered: (stream or None, error)."""
    spec = _SampleSpec(_S16LE, rate, 1)
    attr = _BufferAttr(_UNSET, round(target_s * rate) * 2, _UNSET, _UNSET, _UNSET)
    err = c_int(0)
    stream = lib.pa_simple_new(None, b"trackcue", _PLAYBACK, None, b"cues", byref(spec), None,
                               byref(attr), byref(err))
    return stream, err.value


class PulseOutput(PushedOutput):
    """One playback stream; after each (blocking) write the server says how far behind playback is."""

    def __init__(self, clock: Clock, rate: int, lib: Any, stream: Any, target_s: float = TARGET_S,
                 extra_s: float = 0.0) -> None:
        # The observations are of the frame the server plays now; ``extra_s`` is what comes after
        # it and the server cannot see (a Bluetooth headset's own buffer, from trackcue calibrate).
        super().__init__(clock, rate, extra_s, "pulse")
        self._lib = lib
        self._stream = stream
        self._err = c_int(0)  # the writer thread's error slot
        self._heard: tuple[float, float] | None = None  # (frame heard, clock time), after each write
        self.target_s = target_s  # what the server is asked to keep buffered now
        self._want_s = target_s  # what it should keep, after the underruns seen
        self._underruns = 0
        self._playing = False  # the server has been playing this stream (it held more than a block)

    @property
    def underruns(self) -> int:
        return self._underruns

    def _observation(self, now: float) -> tuple[float, float] | None:
        return self._heard

    def _write(self, data: bytes) -> None:
        if self._lib.pa_simple_write(self._stream, data, len(data), byref(self._err)) < 0:
            raise OSError(f"the sound server stopped taking sound (error {self._err.value})")
        latency_us = self._lib.pa_simple_get_latency(self._stream, byref(self._err))
        if self._err.value:  # (uint64)-1 with an error code: no timing this time
            self._err.value = 0
            self._playing = False
            return
        held_s = latency_us * 1e-6
        if held_s < len(data) / 2 / self.rate:
            # Less than this very block is left to play: the stream had run dry and is being
            # refilled (the server holds playback until its buffer is full again).
            if self._playing:
                self._underrun()
            self._playing = False
        else:
            self._playing = True
        self._heard = (self.frames_written - latency_us * 1e-6 * self.rate, self.clock.now())

    def _underrun(self) -> None:
        self._underruns += 1
        self._want_s = min(MAX_TARGET_S, max(self._want_s, self.target_s * 2))

    def _between_writes(self) -> None:
        """After underruns, reopen the stream with a larger buffer, in silence (nothing placed)."""
        if self._want_s <= self.target_s or self.mixer.placements():
            return
        err = c_int(0)
        self._lib.pa_simple_drain(self._stream, byref(err))  # the tail of the last clip is heard
        self._lib.pa_simple_free(self._stream)
        self._stream = None
        stream, code = connect(self._lib, self.rate, self._want_s)
        if not stream:
            raise OSError(f"the sound server refused a new stream (error {code})")
        self._stream, self.target_s = stream, self._want_s
        self._heard = None
        self._playing = False
        self.restart_timing()  # a new stream: where playback is must be learnt again

    def _why_failed(self, exc: Exception) -> str:
        return str(exc) if isinstance(exc, OSError) else super()._why_failed(exc)

    def close(self) -> None:
        if not self._stop_pushing(2.0):
            return  # stuck in a write: freeing the stream under it would crash; the process ends it
        if self._stream is None:
            return
        err = c_int(0)
        # What the server still holds (the end of the closing phrase) is played, not dropped.
        self._lib.pa_simple_drain(self._stream, byref(err))
        self._lib.pa_simple_free(self._stream)
        self._stream = None

    def describe(self) -> str:
        text = f"PulseAudio, {self.rate} Hz, buffer {self.target_s * 1000:.0f} ms"
        if self._underruns:
            text += f", {self._underruns} underrun(s)"
        if self.latency_s:
            text += f", + {self.latency_s * 1000:.0f} ms after the server"
        return text + (f", skipped {self.dropped} late cue(s)" if self.dropped else "")


def open_backend(clock: Clock, rate: int, latency_s: float | None = None, lib: Any = None,
                 target_s: float = TARGET_S) -> PulseOutput:
    """Connect a playback stream to the default PulseAudio server; unavailable if none answers.

    The server reports its latency continuously; ``latency_s`` (``--latency`` or ``trackcue
    calibrate``) is the delay on top of it that it cannot see, e.g. a Bluetooth headset's own.
    """
    lib = lib or load_library()
    stream, code = connect(lib, rate, target_s)
    if not stream:
        raise BackendUnavailable(f"no PulseAudio server (error {code})")
    return PulseOutput(clock, rate, lib, stream, target_s, latency_s or 0.0)
