"""The closed grammar of spoken templates (``say: "Rep {rep} of {reps}, {target}"``).

    template := ( text | "{{" | "}}" | "{" field "}" )*
    field    := one of TEMPLATE_FIELDS (rep, reps, set, … next, remaining)

Nothing else: no format specs (``{kind:>999999999}`` would pad to a gigabyte), no conversions,
no indexes or attributes, no positional fields. A template is checked once, where the workout is
read, so a mistake is reported once with its position instead of once per rep; rendering is a
join of literal text and the values of the named fields.
"""

from __future__ import annotations

from typing import Mapping

from trackcue.units import UnitError
from trackcue.workout.language import TEMPLATE_FIELDS

# A parsed template: literal text and field names alternate, starting and ending with text.
Template = tuple[str, ...]


class TemplateError(UnitError):
    """A template outside the grammar; ``offset`` is the 0-based index in the text of the fault."""

    def __init__(self, message: str, hint: str, offset: int) -> None:
        super().__init__(message, hint)
        self.offset = offset


def fields_hint() -> str:
    """The placeholders a template may use, for hints."""
    return "placeholders: " + " ".join("{" + name + "}" for name in TEMPLATE_FIELDS)


def parse_template(text: str) -> Template:
    """Split ``text`` into literal parts and field names; raise ``TemplateError`` outside the grammar."""
    parts: list[str] = []
    literal: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "}":
            if text.startswith("}}", i):
                literal.append("}")
                i += 2
                continue
            raise TemplateError(f"a lone '}}' in '{text}'", "a literal brace is written {{ or }}", i)
        if ch != "{":
            literal.append(ch)
            i += 1
            continue
        if text.startswith("{{", i):
            literal.append("{")
            i += 2
            continue
        close = text.find("}", i + 1)
        if close < 0:
            raise TemplateError(f"'{{' without '}}' in '{text}'", "close it: {rep}; a literal brace is {{", i)
        name = text[i + 1:close]
        if name not in TEMPLATE_FIELDS:
            raise TemplateError(_bad_field(name), fields_hint(), i)
        parts.append("".join(literal))
        parts.append(name)
        literal = []
        i = close + 1
    parts.append("".join(literal))
    return tuple(parts)


def _bad_field(name: str) -> str:
    base = name.split(":", 1)[0].split("!", 1)[0].split(".", 1)[0].split("[", 1)[0].strip()
    if base in TEMPLATE_FIELDS and base != name:
        return f"'{{{name}}}': a placeholder is a plain name, without formatting"
    if not name.strip():
        return "an empty placeholder '{}'"
    return f"unknown placeholder {{{name}}}"


def fields_of(template: Template) -> tuple[str, ...]:
    """The field names a parsed template uses, in order."""
    return template[1::2]


def render(template: Template, values: Mapping[str, str]) -> str:
    """The text with each field replaced by ``values[field]`` (every field must be present)."""
    if len(template) == 1:
        return template[0]
    out: list[str] = []
    for i, part in enumerate(template):
        out.append(_in_sentence(values[part], "".join(out)) if i % 2 else part)
    return "".join(out)


def _in_sentence(value: str, before: str) -> str:
    """``value`` as it reads after ``before``: a field mid-sentence starts lower-case ("Next, jog,
    one thirty"), one at the start of a sentence keeps its capital; a word in capitals (``RPE``) stays."""
    head = before.rstrip()
    mid_sentence = bool(head) and head[-1] not in ".!?"
    first = value.split(" ", 1)[0].rstrip(",.")
    if mid_sentence and value[:1].isupper() and not first.isupper():
        return value[0].lower() + value[1:]
    return value
