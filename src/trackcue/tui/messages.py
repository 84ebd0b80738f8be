"""What the screens tell the app (Textual's "attributes down, messages up"): posted by a screen,
handled by ``TrackcueApp`` with ``@on``.

Here rather than nested in the screens so the app can name them without importing every screen
before its first frame (the picker's widgets cost ≈30 ms the player never needs).
"""

from __future__ import annotations

from textual.message import Message

from trackcue.timeline import Timeline


class PlayRequested(Message):
    """The runner started ``timeline`` from the picker (its parameters checked): open a session on it."""

    def __init__(self, timeline: Timeline) -> None:
        super().__init__()
        self.timeline = timeline


class WorkoutEnded(Message):
    """The workout ended (run to the end, or stopped): record it and show the summary."""
