"""How a workout is played: one checked, immutable set of options for run, resume and the picker.

The command line builds it from its flags (``trackcue.cli.run.play_options``); the screen and the
session opener only ever see this object.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from trackcue.handsfree.duck import DEFAULT_DEPTH_DB
from trackcue.units import Units

MAX_SPEED = 1000.0  # beyond this a step passes between two wake-ups of the loop: nothing to watch
MIN_WPM, MAX_WPM = 80, 450
MIN_DUCK_DB, MAX_DUCK_DB = -60.0, -1.0


@dataclass(frozen=True)
class PlayOptions:
    """The playing options of ``trackcue run``/``resume``/the picker, as checked values.

    ``audio``: ``auto``, a backend name or ``wav:PATH``; ``speech``: an engine name, ``auto`` or
    ``none``; ``words_per_minute`` in [80, 450]; ``latency_s`` >= 0 (seconds; ``None``: the
    output's own estimate); ``speed`` in (0, 1000]; ``get_ready_s`` >= 0 (``None``: the workout's
    own); ``auto_lap`` ends lap-ended steps at their target; ``db`` the history file (``None``:
    ``$TRACKCUE_DB``, else the user data directory); ``duck_db`` how far other programs' sound goes
    down during cues, -60 to -1 dB (``None``: not at all); ``units`` what paces are shown and said
in (``None``: the runner's choice, else the workout's: docs/paces.md). Raises ``ValueError`` for values out of
    range (the command line checks its flags first and says which one).
    """

    audio: str = "auto"
    speech: str = "auto"
    voice: str | None = None
    words_per_minute: int | None = None
    latency_s: float | None = None
    speed: float = 1.0
    get_ready_s: float | None = None
    auto_lap: bool = False
    db: Path | None = None
    duck_db: float | None = DEFAULT_DEPTH_DB
    units: Units | None = None  # --units: beats the runner's profile and the workout's cues.units

    def __post_init__(self) -> None:
        if not (math.isfinite(self.speed) and 0 < self.speed <= MAX_SPEED):
            raise ValueError(f"speed must be more than 0 and at most {MAX_SPEED:g}, got {self.speed}")
        for name, value in (("latency_s", self.latency_s), ("get_ready_s", self.get_ready_s)):
            if value is not None and not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a finite number of seconds >= 0, got {value}")
        wpm = self.words_per_minute
        if wpm is not None and not MIN_WPM <= wpm <= MAX_WPM:
            raise ValueError(f"words_per_minute must be {MIN_WPM} to {MAX_WPM}, got {wpm}")
        if not self.audio:
            raise ValueError("audio must name an output")
        if self.duck_db is not None and not MIN_DUCK_DB <= self.duck_db <= MAX_DUCK_DB:
            raise ValueError(f"duck_db must be {MIN_DUCK_DB:g} to {MAX_DUCK_DB:g} dB, got {self.duck_db}")
