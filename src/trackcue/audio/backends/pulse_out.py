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
import threading
from ctypes import POINTER, byref, c_char_p, c_int, c_size_t, c_uint8, c_uint32, c_uint64, c_void_p

from trackcue.audio.output import BackendUnavailable, Clock
from trackcue.audio.stream import StreamOutput

_CHUNK_S = 0.01  # frames mixed per write: the mixer's placement does not depend on it
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


class PulseOutput(StreamOutput):
    """One playback stream; a writer thread mixes, writes (blocking) and asks the server's latency."""

    def __init__(self, clock: Clock, rate: int, lib, stream) -> None:
        super().__init__(clock, rate, 0.0, "pulse")  # the observations are of the frame heard
        self._lib = lib
        self._stream = stream
        self._heard: tuple[float, float] | None = None  # (frame heard, clock time), after each write
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="trackcue-pulse", daemon=True)
        self._thread.start()
        self.mark_started()

    def _observation(self, now: float) -> tuple[float, float] | None:
        return self._heard

    def _run(self) -> None:
        err = c_int(0)
        chunk = max(1, round(_CHUNK_S * self.rate))
        while not self._stop.is_set():
            data = self.fill(chunk)
            if self._lib.pa_simple_write(self._stream, data, len(data), byref(err)) < 0:
                self.fail(f"the sound server stopped taking sound (error {err.value})")
                return
            latency_us = self._lib.pa_simple_get_latency(self._stream, byref(err))
            if err.value:  # (uint64)-1 with an error code: no timing this time
                err.value = 0
                continue
            written = self.frames_written
            self._heard = (written - latency_us * 1e-6 * self.rate, self.clock.now())

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2.0)
            if self._thread.is_alive():
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
