"""What the runner will hear from a live run: the tones (through a device, as bells, or not at all) and speech.

The screen says it before the start, with how to get what is missing; ``trackcue doctor`` says the
rest. Pure: built from what the output can play, the ``--audio`` asked for and the speech engine chosen.
A module of its own at the top: the screen needs it before its first frame, the sound only later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the screen reads this module before its first frame: no speech engines imported
    from trackcue.speech.engines import EngineChoice

Tones = Literal["sound", "bell", "none"]  # through a sound device, as terminal bells, not at all

DEVICE_FIX = "start PulseAudio/PipeWire or plug in headphones; see trackcue doctor"
SPEECH_FIX = "install espeak-ng (trackcue doctor says how)"


@dataclass(frozen=True)
class Hearing:
    """The tones (``sound``, ``bell`` or ``none``) and whether speech will be heard.

    ``why`` says in a few words what is missing, ``fix`` how to get it; both empty when nothing is.
    """

    tones: Tones
    speech: bool
    why: str = ""
    fix: str = ""


ASKED_SILENCE = Hearing("none", False, "--audio null", "leave out --audio null")


def to_ears(asked: str) -> bool:
    """Whether ``--audio asked`` plays to anyone's ears: not ``null``, not a file (``wav:PATH``)."""
    return asked != "null" and not asked.startswith("wav:")


def hearing_of(audible: bool, speaks: bool, asked: str, speech: EngineChoice) -> Hearing:
    """What is heard through an output that is ``audible`` (plays anything) and ``speaks`` (plays
    more than bells), opened for ``--audio asked``; ``speech`` is the engine chosen (``engine=None``:
    speech is off).
    """
    if asked == "null":
        return ASKED_SILENCE
    if asked.startswith("wav:"):
        return Hearing("none", False, f"the cues are written to {asked[4:]}", "")
    if not audible:
        return Hearing("none", False, "no sound device works here", DEVICE_FIX)
    if not speaks:
        return Hearing("bell", False, "no sound device works here", DEVICE_FIX)
    if speech.engine is None:
        if speech.reasons == ["--speech none"]:
            return Hearing("sound", False, "--speech none", "leave out --speech none")
        return Hearing("sound", False, "no speech engine works here", SPEECH_FIX)
    return Hearing("sound", True)
