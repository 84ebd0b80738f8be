"""Termux's ``termux-tts-speak``: speaks through Android's TTS but cannot write audio files.

So it is a *live* engine: one long-lived process, started early, is fed one line per phrase
on stdin, and phrase lengths are estimated from the speaking rate instead of measured.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from trackcue import lazy
from trackcue.phrases import DEFAULT_WPM
from trackcue.speech._proc import end_process
from trackcue.speech.base import SpeechError

COMMAND = "termux-tts-speak"


class TermuxEngine:
    """``termux-tts-speak`` reading lines from stdin; ``voice`` is its ``-l`` language, ``rate`` its ``-r``."""

    name = "termux"
    live = True
    warmup_s = 0.0
    parallel = 1

    def __init__(self, voice: str | None = None, rate: int | None = None, command: list[str] | None = None) -> None:
        self.voice = voice
        self.rate = rate
        self._command = command
        self._proc: lazy.subprocess.Popen[bytes] | None = None
        self._lines: lazy.queue.Queue[str | None] = lazy.queue.Queue()
        self._writer: threading.Thread | None = None

    def available(self) -> tuple[bool, str]:
        if self._command is None and shutil.which(COMMAND) is None:
            return False, f"{COMMAND} is not installed (Termux: pkg install termux-api)"
        return True, f"{COMMAND} (live, no pre-rendering)"

    def argv(self) -> list[str]:
        """The command line of the long-lived speaking process."""
        if self._command is not None:
            return list(self._command)
        argv = [COMMAND]
        if self.voice:
            argv += ["-l", self.voice]
        if self.rate:
            # Android's rate is a factor: 1.0 is normal speed.
            argv += ["-r", f"{self.rate / DEFAULT_WPM:.2f}"]
        return argv

    def start(self) -> None:
        """Start the speaking process now, so the first cue is not delayed by its start-up."""
        if self._proc is not None and self._proc.poll() is None:
            return
        try:
            self._proc = lazy.subprocess.Popen(
                self.argv(), stdin=lazy.subprocess.PIPE, stdout=lazy.subprocess.DEVNULL, stderr=lazy.subprocess.DEVNULL
            )
        except OSError as exc:
            raise SpeechError(f"could not start {COMMAND}: {exc.strerror or exc}") from None
        self._lines = lazy.queue.Queue()
        self._writer = threading.Thread(target=_feed, args=(self._proc, self._lines), daemon=True)
        self._writer.start()

    def speak_live(self, text: str) -> None:
        """Say ``text`` now; never blocks (a writer thread feeds the process)."""
        if self._proc is None or self._proc.poll() is not None:
            self.start()
        self._lines.put(" ".join(text.split()))  # one phrase is one line

    def render(self, text: str, path: Path) -> None:
        raise SpeechError(f"{COMMAND} cannot write audio files; it speaks live")

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        self._lines.put(None)
        if self._writer is not None:
            self._writer.join(timeout=2)
        end_process(proc)


def _feed(proc: lazy.subprocess.Popen[bytes], lines: lazy.queue.Queue[str | None]) -> None:
    stdin = proc.stdin
    if stdin is None:  # not started with stdin=PIPE: nothing to feed
        return
    while True:
        line = lines.get()
        if line is None:
            break
        try:
            stdin.write((line + "\n").encode("utf-8"))
            stdin.flush()
        except OSError:  # the process died; the cue is lost, the workout goes on
            break
    try:
        stdin.close()
    except OSError:
        pass
