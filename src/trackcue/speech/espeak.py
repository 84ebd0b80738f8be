"""espeak-ng (or the older espeak) on the command line: fast, offline, on every Linux."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from trackcue.speech._proc import run_to_file
from trackcue.speech.base import FileSpeech

BINARIES = ("espeak-ng", "espeak")


class EspeakEngine(FileSpeech):
    """Renders with ``espeak-ng -w FILE --stdin``; ``voice`` is ``-v``, ``rate`` (wpm) is ``-s``."""

    warmup_s = 0.0

    def __init__(self, voice: str | None = None, rate: int | None = None, binary: str | None = None) -> None:
        self.voice = voice
        self.rate = rate
        self._binary = binary
        self.name = binary or "espeak-ng"
        # Each phrase is its own short process, so several run side by side.
        self.parallel = max(1, min(4, os.cpu_count() or 1))

    def _find(self) -> str | None:
        for name in (self._binary,) if self._binary else BINARIES:
            path = shutil.which(name)
            if path:
                self.name = name
                return path
        return None

    def available(self) -> tuple[bool, str]:
        path = self._find()
        if path is None:
            wanted = self._binary or " or ".join(BINARIES)
            return False, f"{wanted} is not installed (not on PATH)"
        return True, f"{self.name} ({path})"

    def render(self, text: str, path: Path) -> None:
        exe = self._find() or self.name
        argv = [exe, "-w", str(path)]
        if self.voice:
            argv += ["-v", self.voice]
        if self.rate:
            argv += ["-s", str(int(self.rate))]
        run_to_file(argv + ["--stdin"], text, path)

    def start(self) -> None:
        """Nothing to start: every phrase is its own process."""

    def close(self) -> None:
        """Nothing to stop: every phrase was its own process."""
