"""macOS ``say``, writing 16-bit little-endian WAV so it reads like every other engine's output."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from trackcue.speech._proc import run_to_file
from trackcue.speech.base import FileSpeech


def is_macos() -> bool:
    """True on macOS, where ``say`` is part of the system."""
    return sys.platform == "darwin"


class SayEngine(FileSpeech):
    """``say --file-format=WAVE --data-format=LEI16@22050 -o FILE``; ``voice`` is ``-v``, ``rate`` ``-r``."""

    name = "say"
    warmup_s = 0.0
    parallel = 2

    def __init__(self, voice: str | None = None, rate: int | None = None) -> None:
        self.voice = voice
        self.rate = rate

    def available(self) -> tuple[bool, str]:
        if not is_macos():
            return False, "say is only on macOS"
        path = shutil.which("say")
        if path is None:
            return False, "say is not on PATH"
        return True, f"say ({path})"

    def render(self, text: str, path: Path) -> None:
        argv = ["say", "--file-format=WAVE", "--data-format=LEI16@22050", "-o", str(path)]
        if self.voice:
            argv += ["-v", self.voice]
        if self.rate:
            argv += ["-r", str(int(self.rate))]
        # With no message argument, say reads the text from stdin (so a leading '-' is harmless).
        run_to_file(argv, text, path)

    def start(self) -> None:
        """Nothing to start: every phrase is its own process."""

    def close(self) -> None:
        """Nothing to stop: every phrase was its own process."""
