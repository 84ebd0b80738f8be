"""The other programs' streams on a PulseAudio or PipeWire server: lowered for a duck, put back after.

The mechanism: each other stream's own volume (its sink input), set through pulsectl (MIT; ctypes
over libpulse, the library every PulseAudio client uses, maintained). Not PulseAudio's
module-role-ducking: PipeWire's PulseAudio server has no such module, a loaded module changes the
user's server for every program and outlives a killed trackcue, and it only ducks streams that
carry a media role. Not our own libpulse binding either: pulsectl already is that, kept up.

trackcue's own streams (this process's, and any client named ``trackcue``: the pipe backend's
``pacat``) are never lowered. Before the first stream is lowered, what is about to be changed —
each stream and its volume — is written to ``ducked.json`` in the user state folder, and removed
once all is put back. If trackcue dies with the music down, the next start (or ``doctor``) finds
the file and puts back each stream still at a ducked volume (one the user moved since is theirs).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trackcue.handsfree.duck import DEFAULT_DEPTH_DB
from trackcue.handsfree.pulse_client import PulseUnavailable, connect

if TYPE_CHECKING:
    import pulsectl

OWN_NAME = "trackcue"  # application.name of every stream trackcue plays (pulse, miniaudio, pacat)
STATE_NAME = "ducked.json"
_SLACK = 0.002  # volumes read back differ from those set by rounding to 1/65536


@dataclass(frozen=True)
class Lowered:
    """One stream a duck changes: its index on the server, who plays it, its own volume (per channel)."""

    index: int
    name: str
    pid: str
    volume: list[float]


def state_path() -> Path:
    """Where a duck in progress is noted: ``<user state dir>/trackcue/ducked.json``."""
    import platformdirs

    return Path(platformdirs.user_state_dir("trackcue", appauthor=False)) / STATE_NAME


def factor(db: float) -> float:
    """The PulseAudio volume factor that lowers the sound by ``-db`` decibels.

    A PulseAudio software volume is cubic: amplitude = volume³ (``pa_sw_volume_to_linear``), so a
    gain of ``db`` dB, an amplitude of 10^(db/20), is a volume factor of 10^(db/60).
    """
    return float(10 ** (db / 60))


class PulseVolumes:
    """A ``StreamVolumes`` on the default PulseAudio/PipeWire server (see the module's docstring).

    Opens a connection (a short blocking call: not on the UI thread) and first puts back whatever a
    trackcue that died left lowered. Use from one thread at a time (the ducker's).
    """

    def __init__(self, depth_db: float = DEFAULT_DEPTH_DB, state: Path | None = None,
                 own_pid: int | None = None) -> None:
        self.depth = factor(depth_db)  # the lowest a duck sets a stream to, as a factor of its own volume
        self.state = state or state_path()
        self.own_pid = str(os.getpid() if own_pid is None else own_pid)
        self.restored_left_over = restore_left_over(self.state)
        self._pulse = connect("trackcue-duck")
        info = self._pulse.server_info()
        self._server = f"{info.server_name} {info.server_version}"
        self._lowered: list[Lowered] | None = None
        self._set: dict[int, list[float]] = {}

    def describe(self) -> str:
        return self._server

    def set_level(self, db: float) -> None:
        if db >= 0:
            self.restore()
            return
        import pulsectl

        try:
            if self._lowered is None:
                self._lowered = [lowered(si) for si in self._pulse.sink_input_list() if not self._ours(si)]
                _write_state(self.state, self.own_pid, self.depth, self._lowered)
            scale = factor(db)
            for stream in list(self._lowered):
                values = [v * scale for v in stream.volume]
                try:
                    self._pulse.sink_input_volume_set(stream.index, pulsectl.PulseVolumeInfo(values))
                except pulsectl.PulseOperationFailed:  # the stream ended meanwhile
                    self._lowered.remove(stream)
                    continue
                self._set[stream.index] = values
        except (pulsectl.PulseError, pulsectl.PulseDisconnected) as exc:
            raise OSError(f"the sound server stopped answering ({type(exc).__name__})") from exc

    def restore(self) -> None:
        lowered_now, self._lowered = self._lowered, None
        set_now, self._set = self._set, {}
        if lowered_now is None:
            return
        try:
            _put_back(self._pulse, lowered_now, lambda s, current: _same(current, set_now.get(s.index)))
        except Exception:  # noqa: BLE001 — the file stays: the next start puts the music back
            return
        _remove(self.state)

    def close(self) -> None:
        """Put everything back and disconnect."""
        self.restore()
        self._pulse.close()

    def _ours(self, sink_input: pulsectl.PulseSinkInputInfo) -> bool:
        props = sink_input.proplist
        return bool(props.get("application.process.id") == self.own_pid or props.get("application.name") == OWN_NAME)


def lowered(sink_input: pulsectl.PulseSinkInputInfo) -> Lowered:
    """A sink input (pulsectl's) as a ``Lowered``: index, name, process id, volume."""
    props = sink_input.proplist
    return Lowered(int(sink_input.index), str(props.get("application.name", sink_input.name)),
                   str(props.get("application.process.id", "")), [float(v) for v in sink_input.volume.values])


Untouched = Callable[[Lowered, list[float]], bool]  # is this stream's volume still as trackcue left it?


def _put_back(pulse: pulsectl.Pulse, streams: list[Lowered], ours: Untouched) -> list[str]:
    """Set each stream back to its volume if it is the same stream and still as trackcue left it."""
    import pulsectl

    now = {si.index: si for si in pulse.sink_input_list()}
    done = []
    for stream in streams:
        si = now.get(stream.index)
        if si is None or lowered(si).name != stream.name or lowered(si).pid != stream.pid:
            continue  # gone, or the index now belongs to another stream
        current = [float(v) for v in si.volume.values]
        if len(current) != len(stream.volume) or not ours(stream, current):
            continue  # the user moved it since: their volume stays
        try:
            pulse.sink_input_volume_set(stream.index, pulsectl.PulseVolumeInfo(list(stream.volume)))
        except pulsectl.PulseOperationFailed:
            continue
        done.append(stream.name)
    return done


def _same(current: list[float], expected: list[float] | None) -> bool:
    return expected is not None and all(abs(c - e) <= _SLACK for c, e in zip(current, expected))


def _within_duck(stream: Lowered, current: list[float], depth: float) -> bool:
    """Is every channel between the ducked level and the stream's own (what a duck in progress leaves)?"""
    return all(v * depth - _SLACK <= c <= v + _SLACK for v, c in zip(stream.volume, current))


def restore_left_over(state: Path | None = None) -> list[str]:
    """Put back the streams a trackcue that died left lowered; the names of those put back.

    Does nothing (and connects to nothing) without a ``ducked.json``, or while the trackcue that
    wrote it still runs. Never raises: what cannot be put back is left, and the file with it.
    """
    state = state or state_path()
    try:
        noted = json.loads(state.read_text(encoding="utf-8"))
        pid = int(noted["pid"])
        depth = float(noted["depth"])
        streams = [Lowered(int(s["index"]), str(s["name"]), str(s["pid"]), [float(v) for v in s["volume"]])
                   for s in noted["streams"]]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError):
        _remove(state)  # unreadable: nothing can be done with it
        return []
    if pid != os.getpid() and _alive(pid):
        return []
    try:
        pulse = connect("trackcue-restore")
    except PulseUnavailable:
        return []
    try:
        done = _put_back(pulse, streams, lambda s, current: _within_duck(s, current, depth))
    except Exception:  # noqa: BLE001
        return []
    finally:
        pulse.close()
    _remove(state)
    return done


def _write_state(state: Path, pid: str, depth: float, streams: list[Lowered]) -> None:
    state.parent.mkdir(parents=True, exist_ok=True)
    tmp = state.with_suffix(".tmp")
    data = {"pid": int(pid), "depth": depth, "streams": [asdict(s) for s in streams]}
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, state)


def _remove(state: Path) -> None:
    try:
        state.unlink()
    except OSError:
        pass


def _alive(pid: int) -> bool:
    """Does process ``pid`` run, and is it a trackcue (a reused number is not)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return b"trackcue" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc to ask (not Linux): assume it is
