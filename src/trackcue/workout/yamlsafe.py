"""Safe YAML loading into a tree that remembers where every value was written.

Plain scalars keep their text: a YAML 1.1 loader would read ``2:00`` as 120 and ``1:30:00`` as
5400 but leave ``0:30`` a string. Here all three stay the clock times the coach wrote. No object
is ever constructed from tags, aliases cannot expand without bound, and duplicate keys are
reported instead of silently overwritten.

Two readers build the same tree through one ``Builder``: ``yamlfast`` reads the part of YAML
workouts are written in without importing PyYAML (it costs more than starting Python), and
PyYAML's composer (libyaml when available) reads everything else and explains every error.
"""

from __future__ import annotations

import os
import stat as pystat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from trackcue.errors import Problem

if TYPE_CHECKING:
    import yaml

# A workout has tens or hundreds of values (10 000 written steps are about 50 000): past this
# the file is refused where the limit is crossed, before the rest is even read.
MAX_NODES = 100_000
MAX_BYTES = 2_000_000
# How deep anything a user writes may nest: lists and mappings in a YAML file, repeat blocks and
# includes in a workout, repeat steps in an imported file (docs/workout-format.md, "Limits"). A
# coach's deepest is three or four; every reader and walker is recursive, so this bound is what
# keeps a hostile file (6 KB of '[') a one-line error instead of a RecursionError.
MAX_DEPTH = 50
# A repeat block takes two of those levels (its mapping and its 'steps:' list) below the workout's
# own two and above its innermost step: this many repeats, one inside another, fit in MAX_DEPTH.
# Includes count as repeats (the included steps sit one level deeper), and importers refuse a
# file whose repeats nest deeper than the workout they would write could be read.
MAX_REPEAT_DEPTH = (MAX_DEPTH - 3) // 2
DEEP_HINT = "a workout needs a few levels: flatten the nesting, or split it into files joined with 'include:'"


def too_deep(filename: str | None, line: int | None, col: int | None, what: str = "values",
             limit: int = MAX_DEPTH) -> Problem:
    """The one error for input nested past its bound, pointing at the level that crossed it."""
    return Problem(f"nested too deeply: {what} nest at most {limit} levels deep", filename, line, col, DEEP_HINT)


_UNTYPED = object()  # a Scalar's value not yet worked out


class Scalar:
    """A scalar exactly as written: ``text`` and whether it was quoted."""

    __slots__ = ("text", "quoted", "line", "col", "_value")

    def __init__(self, text: str, quoted: bool, line: int, col: int) -> None:
        self.text = text
        self.quoted = quoted
        self.line = line
        self.col = col
        self._value: Any = _UNTYPED

    @property
    def value(self) -> Any:
        """The plain value: int, float, bool, None or str (clock times stay strings)."""
        if self._value is _UNTYPED:
            self._value = self.text if self.quoted else plain_value(self.text)
        return self._value

    def __repr__(self) -> str:
        return f"Scalar({self.text!r}, quoted={self.quoted}, at {self.line}:{self.col})"


class Seq:
    __slots__ = ("items", "line", "col")

    def __init__(self, items: list[YNode], line: int, col: int) -> None:
        self.items = items
        self.line = line
        self.col = col

    def __repr__(self) -> str:
        return f"Seq({self.items!r}, at {self.line}:{self.col})"


class Map:
    """A mapping; ``keys`` keeps the key scalars for positions, in file order."""

    __slots__ = ("items", "keys", "line", "col")

    def __init__(self, items: dict[str, YNode], keys: dict[str, Scalar], line: int, col: int) -> None:
        self.items = items
        self.keys = keys
        self.line = line
        self.col = col

    def __repr__(self) -> str:
        return f"Map({self.items!r}, at {self.line}:{self.col})"


YNode = Union[Scalar, Seq, Map]

_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}
_NULL = {"", "~", "null"}
_NUMBER_START = frozenset("0123456789+-.")


def plain_value(text: str) -> Any:
    """Type an unquoted scalar like YAML 1.2's core schema does (no sexagesimal, no octal)."""
    low = text.strip().lower()
    if low in _NULL:
        return None
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    if low.lstrip("+-").isdigit():
        return int(low)
    if ":" not in low and low[:1] in _NUMBER_START and low.lstrip("+-.")[:1].isdigit():
        try:
            return float(low)
        except ValueError:
            pass
    return text


def to_plain(node: YNode) -> Any:
    """Drop positions: the value as ordinary Python data."""
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Seq):
        return [to_plain(i) for i in node.items]
    return {k: to_plain(v) for k, v in node.items.items()}


class YamlProblem(Exception):
    """The file could not be read as YAML at all."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = problems


class _Limit(Exception):
    """The node or depth limit was crossed (the problem is in ``Builder.problems``): stop reading."""


class Builder:
    """Makes the tree's nodes for either reader: counts them, reports duplicate and merge keys."""

    def __init__(self, filename: str, aliases: bool = False) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self.count = 0
        self.aliases = aliases  # whether the file uses aliases (named in the too-many message)
        self.depth = 0  # collections open around the one being read

    def enter(self, line: int, col: int) -> None:
        """A collection opens at ``line:col``; raise ``_Limit`` past ``MAX_DEPTH`` (call ``leave`` after)."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.problems.append(too_deep(self.filename, line, col))
            raise _Limit

    def leave(self) -> None:
        self.depth -= 1

    def _counted(self, line: int, col: int) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            why = " (YAML aliases repeat what they name)" if self.aliases else ""
            self.problems.append(Problem(f"the file holds more than {MAX_NODES} values{why}", self.filename,
                                         line, col, "write fewer steps, and use 'repeat:' for what repeats"))
            raise _Limit

    def scalar(self, text: str, quoted: bool, line: int, col: int) -> Scalar:
        self._counted(line, col)
        return Scalar(text, quoted, line, col)

    def seq(self, items: list[YNode], line: int, col: int) -> Seq:
        self._counted(line, col)
        return Seq(items, line, col)

    def map(self, pairs: list[tuple[YNode, YNode]], line: int, col: int) -> Map:
        self._counted(line, col)
        items: dict[str, YNode] = {}
        keys: dict[str, Scalar] = {}
        for key, value in pairs:
            if not isinstance(key, Scalar):
                self.problems.append(Problem("a key must be a plain word", self.filename, key.line, key.col,
                                             "write 'key: value'"))
                continue
            name = key.text.strip()
            if name == "<<":
                self.problems.append(Problem("YAML merge keys ('<<') are not supported", self.filename, key.line,
                                             key.col, "use 'include:' to reuse steps from another file"))
                continue
            if name in items:
                first = keys[name]
                self.problems.append(Problem(f"'{name}' is given twice (first at line {first.line})", self.filename,
                                             key.line, key.col, "keep one of them"))
                continue
            items[name] = value
            keys[name] = key
        return Map(items, keys, line, col)


def read_file(path: Path, display: str) -> bytes:
    """The bytes of a workout or plan file, its size checked before anything is read.

    Raises ``YamlProblem`` for a file over ``MAX_BYTES`` (a 2 GB file is refused from its size,
    not after reading it into memory) and ``OSError`` as ``open`` does.
    """
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        if pystat.S_ISREG(st.st_mode) and st.st_size > MAX_BYTES:
            raise YamlProblem([_too_big(st.st_size, display)])
        data = f.read(MAX_BYTES + 1)  # a pipe or device has no size: read no more than the limit
    if len(data) > MAX_BYTES:
        raise YamlProblem([_too_big(None, display)])
    return data


def _too_big(size: int | None, filename: str) -> Problem:
    what = f"{size} bytes" if size is not None else f"more than {MAX_BYTES} bytes"
    return Problem(f"the file is {what}; a workout is at most {MAX_BYTES}", filename, 1, 1, "is this the right file?")


def load(data: bytes, filename: str, *, fast: bool = True) -> YNode:
    """Parse ``data`` (UTF-8, with or without a byte-order mark) into a positioned tree; raise
    ``YamlProblem`` with every problem found.

    ``fast=False`` reads through PyYAML alone: the reference the fast reader is tested against.
    """
    from trackcue.workout import yamlfast

    text = _decode(data, filename)
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        raise YamlProblem([Problem("the file is empty", filename, 1, 1,
                                   "start with 'name:' and 'steps:'; see docs/workout-format.md")])
    builder = Builder(filename)
    try:
        tree = yamlfast.read(text, builder) if fast else None
        if tree is None:
            builder = Builder(filename)
            tree = _load_with_pyyaml(text, builder)
    except _Limit:
        raise YamlProblem(builder.problems) from None
    if builder.problems:
        raise YamlProblem(builder.problems)
    return tree


def _load_with_pyyaml(text: str, builder: Builder) -> YNode:
    import yaml

    try:  # libyaml is several times faster; fall back to the pure-Python composer
        loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on the PyYAML build
        loader = yaml.SafeLoader
    builder.aliases = "*" in text
    try:
        _check_depth(text, loader, builder)  # the composer and _convert recurse once per level
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        msg = (err.problem or err.context or "invalid YAML").strip()
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        if "nesting depth" in msg:  # libyaml's own bound (1000), met while tokens are read ahead
            raise YamlProblem([too_deep(builder.filename, line, col)]) from None
        hint = _syntax_hint(msg, text, line)
        raise YamlProblem([Problem(f"YAML syntax: {msg}", builder.filename, line, col, hint)]) from None
    except yaml.YAMLError as err:  # e.g. reader errors on control characters
        raise YamlProblem([Problem(f"YAML syntax: {err}", builder.filename, 1, 1)]) from None
    if root is None:
        raise YamlProblem([Problem("the file is empty", builder.filename, 1, 1)])
    return _convert(root, builder)


def _check_depth(text: str, loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader], builder: Builder) -> None:
    """Raise ``_Limit`` if collections nest past ``MAX_DEPTH``, reading the parser's events (which
    unlike the composer's nodes come without recursion)."""
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
                builder.problems.append(too_deep(builder.filename, line, col))
                raise _Limit
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _decode(data: bytes, filename: str) -> str:
    if len(data) > MAX_BYTES:
        raise YamlProblem([_too_big(len(data), filename)])
    if b"\x00" in data[:8192]:
        raise YamlProblem([Problem("this is a binary file, not a YAML workout", filename, 1, 1,
                                   "give the path of a .yaml workout")])
    if data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark (not the utf-8-sig codec: one more import)
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        col = err.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem([Problem(f"the file is not UTF-8 (byte 0x{data[err.start]:02x})", filename, line, col,
                                   "save the file as UTF-8 in your editor")]) from None
    return text


TAB_HINT = "indent with spaces, not tabs: YAML does not allow tabs in indentation"


def _syntax_hint(msg: str, text: str, line: int | None) -> str:
    lines = text.split("\n")
    near = lines[max(0, (line or 1) - 2):(line or 1)]
    if "\\t" in msg or "tab" in msg or any("\t" in ln[: len(ln) - len(ln.lstrip())] for ln in near):
        return TAB_HINT
    if "mapping values are not allowed" in msg:
        return "quote text that contains ': ' (e.g. say: \"Rep 1: go\")"
    if "could not find expected ':'" in msg or "simple key" in msg:
        return "each line is 'key: value'; check the indentation above"
    return "check indentation and quoting around this line"


def _convert(node: yaml.Node, builder: Builder) -> YNode:
    import yaml

    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if node.tag not in _PLAIN_TAGS:
        builder.problems.append(Problem(f"YAML tag '{node.tag}' is not allowed", builder.filename, line, col,
                                        "remove the '!' tag; workouts hold plain values only"))
    if isinstance(node, yaml.ScalarNode):
        return builder.scalar(node.value, node.style not in (None, ""), line, col)
    if isinstance(node, yaml.SequenceNode):
        seq = builder.seq([], line, col)  # counted first, as the file is read: the limit stops early
        builder.enter(line, col)  # an alias can put a deep node deeper than the file's text shows
        seq.items = [_convert(n, builder) for n in node.value]
        builder.leave()
        return seq
    if isinstance(node, yaml.MappingNode):
        builder.enter(line, col)
        pairs = [(_convert(k, builder), _convert(v, builder)) for k, v in node.value]
        builder.leave()
        return builder.map(pairs, line, col)
    builder.problems.append(Problem("unsupported YAML node", builder.filename, line, col))  # pragma: no cover
    return Scalar("", False, line, col)
