"""Choosing a speech engine: ``--speech auto|espeak|pyttsx3|say|termux|none``, with reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

from trackcue.speech.base import SpeechEngine, SpeechError, words_per_minute
from trackcue.speech.espeak import EspeakEngine
from trackcue.speech.pyttsx3_engine import Pyttsx3Engine
from trackcue.speech.say import SayEngine
from trackcue.speech.termux import TermuxEngine

__all__ = ["AUTO_ORDER", "SPECS", "EngineChoice", "SpeechEngine", "SpeechError", "make_engine", "select_engine"]

ENGINES = {"espeak": EspeakEngine, "say": SayEngine, "pyttsx3": Pyttsx3Engine, "termux": TermuxEngine}
AUTO_ORDER = ("espeak", "say", "pyttsx3", "termux")
SPECS = ("auto", *AUTO_ORDER, "none")
INSTALL_HINT = (
    "to hear spoken cues install espeak-ng: sudo apt install espeak-ng | sudo dnf install espeak-ng"
    " | brew install espeak-ng | Termux: pkg install termux-api"
)


@dataclass
class EngineChoice:
    """The engine to use (``None``: speech is off), why, and how to get speech if it is off."""

    engine: SpeechEngine | None
    reasons: list[str] = field(default_factory=list)  # one "name: why not" per engine skipped
    hint: str = ""  # one line telling the user how to get speech; empty when speech works

    @property
    def status(self) -> str:
        """One line for the user: which engine speaks, or that speech is off and why."""
        if self.engine is not None:
            e = self.engine
            voice = f", voice {e.voice}" if e.voice else ""
            return f"speech: {e.name}{voice}, {words_per_minute(e)} words/min"
        why = "; ".join(self.reasons) if self.reasons else "turned off"
        return f"speech off ({why})"


def make_engine(name: str, voice: str | None = None, rate: int | None = None) -> SpeechEngine:
    """An engine by name (``espeak``, ``say``, ``pyttsx3``, ``termux``), not yet checked."""
    try:
        return ENGINES[name](voice=voice, rate=rate)
    except KeyError:
        raise ValueError(f"unknown speech engine {name!r}; choose one of {', '.join(SPECS)}") from None


def select_engine(spec: str = "auto", voice: str | None = None, rate: int | None = None) -> EngineChoice:
    """The first working engine for ``spec``; ``auto`` tries espeak-ng/espeak, say, pyttsx3, termux.

    Never raises for a missing or broken engine: the choice then has ``engine=None``, a reason
    per engine tried and an install hint. An unknown ``spec`` raises ``ValueError``.
    """
    if spec not in SPECS:
        raise ValueError(f"unknown speech engine {spec!r}; choose one of {', '.join(SPECS)}")
    if spec == "none":
        return EngineChoice(None, ["--speech none"])
    reasons = []
    for name in AUTO_ORDER if spec == "auto" else (spec,):
        engine = make_engine(name, voice, rate)
        ok, why = engine.available()
        if ok:
            return EngineChoice(engine, reasons)
        reasons.append(f"{name}: {why}")
    return EngineChoice(None, reasons, INSTALL_HINT)
