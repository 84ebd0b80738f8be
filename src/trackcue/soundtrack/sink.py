"""The engine's cue sink for real sound: each queued cue becomes clips placed on the output stream.

The player plays the soundtrack's re-timed timeline, so a cue arrives with the clock time of its
planned start; an earcon and its phrase keep their planned distance. A phrase is placed only if
it is ready when its cue arrives (about two seconds ahead) and fits the time planned for it;
otherwise the cue's tone plays. A phrase nobody could pre-render (the spoken lap time) is
rendered on a worker thread, bounded in time, and played as soon as it is ready.
Nothing here blocks the caller.
"""

from __future__ import annotations

import queue
import threading

from trackcue.audio.clip import Clip
from trackcue.audio.output import AudioOutput, Clock
from trackcue.soundtrack.prepare import Soundtrack, cue_key
from trackcue.speech.base import LiveSpeech
from trackcue.speech.planner import PlannedCue
from trackcue.timeline import Cue

LATE_OK_S = 0.05  # a just-rendered phrase is placed this far after "now", so it starts whole
FALLBACK_TONE = "split"  # what a spoken call without a tone of its own plays when it cannot be said


class AudioCueSink:
    """A ``CueSink`` over an ``AudioOutput``: sample-exact placement, speech fallbacks, mute."""

    def __init__(self, soundtrack: Soundtrack, output: AudioOutput, clock: Clock) -> None:
        self.soundtrack = soundtrack
        self.output = output
        self.clock = clock
        self.muted = False
        self._planned: dict[tuple[int, str, float], PlannedCue] = soundtrack.placed
        self._todo: queue.Queue[tuple[str, float, str | None] | None] = queue.Queue()
        self._worker: threading.Thread | None = None

    def _live(self) -> LiveSpeech | None:
        engine = self.soundtrack.speech.engine
        return engine if engine is not None and engine.live and isinstance(engine, LiveSpeech) else None

    # --- CueSink ---------------------------------------------------------------------------

    def queue(self, cue: Cue, at_clock_t: float) -> None:
        """Place ``cue`` at ``at_clock_t`` on the output (shifted as the planner decided)."""
        if self.muted:
            return
        planned = self._planned.get(cue_key(cue.segment, cue.kind, cue.at_s))
        if planned is None:  # not in the plan: a call made during the run (lap times)
            self._say_now(cue, at_clock_t)
            return
        if planned.dropped:
            return
        shift = at_clock_t - planned.at_s  # plan time → clock time
        tone = self.soundtrack.tones.get(planned.sound) if planned.sound else None
        if tone is not None:
            self.output.play_at(tone, planned.at_s + shift)
        if not planned.text or planned.speech_at_s is None:
            return
        phrase = self.soundtrack.fitting_phrase(planned, cue)
        if phrase is not None:
            self.output.play_at(phrase, planned.speech_at_s + shift)
        elif self._live() is not None:
            self._start_worker()
            self._todo.put((planned.text, planned.speech_at_s + shift, None))
        elif tone is None:  # not ready in time (or not at all): the cue's own tone instead
            fallback = self.soundtrack.tones.get(cue.sound or "")
            if fallback is not None:
                self.output.play_at(fallback, planned.at_s + shift)

    def cancel_from(self, clock_t: float) -> None:
        """Forget clips not yet started at ``clock_t``."""
        self.output.cancel_from(clock_t)

    # --- on-demand speech ------------------------------------------------------------------

    def _tone(self, name: str | None) -> Clip | None:
        return self.soundtrack.tones.get(name) if name else None

    def _say_now(self, cue: Cue, at_clock_t: float) -> None:
        if cue.type != "speech" or not cue.text:
            tone = self._tone(cue.sound)
            if tone is not None:
                self.output.play_at(tone, at_clock_t)
            return
        phrase = self.soundtrack.phrase(cue.text)
        if phrase is not None:
            self.output.play_at(phrase, at_clock_t)
            return
        if self.soundtrack.speech.engine is None:
            tone = self._tone(cue.sound or FALLBACK_TONE)
            if tone is not None:
                self.output.play_at(tone, at_clock_t)
            return
        self._start_worker()
        self._todo.put((cue.text, at_clock_t, cue.sound or FALLBACK_TONE))

    def _start_worker(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="trackcue-speech", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        while True:
            item = self._todo.get()
            if item is None:
                return
            text, at, fallback = item
            try:
                live = self._live()
                if live is not None:
                    delay = at - self.clock.now()
                    if delay > 0:
                        threading.Event().wait(delay)  # a live engine speaks when told, not ahead
                    live.speak_live(text)
                    continue
                clip = self.soundtrack.renderer.render_now(text)  # bounded: a hung engine is dropped
                if clip is not None:
                    self.output.play_at(clip, max(at, self.clock.now() + LATE_OK_S))
                    continue
            except Exception:  # noqa: BLE001, S110 — speech failing must never stop the timer
                pass
            tone = self._tone(fallback)
            if tone is not None:
                self.output.play_at(tone, self.clock.now() + LATE_OK_S)

    def close(self) -> None:
        """Stop the speech worker; the output is closed by its owner."""
        if self._worker is not None:
            self._todo.put(None)
