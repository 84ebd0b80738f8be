"""The whole cue track of a workout as one audio file: every planned clip at its exact sample.

Lap-ended steps play at their target times. Frame 0 is the start of the get-ready countdown, so
a runner can press play on any music player and hear the session as it would be at the track.
"""

from __future__ import annotations

from pathlib import Path

from trackcue.audio.clip import Clip
from trackcue.audio.render import render_to_file
from trackcue.soundtrack.prepare import Soundtrack

TAIL_S = 3.0  # room for the finish phrase


def placements(track: Soundtrack) -> list[tuple[float, Clip]]:
    """(seconds from the file's start, clip) for every sound the session plays."""
    lead = track.timeline.lead_in_s
    out: list[tuple[float, Clip]] = []
    for cue in track.timeline.cues:
        p = track.planned(cue)
        if p is None:
            continue
        tone = track.tones.get(p.sound) if p.sound else None
        if tone is not None:
            out.append((p.at_s + lead, tone))
        phrase = track.fitting_phrase(p, cue)
        if phrase is not None and p.speech_at_s is not None:
            out.append((p.speech_at_s + lead, phrase))
    return out


def render_session(track: Soundtrack, path: Path) -> Path:
    """Write the session's cue track to ``path``, in the format its suffix names (``render.FORMATS``).

    Raises ``render.FormatError`` for a suffix trackcue does not write, ``OSError`` if it cannot.
    """
    total = track.timeline.lead_in_s + track.timeline.total_s + TAIL_S
    return render_to_file(placements(track), path, track.rate, total)
