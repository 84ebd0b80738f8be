"""Rendering every phrase a workout needs: in the background, cached, trimmed, at the output rate.

``PhraseRenderer`` renders on daemon threads, phrases in order of first use, and supervises the
engine: each phrase gets ``timeout_s``; an engine that times out, or keeps failing, is dropped for
the next one of the choice (which renders every phrase again, so one voice speaks), and when none
is left the cues play their tones and the screen shows their text. Nothing here waits for a
phrase unless asked to (``wait``): the player may start with what is ready.

Every clip is brought to the common loudness (``trackcue.audio.loudness``) before it is cached.
A cache that cannot be read or written costs only its speed: phrases are then kept in memory.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from trackcue import lazy
from trackcue.audio.clip import Clip
from trackcue.audio.loudness import LoudnessUnavailable, normalize
from trackcue.speech.base import SpeechEngine, SpeechError, words_per_minute
from trackcue.speech.cache import SpeechCache
from trackcue.phrases import DEFAULT_WPM, estimate_duration
from trackcue.speech.engines import EngineChoice
from trackcue.speech.resample import resample
from trackcue.speech.trim import trim_silence
from trackcue.speech.wav import read_wav

# The longest one phrase may take before its engine counts as hung. espeak-ng needs ~0.05 s for
# a phrase, piper ~0.1 s per second of speech; this leaves room for a machine loaded many times over.
PHRASE_TIMEOUT_S = 8.0
STREAK_LIMIT = 3  # failures in a row that drop an engine (two if it has not rendered anything yet)


class RenderProgress:
    """One phrase done: ``done`` of ``total``; ``error`` says why it failed (its cue uses its tone).

    (A plain class: ``trackcue check`` loads this module, and tests/test_startup.py says what a
    dataclass, or a NamedTuple under postponed annotations, would cost it.)
    """

    __slots__ = ("done", "total", "text", "cached", "error", "engine")

    def __init__(self, done: int, total: int, text: str, cached: bool = False, error: str | None = None,
                 engine: str = "") -> None:
        self.done = done
        self.total = total
        self.text = text
        self.cached = cached
        self.error = error
        self.engine = engine


Progress = Callable[[RenderProgress], None]


def _log() -> lazy.logging.Logger:
    """This module's logger (logging is imported only when something went wrong)."""
    return lazy.logging.getLogger(__name__)


class PhraseRenderer:
    """The phrases of one workout, rendered in the background by the engine ``choice`` holds.

    ``start`` returns at once; ``get`` gives a phrase's clip if it is ready (thread-safe);
    ``wait`` blocks until every phrase is settled (ready or failed for good) or a timeout.
    ``choice.status`` always names the engine that really speaks.
    """

    def __init__(self, texts: Iterable[str], choice: EngineChoice, cache: SpeechCache, out_rate: int,
                 progress: Progress | None = None, timeout_s: float = PHRASE_TIMEOUT_S,
                 lengths_only: bool = False) -> None:
        self.texts = list(dict.fromkeys(t for t in texts if t and t.strip()))
        # Nothing will play (check, compile): a cached phrase's length is read from its header and
        # its samples stay on disk; only phrases rendered now are kept as clips.
        self.lengths_only = lengths_only
        self._lengths: dict[str, float] = {}
        self.choice = choice
        self.cache = cache
        self.out_rate = out_rate
        self.timeout_s = timeout_s
        self.notes: list[str] = []  # what the user should know (cache off, loudness not matched)
        self._progress = progress
        self._lock = threading.Lock()
        self._ready: dict[str, Clip] = {}
        self._failed: dict[str, str] = {}  # text -> why, with the engine speaking now
        self._settled = threading.Event()
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None
        self._generation = 0  # bumped when an engine is dropped: late results of the old one are ignored

    # ----- reading ----------------------------------------------------------------------------

    @property
    def engine(self) -> SpeechEngine | None:
        """The engine speaking now (None: tones and text only)."""
        return self.choice.engine

    @property
    def live(self) -> bool:
        """The engine speaks as it goes (termux): nothing is rendered, lengths are estimated."""
        return self.choice.engine is not None and self.choice.engine.live

    def get(self, text: str) -> Clip | None:
        """The clip of ``text`` if it is ready now."""
        with self._lock:
            return self._ready.get(text)

    def clips(self) -> dict[str, Clip]:
        """Every phrase ready now, by text (a copy)."""
        with self._lock:
            return dict(self._ready)

    def failed(self) -> dict[str, str]:
        """Phrases the engine speaking now could not render, with why."""
        with self._lock:
            return dict(self._failed)

    def durations(self) -> dict[str, float]:
        """Seconds per phrase: measured when ready, estimated from the words otherwise.

        Phrases that failed for good, and all phrases once no engine is left, are left out (the
        planner gives their cues the tone); while the engine is still being chosen, all are estimated.
        """
        engine = self.choice.engine
        with self._lock:
            out = {**self._lengths, **{t: c.duration_s for t, c in self._ready.items()}}
            failed = set(self._failed)
        if engine is None and not self.choice.pending:
            return out
        wpm = words_per_minute(engine) if engine is not None else (self.choice.rate or DEFAULT_WPM)
        for text in self.texts:
            if text not in out and text not in failed:
                out[text] = estimate_duration(text, wpm)
        return out

    @property
    def settled(self) -> bool:
        return self._settled.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every phrase is ready or has failed for good; False on timeout."""
        return self._settled.wait(timeout)

    # ----- running ----------------------------------------------------------------------------

    def start(self) -> None:
        """Begin rendering on a daemon thread; returns at once."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="trackcue-speech-prepare", daemon=True)
            self._thread.start()

    def run(self) -> None:
        """Render everything on this thread (``render``, tests)."""
        self._run()

    def close(self) -> None:
        """Stop rendering; what is ready stays usable. The engine is closed by the soundtrack's owner."""
        self._closed.set()

    def _run(self) -> None:
        try:
            if self.choice.pending:
                self.choice.advance()  # may take seconds: never before the start
            while not self._closed.is_set():
                engine = self.choice.engine
                if engine is None:
                    break
                why = self._render_all(engine)
                if why is None:
                    break
                _log().warning("speech: dropping %s: %s", engine.name, why)
                with self._lock:
                    self._generation += 1
                    self._failed.clear()
                self.choice.drop(why)
        finally:
            if self.cache.problem:
                self.notes.append(self.cache.status)
            self._settled.set()

    def _report(self, done: int, text: str, cached: bool = False, error: str | None = None) -> None:
        if error:
            _log().warning("speech: could not render %r: %s", text, error)
        if self._progress is not None:
            engine = self.choice.engine
            self._progress(RenderProgress(done, len(self.texts), text, cached, error, engine.name if engine else ""))

    def _key(self, engine: SpeechEngine, text: str) -> str:
        return self.cache.key(engine.name, engine.voice, engine.rate, text, self.out_rate)

    def _render_all(self, engine: SpeechEngine) -> str | None:
        """Every phrase with ``engine``; the reason to drop it, or None when it did its job.

        A long-lived helper (piper's voice model, a live speaker) starts at once, while the cache
        is read; for a plan that plays nothing (``lengths_only``) only if a phrase is missing:
        piper would load its model, a second or more, to say nothing.
        """
        early = engine.live or not self.lengths_only
        why = _start(engine) if early else None
        if why is not None or engine.live:
            return why
        done, missing = 0, []
        for text in self.texts:
            length = self.cache.length_s(self._key(engine, text)) if self.lengths_only else None
            if length is not None:
                with self._lock:
                    self._lengths[text] = length
                done += 1
                self._report(done, text, cached=True)
                continue
            clip = self.cache.load(self._key(engine, text), text)
            if clip is None:
                missing.append(text)
                continue
            with self._lock:
                self._ready[text] = clip
            done += 1
            self._report(done, text, cached=True)
        if not missing:
            return None
        why = None if early else _start(engine)
        if why is not None:
            return why
        try:
            scratch = self.cache.scratch()
        except SpeechError as exc:
            return str(exc)
        with scratch as folder:
            why = _Pass(self, engine, missing, Path(folder), done).run()
        if why is None and not self._closed.is_set():
            self.cache.prune(keep={self._key(engine, t) for t in self.texts})
        return why

    def render_now(self, text: str, timeout_s: float | None = None) -> Clip | None:
        """Render one more phrase now (a lap time said during the run), bounded in time.

        Blocks the caller (a worker thread) for at most ``timeout_s``; an engine that hangs is
        dropped like during the prepare. None if there is no engine or it failed.
        """
        ready = self.get(text)
        engine = self.choice.engine
        if ready is not None or engine is None or engine.live:
            return ready
        box: list[Clip | BaseException] = []
        done = threading.Event()

        def work() -> None:
            try:
                with self.cache.scratch() as folder:
                    box.append(render_clip(engine, text, Path(folder) / "now.wav", self.out_rate))
            except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
                box.append(exc)
            done.set()

        threading.Thread(target=work, name="trackcue-speech-now", daemon=True).start()
        limit = self.timeout_s if timeout_s is None else timeout_s
        if not done.wait(limit):
            if self.choice.engine is engine:
                self.choice.drop(f"took more than {limit:g} s")
            return None
        result = box[0]
        if isinstance(result, Clip):
            with self._lock:
                self._ready[text] = result
            return result
        _log().warning("speech: could not render %r: %s", text, result)
        return None


class _Pass:
    """One engine rendering the missing phrases, ``engine.parallel`` at a time, under a watchdog."""

    def __init__(self, owner: PhraseRenderer, engine: SpeechEngine, missing: list[str], folder: Path,
                 done: int) -> None:
        self.owner = owner
        self.engine = engine
        self.todo = list(missing)
        self.folder = folder
        self.done = done
        self.successes = 0
        self.streak = 0
        self.why: str | None = None
        self.busy: dict[int, tuple[str, float]] = {}  # worker -> (phrase, monotonic start)
        self.cond = threading.Condition()
        self.generation = owner._generation

    def run(self) -> str | None:
        workers = max(1, self.engine.parallel)
        for n in range(workers):
            threading.Thread(target=self._work, args=(n,), name=f"trackcue-speech-{n}", daemon=True).start()
        with self.cond:
            while self.why is None and (self.todo or self.busy) and not self.owner._closed.is_set():
                now = time.monotonic()
                limit = self.owner.timeout_s + (self.engine.warmup_s if self.successes == 0 else 0.0)
                stuck = [text for text, t0 in self.busy.values() if now - t0 > limit]
                if stuck:
                    self.why = f"took more than {limit:g} s on {stuck[0]!r}"
                    break
                oldest = min((t0 for _, t0 in self.busy.values()), default=now)
                self.cond.wait(max(0.01, oldest + limit - now + 0.01))
            self.todo.clear()  # a dropped engine's workers take nothing more
            return self.why

    def _work(self, n: int) -> None:
        while True:
            with self.cond:
                if self.why is not None or not self.todo or self.owner._closed.is_set():
                    self.cond.notify_all()
                    return
                text = self.todo.pop(0)
                self.busy[n] = (text, time.monotonic())
                self.cond.notify_all()  # the watchdog times this phrase from now
            path = self.folder / f"{n}-{len(self.todo)}.wav"
            try:
                clip: Clip | None = render_clip(self.engine, text, path, self.owner.out_rate)
                error = None
            except Exception as exc:  # noqa: BLE001 - one bad phrase must not stop the others
                clip, error = None, str(exc) or type(exc).__name__
            with self.cond:
                self.busy.pop(n, None)
                if self.why is not None or self.generation != self.owner._generation:
                    self.cond.notify_all()
                    return  # the engine was dropped meanwhile: its late result is not used
                self._settle(text, clip, error)
                self.cond.notify_all()

    def _settle(self, text: str, clip: Clip | None, error: str | None) -> None:
        owner = self.owner
        self.done += 1
        if clip is not None:
            self.successes += 1
            self.streak = 0
            owner.cache.store(owner._key(self.engine, text), clip)
            with owner._lock:
                owner._ready[text] = clip
                owner._failed.pop(text, None)
            owner._report(self.done, text)
            return
        self.streak += 1
        with owner._lock:
            owner._failed[text] = error or "failed"
        owner._report(self.done, text, error=error)
        if self.streak >= STREAK_LIMIT or (self.successes == 0 and self.streak >= 2):
            self.why = f"{self.streak} phrases failed in a row ({error})"


def _start(engine: SpeechEngine) -> str | None:
    """Start ``engine``'s helper; why it could not (the reason to drop it), or None."""
    try:
        engine.start()
    except SpeechError as exc:
        return str(exc)
    return None


def render_clip(engine: SpeechEngine, text: str, path: Path, out_rate: int) -> Clip:
    """``text`` rendered by ``engine`` into ``path``, trimmed, at ``out_rate``, at the common loudness.

    Without pyloudnorm the level is left as the engine made it (``loudness.available`` says so).
    """
    engine.render(text, path)
    clip = trim_silence(read_wav(path, text))
    if not clip.samples:
        raise SpeechError("the engine rendered only silence")
    clip = resample(clip, out_rate)
    try:
        return normalize(clip)
    except LoudnessUnavailable:
        return clip


def prerender(texts: Iterable[str], engine: SpeechEngine, cache: SpeechCache, out_rate: int,
              progress: Progress | None = None, timeout_s: float = PHRASE_TIMEOUT_S) -> dict[str, Clip]:
    """Every phrase in ``texts`` by ``engine`` (no fallback engine), rendered on this thread's watch.

    Failed phrases are reported through ``progress`` and left out — never raised. A live engine
    renders nothing: it is started, and an empty dict comes back.
    """
    renderer = PhraseRenderer(texts, EngineChoice(engine), cache, out_rate, progress, timeout_s)
    renderer.run()
    return renderer.clips()


def phrase_durations(texts: Iterable[str], clips: dict[str, Clip], engine: SpeechEngine | None) -> dict[str, float]:
    """Seconds each phrase lasts: measured from its clip, or estimated when the engine is live.

    Phrases with neither (speech off, or rendering failed) are left out; the planner then
    plays the cue's tone instead.
    """
    durations = {}
    for text in texts:
        if text in clips:
            durations[text] = clips[text].duration_s
        elif engine is not None and engine.live:
            durations[text] = estimate_duration(text, words_per_minute(engine))
    return durations
