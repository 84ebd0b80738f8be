"""Before the first step: choose the speech engine, pre-render every phrase, load every tone, plan."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from trackcue.audio.clip import Clip
from trackcue.audio.sounds import TONES, load_sound, resolve_sound
from trackcue.errors import UserError
from trackcue.speech.cache import SpeechCache
from trackcue.speech.engines import EngineChoice, select_engine
from trackcue.speech.planner import Plan, PlannedCue, plan_cues
from trackcue.speech.prerender import RenderProgress, phrase_durations, prerender
from trackcue.timeline import Timeline


def cue_key(segment: int, kind: str, at_s: float) -> tuple[int, str, float]:
    """How a cue is matched with its plan: segment, kind and time."""
    return (segment, kind, round(at_s, 3))


@dataclass
class Soundtrack:
    """Every clip a timeline needs, keyed by tone name or phrase text, and the plan that times them.

    ``timeline`` is the compiled one with its cues re-timed to where the planner put them (and
    dropped cues left out): that is the timeline to play, so every cue is queued in time.
    ``placed`` maps each of its cues to its plan (tone and phrase start times).
    """

    timeline: Timeline
    plan: Plan
    placed: dict[tuple[int, str, float], PlannedCue]
    tones: dict[str, Clip]
    phrases: dict[str, Clip]
    speech: EngineChoice
    rate: int
    notes: list[str] = field(default_factory=list)  # what the user should know (speech off, sounds missing)

    def clip(self, name: str | None) -> Clip | None:
        """A tone or a pre-rendered phrase by name."""
        if name is None:
            return None
        return self.tones.get(name) or self.phrases.get(name)


def speech_texts(timeline: Timeline) -> list[str]:
    """Every phrase the timeline may say, full and short forms, in order of first use."""
    out: dict[str, None] = {}
    for c in timeline.cues:
        if c.type == "speech":
            for text in (c.text, c.short_text):
                if text:
                    out.setdefault(text, None)
    return list(out)


def prepare(timeline: Timeline, rate: int, speech: str = "auto", voice: str | None = None,
            words_per_minute: int | None = None,
            progress: Callable[[RenderProgress], None] | None = None) -> Soundtrack:
    """Load tones, pre-render speech (cached on disk), and plan every cue with real lengths.

    Never fails for a missing speech engine or a failed phrase: the cue falls back to its tone.
    A workout naming a sound file that does not exist is a ``UserError``.
    """
    try:
        choice = select_engine(speech, voice, words_per_minute)
    except ValueError as err:
        raise UserError(str(err), hint="use --speech auto, espeak, say, pyttsx3, termux or none") from None
    notes = [] if choice.engine is not None else [choice.status + (f" — {choice.hint}" if choice.hint else "")]
    tones = {name: load_sound(name, rate) for name in TONES}
    workout_dir = Path(timeline.source).parent if timeline.source else Path.cwd()
    for c in timeline.cues:
        if c.sound and c.sound not in tones:
            tones[c.sound] = load_sound(resolve_sound(c.sound, workout_dir), rate)
    texts = speech_texts(timeline)
    phrases: dict[str, Clip] = {}
    if choice.engine is not None:
        phrases = prerender(texts, choice.engine, SpeechCache(), rate, progress)
        missing = [t for t in texts if t not in phrases] if not choice.engine.live else []
        if missing:
            notes.append(f"speech: {len(missing)} phrase(s) could not be rendered; their tones play instead")
    for clip in (*tones.values(), *phrases.values()):
        clip.peak  # noqa: B018 - found now, before the start, not when the cue is queued mid-run
    durations = {name: clip.duration_s for name, clip in tones.items()}
    durations.update(phrase_durations(texts, phrases, choice.engine))
    plan = plan_cues(timeline, durations)
    played, placed = retime(timeline, plan)
    return Soundtrack(played, plan, placed, tones, phrases, choice, rate, notes)


def retime(timeline: Timeline, plan: Plan) -> tuple[Timeline, dict[tuple[int, str, float], PlannedCue]]:
    """The timeline with each cue moved to its planned start; dropped cues removed."""
    by_origin = {}
    for p in plan.cues:
        by_origin.setdefault(cue_key(p.segment, p.kind, p.at_s - p.moved_s), p)
    cues, placed = [], {}
    for c in timeline.cues:
        p = by_origin.get(cue_key(c.segment, c.kind, c.at_s))
        if p is None or p.dropped:
            continue
        moved = replace(c, at_s=round(p.at_s, 3), text=p.text or c.text)
        cues.append(moved)
        placed[cue_key(moved.segment, moved.kind, moved.at_s)] = p
    cues.sort(key=lambda c: c.at_s)
    return replace(timeline, cues=cues), placed
