"""Keep playing when a device dies mid-run: switch to the next backend with the queue intact."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable

from trackcue.audio.clip import Clip
from trackcue.audio.output import AudioOutput, BackendUnavailable, Clock
from trackcue.audio.quiet import quiet_stderr

Opener = Callable[[], AudioOutput]

_CHECK_S = 0.2  # how often the watcher looks at the current output's health
_KEEP_S = 10.0  # clips this far in the past are no longer worth remembering
_REPLAY_GRACE_S = 0.3  # clips that began this recently are replayed on the new output


class FailoverOutput(AudioOutput):
    """Wraps the working output; on failure opens the next and re-queues the pending clips."""

    def __init__(self, current: AudioOutput, fallbacks: list[tuple[str, Opener]], clock: Clock,
                 log: Callable[[str], None] | None = None) -> None:
        super().__init__(clock, current.rate, current.latency_s, current.name)
        self.current = current
        self.history: list[str] = []  # "miniaudio: the sound device stopped", oldest first
        self._stopped = ""  # the last output that stopped mid-run, and why
        self._fallbacks = list(fallbacks)
        self._log = log or (lambda _msg: None)
        self._lock = threading.RLock()
        self._record: list[tuple[float, int, Clip, float]] = []
        self._seq = itertools.count()
        self._started = False
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    def start(self) -> None:
        with self._lock:
            self._started = True
            self._guard(self.current.start)
            self.check()
        self._watcher = threading.Thread(target=self._watch, name="trackcue-audio-watch",
                                         daemon=True)
        self._watcher.start()

    def play_at(self, clip: Clip, t: float, gain: float = 1.0) -> None:
        with self._lock:
            now = self.clock.now()
            self._record = [r for r in self._record if r[0] >= now - _KEEP_S]
            self._record.append((t, next(self._seq), clip, gain))
            self.check()
            self._guard(lambda: self.current.play_at(clip, t, gain))
            self.check()

    def cancel_from(self, t: float) -> None:
        with self._lock:
            self._record = [r for r in self._record if r[0] < t]
            self._guard(lambda: self.current.cancel_from(t))
            self.check()

    def pending_s(self) -> float:
        with self._lock:
            return 0.0 if self.current.failed else self.current.pending_s()

    def close(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join()
        with self._lock:
            self._guard(self.current.close)

    @property
    def failed(self) -> bool:
        return self.current.failed and not self._fallbacks

    @property
    def status(self) -> str:
        text = self.current.status
        if self._stopped:
            text += f" — after {self._stopped}"
        return text

    def check(self) -> None:
        """If the current output failed, move to the next backend that opens."""
        with self._lock:
            while self.current.failed and self._fallbacks:
                self._switch()

    def _guard(self, call: Callable[[], None]) -> None:
        try:
            call()
        except Exception as exc:  # noqa: BLE001 - a device error must not reach the engine
            self.current.fail(f"error: {exc!r}")

    def _switch(self) -> None:
        old = self.current
        self._stopped = f"{old.name}: {old.failure}"
        self.history.append(self._stopped)
        # A dying device can hang in close(): let it go in the background.
        threading.Thread(target=self._close_quietly, args=(old,), daemon=True).start()
        while self._fallbacks:
            name, opener = self._fallbacks.pop(0)
            try:
                with quiet_stderr():
                    new = opener()
            except BackendUnavailable as exc:
                self.history.append(f"{name}: {exc}")
                continue
            self.current, self.name = new, new.name
            self.latency_s = new.latency_s
            if self._started:
                self._guard(new.start)
            since = self.clock.now() - _REPLAY_GRACE_S
            for t, _, clip, gain in sorted(self._record, key=lambda r: (r[0], r[1])):
                if t >= since:
                    self._guard(lambda c=clip, t=t, g=gain: new.play_at(c, t, g))
            self._log(f"audio: {old.name} stopped ({old.failure}); now playing through "
                      f"{new.status}")
            return

    @staticmethod
    def _close_quietly(output: AudioOutput) -> None:
        try:
            output.close()
        except Exception:  # noqa: BLE001, S110 - it already failed; closing is best effort
            pass

    def _watch(self) -> None:
        while not self._stop.wait(_CHECK_S):
            self.check()
