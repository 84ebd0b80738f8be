"""docs/hands-free.md as printed: its commands run, its file example loads, its report is doctor's."""

from __future__ import annotations

import queue
import re
import shlex
import subprocess
from pathlib import Path

from trackcue.cli import build_parser, command_modules
from trackcue.handsfree.latencies import load
from trackcue.handsfree.mpris import MediaButtons

DOC = Path(__file__).resolve().parents[1] / "docs" / "hands-free.md"


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def commands(program: str) -> list[list[str]]:
    return [shlex.split(line) for block in blocks("sh") for line in block.splitlines()
            if line.startswith(program + " ")]


def test_every_trackcue_command_in_the_guide_parses():
    lines = commands("trackcue")
    assert {line[1] for line in lines} == {"run", "calibrate"}
    for line in lines:
        build_parser(command_modules()[line[1]]).parse_args(line[1:])


def test_the_dbus_send_lines_drive_the_media_buttons(dbus_session):
    got: queue.Queue[str] = queue.Queue()
    buttons = MediaButtons(got.put)
    buttons.start()
    assert buttons.wait_ready(10)
    buttons.set_playback("Playing", "Rep 1 of 8")
    try:
        replies = [subprocess.run(line, env=dbus_session.env, capture_output=True, text=True, timeout=10)
                   for line in commands("dbus-send")]
    finally:
        buttons.close()
    assert [r.returncode for r in replies] == [0, 0, 0]
    assert [got.get(timeout=5), got.get(timeout=5)] == ["lap", "skip"]
    assert 'string "Playing"' in replies[2].stdout


def test_the_outputs_file_example_is_what_calibrate_reads(tmp_path):
    (example,) = blocks("yaml")
    path = tmp_path / "outputs.yaml"
    path.write_text(example, encoding="utf-8")
    found = load(path)
    assert found["pulse:bluez_output.00_1B_66_AA_BB_CC.1"].latency_ms == 182.0
    assert found["miniaudio"].taps == 9


def test_the_doctor_report_shown_has_doctors_rows():
    (report,) = [b for b in blocks("text") if b.startswith("hands-free:")]
    names = [re.match(r"  (?:ok|--)  (.{12}) ", line).group(1).strip() for line in report.splitlines()[1:]]
    assert names == ["media button", "ducking", "latency", "wake lock"]
    assert "media button on while a workout plays (MPRIS on the session bus: play/pause = lap" in report
