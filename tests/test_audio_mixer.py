"""The mixer places every clip at its exact frame and sums overlaps without wrapping."""

from array import array

import pytest

from trackcue.audio.clip import Clip
from trackcue.audio.mixer import KNEE, Mixer, soft_limit

RATE = 8000


def clip(values, rate=RATE, name="c"):
    return Clip(array("h", values), rate, name)


def samples(data: bytes) -> array:
    return array("h", data)


def test_clip_lands_at_exactly_frame_n():
    mixer = Mixer(RATE)
    mixer.schedule(clip([1000, 2000, 3000]), 137)
    out = samples(mixer.render(0, 300))
    assert out[136] == 0
    assert list(out[137:140]) == [1000, 2000, 3000]
    assert not any(out[140:])


def test_rendering_in_blocks_equals_rendering_at_once():
    mixer = Mixer(RATE)
    mixer.schedule(clip(range(1, 501)), 95)
    mixer.schedule(clip([7] * 40, name="d"), 300, gain=0.5)
    whole = mixer.render(0, 1000)
    parts = b"".join(mixer.render(start, 33) for start in range(0, 1000, 33))[:2000]
    assert parts == whole
    assert samples(whole)[95] == 1 and samples(whole)[594] == 500


def test_silence_is_zeros():
    assert Mixer(RATE).render(500, 64) == bytes(128)


def test_overlapping_clips_sum():
    mixer = Mixer(RATE)
    mixer.schedule(clip([100] * 10), 0)
    mixer.schedule(clip([-30] * 10), 5)
    out = samples(mixer.render(0, 15))
    assert list(out) == [100] * 5 + [70] * 5 + [-30] * 5


def test_loud_overlaps_never_clip_or_wrap():
    mixer = Mixer(RATE)
    for _ in range(4):
        mixer.schedule(clip([29000] * 50 + [-29000] * 50), 0)
    out = samples(mixer.render(0, 100))
    assert all(KNEE < s <= 32767 for s in out[:50])
    assert all(-32767 <= s < -KNEE for s in out[50:])


def test_soft_limit_is_identity_below_the_knee_and_monotone_above():
    assert soft_limit(KNEE) == KNEE and soft_limit(-1234) == -1234
    values = [soft_limit(s) for s in range(KNEE, 200000, 997)]
    assert values == sorted(values) and max(values) <= 32767


def test_gain_scales():
    mixer = Mixer(RATE)
    mixer.schedule(clip([1000, -1000]), 0, gain=0.25)
    assert list(samples(mixer.render(0, 2))) == [250, -250]


def test_cancel_and_cancel_from():
    mixer = Mixer(RATE)
    a = mixer.schedule(clip([5] * 4), 0)
    b = mixer.schedule(clip([6] * 4), 10)
    c = mixer.schedule(clip([7] * 4), 20)
    assert mixer.cancel(a) and not mixer.cancel(a)
    assert mixer.cancel_from(15) == [c]
    out = samples(mixer.render(0, 30))
    assert list(out[10:14]) == [6] * 4 and not any(out[:10]) and not any(out[14:])
    assert [p.id for p in mixer.placements()] == [b]


def test_clip_at_another_rate_is_resampled():
    mixer = Mixer(RATE)
    mixer.schedule(clip([1000] * 100, rate=2 * RATE), 0)
    out = samples(mixer.render(0, 60))
    assert list(out[:50]) == [1000] * 50 and not any(out[50:])


def test_finished_clips_are_forgotten():
    mixer = Mixer(RATE)
    pid = mixer.schedule(clip([1] * 10), 0)
    assert mixer.forget_before(5) == []
    assert mixer.forget_before(10) == [pid]
    assert mixer.placements() == []


@pytest.mark.parametrize("frame", [0, 1, 4095, 4096, 4097])
def test_placement_across_block_boundaries(frame):
    mixer = Mixer(RATE)
    mixer.schedule(clip([9, 8, 7]), frame)
    out = samples(b"".join(mixer.render(s, 4096) for s in range(0, 8192, 4096)))
    assert [i for i, s in enumerate(out) if s] == [frame, frame + 1, frame + 2]
