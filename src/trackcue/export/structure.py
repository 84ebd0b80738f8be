"""A Timeline folded back into steps and repeats, the shape watch and web formats describe.

The compiler unrolls every repeat into segments; formats like FIT and intervals.icu want the
repeats back. Each segment's ``blocks`` says which repeat (and which rep of it) it belongs to,
outermost first. Reps whose content is the same — ignoring start times, rep numbers and the
spoken texts that count reps — fold into one ``Repeat``; reps that differ (shrinking recoveries,
per-rep paces) stay written out. A block whose last rep only drops its trailing steps (usually
the final recovery) becomes a repeat of the full reps followed by the last rep written out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from trackcue.phrases import LABEL_SEPARATOR, describe_step
from trackcue.timeline import KIND_TITLE, Segment, Timeline
from trackcue.workout.importers.titles import kind_word


# Cues a format does not need: a watch starts and ends steps itself, and splits are written from
# the segment's own split marks (the spoken form is only the seconds).
UNSAID_KINDS = frozenset({"go", "finish", "split"})
START_KINDS = frozenset({"announce"})


@dataclass(frozen=True)
class Spoken:
    """A spoken cue of a step, ``after_s`` seconds after the step starts (0 = as it starts)."""

    after_s: float
    text: str


@dataclass(frozen=True)
class ExportStep:
    """One segment as a format writes it: its content, a title and what is said during it."""

    segment: Segment
    title: str
    spoken: tuple[Spoken, ...] = ()


@dataclass(frozen=True)
class Repeat:
    """``children`` done ``count`` times (``count`` >= 2); ``block`` is the workout's block id."""

    count: int
    children: tuple["Node", ...]
    block: str


Node = Union[ExportStep, Repeat]


@dataclass
class Structure:
    """The folded workout plus a line for each thing the folding left out."""

    nodes: tuple[Node, ...]
    approximations: list[str] = field(default_factory=list)


def build(timeline: Timeline) -> Structure:
    """Fold ``timeline`` into steps and repeats (pure: the timeline is not changed)."""
    spoken: dict[int, list[Spoken]] = {s.index: [] for s in timeline.segments}
    starts = {s.index: s.start_s for s in timeline.segments}
    for cue in timeline.cues:
        if cue.type == "speech" and cue.text and cue.segment in spoken and cue.kind not in UNSAID_KINDS:
            # An announcement belongs to the step's start, whether said before it or just after.
            at = 0.0 if cue.kind in START_KINDS else max(0.0, cue.at_s - starts[cue.segment])
            spoken[cue.segment].append(Spoken(round(at, 3), cue.text))
    steps = [ExportStep(s, watch_title(s), tuple(spoken[s.index])) for s in timeline.segments]
    notes: list[str] = []
    nodes = tuple(_fold(steps, 0, notes))
    return Structure(nodes, list(dict.fromkeys(notes)))  # an inner block folds once per outer rep


def watch_title(seg: Segment) -> str:
    """The name a watch or web format shows for a step: the workout's name for it, else its label
    (``phrases.describe_step``, as the compiler wrote it)."""
    return seg.name or seg.label or generic_title(seg)


def kind_title(step: ExportStep, title: str | None = None) -> str:
    """``title`` (default: the step's) after its kind when it names none and the kind is not a run
    (``Rest · Change``, ``Stretch · Hamstrings, left leg``): text formats have no step kinds, so
    the importer reads them here."""
    text = step.title if title is None else title
    kind = step.segment.kind
    if kind == "run" or kind_word(text) is not None:
        return text
    return f"{KIND_TITLE[kind]}{LABEL_SEPARATOR}{text}"


def generic_title(seg: Segment) -> str:
    """The step described from its content alone — no name, no effort words — the same in every rep
    whose content is alike: ``Run · 200 m in 38s``, ``Jog · 1:30`` (``phrases.describe_step``)."""
    return describe_step(seg._replace(name=None, effort=""))


def describe_repeat(node: Repeat) -> str:
    """The repeat as a runner would name it: ``8x ('Hill surge', 'Jog down')``."""
    titles = [s.title for s in flat_steps(node.children)]
    names = list(dict.fromkeys(titles))
    return f"{node.count}x (" + ", ".join(f"'{t}'" for t in names[:2]) + (", …" if len(names) > 2 else "") + ")"


def flat_steps(nodes: tuple[Node, ...]) -> list[ExportStep]:
    """Every step in the order it is run, repeats expanded."""
    out: list[ExportStep] = []
    for node in nodes:
        if isinstance(node, ExportStep):
            out.append(node)
        else:
            for _ in range(node.count):
                out.extend(flat_steps(node.children))
    return out


def _fold(steps: list[ExportStep], depth: int, notes: list[str]) -> list[Node]:
    """Nodes for ``steps``, all inside the same repeats down to ``depth``."""
    nodes: list[Node] = []
    i = 0
    while i < len(steps):
        blocks = steps[i].segment.blocks
        if len(blocks) <= depth:
            nodes.append(steps[i])
            i += 1
            continue
        j = i + 1
        while j < len(steps) and _same_instance(steps[j - 1], steps[j], depth):
            j += 1
        nodes.extend(_fold_block(steps[i:j], depth, notes))
        i = j
    return nodes


def _same_instance(prev: ExportStep, cur: ExportStep, depth: int) -> bool:
    """Does ``cur`` continue the block instance ``prev`` is in (same id, rep not going back)?"""
    if len(cur.segment.blocks) <= depth:
        return False
    (pid, prep, _), (cid, crep, _) = prev.segment.blocks[depth], cur.segment.blocks[depth]
    return pid == cid and crep >= prep


def _fold_block(steps: list[ExportStep], depth: int, notes: list[str]) -> list[Node]:
    """One block instance: its reps folded into a ``Repeat`` when they are alike."""
    block_id = steps[0].segment.blocks[depth][0]
    reps: list[list[ExportStep]] = []
    for step in steps:
        rep = step.segment.blocks[depth][1]
        if not reps or reps[-1][-1].segment.blocks[depth][1] != rep:
            reps.append([])
        reps[-1].append(step)
    trees = [_fold(r, depth + 1, notes) for r in reps]
    keys = [_key(t) for t in trees]
    if len(trees) >= 2 and all(k == keys[0] for k in keys):
        return [Repeat(len(trees), _merge(trees, notes), block_id)]
    # Alike except that the last rep stops early (no final recovery): repeat the full reps,
    # then write the last one out — exact, and the watch still shows the reps as a repeat.
    full, last = keys[:-1], keys[-1]
    if len(full) >= 2 and all(k == full[0] for k in full) and full[0][: len(last)] == last:
        merged = _merge(trees, notes, tail=len(last))
        size = len(full[0])
        return [Repeat(len(full), merged[:size], block_id), *merged[size:]]
    return [node for tree in trees for node in tree]


def _key(nodes: list[Node] | tuple[Node, ...]) -> tuple[object, ...]:
    """What makes reps alike: everything a watch shows or enforces, not when or which rep."""
    out: list[object] = []
    for node in nodes:
        if isinstance(node, Repeat):
            out.append(("repeat", node.count, _key(node.children)))
        else:
            s = node.segment
            out.append((
                s.kind, s.intensity, s.name, s.ends, _r(s.duration_s), _r(s.distance_m),
                _r(s.target_s), _r(s.pace_s_per_m, 6),
                tuple(_r(p, 6) for p in s.pace_range) if s.pace_range else None,
                tuple((_r(p.at_m), _r(p.after_s)) for p in s.splits), s.note,
            ))
    return tuple(out)


def _r(x: float | None, digits: int = 3) -> float | None:
    return None if x is None else round(x, digits)


def _merge(trees: list[list[Node]], notes: list[str], tail: int = 0) -> tuple[Node, ...]:
    """One rep standing for all of ``trees`` (alike by ``_key``): titles and cues they share.

    With ``tail``, the last tree is shorter (it stops after ``tail`` nodes): the result is the
    full rep followed by that short last rep, each node merged with its place in every rep.
    """
    dropped: list[str] = []
    full = trees[:-1] if tail else trees
    merged = _merge_nodes(full, dropped)
    what = describe_repeat(Repeat(len(full), merged, ""))
    if tail:
        # The last rep's own segments stand for it (rep number, start), merged with every rep.
        merged += _merge_nodes([trees[-1], *(t[:tail] for t in full)], dropped)
    if dropped:
        distinct = list(dict.fromkeys(dropped))
        texts = ", ".join(f"'{_short(t)}'" for t in distinct[:2]) + (", …" if len(distinct) > 2 else "")
        notes.append(f"{what}: spoken cues that change from rep to rep left out ({texts}); the watch counts the reps")
    return merged


def _short(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _merge_nodes(trees: list[list[Node]], dropped: list[str]) -> tuple[Node, ...]:
    out: list[Node] = []
    for column in zip(*trees):
        first = column[0]
        if isinstance(first, Repeat):
            children = _merge_nodes([list(n.children) for n in column], dropped)
            out.append(Repeat(first.count, children, first.block))
            continue
        titles = {n.title for n in column}
        title = first.title if len(titles) == 1 else generic_title(first.segment)
        shared = set(first.spoken).intersection(*(n.spoken for n in column[1:]))
        for n in column:
            dropped.extend(c.text for c in n.spoken if c not in shared)
        spoken = tuple(c for c in first.spoken if c in shared)
        out.append(ExportStep(first.segment, title, spoken))
    return tuple(out)


def pace_band(seg: Segment, tolerance: float) -> tuple[float, float] | None:
    """The (fast, slow) pace in seconds per metre a step aims for, or ``None`` for no target.

    A workout's own range is kept; a single pace (or a target time over a distance) is widened
    by ``tolerance`` (a fraction: 0.03 = 3 % either side).
    """
    if seg.pace_range and seg.pace_range[0] != seg.pace_range[1]:
        fast, slow = seg.pace_range
        return (min(fast, slow), max(fast, slow))
    pace = target_pace(seg)
    if pace is None:
        return None
    return (pace * (1 - tolerance), pace * (1 + tolerance))


def target_pace(seg: Segment) -> float | None:
    """The single pace a step aims for in seconds per metre (a range's middle), or ``None``."""
    if seg.pace_s_per_m:
        return seg.pace_s_per_m
    if seg.pace_range:
        return (seg.pace_range[0] + seg.pace_range[1]) / 2
    if seg.target_s and seg.distance_m:
        return seg.target_s / seg.distance_m
    return None
