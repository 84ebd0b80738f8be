"""The simpleaudio output (``pip install 'trackcue[simpleaudio]'``: simpleaudio-patched).

simpleaudio has no stream callback, only "play this buffer". A feeder thread therefore plays
the mix in consecutive chunks, each as its own short stream. The trade-off: every chunk starts a
new stream, so there is a small gap (a few ms) and start jitter at each chunk boundary — onsets
are only as steady as simpleaudio's per-call start (typically 5–20 ms, worse under load) and a
clip crossing a boundary can click. Prefer miniaudio or the pipe; this is a fallback.
"""

from __future__ import annotations

import threading
from typing import Protocol

from trackcue.audio.output import BackendUnavailable, Clock
from trackcue.audio.quiet import quiet_stderr
from trackcue.audio.stream import StreamOutput

CHUNK_S = 0.25  # longer chunks: fewer gaps; shorter: cancels take effect sooner


class PlayObject(Protocol):
    """What trackcue uses of simpleaudio's ``PlayObject`` (simpleaudio ships no types)."""

    def wait_done(self) -> None: ...
    def stop(self) -> None: ...


class Simpleaudio(Protocol):
    """What trackcue uses of the ``simpleaudio`` module."""

    def play_buffer(self, audio_data: bytes, num_channels: int, bytes_per_sample: int,
                    sample_rate: int) -> PlayObject: ...


class SimpleaudioOutput(StreamOutput):
    """Plays the mixer's output chunk after chunk from a feeder thread."""

    def __init__(self, clock: Clock, rate: int, latency_s: float, sa: Simpleaudio) -> None:
        super().__init__(clock, rate, latency_s, "simpleaudio",
                         horizon_s=max(1.0, 2 * CHUNK_S))
        self._sa = sa
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._playing: PlayObject | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._feed, name="trackcue-simpleaudio",
                                        daemon=True)
        self._thread.start()
        self.mark_started()

    def _feed(self) -> None:
        chunk = round(CHUNK_S * self.rate)
        try:
            while not self._stop.is_set():
                data = self.fill(chunk)
                self._playing = playing = self._sa.play_buffer(data, 1, 2, self.rate)
                playing.wait_done()
        except Exception as exc:  # noqa: BLE001 - any playback error means: try the next backend
            if not self._stop.is_set():
                self.fail(f"playback error: {exc}")

    def close(self) -> None:
        self._stop.set()
        playing = self._playing
        if playing is not None:
            playing.stop()
        if self._thread is not None:
            self._thread.join(timeout=1.0)

    def describe(self) -> str:
        return f"{CHUNK_S * 1000:.0f} ms chunks, " + super().describe()


def open_backend(clock: Clock, rate: int, latency_s: float | None = None) -> SimpleaudioOutput:
    """Check simpleaudio can play (a few ms of silence); unavailable otherwise."""
    try:
        import simpleaudio as sa
    except ImportError as exc:
        raise BackendUnavailable("not installed (pip install 'trackcue[simpleaudio]')") from exc
    try:
        with quiet_stderr():
            sa.play_buffer(bytes(2 * round(0.01 * rate)), 1, 2, rate).wait_done()
    except Exception as exc:  # noqa: BLE001 - SimpleaudioError or a broken install alike
        raise BackendUnavailable(f"no sound device ({exc})") from exc
    return SimpleaudioOutput(clock, rate, 0.02 if latency_s is None else latency_s, sa)
