"""``e2e_pulse.py --trace``: where an onset error comes from — the estimate, or the device.

The output learns clock time → frame from its device's callbacks (src/trackcue/audio/timing.py).
With the run's callbacks and placements traced (bench/trace_site/), each clip found in the
recording gives the *relation* between the callbacks and the sound: heard time minus the time the
callbacks say its first frame was handed over. If that relation is the same for every clip, any
onset error is the estimate's; if it moves, the device moved it — and no estimate made from
callbacks alone can follow (measured on PulseAudio's null sink: it moves in steps of one 2.5 ms
sink block when the machine stalls).
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

NEAR_S = 0.2  # callbacks this close (in frames, as seconds) to a clip's first frame are used


def load(path: Path) -> dict | None:
    """The trace a run left, or None if it left none (the run crashed, or tracing was off)."""
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def relations(trace: dict, wanted, when, frame_rate: float) -> list[tuple[object, float]]:
    """(clip, callback ↔ sound relation in seconds) for each clip found in the recording.

    ``when(frame)`` turns a recording frame into monotonic seconds; ``frame_rate`` is the sink's
    frames per monotonic second (the stream is consumed at the sink's rate).
    """
    callbacks = trace["callbacks"]
    if not callbacks:
        return []
    out = []
    for e in wanted:
        if e.found is None:
            continue
        heard = when(e.found)
        # The clip's frame: its last placement near where the callbacks were when it sounded.
        rough = min(callbacks, key=lambda c: abs(c[1] - heard))[0]
        frames = [f for name, f in trace["placed"] if name == e.label and abs(f - rough) < 0.5 * frame_rate]
        if not frames:
            continue
        frame = frames[-1]
        near = [t + (frame - w) / frame_rate for w, t in callbacks if abs(w - frame) < NEAR_S * frame_rate]
        if near:
            out.append((e, heard - statistics.median(near)))
    return out


def report(rel: list[tuple[object, float]], log) -> str:
    """One line for the summary; the per-clip relations go to ``log``."""
    if not rel:
        return "trace: no clips to relate"
    values = [r for _, r in rel]
    base = statistics.median(values)
    for e, r in rel:
        log.write(f"{e.t:10.3f}  {e.kind:6}  callback->sound {1000 * (r - base):+8.3f} ms  {e.label}\n")
    return (f"trace: callback->sound relation p-p {1000 * (max(values) - min(values)):.3f} ms over "
            f"{len(values)} clips (constant = every error is the estimate's)")
