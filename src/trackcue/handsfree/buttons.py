"""What a headset or remote button does: media-player calls mapped onto trackcue's commands.

A Bluetooth headset does not say "lap": it sends the calls a media player understands (MPRIS on
Linux, from the headset's AVRCP buttons). A headset guesses whether the player is playing and
sends *Play* or *Pause* accordingly, so the three of them mean one thing here: "the button was
pressed". While the workout runs that is a lap; while it is paused it resumes it.
"""

from __future__ import annotations

from typing import Literal, get_args

RemoteCommand = Literal["lap", "skip", "back", "pause", "resume"]
"""A command from a remote: the same words the headless loop reads on stdin."""

PlaybackStatus = Literal["Playing", "Paused", "Stopped"]
"""The player's state in MPRIS's own words (``Stopped``: no workout is playing)."""

ButtonCall = Literal["PlayPause", "Play", "Pause", "Stop", "Next", "Previous"]
"""The MPRIS Player methods a button press arrives as."""
BUTTON_CALLS: tuple[ButtonCall, ...] = get_args(ButtonCall)

_PRESS: tuple[ButtonCall, ...] = ("PlayPause", "Play", "Pause")


def command_for(call: ButtonCall, status: PlaybackStatus) -> RemoteCommand | None:
    """The command a button ``call`` means while the player is in ``status``; ``None``: nothing.

    Playing: play/pause → lap, next → skip, previous → back, stop (a long press on headsets that
    send it) → pause. Paused: play/pause → resume; next and previous as while playing. Stopped
    (before the start, after the end): nothing.
    """
    if status == "Stopped":
        return None
    if call in _PRESS:
        return "lap" if status == "Playing" else "resume"
    if call == "Next":
        return "skip"
    if call == "Previous":
        return "back"
    return "pause" if status == "Playing" else None
