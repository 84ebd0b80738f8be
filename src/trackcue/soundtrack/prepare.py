"""Before the first step: load every tone, choose the speech engine, render phrases, plan the cues.

The tones come from the package (never from the speech cache) and load at once. Speech renders in
the background (``PhraseRenderer``): ``Preparation.soundtrack`` plans with what is ready when it
is called — after everything is rendered, after ``wait_s``, or as soon as ``start_now`` is
called (the runner pressing start) — using each missing phrase's estimated length, and the
rest keeps rendering. At play time a phrase is placed only if it is ready when its cue is
handed to the output and fits the time planned for it; else its cue's tone plays.

``Preparation.plan`` is the one place a timeline's cues are planned: ``render`` and ``run`` (through
``soundtrack``), and ``check``, ``compile`` and ``compile --transcript`` (through ``plan_sound``)
all call it, so with the same engine, voice and rate they plan with the same lengths and predict
the same cues. Only when no engine speaks are phrase lengths estimated, and then ``plan_sound``
says so (``SoundPlan.estimated``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from trackcue.audio import loudness
from trackcue.audio.clip import Clip
from trackcue.audio.sounds import TONES, load_sound, resolve_sound
from trackcue.errors import UserError
from trackcue.phrases import DEFAULT_WPM, estimate_duration
from trackcue.speech.cache import SpeechCache
from trackcue.speech.engines import SPECS, EngineChoice, select_engine
from trackcue.speech.planner import GAP_S, CuePlan, PlannedCue, lap_rooms, plan_cues
from trackcue.speech.prerender import PHRASE_TIMEOUT_S, PhraseRenderer, Progress
from trackcue.timeline import Cue, Timeline

# How far past its planned length a phrase that was estimated may run: the planner leaves this
# much silence after every cue, so the next one is still not overlapped.
FIT_SLACK_S = GAP_S
PLAN_RATE = 44100  # the sample rate check and compile measure clips at: render's default


class Soundtrack:
    """Every clip a timeline needs, keyed by tone name or phrase text, and the plan that times them.

    ``timeline`` is the compiled one with its cues re-timed to where the planner put them (and
    dropped cues left out): that is the timeline to play, so every cue is queued in time.
    Each of its cues carries its ``plan_index``; ``planned`` gives its plan (tone and phrase
    start times) — two cues of one kind at one moment keep their own. Phrases come
    from ``renderer``, which may still be rendering while the workout plays; ``speech`` is the
    engine choice (the engine speaking now, and why others are not).

    (A plain class, not a dataclass: ``trackcue check`` loads this module; tests/test_startup.py.)
    """

    __slots__ = ("timeline", "plan", "tones", "renderer", "rate", "fixed_notes", "_by_index")

    def __init__(self, timeline: Timeline, plan: CuePlan, tones: dict[str, Clip], renderer: PhraseRenderer, rate: int,
                 fixed_notes: list[str] | None = None) -> None:
        self.timeline = timeline
        self.plan = plan
        self.tones = tones
        self.renderer = renderer
        self.rate = rate
        self.fixed_notes = fixed_notes if fixed_notes is not None else []
        self._by_index = plan.by_index()

    def planned(self, cue: Cue) -> PlannedCue | None:
        """The plan of a cue of ``timeline`` (by its ``plan_index``); ``None`` for a call made during the run."""
        return None if cue.plan_index is None else self._by_index.get(cue.plan_index)

    @property
    def speech(self) -> EngineChoice:
        """The speech engine speaking now (it may have been dropped for another), and why."""
        return self.renderer.choice

    @property
    def phrases(self) -> dict[str, Clip]:
        """The phrases ready now, by text."""
        return self.renderer.clips()

    def phrase(self, text: str | None) -> Clip | None:
        """One phrase's clip if it is ready now."""
        return self.renderer.get(text) if text else None

    def clip(self, name: str | None) -> Clip | None:
        """A tone or a ready phrase by name."""
        if name is None:
            return None
        return self.tones.get(name) or self.renderer.get(name)

    def fitting_phrase(self, planned: PlannedCue, cue: Cue) -> Clip | None:
        """The phrase to say for ``planned``: its text, else the cue's short form, if ready and fitting.

        The time for it is what the plan gave the phrase (measured, or estimated when it was not
        ready at the start); a clip longer than that by more than ``FIT_SLACK_S`` would run into
        the next cue and is not placed.
        """
        if not planned.text or planned.speech_at_s is None:
            return None
        room = planned.end_s - planned.speech_at_s + FIT_SLACK_S
        for text in dict.fromkeys(t for t in (planned.text, cue.short_text) if t):
            clip = self.renderer.get(text)
            if clip is not None and clip.duration_s <= room:
                return clip
        return None

    @property
    def notes(self) -> list[str]:
        """What the user should know now: speech off or dropped, phrases missing, cache off."""
        notes = list(self.fixed_notes)
        choice = self.speech
        if not choice.pending and (choice.engine is None or choice.dropped):
            notes.append(choice.status + (f" — {choice.hint}" if choice.hint else ""))
        failed = self.renderer.failed()
        if failed and choice.engine is not None:
            notes.append(f"speech: {len(failed)} phrase(s) could not be rendered; their tones play instead")
        notes += [n for n in self.renderer.notes if n not in notes]
        return notes


def speech_texts(timeline: Timeline) -> list[str]:
    """Every phrase the timeline may say, full and short forms, in order of first use; and the lap
    calls the planner keeps room for (``planner.lap_rooms``), so their length is measured too."""
    said = [(c.at_s, text) for c in timeline.cues if c.type == "speech" for text in (c.text, c.short_text) if text]
    said += [(at, text) for at, _, text in lap_rooms(timeline)]
    said.sort(key=lambda st: st[0])  # stable: a cue's full form before its short one
    return list(dict.fromkeys(text for _, text in said))


def load_tones(timeline: Timeline, rate: int, peaks: bool = True) -> dict[str, Clip]:
    """The shipped tones and every sound file the workout names, at ``rate`` and the common loudness.

    ``peaks``: find each clip's peak now (the mixer's limiter needs it when the clip is queued);
    a plan that plays nothing (``check``) needs only the lengths. A workout naming a sound file
    that does not exist is a ``UserError``.
    """
    tones = {name: load_sound(name, rate) for name in TONES}
    workout_dir = Path(timeline.source).parent if timeline.source else Path.cwd()
    for c in timeline.cues:
        if c.sound and c.sound not in tones:
            tones[c.sound] = load_sound(resolve_sound(c.sound, workout_dir), rate)
    for clip in tones.values() if peaks else ():
        clip.peak  # noqa: B018 - found now, before the start, not when the cue is queued mid-run
    return tones


class Preparation:
    """A soundtrack being prepared: tones loaded, speech rendering on background threads.

    Raises ``UserError`` for an unknown speech engine or a missing sound file (before anything
    starts). ``progress`` is called from the rendering threads. ``choice`` replaces the engine
    ``speech`` names (tests); ``cache`` the user's speech cache; ``timeout_s`` is per phrase.
    """

    def __init__(self, timeline: Timeline, rate: int, speech: str = "auto", voice: str | None = None,
                 words_per_minute: int | None = None, progress: Progress | None = None,
                 cache: SpeechCache | None = None, timeout_s: float = PHRASE_TIMEOUT_S,
                 choice: EngineChoice | None = None, lengths_only: bool = False) -> None:
        if choice is None:
            try:  # a bad name fails now; trying the engines (seconds, for pyttsx3) is in the background
                choice = select_engine(speech, voice, words_per_minute, probe=False)
            except ValueError as err:
                raise UserError(str(err), hint=f"use --speech {', '.join(SPECS)}") from None
        self.timeline = timeline
        self.rate = rate
        self.tones = load_tones(timeline, rate, peaks=not lengths_only)
        self.notes: list[str] = []
        ok, why = loudness.available()
        if not ok:
            self.notes.append(why)
        self.renderer = PhraseRenderer(speech_texts(timeline), choice, cache or SpeechCache(), rate,
                                     progress, timeout_s, lengths_only)
        self._go = threading.Event()
        self.renderer.start()
        threading.Thread(target=self._when_settled, name="trackcue-speech-settled", daemon=True).start()

    def _when_settled(self) -> None:
        self.renderer.wait()
        self._go.set()

    def start_now(self) -> None:
        """Stop waiting for speech: ``soundtrack`` plans with what is ready (the rest keeps rendering)."""
        self._go.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every phrase is settled or ``start_now``; False if ``timeout`` came first."""
        return self._go.wait(timeout)

    def durations(self, estimate: bool = False) -> dict[str, float]:
        """Seconds per tone and per phrase as things stand: what the plan is made with.

        ``estimate``: when no engine is left to speak, plan the phrases at their estimated lengths
        anyway (a prediction for a machine that speaks) instead of leaving them out.
        """
        out = {n: c.duration_s for n, c in self.tones.items()}
        out.update(self.renderer.durations())
        if estimate and self.renderer.engine is None:
            wpm = self.renderer.choice.rate or DEFAULT_WPM
            out.update({t: estimate_duration(t, wpm) for t in self.renderer.texts})
        return out

    def plan(self, durations: dict[str, float]) -> CuePlan:
        """The one planning call: every cue of the timeline placed with ``durations``."""
        return plan_cues(self.timeline, durations)

    def soundtrack(self, wait_s: float | None = None) -> Soundtrack:
        """Plan the cues with every phrase ready after at most ``wait_s`` (None: all of them)."""
        self.wait(wait_s)
        plan = self.plan(self.durations())
        return Soundtrack(retime(self.timeline, plan), plan, self.tones, self.renderer, self.rate, self.notes)

    def close(self) -> None:
        """Stop rendering and close the speech engine."""
        self.renderer.close()
        engine = self.renderer.engine
        if engine is not None:
            engine.close()


def prepare(timeline: Timeline, rate: int, speech: str = "auto", voice: str | None = None,
            words_per_minute: int | None = None, progress: Progress | None = None) -> Soundtrack:
    """Load tones, render every phrase (cached on disk when it can be), plan with real lengths.

    Waits for every phrase (each bounded in time; ``render`` and benches). Never fails for a
    missing or broken speech engine or a failed phrase: the cue falls back to its tone.
    A workout naming a sound file that does not exist is a ``UserError``.
    """
    preparation = Preparation(timeline, rate, speech, voice, words_per_minute, progress)
    try:
        return preparation.soundtrack()
    finally:
        preparation.close()  # every phrase is rendered: a long-lived engine (piper) can go


class SoundPlan:
    """A timeline's plan as ``render`` and ``run`` would make it, for commands that play nothing.

    ``durations``: the seconds per tone and phrase it was made with. ``estimated``: no engine
    rendered the phrases (none works, or a live one speaks them as they come), so their lengths
    were estimated from the words. (A plain class, as ``Soundtrack``.)
    """

    __slots__ = ("plan", "durations", "speech", "estimated", "notes")

    def __init__(self, plan: CuePlan, durations: dict[str, float], speech: EngineChoice, estimated: bool,
                 notes: list[str]) -> None:
        self.plan = plan
        self.durations = durations
        self.speech = speech
        self.estimated = estimated
        self.notes = notes

    @property
    def lengths(self) -> str:
        """Where the plan's phrase lengths came from, in one line for the user."""
        return f"{'estimated' if self.estimated else 'measured'} speech lengths — {self.speech.status}"

    def to_json(self) -> dict[str, Any]:
        """The top-level ``plan`` of ``trackcue compile --json`` (docs/timeline-json.md)."""
        return {"lengths": "estimated" if self.estimated else "measured", "speech": self.speech.status,
                "warnings": list(self.plan.warnings)}


def plan_sound(timeline: Timeline, rate: int = PLAN_RATE, speech: str = "auto", voice: str | None = None,
               words_per_minute: int | None = None, progress: Progress | None = None) -> SoundPlan:
    """Plan ``timeline`` exactly as ``render`` and ``run`` do, without keeping a sample.

    Every phrase is rendered (or its length read from the speech cache's header); when no engine
    speaks, the phrases are planned at their estimated lengths and the result says so. Raises
    ``UserError`` for an unknown engine or a missing sound file.
    """
    with sound_planned(timeline, rate, speech, voice, words_per_minute, progress) as (sound, _):
        return sound


@contextmanager
def sound_planned(timeline: Timeline, rate: int = PLAN_RATE, speech: str = "auto", voice: str | None = None,
                  words_per_minute: int | None = None,
                  progress: Progress | None = None) -> Iterator[tuple[SoundPlan, PhraseRenderer]]:
    """``plan_sound``, with its renderer kept open until the block ends: a phrase the plan does not
    hold (a lap call the transcript hears) is measured with the same engine (``render_now``)."""
    preparation = Preparation(timeline, rate, speech, voice, words_per_minute, progress, lengths_only=True)
    try:
        preparation.wait()
        durations = preparation.durations(estimate=True)
        renderer = preparation.renderer
        estimated = renderer.engine is None or renderer.live
        notes = [*preparation.notes, *renderer.notes]
        yield SoundPlan(preparation.plan(durations), durations, renderer.choice, estimated, notes), renderer
    finally:
        preparation.close()


def retime(timeline: Timeline, plan: CuePlan) -> Timeline:
    """The timeline with each cue moved to its planned start and tied to its plan (``Cue.plan_index``);
    dropped cues removed."""
    by_index = plan.by_index()
    cues = []
    for i, c in enumerate(timeline.cues):
        planned = by_index.get(i)
        if planned is None or planned.dropped:
            continue
        cues.append(c._replace(at_s=round(planned.at_s, 3), text=planned.text or c.text, plan_index=i))
    cues.sort(key=lambda c: c.at_s)
    return timeline.replace(cues=cues)
