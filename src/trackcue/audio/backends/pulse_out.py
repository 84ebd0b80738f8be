"""PulseAudio (and PipeWire's PulseAudio server) through libpulse-simple, placed by the server's clock.

The other device backends learn where playback is from when their device asks for sound. On
PulseAudio that relation moves by a whole sink block (2.5 ms on the null sink) when the machine
stalls, and nothing in the callbacks shows it (bench/README.md, end to end). The server itself
knows: after each write, ``pa_simple_get_latency`` says how long until the last frame written is
heard, so the frame heard *now* is (frames written − latency). The frame clock is fed that, and
clips are placed with no latency guess at all. Measured on the null sink: click-train spread
0.30-0.53 ms against 2.0-2.8 ms for miniaudio's callbacks.

libpulse-simple is a system library (there wherever a PulseAudio server runs); without it, or
without a server, the backend is unavailable and ``auto`` moves on to miniaudio.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from ctypes import POINTER, byref, c_char_p, c_int, c_size_t, c_uint8, c_uint32, c_uint64, c_void_p

from trackcue.audio.output import BackendUnavailable, Clock
from trackcue.audio.stream import PushedOutput

_TARGET_S = 0.05  # what the server keeps buffered: rides out the 5-20 ms stalls of a busy machine
_PLAYBACK, _S16LE, _UNSET = 1, 3, 0xFFFFFFFF


class _SampleSpec(ctypes.Structure):
    _fields_ = [("format", c_int), ("rate", c_uint32), ("channels", c_uint8)]


class _BufferAttr(ctypes.Structure):
    _fields_ = [(name, c_uint32) for name in ("maxlength", "tlength", "prebuf", "minreq", "fragsize")]


def load_library():
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


class PulseOutput(PushedOutput):
    """One playback stream; after each (blocking) write the server says how far behind playback is."""

    def __init__(self, clock: Clock, rate: int, lib, stream) -> None:
        super().__init__(clock, rate, 0.0, "pulse")  # the observations are of the frame heard
        self._lib = lib
        self._stream = stream
        self._err = c_int(0)  # the writer thread's error slot
        self._heard: tuple[float, float] | None = None  # (frame heard, clock time), after each write

    def _observation(self, now: float) -> tuple[float, float] | None:
        return self._heard

    def _write(self, data: bytes) -> None:
        if self._lib.pa_simple_write(self._stream, data, len(data), byref(self._err)) < 0:
            raise OSError(f"the sound server stopped taking sound (error {self._err.value})")
        latency_us = self._lib.pa_simple_get_latency(self._stream, byref(self._err))
        if self._err.value:  # (uint64)-1 with an error code: no timing this time
            self._err.value = 0
            return
        self._heard = (self.frames_written - latency_us * 1e-6 * self.rate, self.clock.now())

    def _why_failed(self, exc: Exception) -> str:
        return str(exc) if isinstance(exc, OSError) else super()._why_failed(exc)

    def close(self) -> None:
        if not self._stop_pushing(2.0):
            return  # stuck in a write: freeing the stream under it would crash; the process ends it
        err = c_int(0)
        # What the server still holds (~50 ms: the end of the closing phrase) is played, not dropped.
        self._lib.pa_simple_drain(self._stream, byref(err))
        self._lib.pa_simple_free(self._stream)

    def describe(self) -> str:
        text = f"PulseAudio, {self.rate} Hz, latency as the server reports it"
        return text + (f", skipped {self.dropped} late cue(s)" if self.dropped else "")


def open_backend(clock: Clock, rate: int, latency_s: float | None = None, lib=None) -> PulseOutput:
    """Connect a playback stream to the default PulseAudio server; unavailable if none answers.

    ``latency_s`` is not used: the server reports the real one continuously.
    """
    lib = lib or load_library()
    spec = _SampleSpec(_S16LE, rate, 1)
    attr = _BufferAttr(_UNSET, round(_TARGET_S * rate) * 2, _UNSET, _UNSET, _UNSET)
    err = c_int(0)
    stream = lib.pa_simple_new(None, b"trackcue", _PLAYBACK, None, b"cues", byref(spec), None,
                               byref(attr), byref(err))
    if not stream:
        raise BackendUnavailable(f"no PulseAudio server (error {err.value})")
    return PulseOutput(clock, rate, lib, stream)
