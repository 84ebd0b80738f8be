"""``--audio auto|pulse|miniaudio|simpleaudio|pipe|bell|null|wav:PATH``: choosing and opening the output."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

from trackcue.audio import backends
from trackcue.audio.failover import FailoverOutput, Opener
from trackcue.audio.output import DEFAULT_RATE, AudioOutput, BackendUnavailable, Clock, PlayListener
from trackcue.audio.quiet import quiet_stderr
from trackcue.errors import UserError

BackendName = Literal["pulse", "miniaudio", "simpleaudio", "pipe", "bell", "null", "wav"]
AUTO_ORDER: tuple[BackendName, ...] = ("pulse", "miniaudio", "simpleaudio", "pipe", "bell", "null")
_SPEC_HINT = "use --audio auto, pulse, miniaudio, simpleaudio, pipe, bell, null or wav:PATH"


def opener(name: BackendName, clock: Clock, rate: int, latency_s: float | None, path: str = "") -> Opener:
    """A function that opens backend ``name`` (raising BackendUnavailable if it cannot).

    ``path`` is the file the ``wav`` backend writes.
    """
    def open_it() -> AudioOutput:
        return _open_backend(name, clock, rate, latency_s, path)
    return open_it


def _open_backend(name: BackendName, clock: Clock, rate: int, latency_s: float | None,
                  path: str) -> AudioOutput:
    if name == "wav":
        return backends.wav_out.open_backend(clock, rate, latency_s, path=path)
    return _OPEN[name](clock, rate, latency_s)


# Each entry names its module only when called: ``backends`` imports it then (its library with it).
_OPEN: dict[BackendName, Callable[[Clock, int, float | None], AudioOutput]] = {
    "pulse": lambda clock, rate, latency_s: backends.pulse_out.open_backend(clock, rate, latency_s),
    "miniaudio": lambda clock, rate, latency_s: backends.miniaudio_out.open_backend(clock, rate, latency_s),
    "simpleaudio": lambda clock, rate, latency_s: backends.simpleaudio_out.open_backend(clock, rate, latency_s),
    "pipe": lambda clock, rate, latency_s: backends.pipe_out.open_backend(clock, rate, latency_s),
    "bell": lambda clock, rate, latency_s: backends.bell_out.open_backend(clock, rate, latency_s),
    "null": lambda clock, rate, latency_s: backends.null_out.open_backend(clock, rate, latency_s),
}


def open_output(spec: str, clock: Clock, latency_s: float | None = None,
                log: Callable[[str], None] | None = None, rate: int = DEFAULT_RATE, *,
                calibrated: Mapping[str, float] | None = None,
                listener: PlayListener | None = None) -> AudioOutput:
    """Open the output ``spec`` names, following ``clock``; not started yet (call ``start()``).

    ``auto`` tries PulseAudio, miniaudio, simpleaudio, the pipe, the bell and null in turn and says once,
    through ``log``, what it chose and why the others failed. A named backend that cannot open
    is a UserError. Either way the result fails over down that order if its device dies, and
    goes back to it when it can be opened again (``failover.REATTACH_S``).
    ``latency_s`` overrides the backend's own estimate (``--latency MS``); without it each backend
    takes its entry of ``calibrated`` (backend name → seconds, from ``trackcue calibrate``) if any.
    ``listener`` is told of every clip placed and cancelled (the music ducker).
    """
    log = log or (lambda _msg: None)
    calibrated = calibrated or {}

    def latency(name: str) -> float | None:
        return latency_s if latency_s is not None else calibrated.get(name)

    if spec.startswith("wav:") and len(spec) > 4:
        chain = [("wav", opener("wav", clock, rate, latency_s, path=spec[4:]))]
        chain.append(("null", opener("null", clock, rate, latency_s)))
    elif spec == "auto":
        chain = [(n, opener(n, clock, rate, latency(n))) for n in AUTO_ORDER]
    elif spec in AUTO_ORDER:
        names = AUTO_ORDER[AUTO_ORDER.index(spec):]
        chain = [(n, opener(n, clock, rate, latency(n))) for n in names]
    else:
        raise UserError(f"unknown audio output {spec!r}", hint=_SPEC_HINT)
    failures = []
    for i, (name, open_it) in enumerate(chain):
        try:
            with quiet_stderr():
                output = open_it()
        except BackendUnavailable as exc:
            if spec != "auto":
                raise UserError(f"audio output {name} is not available: {exc}",
                                hint="use --audio auto to take whatever works") from exc
            failures.append(f"{name}: {exc}")
            continue
        if spec == "auto":
            why = f" ({'; '.join(failures)})" if failures else ""
            log(f"audio: {output.status}{why}")
        return FailoverOutput(output, chain[i + 1:], clock, log, reopen=open_it, listener=listener)
    raise AssertionError("the null output always opens")  # pragma: no cover
