"""What every speech engine offers, and the error it raises when a phrase cannot be spoken."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from trackcue.phrases import DEFAULT_WPM
# The backstop a helper process gets per phrase before it is killed; the renderer drops an engine
# sooner (``prerender.PHRASE_TIMEOUT_S``), this only makes sure no hung process outlives that by long.
RENDER_TIMEOUT_S = 15.0


class SpeechError(RuntimeError):
    """A phrase could not be rendered or spoken; the message says why in one line."""


class SpeechEngine(Protocol):
    """A text-to-speech engine.

    ``rate`` is in words per minute (``None``: the engine's default). A ``live`` engine cannot
    write audio files: it speaks through ``speak_live`` and its phrase lengths are estimated; an
    engine that writes files (``live`` False) raises ``SpeechError`` from ``speak_live``.
    ``parallel`` is how many ``render`` calls may run at once; ``warmup_s`` is how much longer
    than any other the first phrase after ``start`` may take (a voice model loading).
    """

    name: str
    voice: str | None
    rate: int | None
    live: bool
    parallel: int
    warmup_s: float

    def available(self) -> tuple[bool, str]:
        """``(True, description)`` if the engine can speak here, else ``(False, reason)``."""
        ...

    def start(self) -> None:
        """Start any long-lived helper now (a model to load, a speaking process); may do nothing.

        Raises ``SpeechError`` if it cannot start.
        """
        ...

    def render(self, text: str, path: Path) -> None:
        """Write ``text`` spoken as a WAV file at ``path``; raise ``SpeechError`` on failure."""
        ...

    def speak_live(self, text: str) -> None:
        """Say ``text`` now, never blocking (a ``live`` engine); raise ``SpeechError`` otherwise."""
        ...

    def close(self) -> None:
        """Stop any helper process the engine started."""
        ...


class FileSpeech:
    """What every engine that writes phrases to files shares: it is not ``live``."""

    name: str
    live = False

    def speak_live(self, text: str) -> None:
        """Refuse: this engine's phrases are rendered ahead and played from the mix."""
        raise SpeechError(f"{self.name} writes phrases to files; it does not speak live")


def words_per_minute(engine: SpeechEngine | None) -> int:
    """The speaking rate to assume when estimating how long ``engine`` takes to say a phrase."""
    return (engine.rate if engine is not None and engine.rate else None) or DEFAULT_WPM
