"""The default output: one miniaudio PlaybackDevice pulling the mix through a generator."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Protocol

from trackcue.audio.output import BackendUnavailable, Clock
from trackcue.audio.quiet import quiet_stderr
from trackcue.audio.stream import StreamOutput

# Measured on PulseAudio (bench/README.md, end to end): with 10 ms periods the callbacks come on an
# even beat (±0.05 ms) that keeps a fixed relation to the sound, which the frame clock needs;
# 20-80 ms periods made them wander by ±2-5 ms and the onsets with them.
_PERIOD_MS = 10


class PlaybackDevice(Protocol):
    """What trackcue uses of ``miniaudio.PlaybackDevice`` (miniaudio ships no type marker)."""

    backend: str
    stop_callback: Callable[[], None] | None

    def start(self, callback_generator: Generator[bytes, int, None]) -> None: ...
    def close(self) -> None: ...


class MiniaudioOutput(StreamOutput):
    """Streams the mixer to the system's default device (PulseAudio, ALSA, CoreAudio, WASAPI…)."""

    def __init__(self, clock: Clock, rate: int, latency_s: float, device: PlaybackDevice) -> None:
        super().__init__(clock, rate, latency_s, "miniaudio")
        self.device = device

    def start(self) -> None:
        gen = self._generator()
        next(gen)
        self.device.stop_callback = lambda: self.fail("the sound device stopped")
        try:
            with quiet_stderr():
                self.device.start(gen)
        except Exception as exc:  # noqa: BLE001 - any start failure means: try the next backend
            self.fail(f"cannot start the device: {exc}")
            return
        self.mark_started()

    def _generator(self) -> Generator[bytes, int, None]:
        nframes = yield b""
        while True:
            try:
                data = self.fill(nframes)
            except Exception as exc:  # noqa: BLE001 - never raise into the C callback
                self.fail(f"callback error: {exc!r}")
                data = bytes(2 * nframes)
            nframes = yield data

    def close(self) -> None:
        with quiet_stderr():
            self.device.close()

    def describe(self) -> str:
        return f"{self.device.backend}, " + super().describe()


def open_backend(clock: Clock, rate: int, latency_s: float | None = None) -> MiniaudioOutput:
    """Open the default playback device; unavailable if miniaudio or a real device is missing."""
    try:
        import miniaudio
    except ImportError as exc:
        raise BackendUnavailable("not installed (pip install miniaudio)") from exc
    try:
        with quiet_stderr():
            device = miniaudio.PlaybackDevice(
                output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=rate,
                buffersize_msec=_PERIOD_MS, app_name="trackcue")
    except Exception as exc:  # noqa: BLE001 - MiniaudioError or a broken install alike
        raise BackendUnavailable(f"no sound device ({exc})") from exc
    if device.backend.lower() == "null":
        with quiet_stderr():
            device.close()
        raise BackendUnavailable("no sound device (only miniaudio's silent null backend)")
    if latency_s is None:
        # pyminiaudio's cffi struct hides the device's real buffer, so this is an estimate (three
        # periods); a constant error here moves every cue alike, and --latency corrects it.
        latency_s = 3 * _PERIOD_MS / 1000
    return MiniaudioOutput(clock, rate, latency_s, device)
