"""Nothing the runner hears overlaps: the lap call's room in the plan, calls placed in free time on
the output (live sink and transcript alike), a lap at a split mark, cues matched by plan index."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from test_speech_faults import Fake
from trackcue.audio.backends.null_out import NullOutput
from trackcue.engine.clock import FakeClock
from trackcue.engine.player import Player
from trackcue.phrases import estimate_duration, lap_call
from trackcue.soundtrack.sink import AudioCueSink
from trackcue.soundtrack.airtime import WAIT_S, Block, Slot, place_call, place_planned
from trackcue.soundtrack.offline import placements
from trackcue.soundtrack.prepare import Preparation, Soundtrack, plan_sound, prepare
from trackcue.soundtrack.transcript import Transcript, hear
from trackcue.speech.cache import SpeechCache
from trackcue.speech.engines import EngineChoice
from trackcue.speech.planner import GAP_S
from trackcue.timeline import Cue, Timeline
from trackcue.workout import compile_file, library_paths

RATE = 8000
LIBRARY = sorted(library_paths(), key=lambda p: p.name)
PACES = {"on target": 1.0, "5% fast": 0.95, "5% slow": 1.05}


def clashes(sounds: list[tuple[float, float, str]]) -> list[tuple[str, str]]:
    """Pairs of sounds (start, end, name) that sound at the same time, in the order they start."""
    out = []
    ordered = sorted(sounds)
    for i, (start, end, name) in enumerate(ordered):
        for s2, _, n2 in ordered[i + 1:]:
            if s2 >= end - 1e-6:
                break
            out.append((f"{name} {start:.3f}-{end:.3f}", f"{n2} {s2:.3f}"))
    return out


def heard(transcript: Transcript) -> list[tuple[float, float, str]]:
    return [(h.start_s, h.end_s, h.text or f"[{h.sound}]") for h in transcript.heard]


# --- every shipped workout, a runner on target, 5 % fast and 5 % slow ---------------------------


HAS_ESPEAK = bool(shutil.which("espeak-ng") or shutil.which("espeak")) or bool(os.environ.get("CI"))
SPEECH = ["none", pytest.param("espeak", marks=pytest.mark.skipif(not HAS_ESPEAK, reason="espeak-ng is not installed"))]


def transcripts_of(speech: str, cache: Path) -> dict[tuple[str, str], tuple[Timeline, Transcript]]:
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRACKCUE_CACHE_DIR", str(cache))  # (a module's fixture runs before the per-test dirs)
        for path in LIBRARY:
            tl = compile_file(path, use_profile=False)
            for pace_name, pace in PACES.items():
                out[path.stem, pace_name] = (tl, hear(tl, speech, pace=pace))
    return out


@pytest.fixture(scope="module")
def library_transcripts(tmp_path_factory) -> dict[tuple[str, str], tuple[Timeline, Transcript]]:
    """Estimated lengths (``--speech none``)."""
    return transcripts_of("none", tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def spoken_transcripts(tmp_path_factory) -> dict[tuple[str, str], tuple[Timeline, Transcript]]:
    """espeak-ng's own lengths, lap calls rendered as a run renders them."""
    return transcripts_of("espeak", tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("speech", SPEECH)
@pytest.mark.parametrize("pace", list(PACES))
@pytest.mark.parametrize("name", [p.stem for p in LIBRARY])
def test_no_two_sounds_overlap_and_every_lap_is_called(request, name, pace, speech):
    fixture = "library_transcripts" if speech == "none" else "spoken_transcripts"
    tl, transcript = request.getfixturevalue(fixture)[name, pace]
    assert clashes(heard(transcript)) == []
    calls = [h for h in transcript.heard if h.kind == "lap"]
    assert len(calls) == len(transcript.laps) and transcript.unsaid == []
    for call, lap in zip(calls, transcript.laps):  # said at once, or after a tone at most
        assert call.start_s - lap.t_s <= 0.8, (call, lap)


def test_the_simulated_runner_laps_at_the_pace_asked_for(library_transcripts):
    tl, slow = library_transcripts["200m-repeats", "5% slow"]
    _, fast = library_transcripts["200m-repeats", "5% fast"]
    targets = [s.target_s for s in tl.segments if s.ends == "lap"]
    assert [round(lap.split_s, 3) for lap in slow.laps] == [round(t * 1.05, 3) for t in targets]
    assert [round(lap.split_s, 3) for lap in fast.laps] == [round(t * 0.95, 3) for t in targets]
    assert [h.text for h in slow.spoken if h.kind == "lap"][0] == "thirty-nine point nine, one point nine slow"


def test_a_lap_on_a_split_mark_takes_the_place_of_the_planned_split_call(library_transcripts):
    tl, transcript = library_transcripts["400m-split-repeats", "on target"]
    rep = next(s for s in tl.segments if s.ends == "lap" and s.splits)
    split_lap = next(lap for lap in transcript.laps if lap.segment == rep.index and lap.is_split)
    around = [h for h in transcript.heard if abs(h.start_s - split_lap.t_s) < 5]
    # The planned "two hundred, forty-eight point seven" (and its tone) is not played: the lap's call is.
    assert [(h.kind, h.text) for h in around] == [("lap", "two hundred, forty-eight point seven, on target")]
    assert around[0].start_s == pytest.approx(split_lap.t_s)


def test_a_runner_behind_the_split_hears_the_planned_call_then_their_own(library_transcripts):
    _, transcript = library_transcripts["400m-split-repeats", "5% slow"]
    split_lap = next(lap for lap in transcript.laps if lap.is_split)
    around = [h for h in transcript.heard if -3 < h.start_s - split_lap.t_s < 5]
    assert [h.kind for h in around] == ["split", "split", "lap"]  # tone, words, then the runner's own
    assert around[-1].start_s >= around[1].end_s + GAP_S - 1e-6


# --- the plan keeps room for the lap call ----------------------------------------------------------


CROWDED_AFTER_LAP = """name: crowded after a lap
steps:
  - run: 200m in 38s
  - jog: 25s
    at: {1s: Shake out the arms}
  - run: 200m in 38s
  - jog: 10s
    say: ""
  - run: 200m in 38s
"""


def test_no_planned_cue_is_placed_where_the_lap_is_called(workout_file):
    tl = compile_file(workout_file(CROWDED_AFTER_LAP), use_profile=False)
    sound = plan_sound(tl, speech="none")
    call = lap_call(39.9, 38)  # a lap 5 % slow: the call the room is kept for
    # Before the room: "Shake out the arms" 1 s into the first jog, and rep three's announcement
    # moved earlier to 2.5 s into the 10 s jog: both over "thirty-nine point nine, one point nine slow".
    calls = [(s.end_s, s.end_s + estimate_duration(call)) for s in tl.segments if s.ends == "lap"]
    for p in sound.plan.playing:
        if not p.exact:
            for lap, call_end in calls:
                assert p.end_s <= lap or p.at_s >= call_end + GAP_S - 1e-6, (p, lap)
    custom = next(p for p in sound.plan.cues if p.kind == "custom")
    rep3 = next(p for p in sound.plan.cues if p.kind == "announce" and p.segment == 4)
    assert custom.form == "moved" and rep3.form == "short"  # moved or shortened, never dropped
    assert [(r.at_s, r.text, r.length_s) for r in sound.plan.lap_rooms] == [
        (s.end_s, call, estimate_duration(call)) for s in tl.segments if s.ends == "lap"]


def test_the_rooms_length_is_the_rendered_call_when_an_engine_renders(workout_file, tmp_path):
    tl = compile_file(workout_file(CROWDED_AFTER_LAP), use_profile=False)
    call = lap_call(39.9, 38)
    prep = Preparation(tl, RATE, choice=EngineChoice(Fake("espeak-ng")), cache=SpeechCache(tmp_path))
    try:
        track = prep.soundtrack()
        room = track.plan.lap_rooms[0]
        assert not room.estimated and room.length_s == track.phrases[call].duration_s  # rendered with the rest
    finally:
        prep.close()


def test_a_room_after_a_go_tone_starts_after_it(workout_file):
    # A hill rep after a lap-ended jog: "go" on the boundary, then the lap's call, then the words.
    tl = compile_file(workout_file("""name: hills
steps:
  - jog: until lap
    about: 75s
  - run: 100m until lap
    about: 25s
    say: "Hill two. Surge to the top at mile effort, then lap."
"""), use_profile=False)
    plan = plan_sound(tl, speech="none").plan
    go = next(p for p in plan.cues if p.kind == "go")
    room = plan.lap_rooms[0]
    assert room.at_s == pytest.approx(go.end_s + GAP_S)
    ann = next(p for p in plan.cues if p.kind == "announce" and p.segment == 1)
    assert ann.form == "moved" and ann.at_s == pytest.approx(room.end_s + GAP_S)  # moved, never dropped


# --- the placement rules ------------------------------------------------------------------------------


def block(owner, start, end, priority=2, exact=False, off_plan=False):
    return Block(owner, start, end, priority, exact, off_plan)


def test_a_call_takes_the_first_free_moment_before_the_next_cue():
    go, announce = block(1, 10.0, 10.5, 1, exact=True), block(2, 13.0, 15.0)
    assert place_call([go, announce], 10.0, [2.0], earliest=10.0, until=20.0, settled_by=10.5) == Slot(10.65)


def test_an_announcement_moves_a_moment_for_the_whole_call_before_it_is_shortened():
    go, announce = block(1, 10.0, 10.5, 1, exact=True), block(2, 13.0, 15.0)
    slot = place_call([go, announce], 10.0, [2.5, 1.0], earliest=10.0, until=20.0, settled_by=10.5)
    assert slot == Slot(10.65, 0, ((2, pytest.approx(13.3)),))
    # Pips right after it: the announcement cannot move, so the call takes its short form.
    pips = [block(10 + n, 14.2 + n, 14.35 + n, 1, exact=True) for n in range(3)]
    announce = block(2, 13.0, 14.0)
    slot = place_call([go, announce, *pips], 10.0, [2.5, 1.0], earliest=10.0, until=20.0, settled_by=10.5)
    assert slot == Slot(10.65, 1)


def test_a_call_waits_for_a_reminder_when_there_is_room_after_it():
    ten_to_go = block(2, 11.0, 12.3, priority=3)
    slot = place_call([ten_to_go, block(3, 16.0, 19.0)], 10.8, [2.5], earliest=10.8, until=25.0, settled_by=11.3)
    assert slot == Slot(pytest.approx(12.3 + GAP_S))


def test_a_reminder_gives_way_to_the_lap_call_when_there_is_no_room_after_it():
    ten_to_go = block(2, 1.0, 3.0, priority=3)  # the call could only start after 3 s: too late
    slot = place_call([ten_to_go], 0.0, [1.0], earliest=0.0, until=10.0, settled_by=0.5)
    assert slot == Slot(0.0, 0, ((2, pytest.approx(1.0 + GAP_S)),))  # moved after it
    pip = block(9, 2.5, 2.7, 1, exact=True)  # where it cannot move, it is not played
    slot = place_call([ten_to_go, pip], 0.0, [1.0], earliest=0.0, until=10.0, settled_by=0.5)
    assert slot == Slot(0.0, 0, ((2, None),))
    # An announcement that cannot move is never lost for a call; a reminder already begun stays.
    announce = block(2, 1.0, 3.0)
    assert place_call([announce, pip], 0.0, [1.5], earliest=0.0, until=10.0, settled_by=0.5) == Slot(None)
    assert place_call([ten_to_go], 0.0, [1.5], earliest=0.0, until=10.0, settled_by=1.5) == Slot(None)


def test_tones_never_move_and_a_call_with_no_room_is_not_played():
    pips = [block(n, 10.0 + n, 10.2 + n, 1, exact=True) for n in range(8)]  # a tone every second
    assert place_call(pips, 10.0, [1.5, 0.9], earliest=10.0, until=30.0, settled_by=10.5).start is None


def test_a_planned_cue_gives_way_to_a_call_already_sounding():
    call = block(1, 20.0, 22.0, 1, off_plan=True)
    assert place_planned([call], 21.0, 1.0, 2, False) == pytest.approx(22.0 + GAP_S)
    assert place_planned([call], 21.0, 1.0, 1, True) == 21.0  # a tone plays where it was written
    long_call = block(1, 20.0, 30.0, 1, off_plan=True)
    assert place_planned([long_call], 21.0, 1.0, 2, False) is None
    assert place_planned([long_call], 21.0, 1.0, 1, False) == 21.0
    assert place_planned([block(2, 20.0, 22.0)], 21.0, 1.0, 2, False) == 21.0  # planned clashes are the plan's


# --- the live sink: a fake output that records what is placed ---------------------------------------

SPLITS_AND_JOG = """name: live
steps:
  - run: 200m in 38s
    splits: 100m
  - jog: 45s
  - run: 200m in 38s
"""


@pytest.fixture(scope="module")
def live_track(tmp_path_factory) -> Soundtrack:
    folder = tmp_path_factory.mktemp("workout")
    (folder / "live.yaml").write_text(SPLITS_AND_JOG)
    tl = compile_file(folder / "live.yaml", use_profile=False, get_ready_s=10)
    prep = Preparation(tl, RATE, choice=EngineChoice(Fake("espeak-ng")),
                       cache=SpeechCache(tmp_path_factory.mktemp("cache")))
    track = prep.soundtrack()
    yield track
    prep.close()


def sounds_on(out: NullOutput) -> list[tuple[float, float, str]]:
    return [(t, t + c.duration_s, c.name) for t, c in out.queued]


def live_run(track: Soundtrack, laps: list[float], stop_at: float | None = None):
    """Play ``track`` on a fake clock with laps at those workout times: the output, the sink, the
    player, the clock time of workout time 0 and the player's events."""
    clock = FakeClock(0.0)
    out = NullOutput(clock, RATE)
    sink = AudioCueSink(track, out, clock)
    events: list[dict] = []
    player = Player(track.timeline, clock, sink, get_ready_s=10, on_event=events.append)
    player.start()
    origin = 10.0
    pending = sorted(laps)
    while player.state != "finished" and (stop_at is None or clock.now() - origin < stop_at):
        if pending and clock.now() - origin >= pending[0] - 1e-9:
            pending.pop(0)
            player.lap()
            assert sink.drain(10)  # the call rendered and placed before the clock moves on
        player.update()
        nxt = min([clock.now() + 0.05, *(origin + t for t in pending[:1])])
        clock.set(nxt)
    return out, sink, player, origin, events


@pytest.mark.parametrize("pace", list(PACES))
def test_live_lap_calls_never_overlap_a_queued_clip(live_track, pace):
    tl = live_track.timeline
    rep1, jog, rep2 = tl.segments
    f = PACES[pace]
    split = rep1.start_s + rep1.splits[0].after_s * f
    end1 = rep1.start_s + 38 * f
    # Laps at the split, the finish, then splits pressed in the jog — across the next announcement
    # and the pips — then the second rep.
    laps = [split, end1, *(end1 + t for t in (30.0, 35.0, 38.1, 40.0, 41.9)), end1 + 45 + 38 * f]
    out, sink, player, origin, events = live_run(live_track, laps)
    placed = sounds_on(out)
    assert clashes(placed) == []
    lap_events = [e for e in events if e["event"] == "lap"]
    assert len(lap_events) == len(laps) and sink.unsaid == []
    for e in lap_events:  # each lap's own call, within WAIT_S of the press
        pressed = origin + e["t_s"]
        start = min(t for t, _, name in placed if name == e["text"] and t >= pressed - 1e-6)
        assert start - pressed <= WAIT_S, e
    assert lap_events[1]["text"] == lap_call(38 * f, 38)
    # The pips before rep two are where the plan put them, to the sample: tones never move for a call.
    rep2_start = origin + end1 + 45
    pips = sorted(t for t, c in out.queued if c.name.startswith("pip") and t > origin)
    assert pips == [pytest.approx(rep2_start - n) for n in (3, 2, 1)]
    sink.close()


def test_live_lap_exactly_on_the_split_mark_plays_the_runners_call_not_the_planned_one(live_track):
    tl = live_track.timeline
    rep1 = tl.segments[0]
    split_at = rep1.start_s + rep1.splits[0].after_s
    out, sink, _, origin, _ = live_run(live_track, [split_at], stop_at=split_at + 5)
    sink.close()
    planned_call = next(c.text for c in tl.cues if c.kind == "split")
    near = [(round(t - origin - split_at, 3), c.name) for t, c in out.queued if abs(t - origin - split_at) < 5]
    assert planned_call not in [name for _, name in near]
    assert near == [(0.0, "one hundred, nineteen, on target")]


def test_live_lap_just_after_the_split_call_began_cancels_its_words(live_track):
    tl = live_track.timeline
    rep1 = tl.segments[0]
    split_at = rep1.start_s + rep1.splits[0].after_s
    out, sink, _, origin, _ = live_run(live_track, [split_at + 0.1], stop_at=split_at + 5)
    sink.close()
    planned_call = next(c.text for c in tl.cues if c.kind == "split")
    names = [c.name for t, c in out.queued if abs(t - origin - split_at) < 5]
    assert planned_call not in names and names[0] == "split"  # its tone had begun: it finishes
    assert clashes(sounds_on(out)) == []


def test_a_call_with_no_room_is_not_said_and_the_runner_is_told(live_track):
    tl = live_track.timeline
    clock = FakeClock(0.0)
    out = NullOutput(clock, RATE)
    notices: list[str] = []
    sink = AudioCueSink(live_track, out, clock, notices.append)
    tone = live_track.tones["pip1"]
    for n in range(12):  # a tone every 0.3 s: no room for any call for 3 s
        sink.queue(Cue(at_s=0.0, type="tone", segment=0, kind="pip", sound="pip1", plan_index=_pip_index(tl)),
                   0.3 * n)
    sink.queue(Cue(at_s=0.0, type="speech", segment=0, kind="where", text="Rep one of two, ten seconds so far."), 0.0)
    assert sink.drain(10)
    assert sink.unsaid == ["Rep one of two, ten seconds so far."]
    assert notices == ["sound: a where call found no room among the cues within 3 s, "
                       "not said: Rep one of two, ten seconds so far."]
    assert [c.name for _, c in out.queued] == [tone.name] * 12
    sink.close()


def _pip_index(tl: Timeline) -> int:
    return next(c.plan_index for c in tl.cues if c.sound == "pip1")


# --- two cues of one kind at one moment keep their own plans ------------------------------------


def test_two_cues_of_one_kind_at_one_moment_keep_their_own_plans(workout_file):
    tl = compile_file(workout_file("""name: two at once
steps:
  - run: 1min
    at: {30s: {sound: pip1}, 50%: {sound: pip2}}
"""), use_profile=False)
    customs = [c for c in tl.cues if c.kind == "custom"]
    assert [(c.at_s, c.sound) for c in customs] == [(30.0, "pip1"), (30.0, "pip2")]  # one step, kind and moment
    track = prepare(tl, RATE, speech="none")
    at_30 = sorted(c.name for at, c in placements(track) if at == tl.lead_in_s + 30)
    assert at_30 == ["pip1", "pip2"]  # each its own, not one of them twice
    clock = FakeClock(0.0)
    out = NullOutput(clock, RATE)
    player = Player(track.timeline, clock, AudioCueSink(track, out, clock), get_ready_s=tl.lead_in_s)
    player.start()
    clock.set(tl.lead_in_s + 29)
    player.update()
    assert sorted(c.name for t, c in out.queued if t == tl.lead_in_s + 30) == ["pip1", "pip2"]


def test_the_say_key_call_waits_for_free_time_after_the_announcement(live_track):
    tl = live_track.timeline
    ann = next(p for p in live_track.plan.playing if p.kind == "announce" and p.segment == 2)
    rep1 = tl.segments[0]
    laps = [rep1.start_s + 19, rep1.start_s + 38]  # the split, then the end, on target
    out, sink, player, origin, _ = live_run(live_track, laps, stop_at=ann.at_s - 0.2)
    cue = player.say_now("where", "Jog, five seconds left.")
    assert cue is not None and cue.plan_index is None and cue.kind == "where"
    assert sink.drain(10)
    placed = sounds_on(out)
    assert clashes(placed) == []
    where = next(start for start, _, name in placed if name == "Jog, five seconds left.")
    assert where == pytest.approx(origin + ann.end_s + GAP_S, abs=1e-3)  # after the announcement, not over it
    sink.close()


def test_the_say_key_just_after_a_lap_is_said_after_the_steps_own_announcement(live_track):
    # A lap ends the rep; the jog's announcement waits for the lap call. The say key pressed in
    # that moment was said first: "Jog, forty-four seconds left." then "Jog, forty-five seconds."
    tl = live_track.timeline
    rep1 = tl.segments[0]
    laps = [rep1.start_s + 19, rep1.start_s + 38]
    own = next(p for p in live_track.plan.playing if p.kind == "announce" and p.segment == 1)
    out, sink, player, origin, _ = live_run(live_track, laps, stop_at=rep1.start_s + 38.1)
    assert player.index == 1
    cue = player.say_now("where", "Jog, forty-four seconds left.")
    assert cue is not None
    assert sink.drain(10)
    placed = sounds_on(out)
    assert clashes(placed) == []
    announcement = next(start for start, _, name in placed if name == own.text)
    where = next(start for start, _, name in placed if name == "Jog, forty-four seconds left.")
    assert where > announcement
