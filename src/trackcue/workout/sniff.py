"""Which format a workout file is in, from its first bytes: trackcue YAML, or one to import.

Kept apart from ``trackcue.workout.importers`` so that reading a YAML workout (every command,
``trackcue check`` first) does not import the importers to find out it needs none of them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, get_args

Format = Literal["fit", "zwo", "intervals"]
FORMATS: tuple[Format, ...] = get_args(Format)
SNIFF_BYTES = 4096

# A trackcue workout has top-level keys, or at least steps written as "- run: ..." mappings.
# (Compiled on first use: most files say "steps:" first.)
_YAML_KEY = (r"^(?:name|description|steps|params|cues|distance_ends|get_ready)\s*:|"
             r"^\s*-\s+(?:warm-?up|run|jog|walk|rest|stretch|strength|cool-?down|repeat|include)\s*:")
_ICU_STEP = r"^-\s+(?:.*\s)?(?:\d+(?:\.\d+)?(?:h|m|s|mtr|km|mi)(?:\d+s?)?|\d+['\"]\S*)(?:\s|$)"


def sniff(head: bytes) -> Format | None:
    """Which format the first bytes of a file are in, or None for a trackcue workout (YAML)."""
    if len(head) >= 12 and head[8:12] == b".FIT" and head[0] in (12, 14):
        return "fit"
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        return "zwo"
    if text.startswith("steps:") or "\nsteps:" in text:
        return None  # a trackcue workout at a glance (the patterns below cost a start-up to compile)
    if re.search(_YAML_KEY, text, re.M | re.I) is None and re.search(_ICU_STEP, text, re.M | re.I) is not None:
        return "intervals"
    return None


def sniff_file(path: Path) -> Format | None:
    """``sniff`` on a file's first bytes; None when it cannot be read (the YAML loader says why)."""
    try:
        with path.open("rb") as handle:
            return sniff(handle.read(SNIFF_BYTES))
    except OSError:
        return None
