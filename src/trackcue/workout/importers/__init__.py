"""Workouts from other tools, turned into trackcue's workout language.

Formats are told apart by content, never by the file name: a FIT file by its header (``.FIT`` at
byte 8), a Zwift workout by XML, intervals.icu workout text by its step lines (``- 10m 5:00/km
Pace``) and the absence of YAML keys. ``import_file`` returns the YAML text a coach can read and
edit; ``trackcue.workout.load_workout`` compiles it in memory, so every command plays these files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from trackcue.errors import Problem, UserError
from trackcue.phrases import format_split
from trackcue.workout.importers.draft import Draft, DraftNode, DraftRepeat, DraftStep, to_yaml
from trackcue.workout.importers.problems import ImportProblem, ImportProblems
from trackcue.workout.sniff import FORMATS, SNIFF_BYTES, Format, sniff, sniff_file

__all__ = ["FORMATS", "FORMAT_NAMES", "Format", "Imported", "import_file", "sniff", "sniff_file"]

FORMAT_NAMES: dict[Format, str] = {"fit": "FIT workout", "zwo": "Zwift workout", "intervals": "intervals.icu workout text"}
MAX_BYTES = 1_000_000  # a 100-step FIT workout is a few kB; nothing a coach writes comes near 1 MB
_CLOCK_PART = re.compile(r"^(\d+:\d\d(?:\.\d)?) (.+)$")


@dataclass(frozen=True)
class Imported:
    """A workout read from another format: the YAML text and what it had to approximate."""

    format: Format
    yaml: str
    approximations: tuple[str, ...]


def import_file(path: Path, display: str, fmt: Format | None = None, *, use_profile: bool = True) -> Imported:
    """Read ``path`` (shown to the user as ``display``) and write it as trackcue YAML.

    Threshold-relative targets use the runner's profile unless ``use_profile`` is False. Raises
    ``UserError`` with one positioned problem for a file that is too big, unreadable or not a
    workout, and one per bad line or element otherwise; reads at most ``MAX_BYTES``.
    """
    try:
        return _import(path, display, fmt, use_profile)
    except ImportProblem as err:
        raise UserError([Problem(err.message, display, err.line, err.col, err.hint)]) from None
    except ImportProblems as err:
        raise UserError([Problem(p.message, display, p.line, p.col, p.hint) for p in err.problems]) from None


def _import(path: Path, display: str, fmt: Format | None, use_profile: bool) -> Imported:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as err:
        raise ImportProblem(f"cannot read the file: {err.strerror}") from None
    if len(data) > MAX_BYTES:
        size = path.stat().st_size / 1e6
        raise ImportProblem(f"the file is {size:.1f} MB; a workout to import is at most {MAX_BYTES // 1_000_000} MB",
                            "give the workout file itself, not an archive or an activity")
    fmt = fmt or sniff(data[:SNIFF_BYTES])
    if fmt is None:
        raise ImportProblem("not a FIT workout, a Zwift .zwo or intervals.icu workout text",
                            "trackcue workouts (YAML) need no import: run them directly")
    draft = read(fmt, data, display, path.stem, use_profile)
    drop_what_trackcue_says(draft, path)
    return Imported(fmt, to_yaml(draft), tuple(draft.all_approximations()))


def read(fmt: Format, data: bytes, display: str, name: str, use_profile: bool = True) -> Draft:
    """The draft of ``data`` in format ``fmt``, with paces from the runner's profile (or none)."""
    from trackcue.paces.runner import RunnerPaces, runner_paces

    runner = runner_paces() if use_profile else RunnerPaces({}, "metric")
    if fmt == "fit":
        from trackcue.workout.importers.fit import read_fit

        return read_fit(data, display, name, runner.units)
    if fmt == "zwo":
        from trackcue.workout.importers.zwo import read_zwo

        return read_zwo(data, display, name, runner)
    from trackcue.workout.importers.intervals_icu import read_intervals

    return read_intervals(data, display, name, runner)


def drop_what_trackcue_says(draft: Draft, path: Path) -> None:
    """Leave out timed prompts and notes that only repeat what trackcue says by itself.

    Exports (trackcue's own too) write spoken cues as prompts ("290^10 10 seconds to go") or into
    a FIT step's notes ("Jog, 2 minutes. | 1:50 10 seconds to go"); played back as ``at:`` cues
    they would be said twice, and as notes they only repeat the announcement. The draft is
    compiled once without them: a prompt whose words match a cue of the same step within 1.5 s
    is dropped, and so is a note part that matches one of the step's cues (at its time, when
    the part starts with one: ``1:50 10 seconds to go``).
    """
    steps = _played(draft.steps)
    if not any(step.at or step.said for step in steps):
        return
    from dataclasses import replace

    from trackcue.workout import compile_workout
    from trackcue.workout.parse import WorkoutProblems, parse_file

    bare = replace(draft, steps=_bare(draft.steps))
    try:
        timeline = compile_workout(parse_file(path, str(path), data=to_yaml(bare).encode("utf-8")), None)
    except (WorkoutProblems, UserError):
        return  # the full import reports what is wrong
    if len(timeline.segments) != len(steps):
        return
    said: dict[int, list[tuple[float, str]]] = {}
    for cue in timeline.cues:
        if cue.type == "speech" and cue.text:
            start = timeline.segments[cue.segment].start_s
            said.setdefault(cue.segment, []).append((cue.at_s - start, _words(cue.text)))
    for seg in timeline.segments:  # a split mark as exports write it ("400 m 1:29.5"): trackcue calls it
        for split in seg.splits:
            said.setdefault(seg.index, []).append((split.after_s, _words(format_split(split.at_m, split.after_s))))
    dropped: list[str] = []
    for seg, step in zip(timeline.segments, steps):
        cues = said.get(seg.index, [])
        for offset, text in list(step.at):
            at = _offset_s(offset, seg.duration_s)
            if (offset, text) in step.at and at is not None and _said(cues, at, text):
                step.at.remove((offset, text))
                dropped.append(text)
        for part in list(step.said):
            clock = _CLOCK_PART.match(part)
            at = _offset_s(clock.group(1), seg.duration_s) if clock else None
            if part in step.said and _said(cues, at, clock.group(2) if clock else part):
                step.said.remove(part)
    if dropped:
        names = ", ".join(f"'{t}'" for t in dict.fromkeys(dropped))
        draft.notes.append(f"prompts trackcue says by itself at that moment left out: {names}")


def _said(cues: list[tuple[float, str]], at: float | None, text: str) -> bool:
    words = _words(text)
    return any(w == words and (at is None or abs(at - t) <= 1.5) for t, w in cues)


def _played(nodes: list[DraftNode]) -> list[DraftStep]:
    """Every step in playing order, repeats unrolled (the same object once per rep)."""
    out: list[DraftStep] = []
    for node in nodes:
        if isinstance(node, DraftRepeat):
            inner = _played(node.steps)
            out.extend(inner * node.count)
        else:
            out.append(node)
    return out


def _bare(nodes: list[DraftNode]) -> list[DraftNode]:
    """``nodes`` without their prompts and shown texts (copies; the draft is not changed)."""
    from dataclasses import replace

    return [replace(n, steps=_bare(n.steps)) if isinstance(n, DraftRepeat) else replace(n, at=[], said=[]) for n in nodes]


def _offset_s(offset: str, duration_s: float) -> float | None:
    from trackcue.units import UnitError, parse_duration

    try:
        if offset.endswith("%"):
            return float(offset[:-1]) / 100 * duration_s
        if offset.startswith("-"):
            return duration_s - parse_duration(offset[1:])
        return parse_duration(offset)
    except (UnitError, ValueError):
        return None


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
