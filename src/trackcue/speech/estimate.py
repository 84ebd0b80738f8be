"""Clip lengths for planning without a speech engine: tones from their files, phrases from their words.

``trackcue check`` and ``compile --transcript --speech none`` plan with these; a run or a render
plans with the lengths of the clips it really made.
"""

from __future__ import annotations

import wave
from pathlib import Path

from trackcue.audio.sounds import TONES, sound_path
from trackcue.phrases import estimate_duration
from trackcue.timeline import Timeline

UNKNOWN_SOUND_S = 0.5  # a workout's own sound file, not opened for a plan


def estimated_durations(timeline: Timeline) -> dict[str, float]:
    """Seconds per tone name and per phrase of ``timeline`` (full and short forms)."""
    out: dict[str, float] = {name: _wav_seconds(sound_path(name)) for name in TONES}
    for c in timeline.cues:
        for text in (c.text, c.short_text):
            if text:
                out[text] = estimate_duration(text)
        if c.sound and c.sound not in out:
            out[c.sound] = UNKNOWN_SOUND_S
    return out


def _wav_seconds(path: Path) -> float:
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes() / w.getframerate()
    except (OSError, wave.Error, EOFError):
        return UNKNOWN_SOUND_S
