"""Which plan the runner follows and since when: a small JSON file in the user's config dir
(``$TRACKCUE_PLAN_STATE`` overrides the place, for tests and for keeping several)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from trackcue.errors import UserError

STATE_ENV = "TRACKCUE_PLAN_STATE"
STATE_NAME = "plan.json"


@dataclass(frozen=True)
class ActivePlan:
    """The plan being followed: as the user named it, its file, and the date week 1 begins."""

    ref: str
    path: str
    start: date

    @property
    def plan_ref(self) -> str:
        """What to load: the file when it is still there, else the name (a reinstalled package)."""
        return self.path if Path(self.path).is_file() else self.ref


def state_path() -> Path:
    """Where the active plan is stored."""
    env = os.environ.get(STATE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("trackcue", appauthor=False)) / STATE_NAME


def load_active() -> ActivePlan | None:
    """The active plan, or None when none was started. A damaged file is a ``UserError``."""
    path = state_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ActivePlan(ref=str(data["plan"]), path=str(data["path"]), start=date.fromisoformat(data["start"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise UserError(f"cannot read the active plan in {path} ({err})",
                        hint="start the plan again with trackcue plan start PLAN") from None


def save_active(active: ActivePlan) -> Path:
    """Store ``active`` (written to a temporary file, then renamed over the old one)."""
    path = state_path()
    data = {"plan": active.ref, "path": active.path, "start": active.start.isoformat()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as err:
        raise UserError(f"cannot save the active plan to {path}: {err.strerror or err}",
                        hint=f"set ${STATE_ENV} to a writable file") from None
    return path


def clear_active() -> bool:
    """Stop following the plan; False when none was active."""
    try:
        state_path().unlink()
        return True
    except FileNotFoundError:
        return False
