"""Plain-text views of a compiled workout for the terminal: the step table and the totals."""

from __future__ import annotations

from typing import NamedTuple

from trackcue.phrases import counted, format_clock, format_distance, format_pace
from trackcue.timeline import Timeline


class Totals(NamedTuple("Totals", [("total_s", float), ("distance_m", float), ("work_s", float), ("steps", int),
                                    ("reps", int)])):
    """A compiled workout's totals: the one source of what ``list``, ``compile``, the picker and
    the summary screen show about a workout (seconds, metres; ``reps`` counts its reps: ``Segment.is_rep``)."""

    __slots__ = ()

    @classmethod
    def of(cls, tl: Timeline) -> Totals:
        return cls(total_s=tl.total_s, distance_m=tl.distance_m, work_s=tl.work_s, steps=len(tl.segments),
                   reps=sum(1 for s in tl.segments if s.is_rep))

    @property
    def time(self) -> str:
        """``54:49``."""
        return format_clock(self.total_s)

    @property
    def distance(self) -> str:
        """``1.6 km``, or ``—`` for a workout without distances."""
        return format_distance(self.distance_m) if self.distance_m else "—"

    @property
    def work(self) -> str:
        """``5:04``: the time of its work steps."""
        return format_clock(self.work_s)

    def line(self, steps: bool = True) -> str:
        """``54:49 · 1.6 km · work 5:04 · 40 steps`` (without the steps: the picker's preview)."""
        text = f"{self.time} · {self.distance} · work {self.work}"
        return f"{text} · {counted(self.steps, 'step')}" if steps else text

    def to_json(self) -> dict[str, float]:
        return {"total_s": round(self.total_s, 1), "distance_m": round(self.distance_m, 1),
                "work_s": round(self.work_s, 1)}


def totals_line(tl: Timeline) -> str:
    """``53:09 · 1.6 km · work 5:04 · 40 steps``."""
    return Totals.of(tl).line()


def step_table(tl: Timeline, units: str | None = None) -> str:
    """Every segment with its start, duration and target, one line each, in 80 columns; paces in
    ``units``, by default the ones the cues are spoken in (``tl.units``)."""
    unit = "mi" if (units or tl.units) == "imperial" else "km"
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
