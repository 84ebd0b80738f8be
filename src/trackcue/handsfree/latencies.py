"""The calibrated latency of each output, kept in the config (``trackcue calibrate`` writes it).

An output is a backend and, where a PulseAudio/PipeWire server runs, the sink it plays to:
``pulse:bluez_output.00_1B_66_AA_BB_CC.1`` for a Bluetooth headset, ``pulse:alsa_output.pci-0000_00_1f.3.analog-stereo``
for the laptop's speakers, ``miniaudio`` where there is no server. Each headset has its own delay,
so each sink has its own entry, and a run uses the one of the sink it plays to — instead of
``--latency``, which still wins when given.

The latency is what the backend is given as ``latency_s``: for ``pulse`` the delay *beyond* what the
server reports (a Bluetooth headset's own buffer, which no server sees); for the others the whole
delay from the mix to the ear.

The file is ``<user config dir>/trackcue/outputs.yaml`` (``$TRACKCUE_OUTPUTS`` moves it)::

    outputs:
      pulse:bluez_output.00_1B_66_AA_BB_CC.1: {latency_ms: 182.0, taps: 10, spread_ms: 14.0, measured: '2026-11-30'}
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

OUTPUTS_ENV = "TRACKCUE_OUTPUTS"
OUTPUTS_NAME = "outputs.yaml"
_HEADER = "# trackcue calibrate: the measured delay of each audio output, used by every run.\n"


class OutputsFileError(Exception):
    """``outputs.yaml`` cannot be read as written by ``trackcue calibrate``; the message says where."""


@dataclass(frozen=True)
class Calibration:
    """One output's measured latency: ``latency_ms`` from ``taps`` taps, their ``spread_ms``, the date."""

    latency_ms: float
    taps: int
    spread_ms: float
    measured: str  # ISO date

    def __post_init__(self) -> None:
        if not (math.isfinite(self.latency_ms) and 0 <= self.latency_ms <= 2000):
            raise ValueError(f"latency_ms must be 0 to 2000, got {self.latency_ms}")


def outputs_path() -> Path:
    """``$TRACKCUE_OUTPUTS``, else ``<user config dir>/trackcue/outputs.yaml``."""
    override = os.environ.get(OUTPUTS_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("trackcue", appauthor=False)) / OUTPUTS_NAME


def output_key(backend: str, sink: str | None) -> str:
    """``backend:sink`` where a server names the sink, else the backend alone."""
    return f"{backend}:{sink}" if sink else backend


def load(path: Path | None = None) -> dict[str, Calibration]:
    """Every output's calibration; ``{}`` when there is no file. Raises ``OutputsFileError``."""
    import yaml

    path = path or outputs_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise OutputsFileError(f"{path}: cannot be read ({err.strerror})") from None
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as err:
        mark = err.problem_mark if isinstance(err, yaml.MarkedYAMLError) else None
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        raise OutputsFileError(f"{where}: not YAML") from None
    outputs = data.get("outputs", {}) if isinstance(data, dict) else None
    if not isinstance(outputs, dict):
        raise OutputsFileError(f"{path}: expected 'outputs:' mapping each output to its latency")
    found = {}
    for key, entry in outputs.items():
        try:
            found[str(key)] = Calibration(float(entry["latency_ms"]), int(entry.get("taps", 0)),
                                          float(entry.get("spread_ms", 0.0)), str(entry.get("measured", "")))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise OutputsFileError(f"{path}: output {key!r}: expected latency_ms: 0 to 2000") from None
    return found


def save(key: str, calibration: Calibration, path: Path | None = None) -> Path:
    """Store ``calibration`` for output ``key`` (keeping the others); the file written."""
    import yaml

    path = path or outputs_path()
    try:
        outputs = load(path)
    except OutputsFileError:
        outputs = {}  # a damaged file is replaced by one that works
    outputs[key] = calibration
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump({"outputs": {k: asdict(v) for k, v in sorted(outputs.items())}}, sort_keys=False,
                          allow_unicode=True, default_flow_style=None)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(_HEADER + body, encoding="utf-8")
    os.replace(tmp, path)
    return path


def for_sink(calibrations: Mapping[str, Calibration], sink: str | None) -> dict[str, float]:
    """Backend name → calibrated latency in seconds, for the outputs that play to ``sink``."""
    found = {}
    for key, calibration in calibrations.items():
        backend, _, on = key.partition(":")
        if (on or None) == sink:
            found[backend] = calibration.latency_ms / 1000
    return found
