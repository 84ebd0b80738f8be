"""The shipped workout library: found by name from any directory, installed or from a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DATA = Path(__file__).resolve().parent.parent / "data"
_CHECKOUT = Path(__file__).resolve().parents[3]  # src/trackcue/workout/library.py → repo root


def data_dir(name: str) -> Path | None:
    """The folder of shipped ``workouts`` or ``sounds``: inside the installed package, else the checkout's."""
    for base in (_PACKAGE_DATA, _CHECKOUT):
        folder = base / name
        if folder.is_dir():
            return folder
    return None


def library_paths() -> list[Path]:
    """Every shipped workout file, sorted by name."""
    folder = data_dir("workouts")
    return sorted(folder.glob("*.yaml")) if folder else []


def library_names() -> list[str]:
    """Names a user can give instead of a path (``200m-repeats``)."""
    return [p.stem for p in library_paths()]


def find_workout(ref: str) -> Path | None:
    """A path for ``ref``: an existing file, or a library workout by name (with or without .yaml)."""
    path = Path(ref).expanduser()
    if path.is_file():
        return path
    if path.suffix in ("", ".yaml", ".yml") and len(path.parts) == 1:
        folder = data_dir("workouts")
        if folder:
            for candidate in (folder / f"{path.stem}.yaml", folder / f"{path.stem}.yml"):
                if candidate.is_file():
                    return candidate
    return None


class IncludeRefused(Exception):
    """An include that names a file outside the places a workout may read from."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_WORKOUT_SUFFIXES = (".yaml", ".yml")


def resolve_include(ref: str, base: Path) -> Path | None:
    """An included workout: a .yaml file in the including file's folder ``base`` (or below), else a
    library workout by name; ``None`` when there is none.

    Nothing outside those two folders is ever opened — not through ``..``, an absolute path or a
    symlink (the rule sound files follow) — and only .yaml/.yml files: ``IncludeRefused`` says why.
    The path returned is resolved (absolute, no symlinks).
    """
    path = Path(ref)
    if path.is_absolute() or ref.startswith("~"):
        raise IncludeRefused(f"include '{ref}' is an absolute path", _include_hint())
    if ".." in path.parts:
        raise IncludeRefused(f"include '{ref}' is outside this workout's folder", _include_hint())
    folders = [base.resolve()]
    library = data_dir("workouts")  # resolved already
    if library is not None:
        folders.append(library)
    names = [ref] if path.suffix in _WORKOUT_SUFFIXES else [ref + s for s in _WORKOUT_SUFFIXES]
    for name in names:
        candidate = base / name
        if candidate.is_file():
            real = candidate.resolve()
            if not any(real.is_relative_to(folder) for folder in folders):
                raise IncludeRefused(f"include '{ref}' leads outside this workout's folder", _include_hint())
            return real
    if len(path.parts) == 1 and path.suffix in ("", *_WORKOUT_SUFFIXES) and library is not None:
        for candidate in (library / f"{path.stem}{s}" for s in _WORKOUT_SUFFIXES):
            if candidate.is_file():
                return candidate.resolve()
    return None


def _include_hint() -> str:
    return "include a .yaml file from this workout's folder, or a library workout: " + ", ".join(library_names())


def names_hint(relative_to: Path | None = None) -> str:
    """A hint listing what can be named."""
    names = library_names()
    where = "a path" if relative_to is None else f"a path relative to {relative_to}"
    return f"give {where} or a library workout: {', '.join(names)}" if names else f"give {where}"
