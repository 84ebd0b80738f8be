"""What the track screen says, as plain text from the player (no terminal): overrun, sound banner, footer."""

from __future__ import annotations

import textwrap

import pytest

from trackcue.engine.clock import FakeClock
from trackcue.engine.player import Player
from trackcue.hearing import ASKED_SILENCE, DEVICE_FIX, SPEECH_FIX, Hearing, hearing_of
from trackcue.speech.engines import EngineChoice
from trackcue.tui import keys
from trackcue.tui.sizes import size_classes
from tui_rig import track_timeline
from trackcue.tui.view import fit_status, next_change_in, player_view, sound_banner


def rep_one(at_s: float) -> tuple[Player, FakeClock]:
    """The 200 m test session's rep 1 (38 s target, ended by lap), ``at_s`` seconds in."""
    clock = FakeClock()
    player = Player(track_timeline(), clock, get_ready_s=0)
    player.start()
    clock.set(300 + at_s)
    player.update()
    return player, clock


def test_a_lap_ended_rep_counts_up_in_white_until_its_target():
    player, _ = rep_one(37.9)
    view = player_view(player)
    assert (view.digits, view.overrun) == ("0:37", False)
    assert view.mark == "target: 100 m at 0:19 · 200 m in 0:38"


def test_past_its_target_the_rep_shows_the_overrun_and_how_long_it_has_run():
    player, _ = rep_one(49.6)
    view = player_view(player)
    assert (view.digits, view.overrun) == ("+0:11", True)
    assert view.mark == "0:49 so far · target: 100 m at 0:19 · 200 m in 0:38"


def test_the_screen_wakes_exactly_when_the_overrun_begins_and_each_time_it_ticks():
    player, clock = rep_one(37.25)
    assert next_change_in(player) == pytest.approx(0.75)  # the target passes at 38.0
    clock.set(300 + 38.0)
    player.update()
    assert player_view(player).digits == "+0:00"
    clock.set(300 + 38.4)
    player.update()
    assert next_change_in(player) == pytest.approx(0.6)


def test_a_fractional_target_wakes_the_screen_on_the_overrun_s_own_seconds():
    tl = track_timeline()
    segments = list(tl.segments)
    segments[1] = segments[1]._replace(target_s=37.5, duration_s=37.5)
    clock = FakeClock()
    player = Player(tl.replace(segments=segments), clock, get_ready_s=0)
    player.start()
    clock.set(300 + 38.6)
    player.update()
    assert player_view(player).digits == "+0:01"  # 1.1 s over
    assert next_change_in(player) == pytest.approx(0.4)  # 38.6 → 39.0 changes the elapsed digits first
    clock.set(300 + 39.2)
    player.update()
    assert next_change_in(player) == pytest.approx(0.3)  # +1.7 → +2.0


@pytest.mark.parametrize(("hearing", "level", "fullest", "shortest"), [
    (Hearing("sound", True), "ok", "You will hear tones and speech", "tones + speech"),
    (ASKED_SILENCE, "none", "NO SOUND: you will hear nothing (--audio null). Fix: leave out --audio null",
     "NO SOUND"),
    (Hearing("none", False, "no sound device works here", DEVICE_FIX), "none",
     f"NO SOUND: you will hear nothing (no sound device works here). Fix: {DEVICE_FIX}", "NO SOUND"),
    (Hearing("bell", False, "no sound device works here", DEVICE_FIX), "partial",
     f"BELL ONLY: the tones ring the terminal bell, no speech (no sound device works here). Fix: {DEVICE_FIX}",
     "BELL ONLY"),
    (Hearing("sound", False, "no speech engine works here", SPEECH_FIX), "partial",
     f"TONES ONLY: no speech (no speech engine works here). Fix: {SPEECH_FIX}", "TONES ONLY"),
])
def test_the_banner_says_what_will_be_heard_and_how_to_fix_what_is_missing(hearing, level, fullest, shortest):
    banner = sound_banner(hearing)
    assert banner is not None and banner.level == level
    assert banner.forms[0] == fullest and banner.forms[-1] == shortest
    assert banner.fit(200, 1) == fullest
    assert banner.fit(10, 1) == shortest
    for width in (18, 38, 78):  # the form chosen always fits the rows it is given, or is the shortest
        text = banner.fit(width, 2)
        assert text == shortest or len(textwrap.wrap(text, width)) <= 2


def test_while_speech_is_prepared_the_banner_counts_phrases_and_never_shows_one():
    banner = sound_banner(Hearing("sound", True), preparing=(3, 27))
    assert banner is not None and banner.forms[0] == "Preparing speech 3/27… n: start now"
    assert sound_banner(None) is None


SPEAKING = EngineChoice(object())  # type: ignore[arg-type]  # any engine: only its presence matters


@pytest.mark.parametrize(("audible", "speaks", "asked", "speech", "expected"), [
    (True, True, "auto", SPEAKING, Hearing("sound", True)),
    (True, True, "auto", EngineChoice(None, ["espeak: not installed"], "hint"),
     Hearing("sound", False, "no speech engine works here", SPEECH_FIX)),
    (True, True, "pulse", EngineChoice(None, ["--speech none"]),
     Hearing("sound", False, "--speech none", "leave out --speech none")),
    (True, False, "auto", SPEAKING, Hearing("bell", False, "no sound device works here", DEVICE_FIX)),
    (False, False, "auto", SPEAKING, Hearing("none", False, "no sound device works here", DEVICE_FIX)),
    (False, False, "null", SPEAKING, ASKED_SILENCE),
    (True, True, "wav:/tmp/x.wav", SPEAKING, Hearing("none", False, "the cues are written to /tmp/x.wav", "")),
])
def test_what_is_heard_follows_the_output_and_the_speech_engine(audible, speaks, asked, speech, expected):
    assert hearing_of(audible, speaks, asked, speech) == expected


def test_a_live_soundtrack_says_what_is_heard_once_its_speech_is_chosen():
    from trackcue.soundtrack.live import LiveSoundtrack

    sound = LiveSoundtrack(track_timeline(), FakeClock(), audio="null", speech="none")
    try:
        assert sound.hearing() is None  # before prepare: not known yet
        sound.prepare()
        assert sound.hearing() == ASKED_SILENCE
    finally:
        sound.close()


@pytest.mark.parametrize("width", range(1, 100))
def test_the_footer_always_fits_whole(width):
    text = keys.hints(width)
    assert len(text) <= width
    assert text in ("", "?", "? keys", "? keys  q quit") or "q quit" in text


def test_sizes_name_the_three_screens_of_the_issue():
    assert size_classes(80, 24) == ("-wide", "-tall")
    assert size_classes(40, 14) == ("-narrow", "-short")
    assert size_classes(20, 8) == ("-slim", "-tiny")
    assert size_classes(200, 60) == ("-wide", "-huge")


def test_the_status_footer_shows_whole_parts_and_counts_the_ones_left_out():
    parts = ["NO SOUND DEVICE: bell for tones only (trackcue doctor)",
             "audio: bell: terminal bell (pulse: no PulseAudio server (error 6); miniaudio: no sound device)"]
    assert fit_status(parts, 200, 1) == " · ".join(parts)
    assert fit_status(parts, 78, 2) == " · ".join(parts)
    assert fit_status(parts, 78, 1) == f"{parts[0]} · +1 more (? shows all)"
    assert fit_status(parts, 38, 1) == "+2 more (? shows all)"
    assert fit_status(parts, 78, 0) == ""
    wholes = {" · ".join(parts[:k]) for k in range(len(parts) + 1)}
    for width in range(10, 120):
        for rows in (1, 2, 3):
            text = fit_status(parts, width, rows)
            assert len(textwrap.wrap(text, width)) <= rows
            shown = text.split(" · +")[0] if "more (? shows all)" in text and " · +" in text else text
            assert shown in wholes or shown.endswith("more (? shows all)"), text


def test_docs_screen_md_banners_are_what_the_screen_says():
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "screen.md").read_text(encoding="utf-8")
    rows = re.search(r"<!-- banners -->\n((?:\|.*\n)+)", doc)
    assert rows
    shown = [line.split("|")[2].strip().strip("`") for line in rows.group(1).splitlines()[2:]]
    hearings = [Hearing("sound", True), Hearing("sound", False, "no speech engine works here", SPEECH_FIX),
                Hearing("bell", False, "no sound device works here", DEVICE_FIX),
                Hearing("none", False, "no sound device works here", DEVICE_FIX), ASKED_SILENCE]
    said = [sound_banner(h) for h in hearings]
    assert shown == [b.forms[0] for b in said if b is not None]
