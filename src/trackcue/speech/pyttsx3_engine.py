"""pyttsx3 (SAPI5 on Windows, NSSpeechSynthesizer on macOS, libespeak on Linux) via a worker process.

``say()`` is never used (on Linux it shells out to aplay); phrases are saved to files one per
``runAndWait``, in ``pyttsx3_worker`` so pyttsx3's printing, hangs and crashes stay outside.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import threading
from pathlib import Path
from typing import TypedDict

from trackcue import lazy
from trackcue.speech._proc import end_process, no_window, read_lines
from trackcue.speech.base import RENDER_TIMEOUT_S, FileSpeech, SpeechError

PROBE_TIMEOUT_S = 10.0
WORKER = "trackcue.speech.pyttsx3_worker"
LINUX_HINT = "on Linux pyttsx3 needs the espeak library (apt install libespeak-ng1)"


def _worker_argv(python: str, voice: str | None, rate: int | None, probe: bool = False) -> list[str]:
    argv = [python, "-m", WORKER]
    if probe:
        argv.append("--probe")
    if voice:
        argv += ["--voice", voice]
    if rate:
        argv += ["--rate", str(int(rate))]
    return argv


def probe(python: str, voice: str | None, rate: int | None, timeout: float = PROBE_TIMEOUT_S) -> tuple[bool, str]:
    """Start pyttsx3 in a throwaway process; a hang or a crash there only means "not available"."""
    try:
        done = lazy.subprocess.run(
            _worker_argv(python, voice, rate, probe=True),
            stdin=lazy.subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            creationflags=no_window(),
        )
    except lazy.subprocess.TimeoutExpired:
        return False, f"pyttsx3 did not start within {timeout:g} s"
    except OSError as exc:
        return False, f"could not start Python for pyttsx3: {exc.strerror or exc}"
    lines = done.stdout.decode("utf-8", "replace").strip().splitlines()
    try:
        answer = json.loads(lines[-1]) if lines else {}
    except ValueError:
        answer = {}
    if answer.get("ok"):
        return True, "pyttsx3"
    if done.returncode < 0:
        return False, f"pyttsx3 crashed while starting (signal {-done.returncode})"
    error = answer.get("error") or f"exit code {done.returncode}"
    hint = f"; {LINUX_HINT}" if sys.platform.startswith("linux") else ""
    return False, f"pyttsx3 does not work here ({error}){hint}"


# One JSON line from ``pyttsx3_worker``: ``ok``, and ``error`` (one line) when not ok. (The call
# form: a class body's postponed annotations would be compiled at import, see test_startup.)
WorkerReply = TypedDict("WorkerReply", {"ok": bool, "error": str}, total=False)


class Pyttsx3Engine(FileSpeech):
    """Renders in one long-lived worker process, one phrase at a time (pyttsx3 is not re-entrant)."""

    name = "pyttsx3"
    warmup_s = PROBE_TIMEOUT_S
    parallel = 1

    def __init__(self, voice: str | None = None, rate: int | None = None, python: str | None = None) -> None:
        self.voice = voice
        self.rate = rate
        self._python = python or sys.executable
        self._proc: lazy.subprocess.Popen[bytes] | None = None
        self._replies: lazy.queue.Queue[str | None] = lazy.queue.Queue()
        self._lock = threading.Lock()

    def available(self) -> tuple[bool, str]:
        if importlib.util.find_spec("pyttsx3") is None:
            return False, "the pyttsx3 package is not installed"
        return probe(self._python, self.voice, self.rate)

    def _start(self) -> lazy.subprocess.Popen[bytes]:
        proc = lazy.subprocess.Popen(
            _worker_argv(self._python, self.voice, self.rate),
            stdin=lazy.subprocess.PIPE,
            stdout=lazy.subprocess.PIPE,
            stderr=lazy.subprocess.DEVNULL,
            creationflags=no_window(),
        )
        replies: lazy.queue.Queue[str | None] = lazy.queue.Queue()
        # A reader thread lets every wait have a timeout, on Windows pipes too.
        threading.Thread(target=read_lines, args=(proc.stdout, replies), daemon=True).start()
        self._proc, self._replies = proc, replies
        first = self._wait(PROBE_TIMEOUT_S)
        if not first.get("ok"):
            self.close()
            raise SpeechError(f"pyttsx3 does not work here ({first.get('error', 'no answer')})")
        return proc

    def _wait(self, timeout: float) -> WorkerReply:
        try:
            line = self._replies.get(timeout=timeout)
        except lazy.queue.Empty:
            self.close()
            raise SpeechError(f"pyttsx3 took more than {timeout:g} s") from None
        if line is None:
            self.close()
            raise SpeechError("the pyttsx3 worker stopped")
        reply: WorkerReply = json.loads(line)
        return reply

    def start(self) -> None:
        """Start the worker now, so the first phrase does not wait for pyttsx3 to load."""
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._start()

    def render(self, text: str, path: Path) -> None:
        with self._lock:
            proc = self._proc if self._proc and self._proc.poll() is None else self._start()
            request = json.dumps({"text": text, "path": str(path)}) + "\n"
            try:
                if proc.stdin is None:
                    raise OSError("no pipe to the worker")
                proc.stdin.write(request.encode("utf-8"))
                proc.stdin.flush()
            except OSError:
                self.close()
                raise SpeechError("the pyttsx3 worker stopped") from None
            answer = self._wait(RENDER_TIMEOUT_S)
        if not answer.get("ok"):
            raise SpeechError(f"pyttsx3 failed: {answer.get('error')}")
        if not path.exists() or path.stat().st_size == 0:
            raise SpeechError("pyttsx3 wrote no audio")

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            end_process(proc)

