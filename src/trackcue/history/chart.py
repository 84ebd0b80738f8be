"""A text chart of rep splits against their targets, for ``history show`` and the track screen.

Pure: rows in, lines out. Each row shows the split, the target and the difference, and a bar
from a centre line: left for faster than target, right for slower, so a glance down the column
shows whether the reps held, faded or came home fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from trackcue.engine.laps import Lap, lap_label
from trackcue.phrases import diff_tenths, format_clock, format_diff

MIN_SCALE_S = 2.0  # a ±0.3 s difference must not fill the whole half-width


@dataclass(frozen=True)
class ChartRow:
    """One bar: a label, the split run, and its target (None: nothing to compare with)."""

    label: str
    split_s: float
    target_s: float | None = None

    @property
    def diff_s(self) -> float | None:
        """The difference as the lap call says it (both times to the tenth first)."""
        return None if self.target_s is None else diff_tenths(self.split_s, self.target_s) / 10


def rows_from_laps(laps: Iterable[Lap], short: bool = False) -> list[ChartRow]:
    """Chart rows for laps: named as every view names them (``rep 3/8``, ``rep 3/8 200 m``,
    ``jog 3/8``: ``lap_label``), each split against its mark's target."""
    return [ChartRow(lap_label(lap, short=short), lap.split_s, lap.target_s) for lap in laps]


def split_chart(rows: Sequence[ChartRow], width: int = 72, ascii_only: bool = False) -> list[str]:
    """Lines of the chart, each at most ``width`` characters (``ascii_only`` for plain terminals)."""
    if not rows:
        return ["no laps recorded"]
    label_w = min(max(len(r.label) for r in rows), 16)
    fixed = label_w + 1 + 7 + 1 + 7 + 1 + 6 + 1  # label split target diff, single spaces
    half = max(4, (width - fixed - 1) // 2)
    diffs = [abs(r.diff_s) for r in rows if r.diff_s is not None]
    scale = max([MIN_SCALE_S, *diffs])
    centre = "|" if ascii_only else "│"
    fast, slow = ("faster", "slower") if half >= 6 else ("fast", "slow")  # a phone: the header fits too
    lines = [
        f"{'':<{label_w}} {'split':>7} {'target':>7} {'diff':>6} "
        f"{fast[:half]:>{half}}{centre}{slow[:half]:<{half}}".rstrip(),
    ]
    for r in rows:
        target = format_clock(r.target_s, tenths=True) if r.target_s is not None else "-"
        diff = format_diff(r.split_s, r.target_s) if r.target_s is not None else "-"
        left, right = _bar(r.diff_s, scale, half, ascii_only)
        lines.append(
            f"{r.label[:label_w]:<{label_w}} {format_clock(r.split_s, tenths=True):>7} {target:>7} "
            f"{diff:>6} {left:>{half}}{centre}{right}".rstrip()
        )
    lines.append(f"(a full bar is {scale:.1f}s off target)")
    return lines


def _bar(diff: float | None, scale: float, half: int, ascii_only: bool) -> tuple[str, str]:
    """Left and right parts of one bar, in half-cell steps (whole cells in ASCII)."""
    if diff is None:
        return "", ""
    steps = round(abs(diff) / scale * half * (1 if ascii_only else 2))
    if ascii_only:
        body = "#" * steps
        return (body, "") if diff < 0 else ("", body)
    full, part = divmod(steps, 2)
    if diff < 0:  # grows leftward from the centre; a half cell sits at its far (left) end
        return ("▐" if part else "") + "█" * full, ""
    return "", "█" * full + ("▌" if part else "")
