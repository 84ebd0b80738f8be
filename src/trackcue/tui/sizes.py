"""The size classes every screen styles itself by: ``-slim``/``-narrow``/``-wide`` and ``-tiny``/``-short``/``-tall``/``-huge``.

Set by the screens themselves (public ``set_class``) rather than by Textual's breakpoints, so a
screen can carry them before it is first laid out: adding them later restyles every widget.
"""

from __future__ import annotations

from textual.dom import DOMNode

# (smallest size, class): 20×8 is slim and tiny, 40×14 narrow and short, 80×24 wide and tall.
WIDTHS = ((0, "-slim"), (30, "-narrow"), (60, "-wide"))
HEIGHTS = ((0, "-tiny"), (12, "-short"), (19, "-tall"), (32, "-huge"))


def size_classes(width: int, height: int) -> tuple[str, str]:
    """The width class and the height class of a ``width × height`` screen."""
    return _pick(width, WIDTHS), _pick(height, HEIGHTS)


def set_size_classes(node: DOMNode, width: int, height: int) -> None:
    """Give ``node`` the classes of ``width × height`` and take away the others."""
    on = size_classes(width, height)
    if not all(node.has_class(name) for name in on):  # a restyle only when the size class changes
        node.remove_class(*(_ALL - set(on)))
        node.add_class(*on)


_ALL = {name for _, name in WIDTHS + HEIGHTS}


def _pick(value: int, table: tuple[tuple[int, str], ...]) -> str:
    return next(name for least, name in reversed(table) if value >= least)
