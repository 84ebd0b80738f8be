"""Finding and loading the cue tones and the other sound files a workout may name."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from trackcue.errors import Problem, UserError

if TYPE_CHECKING:
    from trackcue.audio.clip import Clip

# The tones shipped in sounds/, by cue: the countdown pips rise in pitch towards "go".
TONES = ("pip3", "pip2", "pip1", "go", "stop", "target", "halfway", "split", "last_rep", "finish")

_FOLDER_HINT = "put the sound file next to the workout file or in trackcue's sounds folder"


class SoundFileError(UserError):
    """A sound a workout names cannot be used; carries one Problem with a hint."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__([Problem(message, hint=hint)])


@functools.lru_cache(maxsize=1)  # resolving the path stats every folder above it: once is enough
def sounds_dir() -> Path:
    """The folder of the shipped tones: inside the wheel, or the checkout's top-level sounds/.

    (A path next to this file rather than importlib.resources, which costs ten milliseconds of
    imports to ``trackcue check`` for the same answer.)
    """
    packaged = Path(__file__).resolve().parents[1] / "data" / "sounds"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "sounds"


def sound_path(name: str) -> Path:
    """The file of a shipped tone, e.g. ``sound_path("go")``."""
    if name not in TONES:
        raise SoundFileError(f"unknown sound {name!r}", f"use one of {', '.join(TONES)}")
    return sounds_dir() / f"{name}.wav"


def resolve_sound(name: str, workout_dir: str | Path) -> Path:
    """The file a workout means by ``name``: a shipped tone, or a WAV in its folder or sounds/.

    Paths escaping those two folders (``../``, absolute paths elsewhere, symlinks out) are
    refused, so a shared workout cannot read arbitrary files.
    """
    if name in TONES:
        return sound_path(name)
    folders = [Path(workout_dir).resolve(), sounds_dir().resolve()]
    for folder in folders:
        candidate = (folder / name).resolve()
        if not any(candidate.is_relative_to(f) for f in folders):
            raise SoundFileError(f"sound file {name!r} is outside the workout's folder",
                                 _FOLDER_HINT)
        if candidate.is_file():
            return candidate
    raise SoundFileError(f"sound file {name!r} not found", _FOLDER_HINT)


def load_sound(name_or_path: str | Path, rate: int) -> Clip:
    """A tone name or a WAV path decoded to a mono 16-bit Clip at ``rate``, at the common loudness.

    Every sound is at ``loudness.TARGET_LUFS`` (as every spoken phrase is), so a tone is never
    louder than the words: the shipped tones are generated at it (sounds/generate.py), so they
    load without the loudness meter (numpy and scipy cost a second at start-up); a workout's own
    files are measured and brought to it. Shipped tones are named by their cue
    (``clip.name == "go"``); other files by their path.
    """
    if isinstance(name_or_path, str) and name_or_path in TONES:
        return _load(str(sound_path(name_or_path)), rate, name_or_path, measure=False)
    path = Path(name_or_path)
    return _load(str(path), rate, str(path), measure=True)


@functools.lru_cache(maxsize=64)
def _load(path: str, rate: int, name: str, measure: bool) -> Clip:
    # Imported here: `trackcue check` reads only the tones' lengths, and these cost its start-up.
    from trackcue.audio.clip import Clip
    from trackcue.audio.loudness import LoudnessUnavailable, normalize
    from trackcue.audio.resample import resample
    from trackcue.audio.wavfile import WavError, read_wav

    try:
        samples, src_rate = read_wav(path)
    except FileNotFoundError:
        raise SoundFileError(f"sound file {path!r} not found", _FOLDER_HINT) from None
    except (OSError, WavError, ValueError) as exc:
        raise SoundFileError(f"cannot read sound file {path!r}: {exc}",
                             "use a PCM WAV file (8, 16 or 24-bit, mono or stereo)") from None
    clip = Clip(resample(samples, src_rate, rate), rate, name)
    if not measure:
        return clip
    try:
        return normalize(clip)
    except LoudnessUnavailable:
        return clip
