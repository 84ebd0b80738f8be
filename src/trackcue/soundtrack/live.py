"""Real sound for a live run: the output opened from ``--audio``, speech prepared, cues placed.

The player gets this object as its cue sink. ``prepare`` (speech rendering) runs before the
get-ready countdown — on a worker thread under the screen — and returns the re-timed timeline
to play. It waits for speech at most ``START_WAIT_S`` and not at all once ``start_now`` is
called (the runner pressing start): the rest renders in the background and each phrase is
placed if it is ready in time. Until ``prepare`` returns nothing is queued.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Mapping

from trackcue.audio.output import Clock, PlayListener
from trackcue.audio.select import open_output
from trackcue.hearing import Hearing, hearing_of
from trackcue.soundtrack.prepare import Preparation, Soundtrack
from trackcue.soundtrack.sink import AudioCueSink
from trackcue.speech.prerender import RenderProgress
from trackcue.timeline import Cue, Timeline

ProgressCallback = Callable[[int, int, str], None]
DRAIN_S = 10.0  # the longest close() waits for queued sound to finish
# The longest the start waits for speech before it begins with what is ready (a cold piper render
# of a 200 m session takes about this long; espeak-ng about a second; a warm cache nothing).
START_WAIT_S = 10.0


class LiveSoundtrack:
    """A ``CueSink`` with ``prepare``, ``start_now``, ``status``, ``speech_status``, ``notes`` and ``close``."""

    def __init__(self, timeline: Timeline, clock: Clock, audio: str = "auto", speech: str = "auto",
                 voice: str | None = None, words_per_minute: int | None = None, latency_s: float | None = None,
                 log: Callable[[str], None] | None = None, *, calibrated: Mapping[str, float] | None = None,
                 listener: PlayListener | None = None) -> None:
        """``calibrated``: each backend's latency from ``trackcue calibrate`` (``latency_s`` wins);
        ``listener`` is told of every clip placed and cancelled (the music ducker)."""
        self.timeline = timeline
        self.clock = clock
        self._speech = (speech, voice, words_per_minute)
        self._audio = audio
        self._log: Callable[[str], None] = log or (lambda _msg: None)
        # A bad --audio fails here, before the start.
        self.output = open_output(audio, clock, latency_s, self._log, calibrated=calibrated, listener=listener)
        # The device callback runs Python: it must get the GIL within a millisecond, not after the
        # default 5 ms switch interval, or onsets wander by what it waited.
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
        self.output.start()  # running (silent) during the speech pre-render: its clock is learnt by the first cue
        self._go = threading.Event()
        self._preparation: Preparation | None = None
        self._track: Soundtrack | None = None
        self._sink: AudioCueSink | None = None
        self._said: set[str] = set()  # notes already logged

    @property
    def status(self) -> str:
        """What plays the cues now (it may have failed over, or come back), or that nothing can."""
        out = self.output
        if not out.audible:
            return "NO SOUND: no audio device works here (trackcue doctor)"
        if not out.speaks:
            return "NO SOUND DEVICE: bell for tones only (trackcue doctor)"
        text = out.status
        return text if text.startswith("audio") else f"audio: {text}"

    @property
    def speech_status(self) -> str:
        """Which engine really speaks now (after any dropped), or why none does.

        "" before ``prepare``, and while the output cannot play speech (``status`` says so).
        """
        if self._track is None or not self.output.speaks:
            return ""
        return self._track.speech.status

    @property
    def notes(self) -> list[str]:
        """What the runner should know after the run (speech dropped or off, cache off, underruns)."""
        notes = list(self._track.notes) if self._track is not None else []
        unsaid = self._sink.unsaid if self._sink is not None else []
        if unsaid:
            notes.append(f"sound: {len(unsaid)} call(s) found no room among the cues and were not said")
        underruns = self.output.underruns
        if underruns:
            notes.append(f"audio: {underruns} underrun(s) during the run; {self.output.status}")
        return notes

    def hearing(self) -> Hearing | None:
        """What the runner will hear (tones, speech); ``None`` until the speech engine is chosen."""
        if self._track is None or self._track.speech.pending:
            return None
        return hearing_of(self.output.audible, self.output.speaks, self._audio, self._track.speech)

    def start_now(self) -> None:
        """Start with the phrases ready now; the rest renders in the background. Any thread."""
        self._go.set()
        if self._preparation is not None:
            self._preparation.start_now()

    def prepare(self, progress: ProgressCallback | None = None, wait_s: float | None = START_WAIT_S) -> Timeline:
        """Render speech (at most ``wait_s``, or until ``start_now``) and plan; the timeline to play.

        Idempotent. Never raises for speech: a broken engine or cache leaves tones and text.
        """
        if self._sink is not None:
            return self.timeline

        def report(p: RenderProgress) -> None:
            if progress is not None:
                progress(p.done, p.total, p.text)

        speech, voice, wpm = self._speech
        self._preparation = Preparation(self.timeline, self.output.rate, speech, voice, wpm, report)
        if self._go.is_set():
            self._preparation.start_now()
        track = self._preparation.soundtrack(wait_s)
        self._track = track
        self.timeline = track.timeline
        for note in track.notes:  # (underruns are told after the run)
            if note not in self._said:
                self._said.add(note)
                self._log(note)
        self._sink = AudioCueSink(track, self.output, self.clock, self._log)
        return self.timeline

    def queue(self, cue: Cue, at_clock_t: float) -> None:
        """Hand ``cue`` to the output at ``at_clock_t`` (ignored before ``prepare``)."""
        if self._sink is not None:
            self._sink.queue(cue, at_clock_t)

    def cancel_from(self, clock_t: float) -> None:
        """Forget what has not started by ``clock_t``."""
        if self._sink is not None:
            self._sink.cancel_from(clock_t)  # the sink keeps the output's timetable: through it
        else:
            self.output.cancel_from(clock_t)

    def close(self) -> None:
        """Let what is still queued play out (the closing "well done"), then close the output.

        The wait is bounded by ``DRAIN_S``; a second Ctrl-C cuts it short. After an abort the
        player has already cancelled what had not started, so only the sounding clip finishes.
        """
        if self._sink is not None:
            self._sink.close()
            try:
                threading.Event().wait(min(self.output.pending_s(), DRAIN_S))
            except KeyboardInterrupt:
                pass
        if self._preparation is not None:
            self._preparation.close()
        self.output.close()
