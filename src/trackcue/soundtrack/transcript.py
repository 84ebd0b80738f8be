"""What the runner hears, in order: the real cue plan played by the real player on a fake clock.

A simulated runner presses lap the moment each lap-ended step reaches each of its marks — its
split marks, then its target (or its planned length when it has none) — so the lap calls,
cancellations and re-timings are the ones a run makes. Nothing is played: a sink writes down each tone and phrase with when it starts and ends.
``trackcue compile FILE --transcript`` prints it; tests read it for properties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from trackcue.engine.clock import FakeClock
from trackcue.engine.laps import Lap, step_marks
from trackcue.engine.player import FINISHED, WAITING, Player
from trackcue.phrases import DEFAULT_WPM, estimate_duration, format_clock
from trackcue.soundtrack.prepare import cue_key
from trackcue.speech.planner import PlannedCue
from trackcue.timeline import Cue, Timeline

UNKNOWN_SOUND_S = 0.5


@dataclass(frozen=True)
class Heard:
    """One sound: a tone (``sound``) or a phrase (``text``), on the workout clock (seconds)."""

    start_s: float
    end_s: float
    segment: int
    kind: str
    sound: str | None = None
    text: str | None = None


@dataclass
class Transcript:
    """Everything heard in one simulated run, in the order it starts, and the laps pressed."""

    name: str
    heard: list[Heard]
    laps: list[Lap]
    lengths: str  # where phrase lengths came from: "espeak-ng …" or "estimated: no speech engine"
    spoken: list[Heard] = field(init=False)

    def __post_init__(self) -> None:
        self.spoken = [h for h in self.heard if h.text]

    def lines(self) -> list[str]:
        """``-0:09.5 -0:05.2  Warm-up, fifteen minutes easy.`` / ``   0:00.0  0:00.5  [go]``."""
        out = [f"{self.name} — what the runner hears, lap pressed on each target (phrase lengths: {self.lengths})"]
        for h in self.heard:
            what = h.text if h.text else f"[{h.sound}]"
            out.append(f"{format_clock(h.start_s, tenths=True):>9} {format_clock(h.end_s, tenths=True):>9}  {what}")
        return out


class _Ears:
    """A ``CueSink`` that hears what an ``AudioCueSink`` would place: earcon, then phrase."""

    def __init__(self, placed: Mapping[tuple[int, str, float], PlannedCue], durations: Mapping[str, float],
                 origin: float, words_per_minute: float) -> None:
        self._placed, self._durations, self._origin, self._wpm = placed, durations, origin, words_per_minute
        self.heard: list[tuple[float, Heard]] = []  # (clock time it starts, what)

    def queue(self, cue: Cue, at_clock_t: float) -> None:
        planned = self._placed.get(cue_key(cue.segment, cue.kind, cue.at_s))
        if planned is None:  # said during the run (the lap call): its length is estimated
            if cue.text:
                self._hear(at_clock_t, estimate_duration(cue.text, self._wpm), cue, text=cue.text)
            return
        shift = at_clock_t - planned.at_s
        if planned.sound:
            self._hear(planned.at_s + shift, self._durations.get(planned.sound, UNKNOWN_SOUND_S), cue,
                       sound=planned.sound)
        if planned.text and planned.speech_at_s is not None:
            self._hear(planned.speech_at_s + shift, self._durations[planned.text], cue, text=planned.text)

    def cancel_from(self, clock_t: float) -> None:
        self.heard = [(t, h) for t, h in self.heard if t < clock_t]

    def _hear(self, at_clock: float, length: float, cue: Cue, sound: str | None = None, text: str | None = None) -> None:
        start = at_clock - self._origin
        self.heard.append((at_clock, Heard(round(start, 3), round(start + length, 3), cue.segment, cue.kind,
                                           sound, text)))


def transcribe(timeline: Timeline, placed: Mapping[tuple[int, str, float], PlannedCue],
               durations: Mapping[str, float], lengths: str, words_per_minute: float = DEFAULT_WPM) -> Transcript:
    """Play ``timeline`` (the soundtrack's re-timed one, whose cues ``placed`` maps to the plan).

    ``durations`` gives seconds per tone and phrase, as planned; lap calls are estimated at
    ``words_per_minute``. Raises ``RuntimeError`` if the run does not finish (a player bug).
    """
    clock = FakeClock(0.0)
    lead = timeline.lead_in_s
    ears = _Ears(placed, durations, lead, words_per_minute)
    # Jumps between deadlines are not stalls: every cue is reached exactly on its time.
    player = Player(timeline, clock, ears, stall_s=float("inf"))
    player.start()
    budget = 20 * (len(timeline.cues) + len(timeline.segments)) + 100
    while player.state != FINISHED:
        budget -= 1
        if budget < 0:
            raise RuntimeError("the simulated run did not finish")
        due = player.next_deadline()
        lap_at = _next_press(player, clock.now())
        times = [t for t in (due, lap_at) if t is not None]
        if not times:
            raise RuntimeError("the simulated run has nothing left to wait for")
        clock.set(max(clock.now(), min(times)))
        if lap_at is not None and clock.now() >= lap_at - 1e-9:
            player.lap()
        else:
            player.update()
    heard = [h for _, h in sorted(ears.heard, key=lambda th: th[0])]
    return Transcript(timeline.name, heard, list(player.laps), lengths)


def _next_press(player: Player, now: float) -> float | None:
    """Clock time of the runner's next lap press: at the step's next mark, in a lap-ended step."""
    if player.state != WAITING:
        return None
    seg = player.segment
    started = now - player.step_elapsed_s
    pressed = sum(1 for lap in player.laps if lap.segment == seg.index and lap.t_s >= player.t_s - player.step_elapsed_s - 1e-9)
    marks = step_marks(seg)
    mark = marks[pressed] if pressed < len(marks) else None
    at = mark.at_s if mark is not None and mark.at_s is not None else player.step_duration_s
    return max(now, started + at)


def hear(timeline: Timeline, speech: str = "auto", voice: str | None = None,
         words_per_minute: int | None = None, rate: int | None = None) -> Transcript:
    """The transcript of ``timeline`` planned by ``plan_sound`` — the path ``check``, ``render`` and
    ``run`` take — with the speech engine's real phrase lengths, or, when no engine speaks
    (``speech="none"``, none installed), with lengths estimated from the words.

    Pre-rendering uses (and fills) the same cache as ``run``; ``rate`` defaults to ``render``'s.
    Raises ``UserError`` for an unknown engine name or a missing sound file.
    """
    from trackcue.soundtrack.prepare import PLAN_RATE, plan_sound, retime
    from trackcue.speech.base import words_per_minute as engine_wpm

    sound = plan_sound(timeline, rate or PLAN_RATE, speech, voice, words_per_minute)
    played, placed = retime(timeline, sound.plan)
    engine = sound.speech.engine
    if sound.estimated:
        why = "no speech engine" if engine is None else f"{engine.name} speaks live"
        lengths = f"estimated from the words: {why}"
    else:
        lengths = sound.speech.status.removeprefix("speech: ")
    wpm = engine_wpm(engine) if engine is not None else words_per_minute or DEFAULT_WPM
    return transcribe(played, placed, sound.durations, lengths, wpm)
