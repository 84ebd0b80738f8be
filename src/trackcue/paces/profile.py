"""The runner's profile: the paces they know, kept in a readable YAML file in their config directory."""

from __future__ import annotations

import os
from pathlib import Path

from trackcue.errors import Problem, UserError
from trackcue.units import UNITS, UnitError, Units
from trackcue.phrases import format_clock
from trackcue.paces.names import NamedPace, named_pace_from_value, normalize_pace_name

_HEADER = """\
# trackcue profile: the paces you know. Workouts use them for their targets, and any pace
# you leave out is derived from these (see `trackcue profile show`).
# Edit by hand or with `trackcue profile set NAME=VALUE`, e.g. `trackcue profile set mile=6:00 400m=80s`.
# Race names (400m, mile, 5k, half...) take a time: "6:00", 80s, "19:57".
# E, M, T, I, R take a pace: "8:30/mi", "5:15/km", or a range "8:30-9:30/mi".
# units: metric or imperial, for how paces are shown and spoken; only when you chose them
# (`trackcue profile set units=imperial`): without it each workout's cues.units decides.
"""


class Profile:
    """What a runner told trackcue: pace name -> the text they wrote, and their units.

    ``units`` is ``None`` until the runner chooses (``profile set units=…``): a choice beats a
    workout's ``cues.units``, and no choice must not (docs/paces.md, "Units").

    (A plain class, not a dataclass: ``trackcue check`` imports it, and its start-up is measured.)
    """

    __slots__ = ("values", "units")

    def __init__(self, values: dict[str, str] | None = None, units: Units | None = None) -> None:
        self.values: dict[str, str] = values if values is not None else {}
        self.units = units

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Profile) and (self.values, self.units) == (other.values, other.units)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Profile({self.values!r}, {self.units!r})"


def profile_path() -> Path:
    """Where the profile lives: ``$TRACKCUE_PROFILE``, else ``<user config dir>/trackcue/profile.yaml``."""
    override = os.environ.get("TRACKCUE_PROFILE")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir  # only needed when no override is set

    return Path(user_config_dir("trackcue", appauthor=False)) / "profile.yaml"


def check_units(value: str) -> Units:
    """``metric`` or ``imperial`` from what the runner wrote; raises ``UnitError`` otherwise."""
    text = str(value).strip().lower()
    for units in UNITS:
        if units == text:
            return units
    raise UnitError(f"units must be metric or imperial, not '{value}'", "write units=metric or units=imperial")


def check_entry(name: str, value: object) -> tuple[str, str]:
    """Validate one pace entry; return (canonical name, text). Raises ``UnitError``.

    A bare number is seconds; YAML reads an unquoted ``6:00`` as the number 360, which is
    the same time, so it is written back as a clock time.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = format_clock(value) if value >= 60 else f"{value:g}s"
    text = str(value).strip()
    named_pace_from_value(name, text, "")  # raises with the reason
    return str(normalize_pace_name(name)), text


def load_profile() -> Profile:
    """Read the profile; a missing file is an empty profile, a broken one a ``UserError`` naming the file."""
    path = profile_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Profile()
    except OSError as err:
        raise UserError([Problem(f"cannot read the profile: {err.strerror}", file=str(path))]) from None
    import yaml  # only when there is a profile: PyYAML costs more to import than Python to start

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        marked = err if isinstance(err, yaml.MarkedYAMLError) else None
        mark = marked.problem_mark if marked is not None else None
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        raise UserError([Problem(
            f"the profile is not valid YAML: {(marked.problem if marked is not None else None) or err}",
            file=str(path), line=line, col=col, hint="fix the file, or delete it and use `trackcue profile set`",
        )]) from None
    return _from_data(data, str(path))


def _from_data(data: object, where: str) -> Profile:
    if data is None:
        return Profile()
    if not isinstance(data, dict):
        raise UserError([Problem("the profile must be a mapping with 'units' and 'paces'", file=where,
                                 hint="see `trackcue profile set --help`")])
    problems: list[Problem] = []
    profile = Profile()
    for key in data:
        if key not in ("units", "paces"):
            problems.append(Problem(f"unknown profile key '{key}'", file=where, hint="the keys are units and paces"))
    if "units" in data:
        try:
            profile.units = check_units(str(data["units"]))
        except UnitError as err:
            problems.append(Problem(err.message, file=where, hint=err.hint))
    paces = data.get("paces") or {}
    if not isinstance(paces, dict):
        problems.append(Problem("'paces' must map names to values, like 'mile: \"6:00\"'", file=where))
        paces = {}
    for name, value in paces.items():
        try:
            canon, text = check_entry(str(name), value)
            profile.values[canon] = text
        except UnitError as err:
            problems.append(Problem(f"{name}: {err.message}", file=where, hint=err.hint))
    if problems:
        raise UserError(problems)
    return profile


def save_profile(profile: Profile) -> Path:
    """Write the profile (atomically, so a crash never leaves half a file); return its path."""
    import tempfile

    import yaml

    path = profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, object] = {"units": profile.units} if profile.units else {}
    data["paces"] = dict(profile.values)
    body = yaml.safe_dump(
        data,
        sort_keys=False, default_flow_style=False, allow_unicode=True,
    )
    fd, tmp = tempfile.mkstemp(prefix=".profile-", suffix=".yaml", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(_HEADER + body)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def profile_paces(profile: Profile) -> dict[str, NamedPace]:
    """The profile's explicit paces, each with the source ``profile: <name> <value>``."""
    return {
        name: named_pace_from_value(name, text, f"profile: {name} {text}")
        for name, text in profile.values.items()
    }
