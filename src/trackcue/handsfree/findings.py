"""What ``trackcue doctor`` reports of the hands-free pieces: each on or off here, and why.

Each check does what a run would do (connect to the session bus, to the sound server) and says
what it found; a check that cannot run is a finding, never a crash. The ducking check also puts
back music a killed trackcue left lowered, as the next run would.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from trackcue.handsfree.duck import DEFAULT_DEPTH_DB

READY_S = 3.0  # the longest the media-button check waits for the bus


@dataclass(frozen=True)
class Finding:
    """One line of the report: what, whether it works here, and the detail."""

    name: str
    ok: bool
    detail: str


def media_buttons(timeout_s: float = READY_S) -> Finding:
    """Can trackcue be an MPRIS player here (so a headset's button laps)?"""
    from trackcue.handsfree.mpris import MediaButtons

    buttons = MediaButtons(lambda _command: None, identity="trackcue doctor")
    buttons.start()
    try:
        if buttons.wait_ready(timeout_s):
            return Finding("media button", True, "on while a workout plays (MPRIS on the session bus: "
                                                  "play/pause = lap, next = skip, stop = pause)")
        why = buttons.why or f"the session bus did not answer in {timeout_s:g} s"
    finally:
        buttons.close()
    if sys.platform == "darwin":
        why += "; macOS media keys are not taken (see docs/hands-free.md)"
    return Finding("media button", False, f"off ({why}); a page-turner's Enter and Space still work")


def ducking() -> Finding:
    """Can other streams be lowered during cues here? Puts back what a killed trackcue left lowered."""
    from trackcue.handsfree.pulse_client import PulseUnavailable, connect
    from trackcue.handsfree.pulse_volumes import restore_left_over

    restored = restore_left_over()
    note = f"; put back {', '.join(restored)} (left lowered by a trackcue that was killed)" if restored else ""
    try:
        pulse = connect("trackcue-doctor")
    except PulseUnavailable as err:
        return Finding("ducking", False, f"off ({err}){note}")
    try:
        info = pulse.server_info()
        server = f"{info.server_name} {info.server_version}"
    finally:
        pulse.close()
    return Finding("ducking", True, f"on: other streams {DEFAULT_DEPTH_DB:g} dB during cues ({server}; "
                                    f"--duck DB or --duck off){note}")


def latencies() -> list[Finding]:
    """Each calibrated output's latency, the one a run would use here marked."""
    from trackcue.handsfree.latencies import OutputsFileError, load, outputs_path
    from trackcue.handsfree.pulse_client import default_sink

    try:
        found = load()
    except OutputsFileError as err:
        return [Finding("latency", False, f"{err} (run trackcue calibrate again to rewrite it)")]
    if not found:
        return [Finding("latency", False, "not calibrated: the output's own estimate is used "
                                          "(trackcue calibrate measures it; --latency MS sets it)")]
    sink = default_sink()
    rows = []
    for key, calibration in sorted(found.items()):
        here = " — this output now" if sink is not None and key.endswith(f":{sink}") else ""
        rows.append(Finding("latency", True, f"{key}: {calibration.latency_ms:.0f} ms ({calibration.taps} taps, "
                                             f"spread {calibration.spread_ms:.0f} ms, {calibration.measured}){here}"))
    rows.append(Finding("latency", True, f"kept in {outputs_path()}"))
    return rows


def wake_lock() -> list[Finding]:
    """The Termux wake lock and the Termux:API app (on Termux only)."""
    from trackcue.handsfree.wakelock import LOCK, WakeLock, termux_api_app, under_termux

    if not under_termux():
        return [Finding("wake lock", True, "not needed: not running under Termux")]
    ok, why = WakeLock().available()
    rows = [Finding("wake lock", ok, f"taken while a workout plays ({LOCK})" if ok else f"off ({why})")]
    api_ok, api = termux_api_app()
    rows.append(Finding("Termux:API", api_ok, api + (" — needed for termux-tts-speak" if not api_ok else "")))
    return rows


def all_findings() -> list[Finding]:
    """Every hands-free finding, in the order the report shows them."""
    return [media_buttons(), ducking(), *latencies(), *wake_lock()]
