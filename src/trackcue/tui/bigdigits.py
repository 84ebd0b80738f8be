"""Big seven-segment digits at any size, drawn with half blocks: the countdown read from five metres.

Pure text, no Textual. A glyph is a grid of square "pixels": one column wide and half a text row
tall (a terminal cell is about twice as tall as it is wide), so ``rows`` text rows hold ``2 × rows``
pixels and ``▀ ▄ █`` draw two of them per cell. Strokes are as thick across as down.

``fit`` picks the largest size whose glyphs fit a ``width × height`` box; ``render`` draws a text
of digits, ``:``, ``+``, ``-`` and spaces at that size. Below ``MIN_ROWS`` rows the text is shown
as it is, on one row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

MIN_ROWS = 3  # six pixels: top, gap, middle, gap, gap, bottom — the fewest a 7-segment digit reads in
ASPECT = 0.55  # a digit's width over its height, in pixels (stadium clocks are 0.5-0.6)
TEMPLATE = "00:00"  # sizes are chosen for at least this text, so 9:59 → 10:00 keeps its size
FILL = 0.5  # the share of the width the digits span at least, where their height allows
WIDEST = 0.8  # the widest a digit may be made for that, over its height in pixels

# Which of the seven segments each character lights: a top, b top right, c bottom right, d bottom,
# e bottom left, f top left, g middle.
SEGMENTS = {
    "0": "abcdef", "1": "bc", "2": "abdeg", "3": "abcdg", "4": "bcfg",
    "5": "acdfg", "6": "acdefg", "7": "abc", "8": "abcdefg", "9": "abcdfg", "-": "g", " ": "",
}
CHARACTERS = frozenset(SEGMENTS) | {":", "+"}


@dataclass(frozen=True)
class GlyphSize:
    """``rows`` text rows tall; a digit ``width`` columns wide; strokes ``stroke`` pixels thick."""

    rows: int
    width: int
    stroke: int

    @classmethod
    def for_rows(cls, rows: int) -> "GlyphSize":
        """The size ``rows`` rows tall, its width and stroke from ``ASPECT`` and the height."""
        pixels = 2 * rows
        return cls(rows, max(3, round(ASPECT * pixels)), max(1, (pixels + 4) // 8))

    @property
    def gap(self) -> int:
        """Columns between two glyphs."""
        return max(1, self.stroke)

    def glyph_width(self, char: str) -> int:
        if char == ":":
            return self.stroke
        if char == "+":  # arms of equal length either side of the upright
            return self.width - (self.width - self.stroke) % 2
        return self.width

    def text_width(self, text: str) -> int:
        """Columns ``text`` takes at this size."""
        if not text:
            return 0
        return sum(self.glyph_width(c) for c in text) + self.gap * (len(text) - 1)


def fit(text: str, width: int, height: int, template: str = TEMPLATE, fill: float = FILL) -> GlyphSize | None:
    """The largest size at which ``text`` (and ``template``) fit ``width × height`` cells.

    When the height is what limits it, the digits are widened (up to ``WIDEST`` of their height)
    until ``text`` spans ``fill`` of the width: a short ``0:38`` on a wide screen still reads from
    afar. ``None`` when even ``MIN_ROWS`` rows do not fit: show the text as it is.
    """
    for rows in range(height, MIN_ROWS - 1, -1):
        size = GlyphSize.for_rows(rows)
        if max(size.text_width(text), size.text_width(template)) <= width:
            widest = max(size.width, round(WIDEST * 2 * rows))
            while size.text_width(text) < fill * width and size.width < widest:
                wider = replace(size, width=size.width + 1)
                if max(wider.text_width(text), wider.text_width(template)) > width:
                    break
                size = wider
            return size
    return None


def render(text: str, size: GlyphSize) -> tuple[str, ...]:
    """``size.rows`` lines of ``text`` in big glyphs, each ``size.text_width(text)`` long.

    Raises ``ValueError`` for a character outside ``CHARACTERS``.
    """
    unknown = set(text) - CHARACTERS
    if unknown:
        raise ValueError(f"no big glyph for {''.join(sorted(unknown))!r}")
    glyphs = [_glyph_rows(c, size) for c in text]
    gap = " " * size.gap
    return tuple(gap.join(glyph[row] for glyph in glyphs) for row in range(size.rows))


def glyph_spans(text: str, size: GlyphSize) -> list[tuple[int, int]]:
    """``(first column, width)`` of each character of ``text`` as ``render`` places it."""
    spans, x = [], 0
    for char in text:
        width = size.glyph_width(char)
        spans.append((x, width))
        x += width + size.gap
    return spans


def _cell(upper: bool, lower: bool) -> str:
    return "█" if upper and lower else "▀" if upper else "▄" if lower else " "


@lru_cache(maxsize=64)
def _glyph_rows(char: str, size: GlyphSize) -> tuple[str, ...]:
    """The glyph as ``size.rows`` text rows (two pixel rows per text row)."""
    pixels = _glyph(char, size)
    return tuple("".join(_cell(a, b) for a, b in zip(pixels[2 * row], pixels[2 * row + 1]))
                 for row in range(size.rows))


@lru_cache(maxsize=64)
def _glyph(char: str, size: GlyphSize) -> tuple[tuple[bool, ...], ...]:
    """The glyph's pixels, ``2 × rows`` rows of ``glyph_width`` columns."""
    height, width, t = 2 * size.rows, size.glyph_width(char), size.stroke
    grid = [[False] * width for _ in range(height)]
    mid = (height - t) // 2  # the middle stroke's first pixel row

    def fill(rows: range, cols: range) -> None:
        for y in rows:
            for x in cols:
                if 0 <= y < height and 0 <= x < width:
                    grid[y][x] = True

    if char == ":":
        for centre in ((t + mid) // 2, (mid + height) // 2):
            fill(range(centre - t // 2, centre - t // 2 + t), range(t))
    elif char == "+":
        arm = (width - t) // 2
        fill(range(mid, mid + t), range(width))
        fill(range(mid - arm, mid + t + arm), range(arm, arm + t))
    else:
        left, right = range(t), range(width - t, width)
        upper, lower = range(0, mid + t), range(mid, height)
        strokes = {
            "a": (range(t), range(width)), "g": (range(mid, mid + t), range(width)),
            "d": (range(height - t, height), range(width)),
            "f": (upper, left), "b": (upper, right), "e": (lower, left), "c": (lower, right),
        }
        for segment in SEGMENTS[char]:
            fill(*strokes[segment])
    return tuple(tuple(row) for row in grid)
