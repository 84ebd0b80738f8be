"""A control connection to the PulseAudio/PipeWire server through pulsectl, for ducking and sink names.

pulsectl (MIT) is ctypes over libpulse, loaded when imported: where libpulse or the server is
missing (macOS, Windows, a phone without PulseAudio) ``connect`` raises ``PulseUnavailable``
saying which. Connecting is a short blocking call: never on the UI thread or in the engine.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pulsectl


class PulseUnavailable(Exception):
    """No PulseAudio/PipeWire server to talk to here; the message says why in a few words."""


def connect(client: str) -> pulsectl.Pulse:
    """A pulsectl connection named ``client`` to the default server."""
    try:
        import pulsectl
    except ImportError:
        raise PulseUnavailable("pulsectl is not installed (pip install pulsectl)") from None
    except OSError:  # pulsectl loads libpulse when imported
        raise PulseUnavailable("no PulseAudio client library (libpulse)") from None
    try:
        return pulsectl.Pulse(client)
    except pulsectl.PulseError as exc:
        raise PulseUnavailable(f"no PulseAudio or PipeWire server ({exc})") from None


def default_sink() -> str | None:
    """The sink a new stream plays to: ``$PULSE_SINK``, else the server's default; None without a server."""
    named = os.environ.get("PULSE_SINK")
    if named:
        return named
    try:
        pulse = connect("trackcue-sink")
    except PulseUnavailable:
        return None
    try:
        name = pulse.server_info().default_sink_name
        return str(name) if name else None
    except Exception:  # noqa: BLE001 — no sink name: the backend's own entry is used
        return None
    finally:
        pulse.close()
