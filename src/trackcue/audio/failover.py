"""Keep playing when a device dies mid-run, and come back to it when it returns.

When the output in use fails, the next backend that opens takes over with the queue intact. The
one that failed is not forgotten: every ``REATTACH_S`` the watcher tries to open it again (a
sound server that restarted, a headset plugged back in) and, once it opens, moves back up to it
with the queue intact too. Only backends that worked during this run are tried again.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable

from trackcue.audio.clip import Clip
from trackcue.audio.output import AudioOutput, BackendUnavailable, Clock, PlayListener
from trackcue.audio.quiet import quiet_stderr

Opener = Callable[[], AudioOutput]

_CHECK_S = 0.2  # how often the watcher looks at the current output's health
REATTACH_S = 1.0  # how often it tries to open again an output that was lost
_KEEP_S = 10.0  # clips this far in the past are no longer worth remembering
_REPLAY_GRACE_S = 0.3  # clips that began this recently are replayed on the new output


class FailoverOutput(AudioOutput):
    """Wraps the working output; on failure opens the next and re-queues the pending clips.

    ``fallbacks`` are the backends to try next, in order; ``reopen`` opens ``current`` again
    (without it, a lost ``current`` is not tried again; fallbacks that fail mid-run always are).
    ``history`` says what happened, oldest first ("pulse: the sound server stopped…", "pulse: back").
    """

    def __init__(self, current: AudioOutput, fallbacks: list[tuple[str, Opener]], clock: Clock,
                 log: Callable[[str], None] | None = None, reopen: Opener | None = None,
                 reattach_s: float = REATTACH_S, listener: PlayListener | None = None) -> None:
        super().__init__(clock, current.rate, current.latency_s, current.name)
        self.current = current
        self.history: list[str] = []
        self._stopped = ""  # the last output that stopped mid-run, and why
        self._chain: list[tuple[str, Opener | None]] = [(current.name, reopen), *fallbacks]
        self._index = 0  # where the current output is in the chain
        self._next = 1  # the next fallback to try
        self._lost: list[int] = []  # chain positions of outputs that worked, then failed
        self._reattach_s = reattach_s
        self._log: Callable[[str], None] = log or (lambda _msg: None)
        self._lock = threading.RLock()
        self._record: list[tuple[float, int, Clip, float]] = []
        self._seq = itertools.count()
        self._started = False
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._underruns_before = 0  # of the outputs used earlier this run
        self._listener = listener  # told of every clip placed here, whichever backend plays it

    def start(self) -> None:
        with self._lock:
            self._started = True
            self._guard(self.current.start)
            self.check()
        self._watcher = threading.Thread(target=self._watch, name="trackcue-audio-watch", daemon=True)
        self._watcher.start()

    def play_at(self, clip: Clip, t: float, gain: float = 1.0) -> None:
        with self._lock:
            now = self.clock.now()
            self._record = [r for r in self._record if r[0] >= now - _KEEP_S]
            self._record.append((t, next(self._seq), clip, gain))
            self.check()
            self._guard(lambda: self.current.play_at(clip, t, gain))
            self.check()
        listener = self._listener
        if listener is not None:
            self._tell(lambda: listener.expect(t, clip.duration_s))

    def cancel_from(self, t: float) -> None:
        with self._lock:
            self._record = [r for r in self._record if r[0] < t]
            self._guard(lambda: self.current.cancel_from(t))
            self.check()
        listener = self._listener
        if listener is not None:
            self._tell(lambda: listener.cancel_from(t))

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
        return self.current.failed and self._next >= len(self._chain)

    @property
    def audible(self) -> bool:
        return self.current.audible

    @property
    def speaks(self) -> bool:
        return self.current.speaks

    @property
    def underruns(self) -> int:
        return self._underruns_before + self.current.underruns

    @property
    def status(self) -> str:
        text = self.current.status
        if self._stopped:
            text += f" — after {self._stopped}"
        return text

    def check(self) -> None:
        """If the current output failed, move to the next backend that opens."""
        with self._lock:
            while self.current.failed and self._next < len(self._chain):
                self._switch_down()

    def _guard(self, call: Callable[[], None], output: AudioOutput | None = None) -> None:
        """Run ``call``; if it raises, ``output`` (the current one by default) has failed."""
        try:
            call()
        except Exception as exc:  # noqa: BLE001 - a device error must not reach the engine
            (output or self.current).fail(f"error: {exc!r}")

    @staticmethod
    def _tell(call: Callable[[], None]) -> None:
        try:
            call()
        except Exception:  # noqa: BLE001 - a listener failing must not stop the sound
            pass

    def _switch_down(self) -> None:
        old = self.current
        self._stopped = f"{old.name}: {old.failure}"
        self.history.append(self._stopped)
        if self._index not in self._lost:
            self._lost.append(self._index)
        while self._next < len(self._chain):
            index = self._next
            name, opener = self._chain[index]
            self._next += 1
            if opener is None:
                continue
            try:
                with quiet_stderr():
                    new = opener()
            except BackendUnavailable as exc:
                self.history.append(f"{name}: {exc}")
                continue
            self._index = index
            self._use(new)
            self._log(f"audio: {old.name} stopped ({old.failure}); now playing through {new.status}")
            return

    def _use(self, new: AudioOutput) -> None:
        """Make ``new`` current: start it, and hand it every clip not yet heard (or just begun)."""
        old = self.current
        self._underruns_before += old.underruns
        # A dying device can hang in close(): let it go in the background.
        threading.Thread(target=self._close_quietly, args=(old,), daemon=True).start()
        if self._started:
            self._guard(new.start, new)
        since = self.clock.now() - _REPLAY_GRACE_S
        for t, _, clip, gain in sorted(self._record, key=lambda r: (r[0], r[1])):
            if t >= since:
                self._guard(_replay(new, clip, t, gain), new)
        # Published last: ``status`` and ``failed`` are read without the lock (the screen asks
        # while a device opens), and must never name an output before its history is written
        # and its queue handed over.
        self.latency_s = new.latency_s
        self.current, self.name = new, new.name

    def reattach(self) -> bool:
        """Try to open again the best output lost this run; True if it is back and playing."""
        with self._lock:
            better = [i for i in self._lost if i < self._index and self._chain[i][1] is not None]
            if not better:
                return False
            index = min(better)
            name, opener = self._chain[index]
            assert opener is not None
        try:  # opening may take a while (a server answering slowly): not under the lock
            with quiet_stderr():
                new = opener()
        except Exception:  # noqa: BLE001 - still gone or broken: try again later
            return False
        with self._lock:
            self._lost = [i for i in self._lost if i < index]
            self._index, self._next = index, index + 1
            self._stopped = ""
            self.history.append(f"{name}: back")
            self._use(new)
        self._log(f"audio: {name} is back; playing through {new.status} again")
        return True

    @staticmethod
    def _close_quietly(output: AudioOutput) -> None:
        try:
            output.close()
        except Exception:  # noqa: BLE001, S110 - it already failed; closing is best effort
            pass

    def _watch(self) -> None:
        since_try = 0.0
        while not self._stop.wait(_CHECK_S):
            self.check()
            since_try += _CHECK_S
            if since_try >= self._reattach_s:
                since_try = 0.0
                self.reattach()


def _replay(output: AudioOutput, clip: Clip, t: float, gain: float) -> Callable[[], None]:
    return lambda: output.play_at(clip, t, gain)
