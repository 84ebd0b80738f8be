"""Choosing a speech engine: ``--speech auto|piper|espeak|say|pyttsx3|termux|none``, with reasons.

``auto`` takes the first that works in ``AUTO_ORDER``: piper first, because it is only there when
someone installed it for its natural voice. A choice is not final: an engine that hangs or fails
while rendering is dropped (``EngineChoice.drop``) for the next one that works, and the status
then names the engine that really speaks, or says that only tones and text are left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, get_args

from trackcue.speech.base import SpeechEngine, SpeechError, words_per_minute
from trackcue.speech.espeak import EspeakEngine
from trackcue.speech.piper import PiperEngine
from trackcue.speech.pyttsx3_engine import Pyttsx3Engine
from trackcue.speech.say import SayEngine
from trackcue.speech.termux import TermuxEngine

__all__ = ["AUTO_ORDER", "SPECS", "EngineChoice", "EngineName", "SpeechEngine", "SpeechError", "SpeechSpec",
           "make_engine", "select_engine"]

EngineName = Literal["piper", "espeak", "say", "pyttsx3", "termux"]
SpeechSpec = Literal["auto", "piper", "espeak", "say", "pyttsx3", "termux", "none"]
AUTO_ORDER: tuple[EngineName, ...] = get_args(EngineName)
SPECS: tuple[SpeechSpec, ...] = get_args(SpeechSpec)
ENGINES: dict[EngineName, Callable[[str | None, int | None], SpeechEngine]] = {
    "piper": lambda voice, rate: PiperEngine(voice=voice, rate=rate),
    "espeak": lambda voice, rate: EspeakEngine(voice=voice, rate=rate),
    "say": lambda voice, rate: SayEngine(voice=voice, rate=rate),
    "pyttsx3": lambda voice, rate: Pyttsx3Engine(voice=voice, rate=rate),
    "termux": lambda voice, rate: TermuxEngine(voice=voice, rate=rate),
}
INSTALL_HINT = (
    "to hear spoken cues install espeak-ng: sudo apt install espeak-ng | sudo dnf install espeak-ng"
    " | brew install espeak-ng | Termux: pkg install termux-api"
)
Maker = Callable[[str, str | None, int | None], SpeechEngine]


def make_engine(name: str, voice: str | None = None, rate: int | None = None) -> SpeechEngine:
    """An engine by name (``piper``, ``espeak``, ``say``, ``pyttsx3``, ``termux``), not yet checked."""
    for known, build in ENGINES.items():
        if known == name:
            return build(voice, rate)
    raise ValueError(f"unknown speech engine {name!r}; choose one of {', '.join(SPECS)}")


class EngineChoice:
    """The engine speaking now (``None``: speech is off), why others are not, how to get speech.

    ``reasons`` has one ``"name: why not"`` per engine skipped or dropped, in order. ``drop``
    moves on to the next engine of the spec (``auto``: the rest of ``AUTO_ORDER``).
    (A plain class, not a dataclass: ``trackcue check`` loads this module; tests/test_startup.py.)
    """

    __slots__ = ("engine", "reasons", "hint", "dropped", "rest", "voice", "rate", "make", "pending")

    def __init__(self, engine: SpeechEngine | None, reasons: list[str] | None = None, hint: str = "",
                 dropped: list[str] | None = None, rest: list[str] | None = None, voice: str | None = None,
                 rate: int | None = None, make: Maker = make_engine, pending: bool = False) -> None:
        self.engine = engine
        self.reasons = reasons if reasons is not None else []
        self.hint = hint  # one line telling the user how to get speech; empty when speech works
        self.dropped = dropped if dropped is not None else []  # engines that failed while rendering, with why
        self.rest = rest if rest is not None else []  # engines still to try, in order
        self.voice = voice
        self.rate = rate
        self.make = make
        self.pending = pending  # no engine tried yet (``advance`` runs in the background)

    @property
    def status(self) -> str:
        """One line for the user: which engine speaks, or that speech is off and why."""
        if self.pending:
            return "speech: choosing an engine…"
        if self.engine is not None:
            e = self.engine
            voice = f", voice {e.voice}" if e.voice else ""
            after = f" (after {'; '.join(self.dropped)})" if self.dropped else ""
            return f"speech: {e.name}{voice}, {words_per_minute(e)} words/min{after}"
        why = "; ".join(self.reasons) if self.reasons else "turned off"
        tail = " — tones and text only" if self.dropped else ""
        return f"speech off ({why}){tail}"

    def advance(self) -> SpeechEngine | None:
        """Take the next engine of ``rest`` that is available (recording why others are not).

        Checking an engine may take seconds (pyttsx3 starts a process to see if it works).
        """
        self.engine = None
        while self.rest:
            name = self.rest.pop(0)
            engine = self.make(name, self.voice, self.rate)
            try:
                ok, why = engine.available()
            except Exception as exc:  # noqa: BLE001 - a broken engine is one more reason, not a crash
                ok, why = False, f"{type(exc).__name__}: {exc}"
            if ok:
                self.engine = engine
                break
            self.reasons.append(f"{name}: {why}")
        self.hint = "" if self.engine is not None or self.dropped else INSTALL_HINT
        self.pending = False
        return self.engine

    def drop(self, why: str) -> SpeechEngine | None:
        """The engine speaking failed (``why``): close it and move to the next that works, if any."""
        old = self.engine
        if old is None:
            return None
        try:
            old.close()
        except Exception:  # noqa: BLE001, S110 - it already failed; closing is best effort
            pass
        self.dropped.append(f"{old.name} dropped: {why}")
        self.reasons.append(f"{old.name}: {why}")
        return self.advance()


def select_engine(spec: str = "auto", voice: str | None = None, rate: int | None = None,
                  make: Maker = make_engine, probe: bool = True) -> EngineChoice:
    """The first working engine for ``spec``; ``auto`` tries them in ``AUTO_ORDER``.

    Never raises for a missing or broken engine: the choice then has ``engine=None``, a reason
    per engine tried and an install hint. An unknown ``spec`` raises ``ValueError`` (at once,
    also with ``probe=False``, which leaves the trying to ``advance``: ``pending`` until then).
    """
    if spec not in SPECS:
        raise ValueError(f"unknown speech engine {spec!r}; choose one of {', '.join(SPECS)}")
    if spec == "none":
        return EngineChoice(None, ["--speech none"])
    names: list[str] = list(AUTO_ORDER) if spec == "auto" else [spec]
    choice = EngineChoice(None, rest=names, voice=voice, rate=rate, make=make, pending=True)
    if probe:
        choice.advance()
    return choice
