"""What the runner hears, in order: the real cue plan played by the real player on a fake clock.

A simulated runner presses lap the moment each lap-ended step reaches each of its marks — its
split marks, then its target (or its planned length when it has none) — so the lap calls,
cancellations and re-timings are the ones a run makes. Nothing is played: a sink writes down each
tone and phrase with when it starts and ends, placing each through the live sink's own rules
(``soundtrack.airtime``: the lap call in free time among the cues).
``trackcue compile FILE --transcript`` prints it; tests read it for properties.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from trackcue.engine.clock import FakeClock
from trackcue.engine.laps import Lap, step_marks
from trackcue.engine.player import FINISHED, WAITING, Player
from trackcue.engine.sink import CALL_LOOKAHEAD_S
from trackcue.phrases import DEFAULT_WPM, estimate_duration, format_clock
from trackcue.soundtrack.airtime import Airtime, Sound
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
    unsaid: list[Heard] = field(default_factory=list)  # calls that found no room (start = end = asked for)
    spoken: list[Heard] = field(init=False)

    def __post_init__(self) -> None:
        self.spoken = [h for h in self.heard if h.text]

    def lines(self) -> list[str]:
        """``-0:09.5 -0:05.2  Warm-up, fifteen minutes easy.`` / ``   0:00.0  0:00.5  [go]``."""
        out = [f"{self.name} — what the runner hears, lap pressed on each target (phrase lengths: {self.lengths})"]
        unsaid = {id(h) for h in self.unsaid}
        for h in sorted([*self.heard, *self.unsaid], key=lambda h: h.start_s):
            what = h.text if h.text else f"[{h.sound}]"
            if id(h) in unsaid:
                out.append(f"{format_clock(h.start_s, tenths=True):>9} {'-':>9}  (not said, no room) {what}")
            else:
                out.append(f"{format_clock(h.start_s, tenths=True):>9} {format_clock(h.end_s, tenths=True):>9}  {what}")
        return out


@dataclass(frozen=True)
class _Said:
    """What one sound on the simulated output is: a tone or a phrase of a cue, and how long it lasts."""

    segment: int
    kind: str
    length_s: float
    sound: str | None = None
    text: str | None = None


class _Ears:
    """A ``CueSink`` that hears what an ``AudioCueSink`` would place: earcon, then phrase, each
    cue through the same ``Airtime`` (calls made during the run in free time among the cues)."""

    def __init__(self, plan: Mapping[int, PlannedCue], durations: Mapping[str, float], clock: FakeClock,
                 origin: float, words_per_minute: float, measure: Callable[[str], float | None] | None) -> None:
        self._plan, self._durations, self._clock = plan, durations, clock
        self._origin, self._wpm, self._measure = origin, words_per_minute, measure
        self._air: Airtime[_Said] = Airtime(self._hear, self._forget)
        self.heard: list[tuple[float, Heard]] = []  # (clock time it starts, what)
        self.unsaid: list[Heard] = []  # calls that found no room

    def queue(self, cue: Cue, at_clock_t: float) -> None:
        now = self._clock.now()
        planned = self._plan.get(cue.plan_index) if cue.plan_index is not None else None
        if planned is None:  # said during the run (the lap call): measured when an engine renders, else estimated
            forms = [[Sound(0.0, n, _Said(cue.segment, cue.kind, n, text=t))]
                     for t in dict.fromkeys((cue.text, cue.short_text)) if t for n in [self._length(t)]]
            slot = self._air.call(at_clock_t, forms, now, at_clock_t + CALL_LOOKAHEAD_S)
            if slot.start is None and cue.text:
                start = round(at_clock_t - self._origin, 3)
                self.unsaid.append(Heard(start, start, cue.segment, cue.kind, text=cue.text))
            return
        if planned.dropped:
            return
        sounds: list[Sound[_Said]] = []
        if planned.sound:
            n = self._durations.get(planned.sound, UNKNOWN_SOUND_S)
            sounds.append(Sound(0.0, n, _Said(cue.segment, cue.kind, n, sound=planned.sound)))
        if planned.text and planned.speech_at_s is not None:
            n = self._durations[planned.text]
            said = _Said(cue.segment, cue.kind, n, text=planned.text)
            sounds.append(Sound(planned.speech_at_s - planned.at_s, n, said))
        self._air.planned(at_clock_t, sounds, planned.priority, planned.exact, now)

    def cancel_from(self, clock_t: float) -> None:
        self._air.cancel_from(clock_t)

    def _length(self, text: str) -> float:
        if text in self._durations:
            return self._durations[text]
        measured = self._measure(text) if self._measure is not None else None
        return measured if measured is not None else estimate_duration(text, self._wpm)

    def _hear(self, at_clock: float, said: _Said) -> None:
        start = at_clock - self._origin
        self.heard.append((at_clock, Heard(round(start, 3), round(start + said.length_s, 3), said.segment, said.kind,
                                           said.sound, said.text)))

    def _forget(self, clock_t: float) -> None:
        self.heard = [(t, h) for t, h in self.heard if t < clock_t]


def transcribe(timeline: Timeline, plan: Mapping[int, PlannedCue], durations: Mapping[str, float], lengths: str,
               words_per_minute: float = DEFAULT_WPM, pace: float = 1.0,
               measure: Callable[[str], float | None] | None = None) -> Transcript:
    """Play ``timeline`` (the soundtrack's re-timed one, whose cues' ``plan_index`` find their plan
    in ``plan``) with a runner who presses lap at each mark of each lap-ended step ``pace`` times
    its target time (1.05: five per cent slow).

    ``durations`` gives seconds per tone and phrase, as planned; a lap call not in it is measured
    by ``measure`` (seconds, or None) or else estimated at ``words_per_minute``. Raises
    ``RuntimeError`` if the run does not finish (a player bug).
    """
    clock = FakeClock(0.0)
    lead = timeline.lead_in_s
    ears = _Ears(plan, durations, clock, lead, words_per_minute, measure)
    # Jumps between deadlines are not stalls: every cue is reached exactly on its time.
    player = Player(timeline, clock, ears, stall_s=float("inf"))
    player.start()
    budget = 20 * (len(timeline.cues) + len(timeline.segments)) + 100
    while player.state != FINISHED:
        budget -= 1
        if budget < 0:
            raise RuntimeError("the simulated run did not finish")
        due = player.next_deadline()
        lap_at = _next_press(player, clock.now(), pace)
        times = [t for t in (due, lap_at) if t is not None]
        if not times:
            raise RuntimeError("the simulated run has nothing left to wait for")
        clock.set(max(clock.now(), min(times)))
        if lap_at is not None and clock.now() >= lap_at - 1e-9:
            player.lap()
        else:
            player.update()
    heard = [h for _, h in sorted(ears.heard, key=lambda th: th[0])]
    return Transcript(timeline.name, heard, list(player.laps), lengths, ears.unsaid)


def _next_press(player: Player, now: float, pace: float = 1.0) -> float | None:
    """Clock time of the runner's next lap press: at the step's next mark (``pace`` times its
    time), in a lap-ended step."""
    if player.state != WAITING:
        return None
    seg = player.segment
    started = now - player.step_elapsed_s
    pressed = player.laps_in_step
    marks = step_marks(seg)
    mark = marks[pressed] if pressed < len(marks) else None
    at = mark.at_s if mark is not None and mark.at_s is not None else player.step_duration_s
    return max(now, started + at * pace)


def hear(timeline: Timeline, speech: str = "auto", voice: str | None = None,
         words_per_minute: int | None = None, rate: int | None = None, pace: float = 1.0) -> Transcript:
    """The transcript of ``timeline`` planned by ``plan_sound`` — the path ``check``, ``render`` and
    ``run`` take — with the speech engine's real phrase lengths, or, when no engine speaks
    (``speech="none"``, none installed), with lengths estimated from the words.

    Pre-rendering uses (and fills) the same cache as ``run``; ``rate`` defaults to ``render``'s.
    ``pace``: the simulated runner's lap times against the targets (1.0: on target).
    Raises ``UserError`` for an unknown engine name or a missing sound file.
    """
    from trackcue.soundtrack.prepare import PLAN_RATE, retime, sound_planned
    from trackcue.speech.base import words_per_minute as engine_wpm

    with sound_planned(timeline, rate or PLAN_RATE, speech, voice, words_per_minute) as (sound, renderer):
        played = retime(timeline, sound.plan)
        engine = sound.speech.engine
        if sound.estimated:
            why = "no speech engine" if engine is None else f"{engine.name} speaks live"
            lengths = f"estimated from the words: {why}"
        else:
            lengths = sound.speech.status.removeprefix("speech: ")
        wpm = engine_wpm(engine) if engine is not None else words_per_minute or DEFAULT_WPM

        def measured(text: str) -> float | None:
            """A lap call's length as the engine says it (a run renders it too), or None: estimate it."""
            clip = None if sound.estimated else renderer.render_now(text)
            return clip.duration_s if clip is not None else None

        return transcribe(played, sound.plan.by_index(), sound.durations, lengths, wpm, pace, measured)
