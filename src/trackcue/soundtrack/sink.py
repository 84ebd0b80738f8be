"""The engine's cue sink for real sound: each queued cue becomes clips placed on the output stream.

The player plays the soundtrack's re-timed timeline, so a cue arrives with the clock time of its
planned start and its ``plan_index``, which finds its plan; an earcon and its phrase keep their
planned distance. A phrase is placed only if it is ready when its cue arrives (about two seconds
ahead) and fits the time planned for it; otherwise the cue's tone plays.

A cue without a plan is a call made during the run (the lap's time, the say key). It is placed
in free time among the sounds already on the output (``soundtrack.airtime``, the same rules the
transcript follows), after the clip is ready: a phrase nobody could pre-render is rendered on a
worker thread, bounded in time. A call that finds no room is not played, and ``notify`` says so.
Every clip reaches the output through ``AudioOutput.play_at`` and ``cancel_from`` (what the music
ducker listens to). Nothing here blocks the caller.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from trackcue.audio.clip import Clip
from trackcue.audio.output import AudioOutput, Clock
from trackcue.engine.sink import CALL_LOOKAHEAD_S
from trackcue.phrases import estimate_duration
from trackcue.soundtrack.airtime import WAIT_S, Airtime, Sound
from trackcue.soundtrack.prepare import Soundtrack
from trackcue.speech.base import SpeechEngine, words_per_minute
from trackcue.speech.planner import PlannedCue
from trackcue.timeline import Cue

LATE_OK_S = 0.05  # a just-rendered phrase is placed this far after "now", so it starts whole
FALLBACK_TONE = "split"  # what a spoken call without a tone of its own plays when it cannot be said


@dataclass(frozen=True)
class Words:
    """A phrase a live engine (termux) says when told: it cannot be placed as a clip."""

    text: str


Item = Clip | Words  # what a sound on this output is


@dataclass(frozen=True)
class _Render:
    cue: Cue
    at: float


@dataclass(frozen=True)
class _Speak:
    text: str
    at: float
    epoch: int  # cancels made before the words were scheduled do not concern them


class AudioCueSink:
    """A ``CueSink`` over an ``AudioOutput``: sample-exact placement, calls in free time, speech
    fallbacks (muting is ``engine.offthread``'s, ahead of every sink). ``notify`` (any thread) hears of a call that could not be said."""

    def __init__(self, soundtrack: Soundtrack, output: AudioOutput, clock: Clock,
                 notify: Callable[[str], None] | None = None) -> None:
        self.soundtrack = soundtrack
        self.output = output
        self.clock = clock
        self.unsaid: list[str] = []  # calls that found no room, in order
        self._notify = notify or (lambda _msg: None)
        self._lock = threading.Lock()
        self._air: Airtime[Item] = Airtime(self._play, self._cancel)
        self._epoch = 0
        self._cancels: list[tuple[int, float]] = []  # (epoch, clock time) of each cancel, for live words
        self._todo: queue.Queue[_Render | _Speak | threading.Event | None] = queue.Queue()
        self._worker: threading.Thread | None = None

    def _live(self) -> SpeechEngine | None:
        """The engine, if it speaks live (no clips: words are said when their time comes)."""
        engine = self.soundtrack.speech.engine
        return engine if engine is not None and engine.live else None

    # --- CueSink ---------------------------------------------------------------------------

    def queue(self, cue: Cue, at_clock_t: float) -> None:
        """Place ``cue`` at ``at_clock_t`` on the output (shifted as the planner decided)."""
        if cue.plan_index is None:  # a call made during the run (lap times, the say key)
            self._call(cue, at_clock_t)
            return
        planned = self.soundtrack.planned(cue)
        if planned is None or planned.dropped:
            return
        sounds = self._sounds(planned, cue)
        with self._lock:
            self._air.planned(at_clock_t, sounds, planned.priority, planned.exact, self.clock.now())

    def cancel_from(self, clock_t: float) -> None:
        """Forget clips not yet started at ``clock_t``."""
        with self._lock:
            self._air.cancel_from(clock_t)

    def _sounds(self, planned: PlannedCue, cue: Cue) -> list[Sound[Item]]:
        """The planned cue's clips, from its start: its tone or earcon, then its phrase (or a fallback)."""
        out: list[Sound[Item]] = []
        tone = self._tone(planned.sound)
        if tone is not None:
            out.append(Sound(0.0, tone.duration_s, tone))
        if not planned.text or planned.speech_at_s is None:
            return out
        offset = planned.speech_at_s - planned.at_s
        phrase = self.soundtrack.fitting_phrase(planned, cue)
        if phrase is not None:
            out.append(Sound(offset, phrase.duration_s, phrase))
        elif self._live() is not None:
            out.append(Sound(offset, planned.end_s - planned.speech_at_s, Words(planned.text)))
        elif tone is None:  # not ready in time (or not at all): the cue's own tone instead
            fallback = self._tone(cue.sound)
            if fallback is not None:
                out.append(Sound(0.0, fallback.duration_s, fallback))
        return out

    # --- the output, through the airtime ----------------------------------------------------

    def _play(self, t: float, item: Item) -> None:
        if isinstance(item, Clip):
            self.output.play_at(item, t)
        else:
            self._start_worker()
            self._todo.put(_Speak(item.text, t, self._epoch))

    def _cancel(self, t: float) -> None:
        self.output.cancel_from(t)
        self._cancels.append((self._epoch, t))
        self._epoch += 1

    # --- calls made during the run ----------------------------------------------------------

    def _tone(self, name: str | None) -> Clip | None:
        return self.soundtrack.tones.get(name) if name else None

    def _call(self, cue: Cue, at: float) -> None:
        texts = [t for t in dict.fromkeys((cue.text, cue.short_text)) if t] if cue.type == "speech" else []
        live = self._live()
        if live is not None and texts:
            wpm = words_per_minute(live)
            self._place(cue, at, [Words(t) for t in texts], lengths=[estimate_duration(t, wpm) for t in texts])
            return
        phrase = self.soundtrack.phrase(texts[0]) if texts else None
        if phrase is not None or not texts or self.soundtrack.speech.engine is None:
            clips = [phrase] if phrase is not None else [self._tone(cue.sound or (FALLBACK_TONE if texts else None))]
            short = self.soundtrack.phrase(texts[1]) if phrase is not None and len(texts) > 1 else None
            self._place(cue, at, [c for c in (*clips, short) if c is not None])
            return
        self._start_worker()
        self._todo.put(_Render(cue, at))

    def _place(self, cue: Cue, at: float, items: list[Item], earliest: float | None = None,
               lengths: list[float] | None = None, last_try: bool = True) -> bool:
        """Place the first of ``items`` (full form, then short) that fits; ``False`` if none did
        (said through ``notify`` when it is the ``last_try``)."""
        if not items:
            return True  # nothing to play (no tone, no speech): nothing was lost to a clash
        sizes = lengths or [i.duration_s if isinstance(i, Clip) else 0.0 for i in items]
        forms = [[Sound(0.0, size, item)] for item, size in zip(items, sizes)]
        with self._lock:
            slot = self._air.call(at, forms, self.clock.now(), at + CALL_LOOKAHEAD_S, earliest)
        if slot.start is None and last_try:
            words = cue.text or cue.sound or cue.kind
            self.unsaid.append(words)
            self._notify(f"sound: a {cue.kind} call found no room among the cues within {WAIT_S:g} s, "
                         f"not said: {words}")
        return slot.start is not None

    def _start_worker(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="trackcue-speech", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        while True:
            item = self._todo.get()
            if item is None:
                return
            if isinstance(item, threading.Event):  # a drain marker
                item.set()
                continue
            try:
                if isinstance(item, _Speak):
                    self._speak(item)
                else:
                    self._render(item)
            except Exception:  # noqa: BLE001, S110 — speech failing must never stop the timer
                pass

    def _speak(self, item: _Speak) -> None:
        """Words for a live engine: said when their time comes, unless cancelled since."""
        delay = item.at - self.clock.now()
        if delay > 0:
            threading.Event().wait(delay)  # a live engine speaks when told, not ahead
        with self._lock:
            cancelled = any(epoch >= item.epoch and item.at >= t for epoch, t in self._cancels)
        live = self._live()
        if not cancelled and live is not None:
            live.speak_live(item.text)

    def _render(self, item: _Render) -> None:
        """A call's phrase nobody could pre-render: rendered now (bounded), then placed; its short
        form only if the full one finds no room; its tone if the last form tried cannot be rendered."""
        cue, renderer = item.cue, self.soundtrack.renderer
        texts = [t for t in dict.fromkeys((cue.text, cue.short_text)) if t]
        clip = None
        for n, text in enumerate(texts):
            clip = renderer.render_now(text)
            last = n == len(texts) - 1
            if clip is not None and (self._place(cue, item.at, [clip], self.clock.now() + LATE_OK_S, last_try=last)
                                     or last):
                return
        if clip is None:  # no speech for it at all: its tone, where it fits
            tone = self._tone(cue.sound or FALLBACK_TONE)
            self._place(cue, item.at, [tone] if tone is not None else [], self.clock.now() + LATE_OK_S)

    def drain(self, timeout: float = 2.0) -> bool:
        """Wait until the speech worker has handled every call handed to it so far (tests, benches);
        ``False`` if it had not within ``timeout`` seconds."""
        if self._worker is None:
            return True
        done = threading.Event()
        self._todo.put(done)
        return done.wait(timeout)

    def close(self) -> None:
        """Stop the speech worker; the output is closed by its owner."""
        if self._worker is not None:
            self._todo.put(None)
