"""A child process that renders phrases with pyttsx3, one ``save_to_file`` per ``runAndWait``.

It runs apart from trackcue because pyttsx3 prints to stdout and its native drivers can hang or
crash; here that costs one phrase, not the workout. Protocol: one JSON request per stdin line
(``{"text", "path"}``), one JSON reply per line on the original stdout (``{"ok": bool, ...}``);
the first reply says whether the engine started. ``--probe`` stops after that first reply.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Protocol, TextIO


class Pyttsx3Engine(Protocol):
    """What the worker uses of a ``pyttsx3.Engine`` (pyttsx3 ships no types)."""

    def setProperty(self, name: str, value: object) -> None: ...  # noqa: N802 - pyttsx3's name
    def save_to_file(self, text: str, filename: str) -> None: ...
    def runAndWait(self) -> None: ...  # noqa: N802 - pyttsx3's name


def _quiet_stdout() -> TextIO:
    """Keep a private handle on stdout for replies, and send fd 1 (pyttsx3's chatter) to nowhere."""
    reply = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    return reply


def _send(reply: TextIO, **message: object) -> None:
    reply.write(json.dumps(message) + "\n")
    reply.flush()


def _start(voice: str | None, rate: int | None) -> Pyttsx3Engine:
    import pyttsx3

    engine: Pyttsx3Engine = pyttsx3.init()
    if voice:
        engine.setProperty("voice", voice)
    if rate:
        engine.setProperty("rate", rate)
    return engine


def main(argv: list[str] | None = None) -> int:
    """Start pyttsx3, report whether it works, then serve render requests until stdin closes."""
    parser = argparse.ArgumentParser(prog="pyttsx3_worker")
    parser.add_argument("--probe", action="store_true")
    parser.add_argument("--voice")
    parser.add_argument("--rate", type=int)
    args = parser.parse_args(argv)
    reply = _quiet_stdout()
    try:
        engine = _start(args.voice, args.rate)
    except Exception as exc:  # any driver failure means "pyttsx3 does not work here"
        _send(reply, ok=False, error=f"{type(exc).__name__}: {exc}")
        return 1
    _send(reply, ok=True)
    if args.probe:
        return 0
    for line in sys.stdin:
        try:
            request = json.loads(line)
            engine.save_to_file(request["text"], request["path"])
            engine.runAndWait()
            _send(reply, ok=True)
        except Exception as exc:  # report and keep serving the next phrase
            _send(reply, ok=False, error=f"{type(exc).__name__}: {exc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
