"""Pre-rendering the phrases of a 200 m repeats session: cold (empty cache) and warm (cached).

Goals: cold <= 1 s, warm <= 50 ms. Uses the real engine ``select_engine`` picks (espeak-ng here);
prints the median of several runs, and the cold time with one render at a time for comparison.
Run: python bench/speech_prerender.py [--runs 5] [--out-rate 44100]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time

from trackcue.speech.cache import SpeechCache
from trackcue.speech.engines import select_engine
from trackcue.speech.prerender import prerender

REPS = 8


def session_phrases() -> list[str]:
    """What a compiler says for 8 x 200 m in 38 s with 1:45 jog recoveries (~25 phrases)."""
    texts = ["Warm up, 15 minutes easy", "Get ready", "Go", "Halfway", "Stop", "Last one!", "Cool down, 10 minutes"]
    for rep in range(1, REPS + 1):
        texts.append(f"Rep {rep} of {REPS}, 200 metres in 38 seconds")
    texts += ["Recovery jog, 1 minute 45", "Jog", "30 seconds", "10 seconds", "5 seconds", "19 seconds"]
    texts += [f"{n} to go" for n in (7, 6, 5, 4, 3, 2)]
    return texts


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out-rate", type=int, default=44100)
    args = parser.parse_args()
    choice = select_engine("auto")
    if choice.engine is None or choice.engine.live:
        print(f"nothing to measure: {choice.status}; {choice.hint}")
        return 1
    engine, texts = choice.engine, session_phrases()
    parallel = engine.parallel
    cold, serial, warm = [], [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            engine.parallel = parallel
            cold.append(timed(lambda: prerender(texts, engine, SpeechCache(a), args.out_rate)))
            warm.append(timed(lambda: prerender(texts, engine, SpeechCache(a), args.out_rate)))
            engine.parallel = 1
            serial.append(timed(lambda: prerender(texts, engine, SpeechCache(b), args.out_rate)))
    engine.parallel = parallel
    clips = prerender(texts, engine, SpeechCache(tempfile.mkdtemp()), args.out_rate)
    audio_s = sum(c.duration_s for c in clips.values())
    print(f"{choice.status}; {len(texts)} phrases, {audio_s:.1f} s of speech at {args.out_rate} Hz; "
          f"median of {args.runs} runs, Python {sys.version.split()[0]}")
    print(f"cold, {parallel} renders at a time: {statistics.median(cold) * 1000:7.1f} ms  (goal <= 1000 ms)")
    print(f"cold, 1 render at a time:  {statistics.median(serial) * 1000:7.1f} ms")
    print(f"warm (all cached):         {statistics.median(warm) * 1000:7.1f} ms  (goal <= 50 ms)")
    engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
