"""The compiler's output: a workout as plain data — segments on a clock and the cues to play.

A ``Timeline`` is what every later stage consumes (engine, audio, TUI, history, exports).
It holds no behaviour beyond lookups and its JSON form, whose shape is a versioned contract.

``Split``, ``Segment`` and ``Cue`` are NamedTuples (immutable; change one with ``_replace``) and
``Timeline`` a plain class (``replace``), not dataclasses: every command imports this module, and
the dataclass machinery (its import and about a millisecond per class) was a fifth of the start-up
budget of ``trackcue check``.

Time axes (one name per axis, in every package; all in seconds unless named ``frame``):

``at_s``, ``start_s``, ``end_s``, ``duration_s`` — **plan time**: the timeline's own clock, as
    compiled. 0 is the start of the first step; the get-ready countdown is negative
    (``-lead_in_s`` … 0). Every cue and segment is on it; ``target_s`` is a length on it, and a
    split mark's ``Split.after_s`` a time from its segment's start. A run that goes long (the lap key,
    +10 s) does not move the plan: the engine maps back with ``Player._plan_t``.
``t_s`` / ``t`` — **workout time**: what has actually elapsed of this run, pauses excluded, on
    the same origin as plan time (events, laps, history). ``t_s - at_s`` of an event is how late
    or early it happened against the plan.
``clock`` / ``now`` / ``clock_t`` — **clock time**: readings of the injected ``engine.clock.Clock``
    (monotonic, with a ``speed``; the phone's sleep counted where the OS can). The engine turns
    workout time into clock time to queue cues (``CueSink.queue(cue, at_clock_t)``); never a count
    of ticks.
``wall`` — **wall time**: unix seconds (``time.time()``), only to say when a session happened
    (``started_wall``, ``ended_wall``, each event's ``wall``); never used to time anything.
``frame`` — **audio frames**: a sample index of the one output stream at its sample rate
    (``start_frame``, ``frame_at``); the audio layer places each clip on a frame from clock time.
"""


from bisect import bisect_right
from typing import Any, Literal, NamedTuple, get_args

from trackcue.units import Units

# The shape of ``trackcue compile --json`` (docs/timeline-json.md). 2: each cue carries its
# ``plan`` (form, planned start, what is heard) and the document a top-level ``plan``.
TIMELINE_VERSION = 2

# The vocabularies of a timeline, each written once: a ``Literal`` type for the checker and a tuple
# (``get_args``) that the parser, the JSON Schema, the docs' tests and the exports read.
StepKind = Literal["warmup", "run", "jog", "walk", "rest", "stretch", "strength", "cooldown"]
STEP_KINDS: tuple[StepKind, ...] = get_args(StepKind)
Intensity = Literal["warmup", "work", "recovery", "rest", "cooldown"]
INTENSITIES: tuple[Intensity, ...] = get_args(Intensity)
# What ends a segment: the clock, or the lap key (``Segment.ends``).
Ends = Literal["time", "lap"]
ENDS: tuple[Ends, ...] = get_args(Ends)
CueType = Literal["tone", "speech"]
CUE_TYPES: tuple[CueType, ...] = get_args(CueType)
# The cues the compiler writes (docs/timeline-json.md) …
PlannedCueKind = Literal["announce", "pip", "go", "stop", "split", "halfway", "warning", "custom", "time_left",
                         "finish", "target"]
PLANNED_CUE_KINDS: tuple[PlannedCueKind, ...] = get_args(PlannedCueKind)
# … and the calls made during a run: a lap's time (the lap key), where the runner is (the say key).
CallKind = Literal["lap", "where"]
CALL_KINDS: tuple[CallKind, ...] = get_args(CallKind)
CueKind = Literal[PlannedCueKind, CallKind]
CUE_KINDS: tuple[CueKind, ...] = PLANNED_CUE_KINDS + CALL_KINDS

# The intensity each step kind has unless the workout says otherwise.
KIND_INTENSITY: dict[StepKind, Intensity] = {
    "warmup": "warmup",
    "run": "work",
    "jog": "recovery",
    "walk": "recovery",
    "rest": "rest",
    "stretch": "rest",
    "strength": "work",
    "cooldown": "cooldown",
}
# How a kind is shown and spoken when the step has no name of its own.
KIND_TITLE: dict[StepKind, str] = {"warmup": "Warm-up", "run": "Run", "jog": "Jog", "walk": "Walk", "rest": "Rest",
                                   "stretch": "Stretch", "strength": "Strength", "cooldown": "Cool-down"}


def as_step_kind(word: str) -> StepKind | None:
    """``word`` as a step kind when it is one (a kind read back as text: a recorded event), else ``None``."""
    for kind in STEP_KINDS:
        if kind == word:
            return kind
    return None


class Split(NamedTuple):
    """A mark inside a segment: at ``at_m`` metres the runner should be ``after_s`` seconds into it.

    Both count from the segment's start (not plan time); the JSON keeps the key ``at_s`` (contract v2).
    """

    at_m: float
    after_s: float


class Segment(NamedTuple):
    """One step of the workout as it will be played.

    ``ends`` is ``"time"`` (the clock ends it) or ``"lap"`` (the lap key ends it); a lap-ended
    segment's ``duration_s`` is its target or estimated time, used for planning.
    """

    index: int  # type: ignore[assignment]  # the field shadows tuple.index(): a segment's place
    kind: StepKind
    intensity: Intensity
    label: str
    start_s: float
    duration_s: float
    ends: Ends = "time"
    distance_m: float | None = None
    target_s: float | None = None
    pace_s_per_m: float | None = None
    pace_range: tuple[float, float] | None = None  # (fast, slow) seconds per metre
    splits: tuple[Split, ...] = ()
    rep: int | None = None
    reps: int | None = None
    set: int | None = None
    sets: int | None = None
    block: str | None = None
    # Every enclosing repeat, outermost first: (block id, rep number, rep count).
    blocks: tuple[tuple[str, int, int], ...] = ()
    name: str | None = None
    note: str | None = None
    effort: str = ""  # the effort words written after the value ("easy", "steady"): shown and spoken
    sources: tuple[str, ...] = ()  # where each target came from ("400m = 80s (param)")
    # The distance as written when the runner covers more (an outer lane: 400 m written, 414.7 m run).
    written_m: float | None = None

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s

    @property
    def is_work(self) -> bool:
        return self.intensity == "work"

    @property
    def is_rep(self) -> bool:
        """A rep: a work step of a repeat (``counts_as_rep``)."""
        return counts_as_rep(self.intensity, self.rep)


def counts_as_rep(intensity: str, rep: int | None) -> bool:
    """Whether a step counts as a rep wherever reps are counted (the screen's "Rep 3 / 8", the
    summary's and history's "reps 3 of 8", the totals): a work step of a repeat. A lone work step
    (a tempo run after the reps) is work, not a rep."""
    return intensity == "work" and rep is not None


class Cue(NamedTuple):
    """A sound to start at ``at_s`` on the workout clock (negative: during the get-ready countdown).

    ``type`` is ``"tone"`` (``sound`` names a clip) or ``"speech"`` (``text`` is spoken, in words:
    see ``trackcue.phrases``; ``sound``, if set, is an earcon played first unless ``earcon`` is
    false, and the fallback when no speech engine works).
    ``ends_by_s`` is the latest moment the cue may still be sounding (e.g. before 3-2-1 pips);
    ``priority`` 1 is never dropped, 3 is dropped first when time is short.
    ``plan_index`` ties a cue of the soundtrack's re-timed timeline to its plan: two cues of one
    kind at one moment are still two cues.
    """

    at_s: float
    type: CueType
    segment: int
    kind: CueKind
    text: str | None = None
    sound: str | None = None
    ends_by_s: float | None = None
    priority: int = 2
    short_text: str | None = None  # what to say when the full text does not fit
    earcon: bool = True  # False: ``sound`` is only the fallback, never played before the phrase ("Go")
    # The cue's position in the compiled ``Timeline.cues``: what its plan is filed under
    # (``PlannedCue.index``). ``None`` for a call made during the run (a lap's time, the say key).
    plan_index: int | None = None


class Timeline:
    """Ordered segments and cues of one compiled workout."""

    __slots__ = ("name", "segments", "cues", "description", "lead_in_s", "params", "source", "warnings",
                 "units", "_start_cache")

    def __init__(self, name: str, segments: list[Segment], cues: list[Cue], description: str = "",
                 lead_in_s: float = 10.0, params: dict[str, Any] | None = None, source: str | None = None,
                 warnings: list[str] | None = None, units: Units = "metric") -> None:
        self.name = name
        self.segments = segments
        self.cues = cues
        self.description = description
        self.lead_in_s = lead_in_s
        self.params: dict[str, Any] = params if params is not None else {}
        self.source = source
        self.warnings: list[str] = warnings if warnings is not None else []
        # The units the cues are spoken in (the compile's choice: --units, the runner's, the
        # workout's): the screen shows paces and distances in the same ones.
        self.units: Units = units
        self._start_cache: tuple[list[Segment], list[float]] | None = None

    def replace(self, **changes: Any) -> "Timeline":
        """A copy with ``changes`` (e.g. ``cues=``), the rest shared."""
        fields = {name: getattr(self, name) for name in self.__slots__ if name != "_start_cache"}
        fields.update(changes)
        return Timeline(**fields)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Timeline) and all(getattr(self, n) == getattr(other, n) for n in self.__slots__
                                                   if n != "_start_cache")

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Timeline({self.name!r}, {len(self.segments)} segments, {len(self.cues)} cues)"

    @property
    def total_s(self) -> float:
        return self.segments[-1].end_s if self.segments else 0.0

    @property
    def distance_m(self) -> float:
        return sum(s.distance_m or 0.0 for s in self.segments)

    @property
    def work_s(self) -> float:
        return sum(s.duration_s for s in self.segments if s.is_work)

    def segment_at(self, at_s: float) -> Segment | None:
        """The segment planned at ``at_s`` (plan time; the last one past the end). O(log n): the
        planner asks once per cue, and 10 000 steps must not cost 10 000 × 10 000."""
        if not self.segments:
            return None
        i = max(0, bisect_right(self._starts(), at_s) - 1)
        return self.segments[i]

    def _starts(self) -> list[float]:
        """Every segment's start, made once per list of segments (a new list gets new starts)."""
        cached = self._start_cache
        if cached is None or cached[0] is not self.segments or len(cached[1]) != len(self.segments):
            cached = (self.segments, [s.start_s for s in self.segments])
            self._start_cache = cached
        return cached[1]

    def to_json(self) -> dict[str, Any]:
        """The timeline part of the versioned contract ``trackcue compile --json`` prints (which adds the
        cues' plan: ``cli.compile.timeline_json``; docs/timeline-json.md)."""
        return {
            "version": TIMELINE_VERSION,
            "name": self.name,
            "description": self.description,
            "total_s": _r(self.total_s),
            "distance_m": _r(self.distance_m),
            "work_s": _r(self.work_s),
            "lead_in_s": _r(self.lead_in_s),
            "params": {k: _jsonable(v) for k, v in self.params.items()},
            "segments": [_segment_json(s) for s in self.segments],
            "cues": [_cue_json(c) for c in self.cues],
            "warnings": list(self.warnings),
            "units": self.units,
        }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _jsonable(v: Any) -> Any:
    return v if isinstance(v, (int, float, str, bool)) or v is None else str(v)


def _segment_json(s: Segment) -> dict[str, Any]:
    return {
        "index": s.index,
        "kind": s.kind,
        "intensity": s.intensity,
        "label": s.label,
        "name": s.name,
        "start_s": _r(s.start_s),
        "duration_s": _r(s.duration_s),
        "ends": s.ends,
        "distance_m": _r(s.distance_m),
        "written_m": _r(s.written_m),
        "target_s": _r(s.target_s),
        "pace_s_per_km": _r(s.pace_s_per_m * 1000) if s.pace_s_per_m else None,
        "pace_range_s_per_km": [_r(p * 1000) for p in s.pace_range] if s.pace_range else None,
        "splits": [{"at_m": _r(p.at_m), "at_s": _r(p.after_s)} for p in s.splits],
        "rep": s.rep,
        "reps": s.reps,
        "set": s.set,
        "sets": s.sets,
        "block": s.block,
        "blocks": [{"id": b, "rep": r, "reps": n} for b, r, n in s.blocks],
        "note": s.note,
        "sources": list(s.sources),
    }


def _cue_json(c: Cue) -> dict[str, Any]:
    return {
        "at_s": _r(c.at_s),
        "type": c.type,
        "kind": c.kind,
        "text": c.text,
        "short_text": c.short_text,
        "sound": c.sound,
        "segment": c.segment,
        "ends_by_s": _r(c.ends_by_s),
        "priority": c.priority,
    }
