"""Run a speech command line quietly, with a timeout, turning every failure into SpeechError."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

from trackcue import lazy
from trackcue.speech.base import RENDER_TIMEOUT_S, SpeechError


def no_window() -> int:
    """``creationflags`` that keep a helper process from flashing a console window on Windows; 0 elsewhere."""
    if sys.platform == "win32":
        return lazy.subprocess.CREATE_NO_WINDOW
    return 0


def run_to_file(argv: list[str], text: str, path: Path, timeout: float = RENDER_TIMEOUT_S) -> None:
    """Run ``argv`` with ``text`` on stdin; it must write a non-empty file at ``path``."""
    name = Path(argv[0]).name
    try:
        done = lazy.subprocess.run(
            argv,
            input=text.encode("utf-8"),
            stdout=lazy.subprocess.DEVNULL,
            stderr=lazy.subprocess.PIPE,
            timeout=timeout,
            creationflags=no_window(),
        )
    except lazy.subprocess.TimeoutExpired:
        raise SpeechError(f"{name} took more than {timeout:g} s") from None
    except OSError as exc:
        raise SpeechError(f"could not run {name}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SpeechError(f"{name} failed: {detail[-1] if detail else f'exit code {done.returncode}'}")
    if not path.exists() or path.stat().st_size == 0:
        raise SpeechError(f"{name} wrote no audio")


def end_process(proc: lazy.subprocess.Popen[bytes], timeout: float = 2.0) -> None:
    """Close a helper's stdin (its signal to finish), wait up to ``timeout``, then kill it."""
    try:
        if proc.stdin is not None:
            proc.stdin.close()
    except OSError:
        pass
    try:
        proc.wait(timeout=timeout)
    except lazy.subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def read_lines(stream: IO[bytes] | None, lines: lazy.queue.Queue[str | None]) -> None:
    """Put each line of a helper's ``stream`` on ``lines`` (decoded), then None when it ends.

    Run on a thread: every wait for a reply can then have a timeout, on Windows pipes too.
    """
    if stream is not None:
        for raw in iter(stream.readline, b""):
            lines.put(raw.decode("utf-8", "replace"))
    lines.put(None)
