"""What the picker offers: the library and recently used workout files, each compiled for its totals.

Pure enough to test without a screen: ``Catalog.entries()`` lists references, ``Catalog.load(ref)``
parses and compiles one. Compiling is the slow part, so the picker calls ``load`` on a thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from trackcue.errors import UserError
from trackcue.timeline import Timeline
from trackcue.units import Units
from trackcue.workout.model import WorkoutDef

RECENT = 5  # recently used files shown above the library
_SET_NAME = re.compile(r"^--set ([^=\s]+)=")


@dataclass
class Choice:
    """One workout in the picker: how to find it, and once compiled, its plan."""

    ref: str  # a library name or a file path
    label: str
    recent: bool = False
    wdef: WorkoutDef | None = None
    timeline: Timeline | None = None
    problem: str = ""  # why it cannot be played (shown instead of its totals)
    params: dict[str, str] = field(default_factory=dict)  # parameter -> its value as shown
    auto_lap: bool = False  # compiled as ``--auto-lap`` plays it (lap-ended steps end by the clock)
    units: Units | None = None  # compiled as ``--units`` plays it (None: the profile's or the workout's)


class Catalog:
    """The library plus the files of the last sessions in the history at ``db`` (if any).

    ``auto_lap``, ``units``: compile each as ``--auto-lap`` and ``--units`` play it, so what is
    shown is what plays.
    """

    def __init__(self, db: str | None = None, auto_lap: bool = False, units: Units | None = None) -> None:
        self.db = db
        self.auto_lap = auto_lap
        self.units = units

    def entries(self) -> list[Choice]:
        """Recent files first (newest first), then every library workout; nothing compiled yet."""
        from trackcue.workout import library_paths

        library = [Choice(ref=p.stem, label=p.stem, auto_lap=self.auto_lap, units=self.units) for p in library_paths()]
        known = {str(p.resolve()) for p in library_paths()}
        recent = [Choice(ref=path, label=Path(path).stem, recent=True, auto_lap=self.auto_lap, units=self.units)
                  for path in self.recent_files() if str(Path(path).resolve()) not in known]
        return recent[:RECENT] + library

    def recent_files(self) -> list[str]:
        """Workout files of recent sessions that still exist, newest first (empty without history)."""
        from trackcue.history.db import HistoryError
        from trackcue.history.queries import list_sessions, open_history

        try:
            conn = open_history(self.db)
        except HistoryError:
            return []
        if conn is None:
            return []
        try:
            infos = list_sessions(conn, limit=50)
        except HistoryError:
            return []
        finally:
            conn.close()
        seen: dict[str, None] = {}
        for info in infos:
            if info.source and Path(info.source).is_file():
                seen.setdefault(info.source, None)
        return list(seen)

    @staticmethod
    def load(choice: Choice) -> Choice:
        """Parse and compile ``choice`` with its defaults (and the runner's profile); fills it in."""
        from trackcue.workout import compile_workout, load_workout

        try:
            choice.wdef = load_workout(Path(choice.ref) if choice.recent else choice.ref)
            choice.label = choice.wdef.name or choice.label
            choice.timeline = compile_workout(choice.wdef, auto_lap=choice.auto_lap, units=choice.units)
            choice.params = {k: str(v) for k, v in choice.timeline.params.items()}
        except UserError as err:
            choice.problem = err.problems[0].message if err.problems else str(err)
        except OSError as err:
            choice.problem = str(err)
        return choice


def compile_with(choice: Choice, values: dict[str, str]) -> tuple[Timeline | None, dict[str, str], list[str]]:
    """Compile ``choice`` with parameter ``values``: the timeline, or per-parameter and other problems.

    Returns ``(timeline, {param: message}, [other messages])``; the timeline is ``None`` on any problem.
    """
    from trackcue.workout import compile_workout

    if choice.wdef is None:  # not loaded, or failed to
        return None, {}, [choice.problem or "not compiled yet"]
    changed = {k: v.strip() for k, v in values.items() if v.strip() != choice.params.get(k, "")}
    empty = {k: "needs a value" for k, v in values.items() if not v.strip()}
    if empty:
        return None, empty, []
    try:
        return compile_workout(choice.wdef, changed, auto_lap=choice.auto_lap, units=choice.units), {}, []
    except UserError as err:
        by_param: dict[str, str] = {}
        other: list[str] = []
        for p in err.problems:
            m = _SET_NAME.match(p.message)
            text = p.message.split(": ", 1)[1] if m and ": " in p.message else p.message
            if p.hint:
                text += f" ({p.hint})"
            if m and m.group(1) in values:
                by_param.setdefault(m.group(1), text)
            else:
                other.append(text)
        return None, by_param, other
