"""The workout language: YAML files → checked definitions → compiled ``Timeline``s.

``compile_file`` is what every command calls; it finds library workouts by name, applies the
profile and ``--set`` values, and raises ``UserError`` (a list of positioned problems) on bad input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trackcue.errors import Problem
from trackcue.timeline import Timeline
from trackcue.units import Units
from trackcue.workout.library import find_workout, library_names, library_paths, names_hint
from trackcue.workout.model import WorkoutDef
from trackcue.workout.parse import WorkoutProblems, parse_file

__all__ = ["WorkoutProblems", "compile_file", "compile_workout", "find_workout", "library_names",
           "library_paths", "load_workout", "resolve_path"]


def resolve_path(ref: str) -> Path:
    """The file for ``ref`` (a path or a library name), or ``WorkoutProblems`` saying what exists."""
    path = find_workout(ref)
    if path is None:
        raise WorkoutProblems([Problem(f"no workout '{ref}'", hint=names_hint())])
    return path


def load_workout(ref: str | Path, *, use_profile: bool = True) -> WorkoutDef:
    """Parse and check a workout given as a path or a library name.

    A FIT workout, a Zwift .zwo or intervals.icu workout text (told apart by content) is imported
    in memory first, its threshold-relative targets from the profile unless ``use_profile`` is
    False; its problems then name the file with ``(imported)``, at the lines ``trackcue import
    FILE`` prints.
    """
    from trackcue.workout.sniff import sniff_file

    path = ref if isinstance(ref, Path) else resolve_path(ref)
    fmt = sniff_file(path)
    try:
        if fmt is not None:
            from trackcue.workout.importers import import_file

            imported = import_file(path, _display(path), fmt, use_profile=use_profile)
            return parse_file(path, f"{_display(path)} (imported)", data=imported.yaml.encode("utf-8"))
        return parse_file(path, _display(path))
    except WorkoutProblems as err:
        if err.partial is not None:  # the rest of the file is checked too: every problem at once
            _add_compile_problems(err, err.partial, use_profile)
        raise


def _add_compile_problems(err: WorkoutProblems, partial: WorkoutDef, use_profile: bool) -> None:
    """Add what compiling ``partial`` (the file without its steps in error) finds, on lines not yet blamed."""
    blamed = {(p.file, p.line) for p in err.problems}
    try:
        compile_workout(partial, use_profile=use_profile)
    except WorkoutProblems as more:
        # Through the constructor: it keeps every problem once, in file order.
        err.problems = WorkoutProblems(err.problems + [p for p in more.problems
                                                       if (p.file, p.line) not in blamed]).problems


def compile_workout(wdef: WorkoutDef, overrides: dict[str, str] | None = None, *, use_profile: bool = True,
                    get_ready_s: float | None = None, auto_lap: bool = False, units: Units | None = None) -> Timeline:
    """Compile a parsed workout with ``--set`` overrides and (unless told not to) the athlete's profile.

    ``auto_lap``: lap-ended steps end by the clock at their target, for runs without a lap key.
    Units: ``units`` (the command line's ``--units``), else the runner's own choice in the
    profile, else the workout's ``cues.units``, else metric (docs/paces.md, "Units").
    """
    from trackcue.workout.compiler import compile_def

    profile: dict[str, Any] = {}
    if use_profile:
        from trackcue.paces import load_profile, profile_paces

        prof = load_profile()
        profile = profile_paces(prof)
        units = units or prof.units  # None unless the runner chose: then the file's cues.units stands
    return compile_def(wdef, overrides, profile, get_ready_s=get_ready_s, units=units, auto_lap=auto_lap)


def compile_file(ref: str | Path, overrides: dict[str, str] | None = None, *, use_profile: bool = True,
                 get_ready_s: float | None = None, auto_lap: bool = False, units: Units | None = None) -> Timeline:
    """Load and compile a workout (path or library name) in one step; ``units`` as ``compile_workout``."""
    return compile_workout(load_workout(ref, use_profile=use_profile), overrides, use_profile=use_profile, get_ready_s=get_ready_s,
                           auto_lap=auto_lap, units=units)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
