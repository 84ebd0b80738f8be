"""Fuzzing the workout loader (hypothesis), bounded in time for CI.

1. The fast YAML reader (workout/yamlfast.py) gives exactly PyYAML's tree — text, quoting,
   line and column of every node — for every document it accepts, and leaves to PyYAML every one
   PyYAML refuses.
2. Whatever bytes a file holds, loading and compiling it ends in a list of positioned problems
   (``UserError``), never another exception.
"""

from __future__ import annotations

import string
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trackcue.errors import UserError
from trackcue.workout import compile_workout, yamlfast, yamlsafe
from trackcue.workout.parse import parse_file
from trackcue.workout.yamlsafe import Builder, Map, Scalar, Seq, YamlProblem

FUZZ = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def dump(node: Any) -> Any:
    """A tree as plain tuples: every text, quoting and position."""
    if isinstance(node, Scalar):
        return ("S", node.text, node.quoted, node.line, node.col)
    if isinstance(node, Seq):
        return ("Q", node.line, node.col, [dump(i) for i in node.items])
    assert isinstance(node, Map)
    return ("M", node.line, node.col, [(dump(node.keys[k]), dump(v)) for k, v in node.items.items()])


def reference(text: str) -> tuple[Any, list[str] | None]:
    try:
        return dump(yamlsafe.load(text.encode("utf-8"), "f", fast=False)), None
    except YamlProblem as err:
        return None, [p.format() for p in err.problems]


def fast(text: str) -> tuple[Any, list[str] | None] | None:
    builder = Builder("f")
    try:
        tree = yamlfast.read(text, builder)
    except yamlsafe._Limit:  # noqa: SLF001 - the limit is not what is fuzzed here
        return None
    if tree is None:
        return None
    if builder.problems:
        return None, [p.format() for p in builder.problems]
    return dump(tree), None


# --- documents in (and just outside) the subset workouts are written in -------------------------

WORDS = st.sampled_from(["run", "jog", "200m in 38s", "2:00", "0:30", "1:30:00", "90s", "until lap", "Relax your shoulders",
                         "8", "-10s", "50%", "400m at mile - 2s/200m", "true", "no", "~", "null", "1.5", "010",
                         "a:b", "it's", 'say "hi"', "x # y", "a#b", "{rep} of {reps}", "[x]", "-", "?", ":", "&a", "*a",
                         "!tag", "|", ">", "@", "`", "%", "", " ", "é", "5K pace", "1'30\"", "a: b", "<<", "="])
KEYS = st.sampled_from(["name", "steps", "run", "jog", "say", "at", "params", "default", "min", "-1min", "30s",
                        "a b", "50%", "x", "x", "repeat", "'q'", '"d"', "k:", "#c", "- k", "[k]"])


def scalar_text(word: str, style: str) -> str:
    if style == "single":
        return "'" + word.replace("'", "''") + "'"
    if style == "double":
        return '"' + word + '"'
    return word


@st.composite
def scalars(draw: st.DrawFn) -> str:
    return scalar_text(draw(WORDS), draw(st.sampled_from(["plain", "plain", "single", "double"])))


@st.composite
def flows(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 1 or draw(st.booleans()):
        items = draw(st.lists(scalars(), max_size=3))
        return "[" + ", ".join(items) + "]"
    pairs = draw(st.lists(st.tuples(KEYS, st.one_of(scalars(), flows(depth + 1), st.just(""))), max_size=3))
    return "{" + ", ".join(f"{k}: {v}".rstrip() for k, v in pairs) + "}"


@st.composite
def blocks(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> list[str]:
    pad = " " * indent
    step = draw(st.sampled_from([2, 2, 4, 1]))
    lines: list[str] = []
    if draw(st.booleans()):  # a mapping
        for key in draw(st.lists(KEYS, min_size=1, max_size=3)):
            lines += _value(draw, f"{pad}{key}:", indent, step, depth)
    else:  # a sequence
        for _ in range(draw(st.integers(1, 3))):
            if depth < 3 and draw(st.booleans()):  # '- key: value' and more keys under it
                first, *rest = draw(st.lists(KEYS, min_size=1, max_size=2))
                lines += _value(draw, f"{pad}- {first}:", indent + 2, step, depth)
                for key in rest:
                    lines += _value(draw, f"{pad}  {key}:", indent + 2, step, depth)
            else:
                lines += _value(draw, f"{pad}-", indent, step, depth)
    if draw(st.integers(0, 4)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", "# note", "   ", "  # x"])))
    return lines


def _value(draw: st.DrawFn, head: str, indent: int, step: int, depth: int) -> list[str]:
    choice = draw(st.integers(0, 5))
    comment = draw(st.sampled_from(["", "", "", "  # c", " #c"]))
    if choice <= 2:
        return [f"{head} {draw(scalars())}{comment}".rstrip(" ") if True else head]
    if choice == 3:
        return [f"{head} {draw(flows())}{comment}"]
    if choice == 4 or depth >= 3:
        return [f"{head}{comment}"]
    return [head] + draw(blocks(indent + step, depth + 1))


@st.composite
def documents(draw: st.DrawFn) -> str:
    text = "\n".join(draw(blocks())) + draw(st.sampled_from(["\n", "", "\n\n"]))
    if draw(st.integers(0, 3)) == 0:  # a typo somewhere: a character added, dropped or swapped for another
        at = draw(st.integers(0, max(0, len(text) - 1)))
        junk = draw(st.sampled_from(list(" -:#'\"{}[],\t\r&*!|>x\n")))
        how = draw(st.integers(0, 2))
        text = text[:at] + junk + text[at:] if how == 0 else text[:at] + text[at + 1:] if how == 1 \
            else text[:at] + junk + text[at + 1:]
    return text


@FUZZ
@given(documents())
def test_the_fast_reader_gives_pyyamls_tree_or_leaves_it_to_pyyaml(text):
    got = fast(text)
    if got is None:
        return  # outside the subset: PyYAML reads it (and is the reference)
    assert got == reference(text), text


def test_every_shipped_workout_is_read_by_the_fast_reader_as_pyyaml_reads_it():
    from trackcue.workout import library_paths

    for path in library_paths():
        text = path.read_text(encoding="utf-8")
        assert fast(text) == reference(text), path


def test_what_the_fast_reader_leaves_to_pyyaml():
    for text in ("description: >\n  folded\nsteps: []\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a:\tb\n",
                 "a: 'two\n  lines'\n", 'a: "esc\\n"\n', "--- \na: 1\n", "? complex\n: key\n", "a: b: c\n"):
        assert fast(text) is None, text


# --- nothing but positioned problems, whatever the file holds ----------------------------------

STEP_VALUES = st.sampled_from([
    "200m in 38s", "2:00 -> 0:30", "8 x 200m", "same", "until lap", "400m at mile", "1mi @ 5K pace", "10min at T",
    "5:30-5:40/mi", "1'30\"", "60m", "200", "-5s", "0s", "10 x 400 at 6:00/mi", "[2:00, 1:00]", "3min each set",
    "20m easy", "1km at 4:30 min/km", "400m at zippy", "{until: 30min}", "99999 x 99999m", "1e9s", "nan", "inf min",
])


@st.composite
def workouts(draw: st.DrawFn) -> str:
    lines = ["params:", "  mile: 6:00", "  reps: " + draw(st.sampled_from(["4", "0", "10001", "x"]))]
    if draw(st.booleans()):
        lines += ["track: " + draw(st.sampled_from(["{lane: 3}", "{length: 200m}", "{lane: 0}", "[]"]))]
    lines.append("steps:")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["run", "jog", "warmup", "rest", "walk", "repeat", "include"]))
        if kind == "repeat":
            count = draw(st.sampled_from(["3", "reps", "{until: 10min}", "{until: 2km}", "0"]))
            lines += [f"  - repeat: {count}", "    every: " + draw(st.sampled_from(["2:00", "10s", "x"])),
                      "    steps:", f"      - run: {draw(STEP_VALUES)}", f"      - jog: {draw(STEP_VALUES)}"]
        elif kind == "include":
            lines.append("  - include: " + draw(st.sampled_from(["stretching", "../x", "/etc/passwd", "nowhere"])))
        else:
            lines.append(f"  - {kind}: {draw(STEP_VALUES)}")
            if draw(st.booleans()):
                lines.append("    say: " + draw(st.sampled_from(["'{rep} of {reps}'", "'{rep:>9}'", "'{next}'", "x{"])))
            if draw(st.booleans()):
                lines.append("    every: " + draw(st.sampled_from(["30s", "{1min: '{remaining}'}", "0s", "[1]"])))
    return "\n".join(lines) + "\n"


@FUZZ
@given(st.one_of(workouts(), st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
                 st.text(alphabet=string.printable + "é×→–", max_size=300)))
def test_any_file_ends_in_positioned_problems(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "w.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        compile_workout(parse_file(path), use_profile=False)
    except UserError as err:
        assert err.problems and all(p.message for p in err.problems)
