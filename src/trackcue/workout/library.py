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


def resolve_include(ref: str, base: Path) -> Path | None:
    """An included file: relative to the including file's folder first, then the library."""
    for candidate in (base / ref, base / f"{ref}.yaml"):
        if candidate.is_file():
            return candidate
    return find_workout(ref) if len(Path(ref).parts) == 1 else None


def names_hint(relative_to: Path | None = None) -> str:
    """A hint listing what can be named."""
    names = library_names()
    where = "a path" if relative_to is None else f"a path relative to {relative_to}"
    return f"give {where} or a library workout: {', '.join(names)}" if names else f"give {where}"
