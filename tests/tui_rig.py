"""Fakes for driving the screen in tests and benches (not shipped): a small exact workout, a recorder, a slow sink, a pty.

Everything here is deterministic: a ``FakeClock`` moves only when told, and ``settle`` makes the
screen read it at once instead of waiting for its timer.
"""

from __future__ import annotations

import asyncio
import functools
import os
import signal
import threading
import time
from typing import Any

from engine_rig import RecordingSink, make_timeline
from session_fakes import FakeRecorder, FakeSound, fake_session

from trackcue.engine.clock import FakeClock
from trackcue.hearing import Hearing
from trackcue.session.options import PlayOptions
from trackcue.session.protocols import RecorderOpener
from trackcue.session.resume import ResumePoint
from trackcue.timeline import Cue, Split, Timeline

__all__ = ["FakeRecorder", "FakeSound", "PtyProcess", "SlowSink", "advance", "fake_app", "settle", "sync",
           "tempo_timeline", "track_timeline"]


def track_timeline() -> Timeline:
    """Warm-up 5:00, 2 × (200 m in 38 s ended by lap, split at 100 m; jog 1:45), cool-down 5:00."""
    def rep(n: int) -> list[dict[str, Any]]:
        steps = [
            dict(kind="run", duration_s=38.0, ends="lap", distance_m=200.0, target_s=38.0,
                 pace_s_per_m=0.19, splits=(Split(100.0, 19.0),), rep=n, reps=2, label="Run · 200 m in 38s"),
        ]
        if n < 2:
            steps.append(dict(kind="jog", duration_s=105.0, rep=n, reps=2, label="Jog · 1:45"))
        return steps

    steps = [dict(kind="warmup", duration_s=300.0, label="Warm-up · 5min easy")] + rep(1) + rep(2)
    steps.append(dict(kind="cooldown", duration_s=300.0, label="Cool-down · 5min easy"))
    return make_timeline(steps, name="200 m test session")


def tempo_timeline() -> Timeline:
    """Warm-up 2:00, 2 sets × 2 reps × (300 m in 60 s, timed, splits every 100 m; jog 1:00), cool-down 2:00."""
    steps: list[dict[str, Any]] = [dict(kind="warmup", duration_s=120.0, label="Warm-up · 2min easy")]
    for st in (1, 2):
        for n in (1, 2):
            steps.append(dict(kind="run", duration_s=60.0, distance_m=300.0, target_s=60.0, pace_s_per_m=0.2,
                              splits=(Split(100.0, 20.0), Split(200.0, 40.0)), rep=n, reps=2, set=st, sets=2,
                              label="Run · 300 m in 1:00"))
            steps.append(dict(kind="jog", duration_s=60.0, rep=n, reps=2, set=st, sets=2, label="Jog · 1min"))
    steps.append(dict(kind="cooldown", duration_s=120.0, label="Cool-down · 2min easy"))
    return make_timeline(steps, name="300 m tempo sets")


class SlowSink(RecordingSink):
    """A sink whose every call blocks for ``delay_s`` real seconds (a stuck audio device)."""

    def __init__(self, delay_s: float) -> None:
        super().__init__()
        self.delay_s = delay_s
        self.threads: set[str] = set()

    def queue(self, cue: Cue, at_clock_t: float) -> None:
        self.threads.add(threading.current_thread().name)
        time.sleep(self.delay_s)
        super().queue(cue, at_clock_t)

    def cancel_from(self, clock_t: float) -> None:
        self.threads.add(threading.current_thread().name)
        time.sleep(self.delay_s)
        super().cancel_from(clock_t)


def fake_app(timeline: Timeline | None = None, *, sink: Any = None, recorder: FakeRecorder | None = None,
             clock: Any = None, get_ready_s: float | None = None, resume: ResumePoint | None = None,
             open_recorder: RecorderOpener | None = None, hearing: Hearing | None = Hearing("sound", True),
             audio_status: str = "audio: off (test)"):
    """The player app on a fake clock (or ``clock``), a fake sound (``sink`` if given) and a fake
    history (``recorder``; ``open_recorder`` for a real one); returns ``(app, clock)``.
    ``hearing`` and ``audio_status``: what the fake sound says it plays."""
    from trackcue.tui.app import TrackcueApp

    clock = clock or FakeClock()
    timeline = timeline or track_timeline()
    sound = (sink if isinstance(sink, FakeSound) else _Sound(sink, hearing) if sink is not None
             else FakeSound(audio_status, hearing=hearing))
    session = fake_session(timeline, clock, sound=sound, recorder=recorder, resume=resume,
                           options=PlayOptions(get_ready_s=get_ready_s), open_recorder=open_recorder)
    return TrackcueApp(session), clock


class _Sound(FakeSound):
    """A fake sound passing cues on to ``inner`` (a slow or broken sink under test)."""

    def __init__(self, inner: Any, hearing: Hearing | None) -> None:
        super().__init__(hearing=hearing)
        self.inner = inner

    def queue(self, cue: Cue, at_clock_t: float) -> None:
        self.inner.queue(cue, at_clock_t)

    def cancel_from(self, clock_t: float) -> None:
        self.inner.cancel_from(clock_t)


async def settle(pilot: Any) -> None:
    """Let the screen read the clock now and redraw (no waiting for its timer)."""
    await _first_frame(pilot)
    _ticker(pilot)()
    await pilot.pause()


async def advance(pilot: Any, clock: FakeClock, seconds: float, step: float = 1.0) -> None:
    """Move the fake clock ``seconds`` forward in ``step``s, the screen following each step."""
    await _first_frame(pilot)
    end = clock.now() + seconds
    tick = _ticker(pilot)
    while clock.now() < end - 1e-9:
        clock.set(min(end, clock.now() + step))
        tick()
    await pilot.pause()


async def _first_frame(pilot: Any) -> None:
    """Wait until the player has painted its first frame and started (the sound is prepared on a
    worker thread in between)."""
    from trackcue.tui.player_screen import PlayerScreen

    for _ in range(200):
        players = [s for s in pilot.app.screen_stack if isinstance(s, PlayerScreen)]
        if not any(s.first_frame_pending or s.starting or not s.is_mounted for s in players):
            return
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _ticker(pilot: Any):
    for screen in reversed(pilot.app.screen_stack):  # the player, even under a dialog
        tick = getattr(screen, "tick", None)
        if tick is not None:
            return tick
    return lambda: None


def sync(test):
    """Run an ``async def`` test with ``asyncio.run`` (no pytest async plugin needed); fixtures still work."""
    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> Any:
        return asyncio.run(test(*args, **kwargs))

    return run


class PtyProcess:
    """(POSIX only) ``argv`` started in a ``cols``×``rows`` pty; ``output`` accumulates everything it writes."""

    def __init__(self, argv: list[str], cols: int = 80, rows: int = 24, env: dict | None = None) -> None:
        import fcntl
        import pty
        import struct
        import termios

        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child
            os.execvpe(argv[0], argv, {**os.environ, "TERM": "xterm-256color", **(env or {})})
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.output = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk

    def exited(self, timeout: float) -> int | None:
        """The exit code once the program ends within ``timeout`` seconds, else ``None``."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.pid = -1
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.02)
        return None

    def wait_for(self, marker: bytes, timeout: float = 10.0) -> float:
        """Seconds from the start until ``marker`` first appeared in the output."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self._lock:
                if marker in self.output:
                    return time.perf_counter() - self.started
            time.sleep(0.001)
        raise TimeoutError(f"{marker!r} did not appear in {timeout} s")

    def send(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def cpu_seconds(self) -> float:
        """User + system CPU the process has used so far (Linux ``/proc``)."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """End the program (SIGTERM, then SIGKILL) and close the pty."""
        if self.pid < 0:  # already reaped by exited()
            self._close()
            return
        try:
            os.kill(self.pid, signal.SIGTERM)
            for _ in range(50):
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    break
                time.sleep(0.05)
            else:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self._close()

    def _close(self) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass
