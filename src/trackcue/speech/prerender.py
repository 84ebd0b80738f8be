"""Rendering every phrase a workout needs before it starts: cached, trimmed, at the output rate."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from trackcue.audio.clip import Clip
from trackcue.speech.base import SpeechEngine, SpeechError, words_per_minute
from trackcue.speech.cache import SpeechCache
from trackcue.phrases import estimate_duration
from trackcue.speech.resample import resample
from trackcue.speech.trim import trim_silence
from trackcue.speech.wav import read_wav

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderProgress:
    """One phrase done: ``done`` of ``total``; ``error`` says why it failed (its cue uses its tone)."""

    done: int
    total: int
    text: str
    cached: bool = False
    error: str | None = None


Progress = Callable[[RenderProgress], None]


def prerender(
    texts: Iterable[str],
    engine: SpeechEngine,
    cache: SpeechCache,
    out_rate: int,
    progress: Progress | None = None,
) -> dict[str, Clip]:
    """Every phrase in ``texts`` as a trimmed Clip at ``out_rate``, keyed by its text.

    Cached phrases load from ``cache``; the rest render ``engine.parallel`` at a time. A phrase
    that fails is reported through ``progress`` (and the log) and left out — never raised.
    A live engine renders nothing: it is started, and an empty dict comes back.
    """
    wanted = list(dict.fromkeys(t for t in texts if t and t.strip()))
    if engine.live:
        start = getattr(engine, "start", None)
        if start is not None:
            start()
        return {}
    clips: dict[str, Clip] = {}
    done = 0

    def report(text: str, cached: bool = False, error: str | None = None) -> None:
        nonlocal done
        done += 1
        if error:
            log.warning("speech: could not render %r: %s", text, error)
        if progress is not None:
            progress(RenderProgress(done, len(wanted), text, cached, error))

    keys = {t: cache.key(engine.name, engine.voice, engine.rate, t, out_rate) for t in wanted}
    missing = []
    for text in wanted:
        clip = cache.load(keys[text], text)
        if clip is None:
            missing.append(text)
        else:
            clips[text] = clip
            report(text, cached=True)
    if not missing:
        return clips
    with cache.scratch() as scratch, ThreadPoolExecutor(max_workers=max(1, engine.parallel)) as pool:
        jobs = {
            pool.submit(_render_one, engine, text, Path(scratch) / f"{n}.wav", out_rate): text
            for n, text in enumerate(missing)
        }
        for job in as_completed(jobs):
            text = jobs[job]
            try:
                clip = job.result()
            except Exception as exc:  # one bad phrase must not stop the others
                report(text, error=str(exc) or type(exc).__name__)
                continue
            cache.store(keys[text], clip)
            clips[text] = clip
            report(text)
    cache.prune(keep=set(keys.values()))
    return clips


def _render_one(engine: SpeechEngine, text: str, path: Path, out_rate: int) -> Clip:
    engine.render(text, path)
    clip = trim_silence(read_wav(path, text))
    if not clip.samples:
        raise SpeechError("the engine rendered only silence")
    return resample(clip, out_rate)


def phrase_durations(texts: Iterable[str], clips: dict[str, Clip], engine: SpeechEngine | None) -> dict[str, float]:
    """Seconds each phrase lasts: measured from its clip, or estimated when the engine is live.

    Phrases with neither (speech off, or rendering failed) are left out; the planner then
    plays the cue's tone instead.
    """
    durations = {}
    for text in texts:
        if text in clips:
            durations[text] = clips[text].duration_s
        elif engine is not None and engine.live:
            durations[text] = estimate_duration(text, words_per_minute(engine))
    return durations
