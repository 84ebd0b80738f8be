"""The player: a Timeline played on an injected clock, driven by ``update()`` and the runner's keys.

Time is never counted. The player keeps an origin (the clock time of workout time 0, moved by
pauses) and the actual start of the current step; everything else — step ends, cue times, the
finish — is an absolute deadline derived from those and re-derived after every control. Cues
are handed to the sink up to ``horizon_s`` ahead with their exact clock time.

Not thread-safe: call it from one thread (the TUI's timer, or the headless loop).
"""

from __future__ import annotations

import math
import time
from typing import Any, Callable, Final, Iterable, Literal, get_args

from trackcue.engine import schedule
from trackcue.engine.clock import Clock
from trackcue.engine.events import Event, make_event
from trackcue.engine.laps import Lap, Mark, Stall, laps_standing, place_lap
from trackcue.engine.sink import CALL_LOOKAHEAD_S, CueSink, NullSink
from trackcue.phrases import estimate_duration, lap_call, say_time
from trackcue.timeline import CallKind, Cue, Segment, Timeline

PlayerState = Literal["idle", "get_ready", "running", "paused", "waiting_for_lap", "finished"]
"""Where the player is: before the start, the get-ready countdown, a step under way (on the clock
or waiting for the lap key), paused, or at the end."""
PLAYER_STATES: tuple[PlayerState, ...] = get_args(PlayerState)
IDLE: Final = "idle"
GET_READY: Final = "get_ready"
RUNNING: Final = "running"
PAUSED: Final = "paused"
WAITING: Final = "waiting_for_lap"
FINISHED: Final = "finished"
LiveState = Literal["get_ready", "running", "waiting_for_lap"]
"""The states in which the clock runs the workout (what a pause returns to)."""
_LIVE: tuple[LiveState, ...] = get_args(LiveState)
# A lap this soon after a split mark's planned call began takes that call's place: what of it has
# not begun (its words, after the split tone) is not played, and the lap's own call follows.
SPLIT_CALL_TAKEN_S = 1.0


class Player:
    """Plays ``timeline`` on ``clock``, queueing cues into ``sink`` and reporting events.

    ``horizon_s``, ``late_s`` (older cues are skipped, not played late) and ``stall_s`` (a longer
    gap between updates is a stall) are real seconds; they scale with the clock's ``speed``.
    """

    def __init__(
        self,
        timeline: Timeline,
        clock: Clock,
        sink: CueSink | None = None,
        get_ready_s: float | None = None,
        on_event: Callable[[Event], None] | None = None,
        *,
        horizon_s: float = 2.0,
        late_s: float = 0.25,
        stall_s: float = 1.0,
        restart_after_s: float = 3.0,
        wall: Callable[[], float] = time.time,
    ) -> None:
        if not timeline.segments:
            raise ValueError("the timeline has no segments to play")
        self.timeline = timeline
        self.clock = clock
        self.sink: CueSink = sink if sink is not None else NullSink()
        self.get_ready_s = float(timeline.lead_in_s if get_ready_s is None else max(0.0, get_ready_s))
        self.on_event = on_event
        speed = clock.speed
        self._horizon, self._late, self._stall = horizon_s * speed, late_s * speed, stall_s * speed
        self._lookahead = CALL_LOOKAHEAD_S * speed
        self._restart_after = restart_after_s
        self._wall = wall
        self._segments = timeline.segments
        self._lead_in, self._groups = schedule.split_cues(timeline)
        self._state: PlayerState = IDLE
        self._resume_state: PlayerState = RUNNING  # the state a resume returns to
        self._origin = 0.0  # clock time at workout time 0 (moves on resume)
        self._frozen_t = 0.0  # workout time while paused or finished
        self._paused_at = 0.0  # clock time of the pause
        self._t0 = 0.0  # workout time the first played step starts (end of get-ready)
        self._idx = 0
        self._seg_start = 0.0
        self._adjust = 0.0
        self._step_laps = 0
        self._last_lap_t = 0.0
        self._entries: list[schedule.Entry] = []
        self._emit_i = 0  # next entry whose time has not come
        self._queue_i = 0  # next entry not yet handed to the sink
        self._laps: list[Lap] = []
        self._stalls: list[Stall] = []
        self._open_stall: Stall | None = None  # the stall found by this update, if any
        self._seen: float | None = None  # clock time of the last update
        self._resumed_from: int | None = None
        self._aborted = False
        self._interrupted = False
        # "Workout complete": planned on the clock after a timed last step; after a lap-ended one
        # (or a skip or finish before the end) said as a call when the workout really ends.
        self._finish_cue = next((c for c in timeline.cues if c.kind == "finish"), None)
        self._finish_said = False
        self._out: list[Event] = []

    # ----- starting -------------------------------------------------------------------------

    def start(self) -> None:
        """Begin the get-ready countdown; the first step (or the one ``resume_at`` set) follows it."""
        self._begin()

    def resume_at(self, segment_index: int, laps: Iterable[Lap | dict[str, Any]] = (),
                  elapsed_in_segment: float = 0.0, *, t_s: float | None = None) -> None:
        """Before the start: continue an earlier session at ``segment_index`` with its laps.

        ``t_s`` is the workout clock (seconds, pauses excluded) where that session stopped: the
        resumed step starts there, so the clock, the summary and history go on from the time
        really run. Default: the step's planned start. ``elapsed_in_segment`` starts the step
        that far in. From now on the player shows that step, those laps and that time (while
        idle, before ``start``); only the lead-in's tones play during the get-ready, its speech
        announcing the first step. Raises ``ValueError`` for a step the workout lacks and
        ``RuntimeError`` once started.
        """
        if self._state != IDLE:
            raise RuntimeError("the player has already started")
        if not 0 <= segment_index < len(self._segments):
            raise ValueError(f"no segment {segment_index} (the workout has {len(self._segments)})")
        restored = tuple(lap if isinstance(lap, Lap) else Lap.from_dict(lap) for lap in laps)
        step_start = self._segments[segment_index].start_s if t_s is None else max(0.0, float(t_s))
        into = max(0.0, float(elapsed_in_segment))
        self._resumed_from = segment_index
        self._laps = list(restored)
        self._idx, self._seg_start, self._adjust = segment_index, step_start, 0.0
        self._t0 = step_start + into
        self._last_lap_t = self._seg_start

    def resume_from(self, segment_index: int, laps: Iterable[Lap | dict[str, Any]] = (),
                    elapsed_in_segment: float = 0.0, *, t_s: float | None = None) -> None:
        """``resume_at`` then ``start``: the get-ready countdown of a continued session begins now."""
        self.resume_at(segment_index, laps, elapsed_in_segment, t_s=t_s)
        self.start()

    def use_timeline(self, timeline: Timeline) -> None:
        """Before the start: play ``timeline``'s cues instead (the sound re-timed them to fit).

        Its steps must be the ones this player was made with; raises ``ValueError`` if they are
        not, ``RuntimeError`` once started.
        """
        if self._state != IDLE:
            raise RuntimeError("the player has already started")
        if len(timeline.segments) != len(self._segments):
            raise ValueError("a re-timed timeline must keep the steps it was made from")
        self.timeline = timeline
        self._segments = timeline.segments
        self._lead_in, self._groups = schedule.split_cues(timeline)

    def _begin(self) -> None:
        if self._state != IDLE:
            raise RuntimeError("the player has already started")
        now = self.clock.now()
        self._out = []
        self._origin = now - (self._t0 - self.get_ready_s)
        self._state = GET_READY
        self._seen = now
        tl = self.timeline
        start_t = self._t0 - self.get_ready_s
        self._emit(
            "start", self._plan_t(start_t), start_t, name=tl.name,
            source=tl.source, params=tl.params, total_s=tl.total_s, get_ready_s=self.get_ready_s,
            resumed_from=self._resumed_from, laps=len(self._laps),
        )
        self._rebuild(start_t, inclusive=True)
        self._advance(now)
        self._queue_ahead(now)

    # ----- the loop -------------------------------------------------------------------------

    def update(self) -> list[Event]:
        """Read the clock, advance, emit what is due and queue cues in the horizon; return the events.

        Call it often and at any rate; a gap longer than ``stall_s`` is recorded as a stall.
        """
        now = self.clock.now()
        self._out = []
        self._advance(now)
        self._queue_ahead(now)
        return self._out

    def next_deadline(self) -> float | None:
        """Clock time of the next thing ``update()`` must do (``None`` while idle, paused or finished)."""
        if self._state not in _LIVE:
            return None
        times = [self._origin + self._boundary_t()]
        if self._emit_i < len(self._entries):
            times.append(self._origin + self._entries[self._emit_i].t)
        q = max(self._queue_i, self._emit_i)
        if q < len(self._entries):
            times.append(self._origin + self._entries[q].t - self._horizon)
        soonest = min(times)
        return None if math.isinf(soonest) else soonest

    def next_due(self) -> float | None:
        """Clock time of the next event (a cue's moment or a step change); ``None`` if none is pending."""
        if self._state not in _LIVE:
            return None
        due = self._origin + self._boundary_t()
        if self._emit_i < len(self._entries):
            due = min(due, self._origin + self._entries[self._emit_i].t)
        return None if math.isinf(due) else due

    def _advance(self, now: float) -> None:
        self._check_stall(now)
        if self._state not in _LIVE:
            return
        t = now - self._origin
        while self._state in _LIVE:
            boundary = self._boundary_t()
            entry = self._entries[self._emit_i] if self._emit_i < len(self._entries) else None
            if entry is not None and self._cue_before_boundary(entry, boundary):
                if entry.t > t + schedule.TIE_S:
                    return
                self._emit_i += 1
                self._fire(entry, now)
            else:
                if boundary > t:
                    return
                self._cross(boundary)

    def _boundary_t(self) -> float:
        """Workout time of the next step change: get-ready's end, a timed step's end, or never."""
        if self._live_state() == GET_READY:
            return self._t0
        if self._segment().ends == "lap":
            return math.inf
        return self._step_end()

    def _cue_before_boundary(self, entry: schedule.Entry, boundary: float) -> bool:
        if not schedule.same_time(entry.t, boundary):
            return entry.t < boundary
        beginning = self._idx if self._live_state() == GET_READY else self._idx + 1
        return entry.cue.segment < beginning  # a step's closing cue, then the next step

    def _cross(self, boundary: float) -> None:
        if self._state == GET_READY:
            self._enter(self._idx, self._seg_start)  # a resumed step may already be under way
        elif self._idx + 1 < len(self._segments):
            self._enter(self._idx + 1, boundary)
        else:
            # The finish phrase is planned just after the end: it must not be cancelled with the rest.
            self._finish(boundary, "finish", self.timeline.total_s, cancel=False)

    def _fire(self, entry: schedule.Entry, now: float) -> None:
        at_clock = self._origin + entry.t
        late = max(0.0, now - at_clock)
        skipped = not entry.queued and late > self._late
        if skipped:
            if self._open_stall is not None:
                self._open_stall.skipped_cues += 1
        elif not entry.queued:
            entry.queued = True
            self.sink.queue(entry.cue, at_clock)
        if entry.cue.kind == "finish":
            self._finish_said = True
        self._emit_cue(entry.cue, entry.t, skipped, late)

    def _queue_ahead(self, now: float, horizon: float | None = None) -> None:
        if self._state not in _LIVE:
            return
        until = now + (self._horizon if horizon is None else horizon)
        i = max(self._queue_i, self._emit_i)
        while i < len(self._entries) and self._origin + self._entries[i].t <= until:
            entry = self._entries[i]
            if not entry.queued:
                entry.queued = True
                self.sink.queue(entry.cue, self._origin + entry.t)
            i += 1
        self._queue_i = i

    def _check_stall(self, now: float) -> None:
        last, self._seen = self._seen, now
        self._open_stall = None
        # A gap while paused costs the runner nothing (the phone slept during a water break).
        if last is None or self._state in (IDLE, FINISHED, PAUSED) or now - last <= self._stall:
            return
        t = self._now_t(now)
        self._open_stall = Stall(t_s=t, gap_s=now - last, wall=self._wall())
        self._stalls.append(self._open_stall)
        self._emit("stall", self._plan_t(t), t, gap_s=now - last, segment=self._idx)

    # ----- controls -------------------------------------------------------------------------

    def pause(self) -> bool:
        """Freeze the workout clock; cues not yet sounding are cancelled until ``resume()``."""
        now = self._control()
        if self._state not in _LIVE:
            return False
        self._frozen_t = now - self._origin
        self._paused_at = now
        self._resume_state, self._state = self._state, PAUSED
        self._cancel(now)
        self._emit("pause", self._plan_t(self._frozen_t), self._frozen_t, segment=self._idx)
        return True

    def resume(self) -> bool:
        """Continue after a pause: every later cue and step moves by the time paused."""
        now = self._control()
        if self._state != PAUSED:
            return False
        self._origin = now - self._frozen_t
        self._state = self._resume_state
        t = self._frozen_t
        self._emit("resume", self._plan_t(t), t, segment=self._idx, paused_s=now - self._paused_at)
        return self._settle(now)

    def toggle_pause(self) -> bool:
        """Pause when playing, resume when paused."""
        return self.resume() if self._state == PAUSED else self.pause()

    def skip(self) -> bool:
        """Go to the next step now (from get-ready: start the first step now); past the last, finish."""
        now = self._control()
        live = self._live_state()
        if live not in _LIVE:
            return False
        if live == GET_READY:
            t = self._t0
            self._emit("skip", self._plan_t(self._now_t(now)), self._now_t(now), segment=self._idx, to=self._idx)
            self._cancel(now)
            if self._state == PAUSED:
                self._frozen_t = t
            else:
                self._origin = now - t
            self._enter(self._idx, self._seg_start)
            self._rebuild(t, inclusive=True)
            return self._settle(now)
        t = self._now_t(now)
        last = self._idx + 1 >= len(self._segments)
        self._emit("skip", self._plan_t(t), t, segment=self._idx, to=None if last else self._idx + 1)
        if last:
            self._finish(t, "finish", self._plan_t(t))
            self._say_finish(t, now)
            return True
        self._restart_at(self._idx + 1, t, now)
        return True

    def back(self) -> bool:
        """Restart the step when more than ``restart_after_s`` into it, else go to the previous step."""
        now = self._control()
        if self._live_state() not in (RUNNING, WAITING):
            return False
        t = self._now_t(now)
        restart = t - self._seg_start > self._restart_after or self._idx == 0
        to = self._idx if restart else self._idx - 1
        self._emit("back", self._plan_t(t), t, segment=self._idx, to=to, restart=restart)
        self._restart_at(to, t, now)
        return True

    def adjust(self, delta_s: float) -> bool:
        """Lengthen (+) or shorten (-) the current step; shortening past now ends it now."""
        now = self._control()
        if self._live_state() not in (RUNNING, WAITING):
            return False
        t = self._now_t(now)
        seg = self._segment()
        floor = t - self._seg_start if seg.ends == "time" else 0.0  # a timed step can end now, not before
        self._adjust = max(self._adjust + delta_s, floor - seg.duration_s)
        self._emit(
            "adjust", self._plan_t(t), t, segment=self._idx, delta_s=delta_s,
            duration_s=seg.duration_s + self._adjust,
        )
        self._cancel(now)
        self._rebuild(t, inclusive=False)
        return self._settle(now)

    def lap(self) -> Lap | None:
        """Record a lap and say its time; see ``place_lap`` for what it means in its step.

        In a lap-ended step a lap before the last split mark is a split (the step goes on) and
        the lap at the step's end ends it; in a timed step every lap is a split. A lap at a split
        mark takes the place of that mark's planned call: dropped if still to come, and what of it
        has not begun is cancelled if it began at most ``SPLIT_CALL_TAKEN_S`` ago.
        """
        now = self._control()
        if self._state not in (RUNNING, WAITING):
            return None
        t = now - self._origin
        seg = self._segment()
        placed = place_lap(seg, self._step_laps)
        ends = placed.ends_step
        split = t - self._seg_start
        target = placed.mark.at_s if placed.mark is not None else None
        self._step_laps += 1
        lap = Lap(
            segment=self._idx, rep=seg.rep, reps=seg.reps, lap=self._step_laps, lap_s=t - self._last_lap_t,
            split_s=split, target_s=target, diff_s=None if target is None else split - target, t_s=t,
            ends_step=ends, mark=placed.mark.mark if placed.mark is not None else None,
            mark_m=placed.mark.at_m if placed.mark is not None else None, kind=seg.kind, intensity=seg.intensity,
        )
        self._last_lap_t = t
        self._laps.append(lap)
        time_s = split if target is not None else lap.lap_s
        text = lap_call(time_s, target, lap.mark_m if lap.is_split else None)
        short = say_time(time_s)  # the time alone, when the whole call finds no room
        self._emit("lap", self._plan_t(t), t, text=text, **{k: v for k, v in lap.to_dict().items() if k != "t_s"})
        call = Cue(at_s=self._plan_t(t), type="speech", segment=self._idx, kind="lap", text=text,
                   short_text=short if short != text else None, priority=1)
        at_split = placed.mark is not None and placed.mark.mark == "split"
        early_split = placed.mark is not None and at_split and self._drop_split_cues(placed.mark)
        just_called = at_split and self._split_called_since(t - SPLIT_CALL_TAKEN_S)
        if ends or early_split or just_called:
            self._cancel(now)  # before the call is queued: the rest of this step's cues, or re-queued ones
        self._emit_cue(call, t, False, 0.0)
        last = ends and self._idx + 1 >= len(self._segments)
        if ends and not last:
            self._restart_at(self._idx + 1, t, now, cancel=False)
        elif last:
            self._finish(t, "finish", self._plan_t(t), cancel=False)
        self._call(call, now)
        if last:  # after the runner hears their time
            self._say_finish(t, now + estimate_duration(text))
        return lap

    def say_now(self, kind: CallKind, text: str, short_text: str | None = None) -> Cue | None:
        """Say ``text`` now — a call the runner asked for (the say key: ``kind`` "where").

        The sink places it in free time among the cues (``CueSink``, ``CALL_LOOKAHEAD_S``).
        Returns the cue, or ``None`` before the start and after the finish.
        """
        now = self._control()
        if self._state in (IDLE, FINISHED):
            return None
        t = self._now_t(now)
        cue = Cue(at_s=self._plan_t(t), type="speech", segment=self._idx, kind=kind, text=text,
                  short_text=short_text, priority=1)
        self._emit_cue(cue, t, False, 0.0)
        # The step's own announcement still to come (just after a lap it waits for the lap call):
        # the call is asked for from then, so it follows it. Said first, "Jog, forty-four seconds
        # left." was contradicted at once by "Jog, forty-five seconds."
        own = self._own_announcement_ahead()
        self._call(cue, now if own is None else max(now, self._origin + own))
        return cue

    def _own_announcement_ahead(self) -> float | None:
        """Workout time of the current step's own spoken announcement if it has not begun; else None
        (and None while paused: nothing is on the clock then)."""
        if self._state not in _LIVE:
            return None
        for entry in self._entries[self._emit_i:]:
            cue = entry.cue
            if cue.segment > self._idx:
                break
            if cue.segment == self._idx and cue.kind == "announce" and cue.type == "speech":
                return entry.t
        return None

    def _call(self, cue: Cue, at: float) -> None:
        """Hand a call asked for at clock time ``at`` to the sink, after every cue due within the
        lookahead from then: the sink places the call where it fits among them, so nothing queued
        later can land on it."""
        self._queue_ahead(at, self._lookahead)
        self.sink.queue(cue, at)

    def _split_called_since(self, since_t: float) -> bool:
        """Whether a planned split call of this step began at or after workout time ``since_t``."""
        for entry in reversed(self._entries[:self._emit_i]):
            if entry.t < since_t - schedule.TIE_S:
                return False
            if entry.cue.kind == "split" and entry.cue.segment == self._idx:
                return True
        return False

    def _drop_split_cues(self, mark: Mark) -> bool:
        """Forget this step's planned split calls up to ``mark``, which the runner reached early.

        The planned call ("48.7" at 48.7 s) is for a runner who has not reached the mark yet;
        after the lap call it would be stale. Returns whether any was still to come.
        """
        seg = self._segment()
        upto = seg.start_s + (mark.at_s if mark.at_s is not None else 0.0) + schedule.TIE_S
        rest = self._entries[self._emit_i:]
        kept = [e for e in rest if not (e.cue.kind == "split" and e.cue.segment == self._idx and e.cue.at_s <= upto)]
        if len(kept) == len(rest):
            return False
        self._entries[self._emit_i:] = kept
        return True

    def finish(self) -> bool:
        """End the workout now as done (the runner stopped early, on purpose)."""
        now = self._control()
        if self._state in (IDLE, FINISHED):
            return False
        t = self._now_t(now)
        self._finish(t, "finish", self._plan_t(t))
        self._say_finish(t, now)
        return True

    def abort(self) -> bool:
        """Stop without finishing (quit, Ctrl-C): recorded as an abort, laps kept."""
        now = self._control()
        if self._state in (IDLE, FINISHED):
            return False
        t = self._now_t(now)
        self._aborted = True
        self._finish(t, "abort", self._plan_t(t))
        return True

    def interrupt(self, reason: str) -> bool:
        """Stop where the runner is, without ending the session (a lost terminal, SIGTERM).

        Unlike ``abort`` this is not the runner's choice: history keeps the session open
        (``interrupted``) and ``trackcue resume`` continues it. ``reason`` names the cause
        (``SIGHUP``). Returns ``False`` when not started or already over.
        """
        now = self._control()
        if self._state in (IDLE, FINISHED):
            return False
        t = self._now_t(now)
        if self._state != PAUSED:
            self._cancel(now)
        self._frozen_t = t
        self._state = FINISHED
        self._interrupted = True
        self._emit("interrupt", self._plan_t(t), t, segment=self._idx, laps=len(self._laps),
                   elapsed_s=max(0.0, t), reason=reason)
        return True

    def _control(self) -> float:
        """Catch up to now before a control acts, so nothing due is lost or doubled."""
        now: float = self.clock.now()
        self._out = []
        self._advance(now)
        return now

    def _settle(self, now: float) -> bool:
        self._advance(now)
        self._queue_ahead(now)
        return True

    def _restart_at(self, index: int, t: float, now: float, cancel: bool = True) -> None:
        if cancel:
            self._cancel(now)
        # Steps run again: their laps no longer stand (history's fold drops them alike, so the
        # count said at the finish is the count history shows).
        self._laps = laps_standing(self._laps, index)
        self._enter(index, t)
        self._rebuild(t, inclusive=True)
        self._settle(now)

    def _enter(self, index: int, start_t: float) -> None:
        self._idx, self._seg_start, self._adjust = index, start_t, 0.0
        self._step_laps, self._last_lap_t = 0, start_t
        seg = self._segment()
        live: LiveState = WAITING if seg.ends == "lap" else RUNNING
        if self._state == PAUSED:
            self._resume_state = live
        else:
            self._state = live
        self._emit(
            "segment", seg.start_s, start_t, index=seg.index, kind=seg.kind, intensity=seg.intensity,
            label=seg.label, ends=seg.ends, duration_s=seg.duration_s, rep=seg.rep, reps=seg.reps,
            set=seg.set, sets=seg.sets,
        )

    def _finish(self, t: float, kind: str, at_s: float, cancel: bool = True) -> None:
        if cancel and self._state != PAUSED:
            self._cancel(self._origin + t)
        self._frozen_t = t
        self._state = FINISHED
        self._emit(kind, at_s, t, laps=len(self._laps), elapsed_s=max(0.0, t))

    def _say_finish(self, t: float, at_clock: float) -> None:
        """Say the workout's finish phrase as a call from ``at_clock``: the workout ended off the
        planned clock (the last step's lap, a skip past it, ``finish``), so the planned one —
        at the last step's planned end — never played, or must not (the runner is still running)."""
        cue = self._finish_cue
        if cue is None or self._finish_said:
            return
        self._finish_said = True
        call = cue._replace(at_s=self._plan_t(t), plan_index=None, ends_by_s=None)
        self._emit_cue(call, t, False, 0.0)
        self.sink.queue(call, at_clock)

    def _cancel(self, now: float) -> None:
        self.sink.cancel_from(now)
        for entry in self._entries[self._emit_i:]:
            entry.queued = False
        self._queue_i = self._emit_i

    def _rebuild(self, from_t: float, inclusive: bool) -> None:
        steps = schedule.chain(self._segments, self._idx, self._seg_start, self._adjust)
        get_ready = self._live_state() == GET_READY
        chain_from = from_t
        if get_ready and self._seg_start < self._t0:  # resumed mid-step: its earlier cues are past
            chain_from, inclusive = max(from_t, self._t0), True
        entries = schedule.upcoming(self._segments, self._groups, steps, chain_from, inclusive)
        if get_ready:
            fresh = self._resumed_from is None
            lead = [c for c in self._lead_in if fresh or c.type == "tone"]
            entries = [schedule.Entry(self._t0 + c.at_s, c) for c in lead if self._t0 + c.at_s >= from_t] + entries
        # After a lap-ended last step the finish phrase waits for the runner's last lap (_say_finish).
        entries = [e for e in entries if not (e.cue.kind == "finish" and self._segments[e.cue.segment].ends == "lap")]
        self._entries, self._emit_i, self._queue_i = entries, 0, 0

    # ----- events ---------------------------------------------------------------------------

    def _emit(self, name: str, at_s: float, t_s: float, /, **fields: Any) -> None:
        event = make_event(name, at_s, t_s, self._wall(), **fields)
        self._out.append(event)
        if self.on_event is not None:
            self.on_event(event)

    def _emit_cue(self, cue: Cue, t: float, skipped: bool, late: float) -> None:
        self._emit(
            "cue", cue.at_s, t, type=cue.type, kind=cue.kind, text=cue.text, sound=cue.sound,
            segment=cue.segment, priority=cue.priority, skipped=skipped, late_s=late, plan=cue.plan_index,
        )

    # ----- read-only state (as of the last update or control) -------------------------------

    def _live_state(self) -> PlayerState:
        return self._resume_state if self._state == PAUSED else self._state

    def _segment(self) -> Segment:
        return self._segments[self._idx]

    def _now_t(self, now: float) -> float:
        if self._state in (PAUSED, FINISHED):
            return self._frozen_t
        if self._state == IDLE:
            return self._t0 - self.get_ready_s
        return now - self._origin

    def _plan_t(self, t: float) -> float:
        """Where workout time ``t`` sits on the Timeline's own clock (the plan)."""
        return self._segment().start_s + (t - self._seg_start)

    def _step_end(self) -> float:
        return self._seg_start + self._segment().duration_s + self._adjust

    @property
    def state(self) -> PlayerState:
        """``idle``, ``get_ready``, ``running``, ``paused``, ``waiting_for_lap`` or ``finished``."""
        return self._state

    @property
    def aborted(self) -> bool:
        return self._aborted

    @property
    def interrupted(self) -> bool:
        """Stopped by ``interrupt``: the session stays open for ``trackcue resume``."""
        return self._interrupted

    @property
    def t_s(self) -> float:
        """The workout clock: negative during get-ready, pauses excluded."""
        return self._now_t(self._seen if self._seen is not None else 0.0)

    @property
    def index(self) -> int:
        """Index of the current step (during get-ready: the step about to start)."""
        return self._idx

    @property
    def segment(self) -> Segment:
        return self._segment()

    @property
    def next_segment(self) -> Segment | None:
        return self._segments[self._idx + 1] if self._idx + 1 < len(self._segments) else None

    @property
    def countdown_s(self) -> float | None:
        """Seconds left in the get-ready countdown, else ``None``."""
        if self._live_state() != GET_READY or self._state == FINISHED:
            return None
        return max(0.0, self._t0 - self.t_s)

    @property
    def step_elapsed_s(self) -> float:
        """Time in the current step (what a lap-ended step shows, counting up)."""
        return max(0.0, self.t_s - self._seg_start)

    @property
    def step_duration_s(self) -> float:
        """The step's planned length, with +/-10 s applied (a lap-ended step's target or estimate)."""
        return self._segment().duration_s + self._adjust

    @property
    def step_left_s(self) -> float | None:
        """Time left in a timed step; ``None`` in a lap-ended one (it ends on the lap key)."""
        if self._segment().ends == "lap":
            return None
        return max(0.0, self._step_end() - max(self.t_s, self._seg_start))

    @property
    def elapsed_s(self) -> float:
        """The workout clock since the first step began; before a step starts, where it will start.

        0 during a fresh get-ready; a resumed session shows the time already run from the first frame.
        """
        if self._live_state() in (IDLE, GET_READY):
            return max(0.0, self._t0)
        return max(0.0, self.t_s)

    @property
    def remaining_s(self) -> float:
        """Planned time still to run: the rest of this step plus every later step."""
        if self._state == FINISHED:
            return 0.0
        now_t = max(self.t_s, self._t0, self._seg_start)
        rest = sum(s.duration_s for s in self._segments[self._idx + 1:])
        return max(0.0, self._step_end() - now_t) + rest

    @property
    def rep(self) -> int | None:
        return self._segment().rep

    @property
    def reps(self) -> int | None:
        return self._segment().reps

    @property
    def set(self) -> int | None:
        return self._segment().set

    @property
    def sets(self) -> int | None:
        return self._segment().sets

    @property
    def laps_in_step(self) -> int:
        """Laps pressed since the current step (re)started: the next one reaches mark ``laps_in_step``."""
        return self._step_laps

    @property
    def laps(self) -> tuple[Lap, ...]:
        return tuple(self._laps)

    @property
    def stalls(self) -> tuple[Stall, ...]:
        return tuple(self._stalls)
