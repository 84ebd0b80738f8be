"""Plain-text views of a compiled workout for the terminal: the step table and the totals."""

from __future__ import annotations

from pathlib import Path

from trackcue.timeline import Timeline
from trackcue.units import format_clock, format_distance, format_pace


def totals_line(tl: Timeline) -> str:
    """``53:09 · 1.6 km · work 5:04 · 40 steps``."""
    return (f"{format_clock(tl.total_s)} · {format_distance(tl.distance_m) if tl.distance_m else '—'} · "
            f"work {format_clock(tl.work_s)} · {len(tl.segments)} steps")


def step_table(tl: Timeline, units: str = "metric") -> str:
    """Every segment with its start, duration and target, one line each, in 80 columns."""
    unit = "mi" if units == "imperial" else "km"
    rows = [f"{'#':>3}  {'start':>7}  {'time':>6}  {'rep':<6} {'step':<34} target"]
    for s in tl.segments:
        rep = f"{s.rep}/{s.reps}" if s.rep else ""
        if s.set:
            rep = f"{s.set}.{rep}"
        dur = format_clock(s.duration_s, tenths=abs(s.duration_s % 1) > 1e-9)
        if s.ends == "lap":
            dur = ("~" if s.target_s is None else "") + dur
        target = ""
        if s.target_s:
            target = f"{format_clock(s.target_s, tenths=abs(s.target_s % 1) > 1e-9)}"
        if s.pace_range:
            target += f" {format_pace(s.pace_range[0], unit)}–{format_pace(s.pace_range[1], unit)}".rstrip()
        elif s.pace_s_per_m:
            target += f" ({format_pace(s.pace_s_per_m, unit)})"
        if s.ends == "lap":
            target += " lap"
        rows.append(f"{s.index + 1:>3}  {format_clock(s.start_s):>7}  {dur:>6}  {rep:<6} {s.label[:34]:<34} {target.strip()}")
    return "\n".join(rows)


def sources_lines(tl: Timeline) -> list[str]:
    """Where the targets came from: each parameter or named pace once, in order of first use."""
    seen: dict[str, None] = {}
    for s in tl.segments:
        for src in s.sources:
            seen.setdefault(src, None)
    return list(seen)


def cue_durations(tl: Timeline) -> dict[str, float]:
    """Estimated lengths of every tone and phrase, for planning without a speech engine."""
    from trackcue.audio.sounds import TONES, sound_path
    from trackcue.speech.estimate import estimate_duration

    out: dict[str, float] = {}
    for name in TONES:
        out[name] = _wav_seconds(sound_path(name))
    for c in tl.cues:
        for text in (c.text, c.short_text):
            if text:
                out[text] = estimate_duration(text)
        if c.sound and c.sound not in out:
            out[c.sound] = 0.5
    return out


def _wav_seconds(path: Path) -> float:
    import wave

    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes() / w.getframerate()
    except (OSError, wave.Error, EOFError):
        return 0.5
