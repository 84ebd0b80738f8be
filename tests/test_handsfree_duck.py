"""Music ducking: the envelope drawn from the cue plan, the ducker's thread, and real streams on PulseAudio."""

from __future__ import annotations

import json
import math
import subprocess
import threading
import time
from array import array
from pathlib import Path

import pytest
from sound_analysis import db, levels, runs_above

from trackcue.engine.clock import RealClock
from trackcue.handsfree.duck import DuckShape, Ducker, level_db, merge, next_change
from trackcue.handsfree.pulse_volumes import PulseVolumes, factor, restore_left_over

SHAPE = DuckShape()  # -12 dB, down 0.15 s ending 0.05 s before the sound, up 0.4 s, bridge 1.5 s


def test_the_music_is_down_when_the_sound_starts_and_back_after_it():
    spans = [(10.0, 11.0)]
    assert level_db(spans, 9.79, SHAPE) == 0.0  # before the ramp
    assert level_db(spans, 9.875, SHAPE) == pytest.approx(-6.0)  # half way down
    assert level_db(spans, 9.95, SHAPE) == -12.0  # down a little before the sound starts
    assert level_db(spans, 10.0, SHAPE) == -12.0
    assert level_db(spans, 10.99, SHAPE) == -12.0
    assert level_db(spans, 11.2, SHAPE) == pytest.approx(-6.0)  # half way up
    assert level_db(spans, 11.4, SHAPE) == 0.0


def test_pips_and_their_phrase_are_one_duck_but_sounds_far_apart_are_two():
    pips = [(10.0, 10.1), (11.0, 11.1), (12.0, 12.3), (12.5, 14.0)]  # 3-2-1-go, then "Rep 1 of 8"
    assert merge(pips, SHAPE.bridge_s) == [(10.0, 14.0)]
    assert merge([(10.0, 11.0), (20.0, 21.0), (10.5, 10.8)], SHAPE.bridge_s) == [(10.0, 11.0), (20.0, 21.0)]


def test_the_ducker_wakes_for_ramps_and_sleeps_between_them():
    spans = [(10.0, 11.0)]
    assert next_change(spans, 5.0, SHAPE) == pytest.approx(9.80)  # the ramp's start
    assert next_change(spans, 9.9, SHAPE) == pytest.approx(9.925)  # the ramp's next step
    assert next_change(spans, 10.5, SHAPE) == pytest.approx(11.0)  # held down until the end
    assert next_change(spans, 11.39, SHAPE) == pytest.approx(11.4)  # the last step ends the ramp
    assert next_change(spans, 12.0, SHAPE) is None  # nothing more: sleep until told


def test_ramps_last_real_time_on_a_faster_clock():
    spans = [(100.0, 110.0)]
    assert level_db(spans, 98.75, SHAPE, speed=10) == pytest.approx(-6.0)  # 0.15 s real = 1.5 clock s
    assert next_change(spans, 90.0, SHAPE, speed=10) == pytest.approx(98.0)


def test_a_duck_shape_must_lower():
    with pytest.raises(ValueError):
        DuckShape(depth_db=3.0)
    with pytest.raises(ValueError):
        DuckShape(down_s=0)


class Recorded:
    """A ``StreamVolumes`` that notes each level it is set to, with the clock time."""

    def __init__(self, clock, fail: bool = False) -> None:
        self.clock, self.fail = clock, fail
        self.calls: list[tuple[float, float]] = []
        self.restored = 0
        self.changed = threading.Event()

    def set_level(self, level: float) -> None:
        if self.fail:
            raise OSError("the sound server stopped answering (PulseDisconnected)")
        self.calls.append((self.clock.now(), level))
        self.changed.set()

    def restore(self) -> None:
        self.restored += 1

    def describe(self) -> str:
        return "test streams"


def started(fail: bool = False) -> tuple[RealClock, Recorded, Ducker]:
    """A running ducker on the real clock, its volumes recorded (or failing)."""
    clock = RealClock()
    volumes = Recorded(clock, fail=fail)
    ducker = Ducker(volumes, clock)
    ducker.start()
    return clock, volumes, ducker


def test_the_ducker_lowers_around_a_sound_and_puts_the_music_back():
    clock, volumes, ducker = started()
    start = clock.now() + 0.5
    ducker.expect(start, 0.3)
    time.sleep(0.5 + 0.3 + SHAPE.up_s + 0.5)
    ducker.close()
    lowered = [(t, level) for t, level in volumes.calls if level < 0]
    assert lowered, volumes.calls
    assert min(t for t, _ in lowered) >= start - SHAPE.ahead_s - SHAPE.down_s  # never before its ramp
    assert min(level for _, level in lowered) == -12.0
    assert volumes.calls[-1][1] == 0.0  # back as it was
    assert volumes.calls[-1][0] >= start + 0.3  # not before the sound ended
    assert ducker.ducks == 1 and volumes.restored == 1
    assert ducker.status == "ducking: on (-12 dB, test streams)"


def test_a_cancelled_sound_is_not_ducked():
    clock, volumes, ducker = started()
    start = clock.now() + 0.6
    ducker.expect(start, 0.3)
    ducker.cancel_from(start - 0.1)  # a pause before it
    time.sleep(1.2)
    ducker.close()
    assert volumes.calls == []


def test_a_failing_server_stops_the_ducking_never_the_caller():
    clock, volumes, ducker = started(fail=True)
    ducker.expect(clock.now() + 0.2, 0.2)
    deadline = time.monotonic() + 5
    while ducker.state != "failed" and time.monotonic() < deadline:
        time.sleep(0.02)
    ducker.expect(clock.now() + 0.1, 0.2)  # still fine to call
    ducker.close()
    assert ducker.status == "ducking: stopped (the sound server stopped answering (PulseDisconnected))"
    assert volumes.restored >= 1


# ----- real streams on a private PulseAudio server -------------------------------------------------

RATE = 44100
MUSIC_HZ, CUE_HZ = 440.0, 2000.0


class Music:
    """A steady 440 Hz tone played by another program (pacat), as music would be."""

    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            ["pacat", "--playback", "--client-name=music", "--stream-name=music", f"--rate={RATE}", "--channels=1",
             "--format=s16le", "--latency-msec=50"], stdin=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        period = array("h", (round(6000 * math.sin(2 * math.pi * MUSIC_HZ * i / RATE)) for i in range(RATE // 10)))
        self._chunk = period.tobytes()  # 0.1 s: 44 whole periods, so chunks join without a click
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._play, daemon=True)
        self._thread.start()

    def _play(self) -> None:
        assert self.proc.stdin is not None
        try:
            while not self._stop.is_set():
                self.proc.stdin.write(self._chunk)
                self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass

    def stop(self) -> None:
        self._stop.set()
        self.proc.kill()
        self.proc.wait(timeout=10)


def sink_inputs(env: dict[str, str]) -> dict[str, str]:
    """application.name → volume line of each sink input (pactl)."""
    out = subprocess.run(["pactl", "list", "sink-inputs"], env=env, capture_output=True, text=True, timeout=10).stdout
    found: dict[str, str] = {}
    volume = ""
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("Volume:"):
            volume = line
        if line.startswith("application.name = "):
            found[line.split("=", 1)[1].strip().strip('"')] = volume
    return found


def wait_for(predicate, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def cue_clip(seconds: float):
    from trackcue.audio.clip import Clip

    n = round(seconds * RATE)
    return Clip(array("h", (round(9000 * math.sin(2 * math.pi * CUE_HZ * i / RATE)) for i in range(n))), RATE, "cue")


def test_music_dips_during_each_phrase_and_comes_back(pulse_server, tmp_path: Path):
    from trackcue.audio.select import open_output

    env = pulse_server.client_env()
    music = Music(env)
    try:
        assert wait_for(lambda: "music" in sink_inputs(env))
        recording = pulse_server.record()
        clock = RealClock()
        state = tmp_path / "ducked.json"
        volumes = PulseVolumes(state=state)
        ducker = Ducker(volumes, clock)
        ducker.start()
        output = open_output("pulse", clock)
        output.start()
        phrase = cue_clip(0.8)
        first = clock.now() + 1.5
        for t in (first, first + 3.0):  # two phrases, far enough apart to be two ducks
            output.play_at(phrase, t)
            ducker.expect(t, phrase.duration_s)
        time.sleep(first + 3.0 + 0.8 + 1.5 - clock.now())
        noted_while_running = json.loads(state.read_text()) if state.exists() else None
        samples = recording.stop()
        output.close()
        ducker.close()
        after = sink_inputs(env)
    finally:
        music.stop()
    assert "trackcue" not in [s["name"] for s in (noted_while_running or {"streams": []})["streams"]]
    window = 0.02
    cue = levels(samples, RATE, CUE_HZ, window)
    tune = levels(samples, RATE, MUSIC_HZ, window)
    phrases = runs_above(cue, 1000.0, min_len=10)
    assert len(phrases) == 2, [(a * window, b * window) for a, b in phrases]

    def level(a: float, b: float) -> float:  # the music's mean level between a and b seconds
        part = tune[round(a / window):round(b / window)]
        return sum(part) / len(part)

    for first_w, last_w in phrases:
        begin, end = first_w * window, (last_w + 1) * window
        before = level(begin - 1.2, begin - 0.4)
        during = level(begin + 0.05, end - 0.05)
        at_start = level(begin, begin + 0.02)  # the phrase's first 20 ms: the music is down already
        back = level(end + SHAPE.up_s + 0.2, end + SHAPE.up_s + 0.7)
        figures = f"phrase at {begin:.2f}-{end:.2f} s: before {before:.0f}, during {during:.0f}, after {back:.0f}"
        assert db(during / before) == pytest.approx(-12.0, abs=1.5), figures
        assert db(at_start / before) <= -11.0, f"{figures}, at its start {at_start:.0f}"
        assert db(back / before) == pytest.approx(0.0, abs=1.0), figures
    assert ducker.ducks == 2
    assert not state.exists()  # all put back: nothing left to restore
    assert "100%" in after["music"] and ducker.status.startswith("ducking: on (-12 dB, pulseaudio")


@pytest.fixture
def music(pulse_server):
    """A steady tone playing as another program's music on the private server; yields the clients' env."""
    env = pulse_server.client_env()
    player = Music(env)
    try:
        assert wait_for(lambda: "music" in sink_inputs(env))
        yield env
    finally:
        player.stop()


def test_a_duck_left_by_a_killed_trackcue_is_put_back_at_the_next_start(music, tmp_path: Path):
    state = tmp_path / "ducked.json"
    # The killed trackcue: it noted the music and lowered it by 12 dB, then died (a dead pid).
    dead = subprocess.Popen(["true"])
    dead.wait()
    volumes = PulseVolumes(state=state, own_pid=dead.pid)
    volumes.set_level(-12.0)
    assert json.loads(state.read_text())["pid"] == dead.pid
    assert "63%" in sink_inputs(music)["music"]  # 10^(-12/60): a cubic volume
    assert restore_left_over(state) == ["music"]
    assert "100%" in sink_inputs(music)["music"]
    assert not state.exists()


def test_a_volume_the_user_moved_since_is_theirs(music, tmp_path: Path):
    state = tmp_path / "ducked.json"
    volumes = PulseVolumes(state=state)
    volumes.set_level(-12.0)
    index = next(s["index"] for s in json.loads(state.read_text())["streams"] if s["name"] == "music")
    subprocess.run(["pactl", "set-sink-input-volume", str(index), "70%"], env=music, check=True, timeout=10)
    volumes.restore()
    assert "70%" in sink_inputs(music)["music"]
    assert not state.exists()


def test_no_left_over_means_nothing_is_touched(tmp_path: Path):
    assert restore_left_over(tmp_path / "ducked.json") == []
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert restore_left_over(broken) == [] and not broken.exists()


def test_twelve_decibels_is_a_cubic_volume_factor():
    assert factor(-12.0) ** 3 == pytest.approx(10 ** (-12 / 20))
    assert factor(0.0) == 1.0
