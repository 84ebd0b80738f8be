"""The PulseAudio backend: clips placed by the latency the server reports, failures handed on."""

import ctypes
import threading
from array import array

import pytest

from trackcue.audio.backends import pulse_out
from trackcue.audio.clip import Clip
from trackcue.audio.output import BackendUnavailable
from trackcue.engine.clock import FakeClock

RATE = 8000
LATENCY_S = 0.05


class FakePulse:
    """libpulse-simple as the backend calls it: each write "plays" in real time on a fake clock."""

    def __init__(self, clock, stop_after_s=3.0, fail_after_s=None, connect=True):
        self.clock, self.connect = clock, connect
        self.played = bytearray()
        self.done = threading.Event()
        self.stop_after = int(stop_after_s * RATE) * 2
        self.fail_after = None if fail_after_s is None else int(fail_after_s * RATE) * 2
        self.drained = self.freed = False

    def pa_simple_new(self, *args):
        return 1 if self.connect else None

    def pa_simple_write(self, stream, data, size, err):
        if self.fail_after is not None and len(self.played) >= self.fail_after:
            self.done.set()
            return -1
        if len(self.played) >= self.stop_after:
            self.done.set()
            self.done.wait()
            return 0
        self.played += ctypes.string_at(data, size) if not isinstance(data, bytes) else data
        self.clock.set(len(self.played) // 2 / RATE)  # a blocking write returns as the server takes it
        return 0

    def pa_simple_get_latency(self, stream, err):
        return round(LATENCY_S * 1e6)

    def pa_simple_drain(self, stream, err):
        self.drained = True

    def pa_simple_free(self, stream):
        self.freed = True


def click():
    return Clip(array("h", [12000] * 40), RATE, "click")


def two_clicks(latency_s: float | None = None):
    """Clicks at 1.0 and 2.25 s through a fake server: (the output, the server, the onset frames)."""
    clock = FakeClock()
    lib = FakePulse(clock)
    out = pulse_out.open_backend(clock, RATE, latency_s, lib=lib)
    out.play_at(click(), 1.0)
    out.play_at(click(), 2.25)
    out.start()
    assert lib.done.wait(10)
    out.close()
    samples = array("h", bytes(lib.played[:lib.stop_after]))
    return out, lib, [i for i, s in enumerate(samples) if s and not samples[i - 1]]


def test_a_clip_is_heard_at_its_time_by_the_servers_latency():
    out, lib, onsets = two_clicks()
    # Written at frame F, heard LATENCY_S later: placed LATENCY_S early in the stream.
    assert onsets == [round((t - LATENCY_S) * RATE) for t in (1.0, 2.25)]
    assert lib.drained and lib.freed and not out.failed
    assert out.status == "pulse: PulseAudio, 8000 Hz, buffer 200 ms" and out.underruns == 0


def test_a_server_that_stops_taking_sound_fails_the_output():
    clock = FakeClock()
    lib = FakePulse(clock, fail_after_s=0.5)
    out = pulse_out.open_backend(clock, RATE, lib=lib)
    out.start()
    assert lib.done.wait(10)
    out.close()
    assert out.failed and "stopped taking sound" in out.status


def test_no_server_is_unavailable():
    with pytest.raises(BackendUnavailable, match="no PulseAudio server"):
        pulse_out.open_backend(FakeClock(), RATE, lib=FakePulse(FakeClock(), connect=False))


def test_a_calibrated_delay_comes_on_top_of_the_servers():
    """A Bluetooth headset's own buffer, which the server cannot see: clips go that much earlier."""
    out, _, onsets = two_clicks(0.15)
    assert onsets == [round((t - LATENCY_S - 0.15) * RATE) for t in (1.0, 2.25)]
    assert ", + 150 ms after the server" in out.status
