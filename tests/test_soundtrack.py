"""The soundtrack: pre-rendered speech and tones placed where the plan says — live and in a file."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import wave
from array import array

import pytest

from support import trackcue_cmd
from trackcue.audio.backends.null_out import NullOutput
from trackcue.engine.clock import FakeClock
from trackcue.engine.player import Player
from trackcue.soundtrack.prepare import prepare
from trackcue.soundtrack.sink import AudioCueSink
from trackcue.soundtrack.offline import placements, render_session
from trackcue.workout import compile_file

RATE = 22050
HAS_ESPEAK = shutil.which("espeak-ng") or shutil.which("espeak")


def short_session(workout_file, auto_lap: bool = True):
    path = workout_file("""
name: Short
steps:
  - jog: 1min
  - repeat: 3
    skip_last_recovery: true
    steps:
      - run: 200m in 38s
        splits: 100m
      - jog: 45s
  - cooldown: 1min
""")
    return compile_file(path, use_profile=False, auto_lap=auto_lap, get_ready_s=10)


def read_samples(path) -> tuple[array, int]:
    with wave.open(str(path), "rb") as w:
        assert (w.getsampwidth(), w.getnchannels()) == (2, 1)
        data = array("h")
        data.frombytes(w.readframes(w.getnframes()))
        return data, w.getframerate()


def test_render_places_every_tone_on_its_sample(workout_file, tmp_path):
    track = prepare(short_session(workout_file), RATE, speech="none")
    assert not track.phrases and "speech off" in track.speech.status
    out = render_session(track, tmp_path / "s.wav")
    samples, rate = read_samples(out)
    assert rate == RATE
    places = placements(track)
    assert len(places) >= 12
    for at, clip in places:
        start = round(at * RATE)
        assert start >= 0
        got = samples[start:start + len(clip.samples)]
        overlapping = [a for a, c in places if a != at and abs(a - at) < clip.duration_s + c.duration_s]
        if not overlapping:
            assert got == clip.samples[:len(got)], f"{clip.name} not at sample {start}"
            assert samples[start - 1] == 0


def test_go_lands_on_the_boundary_and_the_announcement_ends_before_the_pips(workout_file):
    tl = short_session(workout_file)
    track = prepare(tl, RATE, speech="none")
    rep1 = tl.segments[1]
    go = [p for p in track.plan.playing if p.kind == "go" and p.segment == 1][0]
    assert go.at_s == rep1.start_s
    pips = sorted(p.at_s for p in track.plan.playing if p.kind == "pip" and p.segment == 1)
    assert pips == [rep1.start_s - 3, rep1.start_s - 2, rep1.start_s - 1]


@pytest.mark.skipif(not HAS_ESPEAK, reason="espeak-ng is not installed (apt-get install espeak-ng)")
def test_real_speech_is_rendered_and_fits_before_the_pips(workout_file, tmp_path):
    tl = short_session(workout_file)
    track = prepare(tl, RATE, speech="espeak")
    assert track.phrases, track.speech.status
    rep2 = tl.segments[3]
    ann = [p for p in track.plan.playing if p.kind == "announce" and p.segment == 3][0]
    assert ann.text.startswith("Rep two of three")
    assert ann.end_s <= rep2.start_s - 3 + 1e-6  # over before the first pip
    playing = sorted(track.plan.playing, key=lambda p: p.at_s)
    for a, b in zip(playing, playing[1:]):
        assert a.end_s <= b.at_s + 1e-6 or a.overlaps or b.overlaps
    out = render_session(track, tmp_path / "spoken.wav")
    samples, _ = read_samples(out)
    start = round((ann.speech_at_s + tl.lead_in_s) * RATE)
    clip = track.phrases[ann.text]
    assert samples[start:start + 2000] == clip.samples[:2000]


def test_live_sink_queues_clips_at_planned_clock_times(workout_file):
    tl = short_session(workout_file)
    clock = FakeClock(1000.0)
    track = prepare(tl, RATE, speech="none")
    out = NullOutput(clock, RATE)
    sink = AudioCueSink(track, out, clock)
    player = Player(track.timeline, clock, sink, get_ready_s=10)
    player.start()
    origin = clock.now() + 10  # the workout clock's zero: after the get-ready countdown
    while player.state != "finished":
        player.update()
        clock.advance(0.25)
    tones = [(round(t - origin, 3), c.name) for t, c in out.queued]
    rep1 = tl.segments[1].start_s
    assert (rep1, "go") in tones and (rep1 - 3, "pip3") in tones
    # --auto-lap ends the 200 at its target with the target tone a render plays there, not a stop tone.
    assert (tl.segments[2].start_s, "target") in tones and (tl.segments[2].start_s, "stop") not in tones
    assert (tl.total_s, "finish") in tones  # the natural end does not cancel its own finish cue


def test_lap_time_is_spoken_when_speech_works_or_toned_when_not(workout_file):
    tl = short_session(workout_file, auto_lap=False)
    clock = FakeClock(0.0)
    track = prepare(tl, RATE, speech="none")
    out = NullOutput(clock, RATE)
    sink = AudioCueSink(track, out, clock)
    player = Player(track.timeline, clock, sink, get_ready_s=0)
    player.start()
    start = tl.segments[1].start_s
    clock.set(start + 19.2)
    player.update()
    player.lap()  # the 100 m split: the rep goes on
    lap_t = start + 37.6
    clock.set(lap_t)
    player.update()
    target = start + 38
    assert [c.name for t, c in out.queued if t == target] == ["target"]  # queued ahead, 0.4 s away
    player.lap()
    assert [c.name for t, c in out.queued if t >= lap_t] == ["split"]  # the call's fallback tone; no target tone



def test_headless_without_device_or_speech_runs_to_the_end_and_says_why(workout_file):
    path = workout_file("steps:\n  - run: 20s\n  - jog: 10s\n")
    proc = subprocess.run(trackcue_cmd() + ["run", str(path), "--headless", "--audio", "auto", "--speech", "none",
                                            "--speed", "20", "--get-ready", "2"],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    assert events[-1]["event"] == "finish"
    assert "speech off" in proc.stderr and "audio:" in proc.stderr


def test_render_command(tmp_path):
    out = tmp_path / "200s.wav"
    proc = subprocess.run(trackcue_cmd() + ["render", "200m-repeats", "-o", str(out), "--speech", "none",
                                            "--set", "reps=6", "--rate", "8000"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "wrote" in proc.stdout
    with wave.open(str(out), "rb") as w:
        assert w.getsampwidth() == 2 and w.getframerate() == 8000


def test_render_bad_output_path(tmp_path):
    proc = subprocess.run(trackcue_cmd() + ["render", "200m-repeats", "-o", str(tmp_path / "no" / "x.wav")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "no such folder" in proc.stderr and "Traceback" not in proc.stderr


def test_doctor_reports_every_backend_and_engine():
    proc = subprocess.run(trackcue_cmd() + ["doctor", "--json"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    report = json.loads(proc.stdout)
    assert [r["name"] for r in report["audio"]] == ["pulse", "miniaudio", "simpleaudio", "pipe", "bell", "null"]
    assert {r["name"] for r in report["speech"]} >= {"espeak", "say", "pyttsx3", "termux"}
    assert "Termux" in report["install"]


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_no_sound_device_is_said_plainly_and_speech_is_not_claimed(workout_file, monkeypatch):
    from trackcue.audio import select
    from trackcue.audio.backends import bell_out
    from trackcue.audio.failover import FailoverOutput
    from trackcue.soundtrack.live import LiveSoundtrack

    monkeypatch.setattr(select, "AUTO_ORDER", ("null",))  # no server, no device, no terminal
    track = LiveSoundtrack(short_session(workout_file), FakeClock(), audio="auto", speech="auto")
    track.prepare(wait_s=0)
    assert track.status == "NO SOUND: no audio device works here (trackcue doctor)"
    assert track.speech_status == ""  # not "speech: espeak-ng" beside a silent output
    track.close()

    clock = FakeClock()
    track = LiveSoundtrack(short_session(workout_file), clock, audio="auto", speech="auto")
    track.output = FailoverOutput(bell_out.open_backend(clock, RATE, stream=Terminal()), [], clock)
    track.prepare(wait_s=0)
    assert track.status == "NO SOUND DEVICE: bell for tones only (trackcue doctor)"
    assert track.speech_status == "" and len(track.status) < 60  # fits a phone's status line
    track.close()
