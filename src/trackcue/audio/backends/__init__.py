"""Device adapters: each module offers ``open_backend(clock, rate, latency_s)``.

``open_backend`` raises :class:`trackcue.audio.output.BackendUnavailable` when it cannot play
here; otherwise it returns an output whose device is open but not yet started.

A backend module is imported the first time it is named here (``backends.pulse_out``, PEP 562),
so its library (ctypes' libpulse, miniaudio…) loads only when that backend is tried.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what each name is, for the type checker; imported for real by __getattr__
    from trackcue.audio.backends import (
        bell_out,
        miniaudio_out,
        null_out,
        pipe_out,
        pulse_out,
        simpleaudio_out,
        wav_out,
    )

__all__ = ["bell_out", "miniaudio_out", "null_out", "pipe_out", "pulse_out", "simpleaudio_out", "wav_out"]


def __getattr__(name: str) -> ModuleType:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return importlib.import_module(f"{__name__}.{name}")  # binds it here: later lookups skip this
