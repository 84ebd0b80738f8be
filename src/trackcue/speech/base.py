"""What every speech engine offers, and the error it raises when a phrase cannot be spoken."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from trackcue.phrases import DEFAULT_WPM  # noqa: F401 - the speaking rate assumed when an engine sets none
# Longest a single phrase may take to render before the engine is considered stuck.
RENDER_TIMEOUT_S = 15.0


class SpeechError(RuntimeError):
    """A phrase could not be rendered or spoken; the message says why in one line."""


@runtime_checkable
class SpeechEngine(Protocol):
    """A text-to-speech engine.

    ``rate`` is in words per minute (``None``: the engine's default). A ``live`` engine cannot
    write audio files: it speaks through ``speak_live`` and its phrase lengths are estimated.
    ``parallel`` is how many ``render`` calls may run at once.
    """

    name: str
    voice: str | None
    rate: int | None
    live: bool
    parallel: int

    def available(self) -> tuple[bool, str]:
        """``(True, description)`` if the engine can speak here, else ``(False, reason)``."""
        ...

    def render(self, text: str, path: Path) -> None:
        """Write ``text`` spoken as a WAV file at ``path``; raise ``SpeechError`` on failure."""
        ...

    def close(self) -> None:
        """Stop any helper process the engine started."""
        ...


def words_per_minute(engine: SpeechEngine | None) -> int:
    """The speaking rate to assume when estimating how long ``engine`` takes to say a phrase."""
    return (engine.rate if engine is not None and engine.rate else None) or DEFAULT_WPM
