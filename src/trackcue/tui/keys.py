"""Every key of the player in one table: the bindings, the help screen, the footer and docs/keys.md."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Key:
    """One command: the Textual key names, how it is written for people, what it does."""

    keys: str  # Textual key names, comma-separated
    shown: str  # as written on the screen and in the docs
    action: str
    does: str
    hint: str  # the footer's word
    essential: bool = False  # kept in the footer on a narrow screen


PLAYER_KEYS = (
    Key("space", "space", "toggle_pause", "pause / resume the workout (the clock stops)", "pause", True),
    Key("l,enter", "l or enter", "lap", "lap: a split at each split mark, then ends a lap-ended rep", "lap", True),
    Key("n", "n", "skip", "next step now; before the start: start now", "next"),
    Key("b", "b", "back", "back: restart this step, or the previous one if just begun", "back"),
    Key("plus,equals_sign", "+", "more", "10 s longer for this step", "+10s"),
    Key("minus,underscore", "-", "less", "10 s shorter for this step (never before now)", "-10s"),
    Key("m", "m", "mute", "mute / unmute the cues", "mute"),
    Key("s", "s", "say", "say where you are: the rep and its time left (\"Rep three of eight, one twelve left\")",
        "say", True),
    Key("q,escape", "q", "quit", "quit: asks first while a workout runs; y stops it, laps kept", "quit", True),
    Key("question_mark,f1", "?", "help", "this list of keys", "help", True),
)
ELSEWHERE = (
    ("y / n", "in the quit question: stop the workout / carry on"),
    ("ctrl+c", "stop at once: the run is kept and recorded as aborted"),
    ("↑ ↓ enter", "in the picker: choose a workout, then enter starts it"),
    ("tab", "in the picker's parameters: the next field"),
)


def bindings(table: tuple[Key, ...] = PLAYER_KEYS) -> list[BindingType]:
    """Textual bindings for ``table`` (hidden from Textual's footer: the screen draws its own)."""
    return [Binding(k.keys, k.action, k.hint, show=False) for k in table]


def passed_through(own: str, table: tuple[Key, ...] = PLAYER_KEYS) -> list[Binding]:
    """For a dialog over the player: every player key it does not use itself (``own``, Textual
    key names, comma-separated) still acts on the workout — a lap pressed at the line while the
    help is open is recorded. The dialog stays open."""
    taken = set(own.split(","))
    found = []
    for k in table:
        names = ",".join(name for name in k.keys.split(",") if name not in taken)
        if names:
            found.append(Binding(names, f"app.player({k.action!r})", k.hint, show=False))
    return found


def hints(width: int, table: tuple[Key, ...] = PLAYER_KEYS) -> str:
    """The footer line that fits ``width`` columns whole: every key, the essentials, or just help and quit."""
    every = " · ".join(f"{_short(k.shown)} {k.hint}" for k in table if k.action != "less").replace(
        "+ +10s", "+/- 10s")
    essentials = "  ".join(f"{_short(k.shown)} {k.hint}" for k in table if k.essential)
    for text in (every, essentials, "? keys  q quit", "? keys", "?"):
        if len(text) <= width:
            return text
    return ""


def _short(shown: str) -> str:
    return {"space": "␣", "l or enter": "l"}.get(shown, shown)


def markdown_table(table: tuple[Key, ...] = PLAYER_KEYS) -> str:
    """The key table of docs/keys.md."""
    rows = ["| key | what it does |", "|---|---|"]
    rows += [f"| `{k.shown}` | {k.does} |" for k in table]
    rows += [f"| `{shown}` | {does} |" for shown, does in ELSEWHERE]
    return "\n".join(rows)
