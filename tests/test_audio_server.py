"""A real PulseAudio server (private, null sink): killed and restarted mid-run, underruns counted."""

from __future__ import annotations

import threading
import time
from array import array

from trackcue.audio import failover
from trackcue.audio.backends import pulse_out
from trackcue.audio.backends.null_out import NullOutput
from trackcue.audio.clip import Clip
from trackcue.audio.select import open_output
from trackcue.engine.clock import FakeClock, RealClock

RATE = 44100


def beep(seconds: float = 0.3, level: int = 12000) -> Clip:
    period = RATE // 1000
    return Clip(array("h", [level if (i // (period // 2)) % 2 else -level for i in range(round(seconds * RATE))]),
                RATE, "beep")


def wait_for(condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def loud_frames(samples: array, level: int = 6000) -> int:
    return sum(1 for s in samples if abs(s) >= level)


def test_the_output_comes_back_when_the_sound_server_restarts(pulse_server, monkeypatch):
    monkeypatch.setattr(failover, "REATTACH_S", 0.5)
    clock = RealClock()
    out = open_output("pulse", clock, rate=RATE)
    out.start()
    try:
        assert out.status.startswith("pulse: PulseAudio")
        pulse_server.kill()  # a crash, mid-run
        wait_for(lambda: "— after pulse: the sound server stopped taking sound" in out.status)
        pulse_server.start()  # back, on the same socket, a moment later
        wait_for(lambda: out.status.startswith("pulse: PulseAudio"))
        assert out.history[-1] == "pulse: back", out.history
        recording = pulse_server.record()
        # Waited for, not slept: under load parec connects and delivers late, never early.
        wait_for(lambda: recording.frames > 0)  # parec connected: the monitor flows
        out.play_at(beep(), clock.now() + 0.5)
        whole = 0.9 * len(beep().samples)
        wait_for(lambda: loud_frames(recording.samples()) >= whole)
        samples = recording.stop()
    finally:
        out.close()
    # The whole beep is heard through the restarted server (before the fix: nothing, ever again).
    assert loud_frames(samples) >= whole


class StarvedPulse:
    """libpulse-simple whose server reports holding almost nothing after some writes (it ran dry)."""

    def __init__(self, clock: FakeClock, dry_at: set[int], writes: int = 400) -> None:
        self.clock, self.dry_at, self.writes = clock, dry_at, writes
        self.n = 0
        self.opened: list[int] = []  # tlength in bytes of each stream opened
        self.done = threading.Event()

    def pa_simple_new(self, *args):
        attr = args[7]._obj  # the buffer attributes, passed by reference
        self.opened.append(attr.tlength)
        return len(self.opened)

    def pa_simple_write(self, stream, data, size, err):
        self.n += 1
        if self.n >= self.writes:
            self.done.set()
            self.done.wait()
            return 0
        self.clock.advance(size / 2 / RATE)
        return 0

    def pa_simple_get_latency(self, stream, err):
        return 1000 if self.n in self.dry_at else 60000  # µs held: 1 ms (dry) or 60 ms

    def pa_simple_drain(self, stream, err):
        pass

    def pa_simple_free(self, stream):
        pass


def test_underruns_are_counted_and_the_buffer_grows_in_a_silent_moment():
    clock = FakeClock()
    lib = StarvedPulse(clock, dry_at={50, 51, 52, 120})
    out = pulse_out.open_backend(clock, RATE, lib=lib, target_s=0.05)
    out.start()
    assert lib.done.wait(10)
    out.close()
    # Two dry spells (one of three reports, one of one): two underruns, each doubling the buffer.
    assert out.underruns == 2
    assert [t // 2 for t in lib.opened] == [round(0.05 * RATE), round(0.1 * RATE), round(0.2 * RATE)]
    assert out.status == f"pulse: PulseAudio, {RATE} Hz, buffer 200 ms, 2 underrun(s)"


def test_the_buffer_is_not_reopened_while_a_clip_sounds():
    clock = FakeClock()
    lib = StarvedPulse(clock, dry_at={50}, writes=200)
    out = pulse_out.open_backend(clock, RATE, lib=lib)
    out.play_at(Clip(array("h", [1000] * RATE * 10), RATE, "long"), 0.3)  # sounds the whole test
    out.start()
    assert lib.done.wait(10)
    out.close()
    assert out.underruns == 1 and len(lib.opened) == 1  # waits for silence


def test_failover_underruns_add_up_across_outputs():
    clock = FakeClock()
    first = NullOutput(clock, RATE)
    out = failover.FailoverOutput(first, [("null", lambda: NullOutput(clock, RATE))], clock)
    assert out.underruns == 0 and out.audible is False and out.speaks is False


def test_doctor_reports_underruns_of_a_real_server(pulse_server, cli):
    code, out, _ = cli("doctor", "--json")
    assert code == 0
    import json

    rows = {r["name"]: r for r in json.loads(out)["audio"]}
    assert rows["pulse"]["ok"] is True
    assert rows["pulse"]["underruns"] == 0
    assert "0 underruns in 1.0 s" in rows["pulse"]["detail"]

