"""The engine's cue sink for real sound: each queued cue becomes clips placed on the output stream.

The player plays the soundtrack's re-timed timeline, so a cue arrives with the clock time of its
planned start; an earcon and its phrase keep their planned distance. A phrase nobody could
pre-render (the spoken lap time) is rendered on a worker thread and played as soon as it is ready.
Nothing here blocks the caller.
"""

from __future__ import annotations

import queue
import tempfile
import threading
from pathlib import Path

from trackcue.audio.output import AudioOutput
from trackcue.soundtrack.prepare import Soundtrack, cue_key
from trackcue.speech.planner import PlannedCue
from trackcue.speech.resample import resample
from trackcue.speech.trim import trim_silence
from trackcue.speech.wav import read_wav
from trackcue.timeline import Cue

LATE_OK_S = 0.05  # a just-rendered phrase is placed this far after "now", so it starts whole


class AudioCueSink:
    """A ``CueSink`` over an ``AudioOutput``: sample-exact placement, speech fallbacks, mute."""

    def __init__(self, soundtrack: Soundtrack, output: AudioOutput, clock) -> None:
        self.soundtrack = soundtrack
        self.output = output
        self.clock = clock
        self.muted = False
        self._planned: dict[tuple[int, str, float], PlannedCue] = soundtrack.placed
        self._live = soundtrack.speech.engine if soundtrack.speech.engine and soundtrack.speech.engine.live else None
        self._todo: queue.Queue[tuple[str, float] | None] = queue.Queue()
        self._worker: threading.Thread | None = None

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
        if planned.text and planned.speech_at_s is not None:
            phrase = self.soundtrack.phrases.get(planned.text)
            if phrase is not None:
                self.output.play_at(phrase, planned.speech_at_s + shift)
            elif self._live is not None:
                self._todo_live(planned.text, planned.speech_at_s + shift)

    def cancel_from(self, clock_t: float) -> None:
        """Forget clips not yet started at ``clock_t``."""
        self.output.cancel_from(clock_t)

    # --- on-demand speech ------------------------------------------------------------------

    def _say_now(self, cue: Cue, at_clock_t: float) -> None:
        if cue.type != "speech" or not cue.text:
            tone = self.soundtrack.tones.get(cue.sound or "")
            if tone is not None:
                self.output.play_at(tone, at_clock_t)
            return
        phrase = self.soundtrack.phrases.get(cue.text)
        if phrase is not None:
            self.output.play_at(phrase, at_clock_t)
            return
        if self._live is not None:
            self._todo_live(cue.text, at_clock_t)
            return
        if self.soundtrack.speech.engine is None:
            tone = self.soundtrack.tones.get(cue.sound or "split")
            if tone is not None:
                self.output.play_at(tone, at_clock_t)
            return
        self._start_worker()
        self._todo.put((cue.text, at_clock_t))

    def _todo_live(self, text: str, at_clock_t: float) -> None:
        self._start_worker()
        self._todo.put((text, at_clock_t))

    def _start_worker(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="trackcue-speech", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        engine = self.soundtrack.speech.engine
        while True:
            item = self._todo.get()
            if item is None:
                return
            text, at = item
            try:
                if engine is not None and engine.live:
                    delay = at - self.clock.now()
                    if delay > 0:
                        threading.Event().wait(delay)  # a live engine speaks when told, not ahead
                    engine.speak_live(text)
                    continue
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / "say.wav"
                    engine.render(text, path)
                    clip = trim_silence(read_wav(path, text))
                clip = resample(clip, self.soundtrack.rate)
                self.soundtrack.phrases[text] = clip
                self.output.play_at(clip, max(at, self.clock.now() + LATE_OK_S))
            except Exception:  # noqa: BLE001 — speech failing must never stop the timer
                tone = self.soundtrack.tones.get("split")
                if tone is not None:
                    self.output.play_at(tone, self.clock.now() + LATE_OK_S)

    def close(self) -> None:
        """Stop the speech worker; the output is closed by its owner."""
        if self._worker is not None:
            self._todo.put(None)
