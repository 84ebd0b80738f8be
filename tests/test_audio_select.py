"""--audio: auto falls through unavailable backends, says what it chose, keeps ALSA quiet."""

import io
import os
import sys
import types
from array import array

import pytest

from trackcue.audio.backends import bell_out, pipe_out, pulse_out
from trackcue.audio.output import BackendUnavailable
from trackcue.audio.clip import Clip
from trackcue.audio.quiet import quiet_stderr
from trackcue.audio.select import AUTO_ORDER, open_output
from trackcue.errors import UserError
from trackcue.engine.clock import FakeClock

RATE = 8000



class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def fake_miniaudio(backend="PulseAudio", noise=b""):
    """A stand-in for the miniaudio module: its device records the generator it is given."""
    module = types.ModuleType("miniaudio")
    module.SampleFormat = types.SimpleNamespace(SIGNED16="s16")

    class PlaybackDevice:
        def __init__(self, **kw):
            if noise:
                os.write(2, noise)  # what ALSA does when it probes cards
            self.backend = backend
            self.gen = None
            self.closed = False
            module.last = self

        def start(self, gen):
            self.gen = gen

        def close(self):
            self.closed = True

    module.PlaybackDevice = PlaybackDevice
    return module


@pytest.fixture
def backends(monkeypatch):
    """Every backend available but harmless; tests knock them out one by one."""
    state = types.SimpleNamespace()

    def no_libpulse():
        raise BackendUnavailable("libpulse-simple not found (no PulseAudio client library)")

    monkeypatch.setattr(pulse_out, "load_library", no_libpulse)  # tests/test_audio_pulse.py fakes one
    state.miniaudio = fake_miniaudio()
    monkeypatch.setitem(sys.modules, "miniaudio", state.miniaudio)
    monkeypatch.setitem(sys.modules, "simpleaudio", None)
    player = [sys.executable, "-c", "import sys, shutil; shutil.copyfileobj(sys.stdin.buffer, "
              "open(__import__('os').devnull, 'wb'))"]
    monkeypatch.setattr(pipe_out, "player_commands", lambda rate: [("fakeplayer", player, 0.0)])
    monkeypatch.setattr(pipe_out.shutil, "which", lambda name: name)
    state.terminal = FakeTerminal()
    monkeypatch.setattr(bell_out, "_terminal", lambda: state.terminal)

    def knock_out(name):
        if name == "miniaudio":
            monkeypatch.setitem(sys.modules, "miniaudio", None)
        elif name == "pipe":
            monkeypatch.setattr(pipe_out.shutil, "which", lambda name: None)
        elif name == "bell":
            monkeypatch.setattr(bell_out, "_terminal", lambda: None)

    state.knock_out = knock_out
    return state


REASONS = {
    "pulse": "pulse: libpulse-simple not found",
    "miniaudio": "miniaudio: not installed",
    "simpleaudio": "simpleaudio: not installed (pip install 'trackcue[simpleaudio]')",
    "pipe": "pipe: no player found",
    "bell": "bell: no terminal to ring",
}


@pytest.mark.parametrize(("knocked", "chosen"), [
    ((), "miniaudio"),
    (("miniaudio",), "pipe"),  # simpleaudio is not installed in the test environment
    (("miniaudio", "pipe"), "bell"),
    (("miniaudio", "pipe", "bell"), "null"),
])
def test_auto_falls_through_and_says_once_what_it_chose(backends, knocked, chosen):
    for name in knocked:
        backends.knock_out(name)
    said = []
    out = open_output("auto", FakeClock(), log=said.append, rate=RATE)
    try:
        assert out.name == chosen
        assert len(said) == 1 and said[0].startswith(f"audio: {chosen}")
        for name in AUTO_ORDER[:AUTO_ORDER.index(chosen)]:
            assert REASONS[name] in said[0]
    finally:
        out.close()


def test_miniaudio_null_backend_is_no_device(backends):
    sys.modules["miniaudio"] = fake_miniaudio(backend="Null")
    backends.knock_out("pipe")
    said = []
    out = open_output("auto", FakeClock(), log=said.append, rate=RATE)
    assert out.name == "bell"
    assert "miniaudio: no sound device (only miniaudio's silent null backend)" in said[0]


def test_named_backend_that_cannot_open_is_a_user_error(backends):
    backends.knock_out("pipe")
    with pytest.raises(UserError) as info:
        open_output("pipe", FakeClock(), rate=RATE)
    assert "audio output pipe is not available: no player found" in str(info.value)
    assert "--audio auto" in str(info.value)


def test_unknown_spec_is_a_user_error():
    with pytest.raises(UserError, match="unknown audio output 'speakers'"):
        open_output("speakers", FakeClock())


def test_alsa_noise_stays_off_the_terminal(backends, capfd):
    sys.modules["miniaudio"] = fake_miniaudio(noise=b"ALSA lib pcm.c: Unknown PCM default\n")
    out = open_output("auto", FakeClock(), rate=RATE)
    os.write(2, b"after\n")
    err = capfd.readouterr().err
    assert "ALSA" not in err and "after" in err  # silenced only while probing
    out.close()


def test_quiet_stderr_restores_fd_2(capfd):
    with quiet_stderr():
        os.write(2, b"hidden\n")
    os.write(2, b"shown\n")
    assert capfd.readouterr().err == "shown\n"


def tone(name="go"):
    return Clip(array("h", [1000] * 80), RATE, name)


def test_miniaudio_streams_the_mix_through_its_generator(backends):
    clock = FakeClock()
    out = open_output("miniaudio", clock, latency_s=0.0, rate=RATE)
    out.play_at(tone(), 0.5)
    out.start()
    gen = backends.miniaudio.last.gen
    data = bytearray()
    for _ in range(100):  # 1 s in 10 ms callbacks
        data += gen.send(80)
        clock.advance(0.01)
    played = array("h", bytes(data))
    assert played.index(1000) == round(0.5 * RATE)
    assert "miniaudio: PulseAudio" in out.status
    out.close()
    assert backends.miniaudio.last.closed


def test_failover_mid_run_keeps_the_queued_clips(backends):
    for name in ("pipe", "bell"):
        backends.knock_out(name)
    clock = FakeClock()
    said = []
    out = open_output("auto", clock, log=said.append, rate=RATE)
    out.start()
    out.play_at(tone("pip3"), 5.0)
    out.play_at(tone("go"), 6.0)
    clock.set(1.0)
    backends.miniaudio.last.stop_callback()  # the device disappeared (unplugged headphones)
    out.check()
    assert out.name == "null"
    assert [(t, c.name) for t, c in out.current.queued] == [(5.0, "pip3"), (6.0, "go")]
    assert "miniaudio stopped (the sound device stopped); now playing through null" in said[-1]
    assert "after miniaudio: the sound device stopped" in out.status
    out.play_at(tone("stop"), 7.0)  # and it keeps taking cues
    assert len(out.current.queued) == 3 and not out.failed
    out.close()


def test_a_callback_error_fails_over_instead_of_raising(backends, monkeypatch):
    for name in ("pipe", "bell"):
        backends.knock_out(name)
    clock = FakeClock()
    out = open_output("auto", clock, rate=RATE)
    out.start()
    out.play_at(tone(), 3.0)
    monkeypatch.setattr(out.current.mixer, "render", lambda *a: 1 / 0)
    gen = backends.miniaudio.last.gen
    for _ in range(30):
        assert gen.send(80) == bytes(160)  # silence, never an exception into C
        clock.advance(0.01)
    out.check()
    assert out.name == "null" and [c.name for _, c in out.current.queued] == ["go"]
    assert "callback error: ZeroDivisionError" in out.history[0]
