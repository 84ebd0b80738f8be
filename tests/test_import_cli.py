"""``trackcue import`` and every command taking FIT, .zwo and intervals.icu files directly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest
from test_import_fit import garmin_fit
from test_import_zwo import BOMB

from trackcue.paces import Profile, save_profile

SHORT_FIT = garmin_fit([
    {"wkt_step_name": "Warm up", "duration_type": "time", "duration_value": 20_000, "intensity": "warmup"},
    {"duration_type": "distance", "duration_value": 20_000, "target_type": "speed", "target_value": 0,
     "custom_target_value_low": 5000, "custom_target_value_high": 5500, "intensity": "active"},
    {"duration_type": "time", "duration_value": 10_000, "intensity": "recovery"},
    {"duration_type": "repeat_until_steps_cmplt", "duration_value": 1, "target_value": 2},
], name="Short 200s")
ZWO = """<workout_file><name>Tread</name><sportType>run</sportType><workout>
<SteadyState Duration="60" Power="0.8"/><IntervalsT Repeat="3" OnDuration="30" OffDuration="30" OnPower="1.1" OffPower="0.7"/>
</workout></workout_file>"""
ICU = "Warmup\n- 10m Z2 Pace\n\nMain set 4x\n- 400mtr 3:40/km Pace press lap\n- 90s\n"


@pytest.fixture(autouse=True)
def threshold():
    save_profile(Profile({"T": "4:15/km"}))


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {"fit": tmp_path / "short.fit", "zwo": tmp_path / "tread.zwo", "intervals": tmp_path / "session.txt"}
    out["fit"].write_bytes(SHORT_FIT)
    out["zwo"].write_text(ZWO, encoding="utf-8")
    out["intervals"].write_text(ICU, encoding="utf-8")
    return out


def test_import_prints_the_workout_and_one_summary_line(cli, files):
    code, out, err = cli("import", str(files["fit"]))
    assert code == 0
    assert out.startswith(f"# Imported by trackcue from {files['fit']} (a FIT workout file).\n")
    assert "  - repeat: 2\n    steps:\n      - run: 200m at 3:01.8..3:20/km\n      - jog: 10s\n" in out
    assert err == f"imported {files['fit']} (FIT workout): 5 steps, 1:56, nothing approximated\n"


def test_import_to_a_file_that_checks_and_compiles_the_same(cli, files, tmp_path):
    out_path = tmp_path / "mine.yaml"
    code, out, err = cli("import", str(files["intervals"]), "-o", str(out_path))
    assert code == 0 and out == "" and err.endswith(f"; wrote {out_path}\n")
    assert cli("check", str(out_path))[0] == 0
    direct = json.loads(cli("compile", str(files["intervals"]), "--json")[1])
    saved = json.loads(cli("compile", str(out_path), "--json")[1])
    assert direct["segments"] == saved["segments"] and direct["total_s"] == saved["total_s"]


@pytest.mark.parametrize("fmt", ["fit", "zwo", "intervals"])
def test_check_compile_and_export_take_the_files_directly(cli, files, fmt):
    path = str(files[fmt])
    assert cli("check", path)[0] == 0
    code, out, _ = cli("compile", path, "--json")
    assert code == 0 and json.loads(out)["segments"]
    code, out, _ = cli("export", path, "--format", "intervals")
    assert code == 0 and out.startswith(("Warmup", "-", "\n", "Main", "3x", "2x", "4x")), out


def test_render_takes_a_zwift_file(cli, files, tmp_path):
    wav = tmp_path / "tread.wav"
    code, _, err = cli("render", str(files["zwo"]), "-o", str(wav), "--speech", "none", "--get-ready", "0")
    assert code == 0, err
    with wave.open(str(wav)) as w:
        assert 240 <= w.getnframes() / w.getframerate() < 250  # 60 s + 3 × (30 + 30), then the closing words


def test_import_refuses_a_trackcue_workout_and_a_missing_file(cli, workout_file):
    path = workout_file("name: x\nsteps:\n  - run: 10min\n")
    code, _, err = cli("import", str(path))
    assert code == 2
    assert err == (f"{path}: error: not a FIT workout, a Zwift .zwo or intervals.icu workout text "
                   f"(hint: a trackcue workout needs no import: trackcue check {path})\n")
    code, _, err = cli("import", "nowhere.fit")
    assert code == 2 and err.startswith("error: no such file: nowhere.fit")


def test_zwift_export_writes_a_file_that_imports(cli, tmp_path):
    out = tmp_path / "t.zwo"
    code, _, err = cli("export", "threshold", "--format", "zwo", "-o", str(out), "--no-profile", "--set", "mile=6:00")
    assert code == 2 and "your profile has none (--no-profile)" in err
    code, _, err = cli("export", "threshold", "--format", "zwo", "-o", str(out))
    assert code == 0 and f"wrote {out}" in err
    text = out.read_text(encoding="utf-8")
    assert "<sportType>run</sportType>" in text and "<thresholdSecPerKm>255</thresholdSecPerKm>" in text
    assert json.loads(cli("compile", str(out), "--json")[1])["name"] == "Threshold"


def trackcue(*args: str, **kw) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.run([sys.executable, "-m", "trackcue", *args], capture_output=True, text=True, env=env,
                          timeout=60, **kw)


def test_run_plays_an_imported_fit_file(files, tmp_path):
    proc = trackcue("run", str(files["fit"]), "--headless", "--speed", "50", "--get-ready", "0", "--audio", "null",
                    "--speech", "none", "--auto-lap", "--db", str(tmp_path / "h.sqlite"), stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    assert events[0]["event"] == "start" and events[0]["name"] == "Short 200s"
    assert [e["index"] for e in events if e["event"] == "segment"] == [0, 1, 2, 3, 4]
    assert events[-1]["event"] == "finish"


def test_hostile_files_get_one_line_and_exit_2_fast(tmp_path):
    cases = {
        "cut.fit": (SHORT_FIT[: len(SHORT_FIT) // 2], "the FIT file cannot be read: it is cut short"),
        "bomb.zwo": (BOMB.encode(), "declares a DTD or entities"),
        "junk.fit": (SHORT_FIT[:14] + os.urandom(400), "the FIT file"),
    }
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.write(b"- 10m Z2 Pace\n" * 1000)
        out.truncate(50_000_000)
    for name, (data, message) in cases.items():
        (tmp_path / name).write_bytes(data)
    cases["huge.txt"] = (b"", "the file is 50.0 MB; a workout to import is at most 1 MB")
    for name, (_, message) in cases.items():
        for command in ("import", "run"):
            start = time.perf_counter()
            proc = trackcue(command, str(tmp_path / name), "--headless", "--audio", "null") if command == "run" \
                else trackcue(command, str(tmp_path / name))
            took = time.perf_counter() - start
            assert proc.returncode == 2, (name, command, proc.stderr)
            lines = proc.stderr.splitlines()
            assert len(lines) == 1 and message in lines[0] and "Traceback" not in proc.stderr, (name, command, lines)
            assert took < 20, (name, command, took)  # a subprocess start included; the refusal itself is instant
