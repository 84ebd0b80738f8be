"""The backends other than miniaudio: simpleaudio chunks, the pipe, the bell, null."""

import io
import threading
import sys
import time
import types
from array import array

from trackcue.audio.backends import bell_out, null_out, pipe_out, simpleaudio_out
from trackcue.audio.clip import Clip
from trackcue.audio.failover import FailoverOutput
from trackcue.audio.select import opener
from trackcue.engine.clock import FakeClock

RATE = 8000



def tone(name="go"):
    return Clip(array("h", [1000] * 80), RATE, name)


def wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def fake_simpleaudio(clock, chunks_before_error):
    """play_buffer records each chunk and moves the clock by its length; then it breaks."""
    module = types.ModuleType("simpleaudio")
    module.played = []

    class PlayObject:
        def wait_done(self):
            pass

        def stop(self):
            pass

    def play_buffer(data, channels, width, rate):
        assert (channels, width, rate) == (1, 2, RATE)
        if len(module.played) >= chunks_before_error:
            raise RuntimeError("device lost")
        if len(data) > 2 * round(0.01 * RATE):  # not the availability probe
            module.played.append(bytes(data))
            clock.advance(len(data) / 2 / rate)
        return PlayObject()

    module.play_buffer = play_buffer
    return module


def test_simpleaudio_plays_the_mix_in_consecutive_chunks(monkeypatch):
    clock = FakeClock()
    sa = fake_simpleaudio(clock, chunks_before_error=12)
    monkeypatch.setitem(sys.modules, "simpleaudio", sa)
    out = simpleaudio_out.open_backend(clock, RATE, latency_s=0.0)
    out.play_at(tone(), 1.3)
    out.start()
    assert wait_for(lambda: out.failed)
    played = array("h", b"".join(sa.played))
    assert played.index(1000) == round(1.3 * RATE)
    assert "playback error: device lost" in out.status
    out.close()


def test_pipe_feeds_a_player_and_fails_over_when_it_dies(monkeypatch, tmp_path):
    # A "player" that keeps what it got for a moment, then quits: our next write hits EPIPE.
    player = [sys.executable, "-c", "import time; time.sleep(0.6)"]
    monkeypatch.setattr(pipe_out, "player_commands", lambda rate: [("shortlived", player, 0.0)])
    monkeypatch.setattr(pipe_out.shutil, "which", lambda name: name)
    clock = FakeClock()
    pipe = pipe_out.open_backend(clock, RATE)
    assert pipe.name == "pipe" and "shortlived" in pipe.status
    out = FailoverOutput(pipe, [("null", opener("null", clock, RATE, None))], clock)
    out.start()
    out.play_at(tone(), 30.0)
    assert wait_for(lambda: out.name == "null")
    assert [c.name for _, c in out.current.queued] == ["go"]
    assert "pipe: shortlived stopped" in out.status
    out.close()


def test_pipe_player_that_exits_at_once_is_unavailable(monkeypatch):
    player = [sys.executable, "-c", "raise SystemExit(3)"]
    monkeypatch.setattr(pipe_out, "player_commands", lambda rate: [("broken", player, 0.0)])
    monkeypatch.setattr(pipe_out.shutil, "which", lambda name: name)
    try:
        pipe_out.open_backend(FakeClock(), RATE)
    except pipe_out.BackendUnavailable as exc:
        assert str(exc) == "broken exited (3)"
    else:
        raise AssertionError("a dead player must not be chosen")


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_bell_rings_for_tones_at_their_time_not_for_speech():
    clock = FakeClock()
    term = FakeTerminal()
    bell = bell_out.open_backend(clock, RATE, stream=term)
    bell.play_at(tone("pip3"), 1.0)
    bell.play_at(tone("5 seconds"), 1.5)  # a spoken phrase: cannot be rung
    bell.play_at(tone("go"), 2.0)
    bell.play_at(tone("stop"), 3.0)
    bell.cancel_from(2.5)
    assert bell.ring_due() == 0 and term.getvalue() == ""
    clock.set(1.0)
    assert bell.ring_due() == 1 and term.getvalue() == "\a"
    clock.set(10.0)
    assert bell.ring_due() == 1 and bell.rung == 2


def test_bell_thread_rings_on_its_own():
    clock = FakeClock()
    term = FakeTerminal()
    bell = bell_out.open_backend(clock, RATE, stream=term)
    bell.start()
    bell.play_at(tone("split"), 0.5)
    clock.set(0.6)
    assert wait_for(lambda: bell.rung == 1)
    bell.close()


def test_null_keeps_what_would_sound():
    null = null_out.open_backend(FakeClock(), RATE)
    null.play_at(tone("go"), 2.0)
    null.play_at(tone("pip1"), 1.0)
    null.cancel_from(1.5)
    assert [(t, c.name) for t, c in null.queued] == [(1.0, "pip1")]
    assert null.status == "null: no sound (timing only)"
    null.close()


class SlowStartOutput(null_out.NullOutput):
    """A device that takes a moment to start (a sound server coming back); ``name`` as given."""

    def __init__(self, clock, name: str, started: threading.Event, release: threading.Event) -> None:
        super().__init__(clock, RATE)
        self.name = name
        self._started_ev, self._release = started, release

    def start(self) -> None:
        self._started_ev.set()
        assert self._release.wait(5)


def test_while_a_lost_output_comes_back_the_status_never_runs_ahead_of_the_history():
    # The screen reads status without the lock while the failover works. It used to show the
    # returning output as playing before "back" was in the history (and before its queue was
    # handed over): the restart test on a real server saw it now and then.
    clock = FakeClock()
    started, release = threading.Event(), threading.Event()
    first = SlowStartOutput(clock, "pulse", threading.Event(), threading.Event())
    first._release.set()
    out = FailoverOutput(first, [("null", opener("null", clock, RATE, None))], clock,
                         reopen=lambda: SlowStartOutput(clock, "pulse", started, release), reattach_s=3600)
    out.start()
    out.play_at(tone(), 5.0)
    first.fail("the sound server stopped")
    out.check()
    assert out.name == "null" and out.history == ["pulse: the sound server stopped"]
    coming_back = threading.Thread(target=out.reattach)
    coming_back.start()
    assert started.wait(5)
    seen = out.status, out.name  # mid-way: the new output is starting
    release.set()
    coming_back.join(5)
    assert seen[1] == "null" and seen[0].startswith("null: "), seen
    assert out.name == "pulse" and out.history[-1] == "pulse: back"
    assert [c.name for _, c in out.current.queued] == ["go"]  # the queue came along
    out.close()
