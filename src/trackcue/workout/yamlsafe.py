"""Safe YAML loading into a tree that remembers where every value was written.

PyYAML's composer (libyaml when available) builds the node graph; we convert it ourselves so
that plain scalars keep their text: a YAML 1.1 loader would read ``2:00`` as 120 and
``1:30:00`` as 5400 but leave ``0:30`` a string. Here all three stay the clock times the coach
wrote. No object is ever constructed from tags, aliases cannot expand without bound, and
duplicate keys are reported instead of silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

import yaml

try:  # libyaml is several times faster; fall back to the pure-Python composer
    _Loader = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

from trackcue.errors import Problem

# A workout has tens or hundreds of values; anything near this is an alias bomb.
MAX_NODES = 200_000
MAX_BYTES = 2_000_000


@dataclass
class Scalar:
    """A scalar exactly as written: ``text`` and whether it was quoted."""

    text: str
    quoted: bool
    line: int
    col: int

    @property
    def value(self) -> Any:
        """The plain value: int, float, bool, None or str (clock times stay strings)."""
        if self.quoted:
            return self.text
        return plain_value(self.text)


@dataclass
class Seq:
    items: list["YNode"]
    line: int
    col: int


@dataclass
class Map:
    """A mapping; ``keys`` keeps the key scalars for positions, in file order."""

    items: dict[str, "YNode"]
    keys: dict[str, Scalar]
    line: int
    col: int


YNode = Union[Scalar, Seq, Map]

_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}
_NULL = {"", "~", "null"}


def plain_value(text: str) -> Any:
    """Type an unquoted scalar like YAML 1.2's core schema does (no sexagesimal, no octal)."""
    low = text.strip().lower()
    if low in _NULL:
        return None
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    try:
        if low.lstrip("+-").isdigit():
            return int(low)
        if any(c.isdigit() for c in low) and ":" not in low:
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


def load(data: bytes, filename: str) -> YNode:
    """Parse ``data`` into a positioned tree; raise ``YamlProblem`` with every problem found."""
    text = _decode(data, filename)
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        raise YamlProblem([Problem("the file is empty", filename, 1, 1,
                                   "start with 'name:' and 'steps:'; see docs/workout-format.md")])
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        msg = (err.problem or err.context or "invalid YAML").strip()
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise YamlProblem([Problem(f"YAML syntax: {msg}", filename, line, col, _syntax_hint(msg))]) from None
    except yaml.YAMLError as err:  # e.g. reader errors on control characters
        raise YamlProblem([Problem(f"YAML syntax: {err}", filename, 1, 1)]) from None
    if root is None:
        raise YamlProblem([Problem("the file is empty", filename, 1, 1)])
    problems: list[Problem] = []
    counter = [0]
    tree = _convert(root, filename, problems, counter)
    if problems:
        raise YamlProblem(problems)
    return tree


def _decode(data: bytes, filename: str) -> str:
    if len(data) > MAX_BYTES:
        raise YamlProblem([Problem(f"the file is {len(data)} bytes; a workout is at most {MAX_BYTES}",
                                   filename, 1, 1, "is this the right file?")])
    if b"\x00" in data[:8192]:
        raise YamlProblem([Problem("this is a binary file, not a YAML workout", filename, 1, 1,
                                   "give the path of a .yaml workout")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        col = err.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem([Problem(f"the file is not UTF-8 (byte 0x{data[err.start]:02x})", filename, line, col,
                                   "save the file as UTF-8 in your editor")]) from None
    return text


def _syntax_hint(msg: str) -> str:
    if "tab" in msg:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in msg:
        return "quote text that contains ': ' (e.g. say: \"Rep 1: go\")"
    if "could not find expected ':'" in msg or "simple key" in msg:
        return "each line is 'key: value'; check the indentation above"
    return "check indentation and quoting around this line"


def _convert(node: yaml.Node, filename: str, problems: list[Problem], counter: list[int]) -> YNode:
    counter[0] += 1
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if counter[0] > MAX_NODES:
        if counter[0] == MAX_NODES + 1:
            problems.append(Problem(f"the file expands to more than {MAX_NODES} values (YAML aliases?)",
                                    filename, line, col, "write the steps out, or use 'repeat:'"))
        return Scalar("", False, line, col)
    if isinstance(node, yaml.ScalarNode):
        tag_ok = node.tag in _PLAIN_TAGS
        if not tag_ok:
            problems.append(Problem(f"YAML tag '{node.tag}' is not allowed", filename, line, col,
                                    "remove the '!' tag; workouts hold plain values only"))
        return Scalar(node.value, node.style not in (None, ""), line, col)
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
        problems.append(Problem(f"YAML tag '{node.tag}' is not allowed", filename, line, col,
                                "remove the '!' tag; workouts hold plain values only"))
    if isinstance(node, yaml.SequenceNode):
        return Seq([_convert(n, filename, problems, counter) for n in node.value], line, col)
    if isinstance(node, yaml.MappingNode):
        items: dict[str, YNode] = {}
        keys: dict[str, Scalar] = {}
        for knode, vnode in node.value:
            key = _convert(knode, filename, problems, counter)
            if not isinstance(key, Scalar):
                problems.append(Problem("a key must be a plain word", filename, key.line, key.col,
                                        "write 'key: value'"))
                continue
            name = key.text.strip()
            if name == "<<":
                problems.append(Problem("YAML merge keys ('<<') are not supported", filename, key.line, key.col,
                                        "use 'include:' to reuse steps from another file"))
                continue
            if name in items:
                first = keys[name]
                problems.append(Problem(f"'{name}' is given twice (first at line {first.line})", filename,
                                        key.line, key.col, "keep one of them"))
                continue
            items[name] = _convert(vnode, filename, problems, counter)
            keys[name] = key
        return Map(items, keys, line, col)
    problems.append(Problem("unsupported YAML node", filename, line, col))  # pragma: no cover
    return Scalar("", False, line, col)
