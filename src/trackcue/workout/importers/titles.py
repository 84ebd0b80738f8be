"""What a step's title says: its kind, its own name, and (for trackcue's labels) its value.

Other tools name steps freely ("Warm up", "Recovery", "Hill surge"); trackcue's own exports name
them with its labels ("Jog · 2min", "Hill surge · 100 m, lap when done"). ``read_title`` finds the
kind from the first words, drops a name that only repeats the kind or the amount, and reads a
label's value back with the workout language's own parser, so that what a format cannot hold (a
lap-ended step's distance, in FIT) comes back from the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trackcue.timeline import KIND_TITLE, STEP_KINDS, StepKind
from trackcue.phrases import LABEL_SEPARATOR
from trackcue.units import UnitError
from trackcue.workout.resolve import Resolved, resolve_end
from trackcue.workout.language import KIND_ALIASES

# Words other tools start a step's name with, beyond the workout language's own kinds.
_EXTRA_WORDS: dict[str, StepKind] = {"warm": "warmup", "wu": "warmup", "cool": "cooldown", "cd": "cooldown",
                "interval": "run", "rep": "run", "repeat": "run", "easy": "jog", "recovery": "jog"}
KIND_WORDS: dict[str, StepKind] = {
    **{kind: kind for kind in STEP_KINDS},
    **{alias.replace("_", " "): kind for alias, kind in KIND_ALIASES.items()},
    **{title.lower(): kind for kind, title in KIND_TITLE.items()},
    **_EXTRA_WORDS,
}
_AMOUNT = re.compile(r"^\d+(?:\.\d+)?\s*(?:m|km|mi|s|min|h)$|^\d+:\d\d(?::\d\d)?(?:\.\d)?$", re.I)


@dataclass(frozen=True)
class Title:
    """``kind``: the kind the words name (None: they name none); ``name``: a name worth keeping;
    ``value``: a trackcue label's value read back (None when the title is not a label)."""

    kind: StepKind | None
    name: str | None
    value: Resolved | None = None
    effort: str = ""


def kind_word(text: str) -> StepKind | None:
    """The kind the first words of ``text`` name: ``'Jog down' -> 'jog'``, ``'Warm up' -> 'warmup'``."""
    words = re.findall(r"[a-z][a-z-]*", text.lower())
    for n in (2, 1):
        key = " ".join(words[:n])
        if len(words) >= n and key in KIND_WORDS:
            return KIND_WORDS[key]
    return None


def read_title(title: str | None, kind: str) -> Title:
    """Read a step title for a step of ``kind`` (what the format itself says, e.g. from intensity)."""
    text = " ".join((title or "").split())
    if not text:
        return Title(None, None)
    head, sep, tail = text.partition(LABEL_SEPARATOR)
    if sep and _only_kind(head) and LABEL_SEPARATOR in tail:  # "Stretch · Hamstrings · 30s": kind, then a label
        inner = read_title(tail, KIND_WORDS[_key(head)])
        return Title(KIND_WORDS[_key(head)], inner.name, inner.value, inner.effort)
    value = read_value(tail, kind_word(head) or kind) if sep else None
    named = kind_word(head)
    if named is not None and _only_kind(head):
        if sep and value is None:  # "Rest · Change": the kind, then the step's own name
            return Title(named, tail)
        return Title(named, None, value, _effort(tail) if value else "")
    if named is not None and not sep and _is_generic(text):  # "Run 200 m": a distance is run until lap
        amount = text.split(" ", 1)[1]
        generic = read_value(f"{amount} until lap", named) or read_value(amount, named)
        return Title(named, None, generic)
    return Title(named, head if value is not None else text, value, _effort(tail) if value else "")


def read_value(text: str, kind: str) -> Resolved | None:
    """A label's value (``200 m in 38s``, ``100 m, lap when done``) in numbers, or None."""
    text = text.partition(", about ")[0]  # a lap step's plan; the format gives its time
    text = text.replace(", lap when done", " until lap").replace("–", "..")
    text = re.sub(r"(\d:\d\d)/(?:km|mi)\.\.", r"\1..", text)  # 6:40/mi..6:50/mi -> 6:40..6:50/mi
    try:
        return resolve_end(text, kind if kind in STEP_KINDS else "run", {}, lambda name: None, None, None)
    except (UnitError, ValueError, KeyError):
        return None


def _key(head: str) -> str:
    return head.strip().lower().replace("_", " ")


def _only_kind(head: str) -> bool:
    return _key(head) in KIND_WORDS


def _is_generic(text: str) -> bool:
    """``Run 200 m``, ``Jog 90s``: a kind and an amount, nothing a runner would call a name."""
    words = text.split(" ", 1)
    return len(words) == 2 and bool(_AMOUNT.match(words[1].replace(" ", "")))


def _effort(value_text: str) -> str:
    words = value_text.split()
    return words[-1] if len(words) >= 2 and words[-1].isalpha() and words[-1] not in ("lap", "done") else ""
