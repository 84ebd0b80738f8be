"""The YAML that workouts are written in, read without PyYAML — or ``None`` to let PyYAML read it.

Importing PyYAML costs more than starting the interpreter (its reader alone compiles a Unicode
regex for 7 ms), and ``trackcue check`` has a budget of four interpreter starts. Workouts use a
small part of YAML: block mappings and sequences, one-line flow collections (``{default: 8,
min: 6}``, ``[2:00, 1:30]``), plain and quoted one-line scalars, comments. This module reads
exactly that part and gives the tree ``yamlsafe`` builds, positions included. Anything else —
anchors, tags, block scalars, multi-line scalars, escapes, tabs, unusual characters, and every
syntax error — makes it return ``None``, and ``yamlsafe.load`` asks PyYAML, which stays the
authority: tests/test_workout_fuzz.py checks that both give the same tree for generated files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trackcue.workout.yamlsafe import Builder, YNode

# Characters that cannot start a plain scalar (YAML 1.1 as PyYAML reads it; '-', '?', ':' only
# when followed by a space, checked apart).
_NOT_PLAIN_START = frozenset(",[]{}#&*!|>'\"%@`")
_FLOW_STOP = frozenset(",[]{}")


class _Bail(Exception):
    """Outside the subset: PyYAML must read this file."""


def read(text: str, builder: Builder) -> YNode | None:
    """The tree of ``text``, or ``None`` when it is outside the subset read here."""
    if "\t" in text or "\r" in text or not text.replace("\n", "").isprintable():
        return None
    try:
        return _Reader(text, builder).document()
    except _Bail:
        return None


class _Reader:
    def __init__(self, text: str, builder: Builder) -> None:
        self.b = builder
        self.raw = text.split("\n")
        self.next_raw = 0  # the raw lines before this one have been read into ``lines``
        self.lines: list[tuple[int, int, str]] = []  # (line number, indent, content without comment)
        self.i = 0

    def peek(self) -> tuple[int, int, str] | None:
        """The current line with content, or ``None`` at the end. Lines are prepared as they are
        reached: a file refused at its node limit is not read past it."""
        if self.i < len(self.lines):
            return self.lines[self.i]
        while len(self.lines) <= self.i:
            if self.next_raw >= len(self.raw):
                return None
            raw = self.raw[self.next_raw]
            self.next_raw += 1
            stripped = raw.lstrip(" ")
            if not stripped or stripped[0] == "#":
                continue
            if raw.startswith(("---", "...", "%")):
                raise _Bail
            self.lines.append((self.next_raw, len(raw) - len(stripped), _uncomment(raw)))
        return self.lines[self.i]

    def current(self) -> tuple[int, int, str]:
        here = self.peek()
        if here is None:
            raise _Bail
        return here

    def document(self) -> YNode | None:
        first = self.peek()
        if first is None:
            raise _Bail  # empty: yamlsafe says so, with PyYAML's view of it
        if first[1] != 0:
            raise _Bail
        node = self.block(0)
        if self.peek() is not None:
            raise _Bail  # something left over: a syntax error for PyYAML to describe
        return node

    # --- block context --------------------------------------------------------------------

    def block(self, indent: int) -> YNode:
        """The block node whose first line is the current one, at column ``indent`` (0-based)."""
        _line, _ind, content = self.current()
        if _is_dash(content, indent):
            return self.sequence(indent)
        if _key_end(content, indent) is not None:
            return self.mapping(indent)
        raise _Bail  # a bare scalar, or something PyYAML must judge

    def sequence(self, indent: int) -> YNode:
        line, _ind, content = self.current()
        start = (line, indent + 1)
        self.b.enter(*start)
        items: list[YNode] = []
        while (here := self.peek()) is not None:
            line, ind, content = here
            if ind != indent or not _is_dash(content, indent):
                if ind >= indent:
                    raise _Bail
                break
            after = indent + 1
            rest = content[after:].lstrip(" ")
            col = len(content) - len(rest)  # 0-based column of the item's content
            if not rest:
                self.i += 1
                items.append(self.nested(indent, line, after))
                continue
            if _is_dash(content, col):
                raise _Bail  # '- - x': nested inline sequences
            if _key_end(content, col) is not None:
                items.append(self.mapping(col, first_line_col=col))
                continue
            self.i += 1
            items.append(self.inline(content, col, line))
            self.no_continuation(indent)
        self.b.leave()
        return self.b.seq(items, *start)

    def mapping(self, indent: int, first_line_col: int | None = None) -> YNode:
        line, _ind, content = self.current()
        start = (line, indent + 1)
        self.b.enter(*start)
        pairs: list[tuple[YNode, YNode]] = []
        first = True
        while (here := self.peek()) is not None:
            line, ind, content = here
            if first and first_line_col is not None:
                ind = first_line_col  # '- key: value': the key sits after the dash
            if ind != indent:
                if ind > indent:
                    raise _Bail
                break
            first = False
            end = _key_end(content, indent)
            if end is None:
                raise _Bail
            key = self.key(content, indent, end, line)
            rest = content[end + 1:].lstrip(" ")
            col = len(content) - len(rest)
            self.i += 1
            if not rest:
                pairs.append((key, self.nested(indent, line, end + 1, allow_same_indent_seq=True)))
            else:
                pairs.append((key, self.inline(content, col, line)))
                self.no_continuation(indent)
        self.b.leave()
        return self.b.map(pairs, *start)

    def nested(self, indent: int, line: int, empty_col: int, allow_same_indent_seq: bool = False) -> YNode:
        """What follows 'key:' or '-' with nothing after it: a deeper block, or an empty value."""
        here = self.peek()
        if here is not None:
            _next_line, ind, content = here
            if ind > indent or (allow_same_indent_seq and ind == indent and _is_dash(content, ind)):
                return self.block(ind)
        return self.b.scalar("", False, line, empty_col + 1)

    def no_continuation(self, indent: int) -> None:
        """A deeper line after a one-line value would continue it (multi-line scalar): PyYAML's job."""
        here = self.peek()
        if here is not None and here[1] > indent:
            raise _Bail

    def key(self, content: str, start: int, end: int, line: int) -> YNode:
        text = content[start:end].rstrip(" ")
        if not text:
            raise _Bail
        if text[0] in "'\"":
            node, stop = _quoted(content, start, line, self.b)
            if content[stop:end].strip():
                raise _Bail
            return node
        if text[0] in _NOT_PLAIN_START or text[0] in "-?:" or text in ("<<", "=") or len(text) > 1000:
            raise _Bail
        return self.b.scalar(text, False, line, start + 1)

    def inline(self, content: str, col: int, line: int) -> YNode:
        """A value on the rest of a line: a quoted or plain scalar, or a one-line flow collection."""
        ch = content[col]
        if ch in "[{":
            node, stop = _Flow(content, line, self.b).node(col)
            if content[stop:].strip():
                raise _Bail
            return node
        if ch in "'\"":
            node, stop = _quoted(content, col, line, self.b)
            if content[stop:].strip():
                raise _Bail
            return node
        text = content[col:].rstrip(" ")
        if ch in _NOT_PLAIN_START or (ch in "-?:" and (len(text) == 1 or text[1] == " ")):
            raise _Bail
        if ": " in text or text.endswith(":") or text in ("<<", "="):
            raise _Bail  # 'a: b: c' is an error PyYAML explains
        return self.b.scalar(text, False, line, col + 1)


class _Flow:
    """A flow collection that opens and closes on one line."""

    def __init__(self, content: str, line: int, builder: Builder) -> None:
        self.s = content
        self.line = line
        self.b = builder

    def skip(self, i: int) -> int:
        while i < len(self.s) and self.s[i] == " ":
            i += 1
        if i >= len(self.s):
            raise _Bail  # the collection goes on to the next line
        return i

    def node(self, i: int) -> tuple[YNode, int]:
        ch = self.s[i]
        if ch == "[":
            return self.seq(i)
        if ch == "{":
            return self.map(i)
        if ch in "'\"":
            return _quoted(self.s, i, self.line, self.b)
        return self.plain(i)

    def plain(self, i: int) -> tuple[YNode, int]:
        s = self.s
        ch = s[i]
        if ch in _NOT_PLAIN_START or ch in "?:" or (ch == "-" and (i + 1 >= len(s) or s[i + 1] in " ,[]{}")):
            raise _Bail  # in a flow collection '?' and ':' always start a key or a value (PyYAML)
        j = i
        while j < len(s) and s[j] not in _FLOW_STOP:
            if s[j] == ":" and (j + 1 >= len(s) or s[j + 1] in " ,[]{}"):
                break
            j += 1
        text = s[i:j].rstrip(" ")
        if not text or text in ("<<", "="):
            raise _Bail
        return self.b.scalar(text, False, self.line, i + 1), i + len(text)

    def seq(self, i: int) -> tuple[YNode, int]:
        start = i
        self.b.enter(self.line, start + 1)
        items: list[YNode] = []
        i = self.skip(i + 1)
        while self.s[i] != "]":
            node, i = self.node(i)
            i = self.skip(i)
            if self.s[i] == ":":
                raise _Bail  # [a: b]: single-pair mappings in a sequence
            items.append(node)
            if self.s[i] == ",":
                i = self.skip(i + 1)
            elif self.s[i] != "]":
                raise _Bail
        self.b.leave()
        return self.b.seq(items, self.line, start + 1), i + 1

    def map(self, i: int) -> tuple[YNode, int]:
        start = i
        self.b.enter(self.line, start + 1)
        pairs: list[tuple[YNode, YNode]] = []
        i = self.skip(i + 1)
        while self.s[i] != "}":
            if self.s[i] in "[{":
                raise _Bail  # complex keys
            key, i = self.node(i)
            i = self.skip(i)
            if self.s[i] != ":" or not self.s.startswith(": ", i):
                raise _Bail  # a key without a value, or 'k:}' (PyYAML's own rules there)
            i = self.skip(i + 1)
            value: YNode
            if self.s[i] in ",}":
                value = self.b.scalar("", False, self.line, i + 1)
            else:
                value, i = self.node(i)
                i = self.skip(i)
            pairs.append((key, value))
            if self.s[i] == ",":
                i = self.skip(i + 1)
            elif self.s[i] != "}":
                raise _Bail
        self.b.leave()
        return self.b.map(pairs, self.line, start + 1), i + 1


def _quoted(s: str, i: int, line: int, builder: Builder) -> tuple[YNode, int]:
    """A one-line quoted scalar starting at ``s[i]``: single quotes double ``''``; no escapes."""
    quote = s[i]
    j = i + 1
    out = []
    while True:
        k = s.find(quote, j)
        if k < 0:
            raise _Bail  # goes on to the next line
        out.append(s[j:k])
        if quote == "'" and s.startswith("''", k):
            out.append("'")
            j = k + 2
            continue
        break
    text = "".join(out)
    if quote == '"' and "\\" in text:
        raise _Bail  # escapes: PyYAML decodes them
    return builder.scalar(text, True, line, i + 1), k + 1


def _uncomment(raw: str) -> str:
    """The line without a trailing comment (' #' outside quotes) and trailing spaces."""
    if "#" not in raw:
        return raw.rstrip(" ")
    quote = ""
    for i, ch in enumerate(raw):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"" and _value_start(raw, i):
            quote = ch
        elif ch == "#" and i > 0 and raw[i - 1] == " ":
            return raw[:i].rstrip(" ")
    if quote:
        raise _Bail
    return raw.rstrip(" ")


def _value_start(raw: str, i: int) -> bool:
    """Whether a quote at ``raw[i]`` opens a quoted scalar (inside a plain one it is just a character)."""
    before = raw[:i].rstrip(" ")
    return not before or before[-1] in "[{," or (before[-1] in ":-" and len(before) < i)


def _closing_quote(s: str, i: int) -> int:
    """Where the quoted scalar opening at ``s[i]`` closes on this line (``''`` inside single quotes is
    a quote), or -1."""
    quote, j = s[i], i + 1
    while True:
        k = s.find(quote, j)
        if k < 0 or not (quote == "'" and s.startswith("''", k)):
            return k
        j = k + 2


def _is_dash(content: str, col: int) -> bool:
    return content.startswith("-", col) and (len(content) == col + 1 or content[col + 1] == " ")


def _key_end(content: str, col: int) -> int | None:
    """Index of the ':' that ends a block mapping key starting at ``col``, or ``None``."""
    if col >= len(content):
        return None
    ch = content[col]
    if ch in "'\"":
        k = _closing_quote(content, col)
        if k < 0:
            return None
        rest = content[k + 1:]
        stripped = rest.lstrip(" ")
        if stripped.startswith(":") and (len(stripped) == 1 or stripped[1] == " "):
            return k + 1 + (len(rest) - len(stripped))
        return None
    if ch in "[{":
        return None
    k = content.find(":", col)
    while k >= 0:
        if k + 1 == len(content) or content[k + 1] == " ":
            return k
        k = content.find(":", k + 1)
    return None
