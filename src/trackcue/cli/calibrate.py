"""``trackcue calibrate``: measure the audio output's latency from taps on clicks, and keep it.

The clicks are queued on the output's one stream at exact clock times, after ``LEAD_S`` of
silence that wakes a sleeping (Bluetooth) sink. A tap is any key — or the headset's button, through
the same media-button service a run uses. The result is stored for this output (the backend and
the sink it plays to) in ``outputs.yaml``; every run on that output then uses it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TextIO

from trackcue.cli._common import number
from trackcue.errors import UserError
from trackcue.hearing import to_ears

ORDER = 85
_NO_DEVICE = ("null", "bell")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("calibrate", help="measure the audio output's latency: tap on each click",
                       description="Play clicks on a steady beat; tap any key (or the headset's button) on each. "
                                   "The median delay is kept for this output and used by every run on it.")
    p.add_argument("--audio", default="auto", metavar="OUTPUT",
                   help="the output to measure (default auto: the one a run would use)")
    p.add_argument("--clicks", default="12", metavar="N", help="how many clicks (default 12; the first 2 find the beat)")
    p.add_argument("--interval", default="1", metavar="S", help="seconds between clicks (default 1)")
    p.add_argument("--json", action="store_true", help="one JSON line per click and one for the result")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from trackcue.handsfree.calibrate import MIN_TAPS, WARMUP_CLICKS

    clicks = number(args.clicks, "--clicks", "write e.g. --clicks 12")
    if clicks != int(clicks) or not WARMUP_CLICKS + MIN_TAPS <= clicks <= 100:
        raise UserError(f"--clicks must be a whole number from {WARMUP_CLICKS + MIN_TAPS} to 100, got {args.clicks}",
                        hint="write e.g. --clicks 12")
    interval = number(args.interval, "--interval", "write e.g. --interval 1")
    if not 0.4 <= interval <= 3:
        raise UserError(f"--interval must be 0.4 to 3 seconds, got {args.interval}", hint="write e.g. --interval 1")
    if args.audio in _NO_DEVICE or not to_ears(args.audio):
        raise UserError(f"--audio {args.audio} plays to no one: there is no delay to measure",
                        hint="use --audio auto, pulse, miniaudio, simpleaudio or pipe")
    return _calibrate(args.audio, int(clicks), interval, args.json, sys.stdin, sys.stdout)


def _calibrate(spec: str, clicks: int, interval: float, as_json: bool, keys: TextIO, out: TextIO) -> int:
    from trackcue.audio.clip import Clip
    from trackcue.audio.select import open_output
    from trackcue.engine.clock import RealClock
    from trackcue.handsfree.calibrate import LEAD_S, CalibrationError, ClickPlan, Taps, click_samples, measure, run_clicks
    from trackcue.handsfree.latencies import Calibration, output_key, save
    from trackcue.handsfree.mpris import MediaButtons
    from trackcue.handsfree.pulse_client import default_sink

    def say(text: str, **event: object) -> None:
        line = json.dumps(event) if as_json else text
        if line:
            print(line, file=out, flush=True)

    clock = RealClock()
    output = open_output(spec, clock, None, lambda msg: None)  # the backend's own latency: no calibration
    try:
        if output.name in _NO_DEVICE:
            raise UserError(f"no sound device to calibrate ({output.status})",
                            hint="trackcue doctor says what plays here")
        key = output_key(output.name, default_sink() if output.name != "simpleaudio" else None)
        output.start()
        taps = Taps(clock)
        buttons = MediaButtons(lambda _command: taps.tap(), identity="trackcue calibrate")
        buttons.set_playback("Playing", "calibrate: tap on each click")
        buttons.start()
        plan = ClickPlan(clock.now() + LEAD_S, interval, clicks)
        click = Clip(click_samples(output.rate), output.rate, "click")
        say(f"calibrating {key}: tap any key (or the headset's button) on each of {clicks} clicks, one every "
            f"{interval:g} s; the first 2 are to find the beat.", event="calibrate", output=key, clicks=clicks,
            interval_s=interval, first_t=plan.first)

        def on_click(n: int, t: float) -> None:
            say(f"click {n}/{clicks}", event="click", n=n, t=t)

        with _tapping(keys, taps.tap):
            taken = run_clicks(lambda t: output.play_at(click, t), clock, taps, plan, on_click)
        buttons.close()
        try:
            result = measure(plan, taken)
        except CalibrationError as err:
            say(f"calibration failed: {err}", event="failed", output=key, why=str(err))
            return 1
        latency_ms = max(0.0, output.latency_s * 1000 + result.median_ms)
        path = save(key, Calibration(round(latency_ms, 1), len(result.offsets_ms), round(result.spread_ms, 1),
                                     date.today().isoformat()))
        say(f"latency of {key}: {latency_ms:.0f} ms (the output's own {output.latency_s * 1000:.0f} ms "
            f"{result.median_ms:+.0f} ms measured over {len(result.offsets_ms)} taps, spread "
            f"{result.spread_ms:.0f} ms); saved in {path}: every run on this output uses it (--latency overrides)",
            event="calibrated", output=key, latency_ms=round(latency_ms, 1), offset_ms=round(result.median_ms, 1),
            taps=len(result.offsets_ms), spread_ms=round(result.spread_ms, 1), ignored=result.ignored,
            saved=str(path))
        return 0
    finally:
        output.close()


@contextmanager
def _tapping(keys: TextIO, tap: Callable[[], None]) -> Iterator[None]:
    """Call ``tap`` on every key (a terminal, in cbreak mode) or every line (a pipe) until the end."""
    restore: Callable[[], None] = lambda: None
    reader: Callable[[], None]
    fd = _fileno(keys)
    if fd is not None and os.isatty(fd) and _cbreak_possible():
        import termios
        import tty

        saved = termios.tcgetattr(fd)
        tty.setcbreak(fd)  # keys one by one, unechoed; Ctrl-C still interrupts

        def restore() -> None:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

        def reader() -> None:
            while True:
                try:
                    if not os.read(fd, 64):
                        return
                except OSError:
                    return
                tap()
    else:
        def reader() -> None:
            try:
                for _line in keys:
                    tap()
            except (OSError, ValueError):
                return

    threading.Thread(target=reader, name="trackcue-taps", daemon=True).start()
    try:
        yield
    finally:
        restore()


def _fileno(stream: TextIO) -> int | None:
    try:
        return stream.fileno()
    except (OSError, ValueError, AttributeError):
        return None


def _cbreak_possible() -> bool:
    try:
        import termios  # noqa: F401
        import tty  # noqa: F401
    except ImportError:  # Windows: each Enter is a tap
        return False
    return True
