"""One workout being played, from the first frame to the last write: player, sound, recorder.

The same object serves the screen and the headless loop. Its life, and which thread may call what:

1. built (``open_session``, any thread, cheap): the player exists and already shows where the
   workout starts — a resumed session shows its step, laps and time, never a fresh start;
2. ``open_sound`` and ``prepare`` (slow: a device, speech rendering; never the UI thread or the
   engine): the output opened, the phrases rendered, the recorder's thread started;
3. ``begin`` (the player's thread): the get-ready countdown, the first event recorded;
4. the run: the player on the front end's thread; events go to the recorder's thread, and come
   back through ``listen`` once committed — show or print them from there;
5. ``finish_recording`` (never blocks), then ``close`` (blocks, bounded).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from trackcue.engine.clock import Clock
from trackcue.engine.laps import Lap
from trackcue.history.summary import SavedLap, SessionFold, Summary, fold, summarize
from trackcue.engine.offthread import OffThreadSink
from trackcue.engine.player import FINISHED, IDLE, Player
from trackcue.handsfree.runtime import HandsFree, HandsFreeOptions
from trackcue.hearing import Hearing
from trackcue.session.options import PlayOptions
from trackcue.session.protocols import (
    Event, LiveSink, Notify, Progress, RecorderOpener, SavedListener, SessionRecorder, SoundOpener,
)
from trackcue.session.resume import ResumePoint
from trackcue.session.sound import SilentSound
from trackcue.timeline import Cue, Timeline

CLOSE_S = 8.0  # the longest ``close`` waits for the recorder (a locked file takes 5 s to give up on)


class _LaterSound:
    """The player's cue sink from the start; cues reach the sound once it is open."""

    def __init__(self) -> None:
        self.sound: LiveSink | None = None

    def queue(self, cue: Cue, at_clock_t: float) -> None:
        if self.sound is not None:
            self.sound.queue(cue, at_clock_t)

    def cancel_from(self, clock_t: float) -> None:
        if self.sound is not None:
            self.sound.cancel_from(clock_t)


class LiveSession:
    """A ``Player`` over ``timeline`` with its sound, its recorder and what the runner is told.

    ``open_sound``/``open_recorder`` build the sound and the recorder when the session needs them
    (``open_session`` passes the real ones, tests pass fakes). ``resume`` continues an interrupted
    session. ``notify`` also receives every notice as it comes (the command line prints them).
    ``handsfree`` (media buttons, ducking, wake lock) starts in ``prepare``, follows the player's
    events and stops once the sound is closed; front ends give it their receiver for button
    commands (``handsfree.set_receiver``). Without one, none of that runs (a killed run's duck
    is still put back).
    """

    def __init__(
        self,
        timeline: Timeline,
        *,
        clock: Clock,
        open_sound: SoundOpener,
        open_recorder: RecorderOpener,
        options: PlayOptions = PlayOptions(),
        resume: ResumePoint | None = None,
        notify: Notify | None = None,
        handsfree: HandsFree | None = None,
    ) -> None:
        self.timeline = timeline
        self.handsfree = handsfree or HandsFree(clock, HandsFreeOptions(duck_db=None, buttons=False, wake_lock=False))
        self.options = options
        self.clock = clock
        self.resume = resume
        self.notices: list[str] = []
        self.sound: LiveSink | None = None
        self.recorder: SessionRecorder | None = None
        self._open_sound = open_sound
        self._open_recorder = open_recorder
        self._notify_out = notify
        self._later = _LaterSound()
        self._sink_error: str | None = None
        self.sink = OffThreadSink(self._later, clock, on_error=self._sink_failed)
        self.player = Player(timeline, clock, self.sink, get_ready_s=options.get_ready_s, on_event=self._record)
        self._restored = 0
        if resume is not None:
            self.player.resume_at(resume.segment, resume.laps, t_s=resume.t_s)
            self._restored = len(resume.laps)
        self._prepared: Timeline | None = None
        self._listeners: list[SavedListener] = []
        self._laps_saved = 0
        # The session as history has it (a resumed one from its first event), as events are saved.
        self.history: SessionFold = fold(list(resume.events) if resume is not None else [])
        self._history_lock = threading.Lock()
        self._lock = threading.Lock()  # opening the sound or the recorder: once, from whichever thread
        self._start_now = False  # ``start_now`` came before the sound was open
        self._recording_done = False
        self._audio_closed = False
        self._closer: threading.Thread | None = None

    # ----- 2. before the start (slow: a worker thread under the screen) ------------------------

    def listen(self, listener: SavedListener) -> None:
        """Call ``listener`` (on the recorder's thread) with events once they are saved, in order."""
        self._listeners.append(listener)

    def open_sound(self) -> LiveSink:
        """Open the output (a device call; raises ``UserError`` for a named output that cannot)."""
        with self._lock:
            if self.sound is None:
                self.sound = self._open_sound(self.timeline, self.clock, self._notify)
                self._later.sound = self.sound
            return self.sound

    def prepare(self, progress: Progress | None = None) -> None:
        """Open the sound, render its speech and start the recorder: everything before the start.

        Raises what the sound raises (``UserError`` for a workout naming a missing sound file);
        ``fall_silent`` then lets the run go on without sound.
        """
        self.handsfree.start()  # the wake lock, a headset's buttons, the ducker (connects: slow)
        for note in self.handsfree.notes:
            self._notify(note)
        sound = self.open_sound()
        if self._start_now:  # pressed while the output was opening
            sound.start_now()
        self._prepared = sound.prepare(progress)
        self._start_recorder()

    def start_now(self) -> None:
        """Start without waiting for the rest of the speech (the runner pressed ``n`` while it
        renders); what is not ready in time plays as its tone. Any thread: never blocks."""
        with self._lock:
            self._start_now = True
            sound = self.sound
        if sound is not None:
            sound.start_now()

    def fall_silent(self, why: str) -> None:
        """Play on without sound (it could not be opened or prepared); said on the status line."""
        with self._lock:
            failed, self.sound = self.sound, SilentSound(self.timeline, why)
            self._later.sound = self.sound
        if failed is not None:
            self._guard(failed.close)
        self._notify(f"audio: off ({why})")

    # ----- 3. the start (the player's thread) --------------------------------------------------

    def begin(self) -> None:
        """Start the get-ready countdown (from the top, or where the resumed session stopped)."""
        prepared = self._prepared
        if prepared is not None and prepared is not self.timeline and self.player.state == IDLE:
            self.player.use_timeline(prepared)  # the same steps, cues where the speech fits
            self.timeline = prepared
        self._start_recorder()  # the start event is the first the history gets
        self.player.start()

    def _start_recorder(self) -> None:
        with self._lock:
            if self.recorder is None and not self._recording_done:
                self.recorder = self._open_recorder(self._saved, self._notify)

    # ----- 4. the run ----------------------------------------------------------------------------

    def _record(self, event: Event) -> None:
        self.handsfree.on_event(event)  # the media player's state: queued, never waits
        recorder = self.recorder
        if recorder is not None:
            recorder.record(event)
        else:  # not recording (stopped before the start): nothing waits for a commit
            self._saved([event])

    def _saved(self, events: Sequence[Event]) -> None:
        with self._history_lock:
            for event in events:
                self.history.apply(event)
        self._laps_saved += sum(1 for e in events if e.get("event") == "lap")
        for listener in self._listeners:
            listener(events)

    def summary(self) -> tuple[Summary, list[SavedLap]]:
        """The session's numbers (history's one ``summarize``) and its laps, as saved so far."""
        with self._history_lock:
            return summarize(self.history), list(self.history.laps)

    @property
    def shown_laps(self) -> tuple[Lap, ...]:
        """The laps to show: those restored by a resume and those already saved (in order)."""
        return self.player.laps[:self._restored + self._laps_saved]

    @property
    def muted(self) -> bool:
        return self.sink.muted

    def toggle_mute(self) -> bool:
        """Mute or unmute the cues; return whether they are muted now."""
        return self.sink.toggle_mute()

    def abort(self) -> bool:
        """The runner stopped (quit, Ctrl-C): recorded as aborted, laps kept."""
        return self.player.abort()

    def interrupt(self, reason: str) -> bool:
        """Stopped from outside (SIGHUP, SIGTERM): the session stays open for ``trackcue resume``."""
        return self.player.interrupt(reason)

    def _sink_failed(self, why: str) -> None:  # on the cue thread: only a string is stored
        self._sink_error = why

    def _notify(self, message: str) -> None:
        self.notices.append(message)
        if self._notify_out is not None:
            self._notify_out(message)

    # ----- what the runner is told ---------------------------------------------------------------

    def status_line(self) -> str:
        """``audio: pulse … · speech: espeak-ng …`` — or what is silent and why — and the latest notice."""
        return " · ".join(self.status_parts())

    def status_parts(self) -> list[str]:
        """The parts of ``status_line``: the audio, the speech, an audio error, the latest notice."""
        sound = self.sound
        parts = [sound.status if sound is not None else "audio: opening…"]
        if sound is not None and sound.speech_status:
            parts.append(sound.speech_status)
        if self._sink_error:
            parts.append(f"audio error ({self._sink_error})")
        if self.notices:
            parts.append(self.notices[-1])
        return [p for p in parts if p]

    def hearing(self) -> Hearing | None:
        """What the runner will hear (tones, speech, nothing); ``None`` until the sound knows."""
        sound = self.sound
        return sound.hearing() if sound is not None else None

    def saved_line(self) -> str:
        """Where the run was recorded, for the summary."""
        recorder = self.recorder
        if recorder is None:
            return "not recorded (no history for this run)"
        sid, path = recorder.session_id, recorder.path
        if path is None:
            return "not saved: no history file could be written (see the notices)"
        if sid is None:
            return f"saving to {path}…"
        return f"saved as session {sid} in {path}"

    def notes(self) -> list[str]:
        """What to tell the runner after the screen closes: notices, then the sound's own notes."""
        return list(self.notices) + self.late_notes()

    def late_notes(self) -> list[str]:
        """The sound's notes not told yet (what changed during the run: an engine dropped, underruns)."""
        sound_notes = list(self.sound.notes) if self.sound is not None else []
        return [note for note in sound_notes if note not in self.notices]

    # ----- 5. the end ----------------------------------------------------------------------------

    def finish_recording(self) -> None:
        """An unfinished run is recorded as aborted (laps kept) and the recorder closes. Never blocks."""
        if self._recording_done:
            return
        self._recording_done = True
        if self.player.state not in (IDLE, FINISHED):
            self.player.abort()
        if self.recorder is not None:
            self.recorder.close_soon()

    def close_recorder(self, timeout: float | None = CLOSE_S) -> bool:
        """Wait (at most ``timeout`` s) until every event is written and the session released."""
        self.finish_recording()
        if self.recorder is None or self.recorder.close(timeout):
            return True
        self._notify(f"history: still writing after {timeout:g} s; the last events may be missing")
        return False

    def close_for_exit(self, reason: str, timeout: float) -> None:
        """The last resort of a stop signal whose normal way out is stuck (``StopGuard``): the
        session recorded as interrupted and its recorder closed, from the watchdog's thread (the
        player's own thread is stuck elsewhere by then)."""
        self.interrupt(reason)
        self.handsfree.close()  # the music back and the wake lock released before the forced exit
        self.close_recorder(timeout)

    def close_audio(self) -> None:
        """Hand over the last cues and close the output (a last phrase may finish first: slow);
        then the hands-free pieces: the music back up, the buttons off the bus, the wake lock released."""
        with self._lock:
            if self._audio_closed:
                return
            self._audio_closed = True
        self.sink.close()
        if self.sound is not None:
            self._guard(self.sound.close)
        self._guard(self.handsfree.close)

    def close_audio_later(self) -> None:
        """``close_audio`` on a thread, so the screen never waits for the sound to end."""
        if self._closer is None:
            self._closer = threading.Thread(target=self.close_audio, name="trackcue-close-audio", daemon=True)
            self._closer.start()

    def close(self, timeout: float | None = CLOSE_S) -> None:
        """Everything, in order: the record first, then the sound (waiting for both, bounded)."""
        self.close_recorder(timeout)
        if self._closer is not None:
            self._closer.join()
        self.close_audio()

    def _guard(self, closer: Callable[[], None]) -> None:
        try:
            closer()
        except Exception as err:  # noqa: BLE001 — closing one output must not lose the others
            self._notify(f"while closing: {err}")
