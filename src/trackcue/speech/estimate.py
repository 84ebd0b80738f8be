"""How long a phrase takes to say, estimated from its words, for planning without audio.

Used by the compiler and ``trackcue check`` (no engine needed) and for live engines that cannot
render in advance. It errs slightly long: a cue planned too long only starts a little early.
"""

from __future__ import annotations

import re

from trackcue.speech.base import DEFAULT_WPM

_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:'[^\W\d_]+)?")
_PAUSE = re.compile(r"[,;:.!?]+(?:\s|$)")
PAUSE_S = 0.2  # a comma or a full stop
LETTERS_PER_WORD = 5.0


def _number_words(digits: str) -> float:
    """Roughly how many words a number takes to say: '3' one, '38' two, '200' two, '1500' three."""
    n = int(digits)
    if n < 13:
        return 1.0
    if n < 20:
        return 1.5
    if n < 100:
        return 1.0 if n % 10 == 0 else 2.0
    if n < 1000:
        return 2.0 + _number_words(str(n % 100)) if n % 100 else 2.0
    return 2.0 + _number_words(str(n % 1000)) if n % 1000 else 2.0


def estimate_duration(text: str, words_per_minute: int | float = DEFAULT_WPM) -> float:
    """Seconds it takes to say ``text`` at ``words_per_minute``, pauses at punctuation included."""
    words = 0.0
    for token in _TOKEN.findall(text):
        if token.isdigit():
            words += _number_words(token)
        else:
            # "of", "in", "a" are said quickly; long words take longer than short ones.
            words += 0.6 if len(token) <= 2 else max(1.0, len(token) / LETTERS_PER_WORD)
    if words == 0:
        return 0.0
    words = max(words, 1.0)
    pauses = len(_PAUSE.findall(text.strip() + " ")) - (1 if text.rstrip()[-1:] in ".!?" else 0)
    return round(words * 60.0 / words_per_minute + max(0, pauses) * PAUSE_S, 3)
