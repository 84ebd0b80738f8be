"""intervals.icu workout-builder text → a ``Draft``.

The syntax (intervals.icu's workout builder, as its forum guide gives it): one step per line,
``- [prompt] amount [target] [press lap]``. Amounts: ``30s``, ``10m`` (**m is minutes**),
``1h``, ``1m30s``, ``1m30``, ``5'``, ``30"``, ``1'30"``; distances ``400mtr``, ``2km``, ``0.4km``,
``1mi``. Pace targets end in ``Pace``: ``5:00/km Pace``, ``4:30-5:00/km Pace`` (units /km /mi
/400m /500m /250m /100m /100y), ``75% Pace`` and ``78-82% Pace`` (of threshold pace's speed),
``Z2 Pace`` and ``Z2-Z3 Pace`` (zones), ``ramp 60-80% Pace``; heart rate (``70% HR``, ``Z2 HR``,
``95% LTHR``), power (``75%``, ``220w``, ``Z2``) and cadence (``90rpm``) are read and reported.
A line ``Main set 5x`` or ``5x`` repeats the steps below it up to the next blank line (no repeat
inside a repeat); a ``Warmup`` or ``Cooldown`` header makes its steps warm-up or cool-down.
Text before the amount is the step's prompt, ``<!>`` ends it, and ``60^30 text`` inside it is
said 60 s into the step (shown for 30 s; ``60^ text`` leaves the time out).

Zones and percentages use the runner's threshold pace from the profile, with intervals.icu's
default run pace zones (share of threshold speed): Z1 up to 77.5 %, Z2 77.5–87.7, Z3 87.7–94.3,
Z4 94.3–100, Z5 100–103.4, Z6 103.4–111.5, Z7 from 111.5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trackcue.paces.runner import RunnerPaces
from trackcue.phrases import format_pace
from trackcue.timeline import StepKind
from trackcue.units import UnitError, parse_duration
from trackcue.workout.importers.draft import Draft, DraftNode, DraftRepeat, DraftStep, time_text
from trackcue.workout.importers.problems import ImportProblem, ImportProblems
from trackcue.workout.importers.titles import kind_word, read_title

MAX_LINE = 1000
MAX_LINES = 5000
MAX_REPEAT = 1000
# intervals.icu's default run pace zones, % of threshold speed; the open ends are one zone-width out.
PACE_ZONES = ((67.3, 77.5), (77.5, 87.7), (87.7, 94.3), (94.3, 100.0), (100.0, 103.4), (103.4, 111.5), (111.5, 119.6))
PACE_UNITS = {"km": 1000.0, "mi": 1609.344, "400m": 400.0, "500m": 500.0, "250m": 250.0, "100m": 100.0, "100y": 91.44}
_TIME = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$")
_TIME_MS = re.compile(r"^(\d+)m(\d+)$")
_TIME_QUOTE = re.compile(r"^(?:(\d+)')?(?:(\d+)\")?$")
_DIST = re.compile(r"^(\d+(?:\.\d+)?)(mtr|km|mi)$")
_CLOCK = r"\d+:\d\d(?:\.\d+)?"
_PACE = re.compile(rf"^({_CLOCK})(?:/([a-z0-9]+))?(?:-({_CLOCK})(?:/([a-z0-9]+))?)?$")
_PCT = re.compile(r"^(\d+(?:\.\d+)?)%?(?:-(\d+(?:\.\d+)?))?%$")
_ZONE = re.compile(r"^z(\d)(?:-z(\d))?$")
_PROMPT = re.compile(r"(?:(?<=\s)|^)(\d+)\^(?:(\d+)(?=\s))?\s*")
_HEADER_REPEAT = re.compile(r"^(.*?)\s*(\d+)\s*x$", re.I)
_ABOUT = re.compile(r",? about (\S+)$")
# ``intensity=`` words of intervals.icu and the step kind each means.
_INTENSITY_KIND: dict[str, StepKind] = {"warmup": "warmup", "cooldown": "cooldown", "recovery": "jog", "rest": "rest",
                                        "active": "run", "interval": "run"}


@dataclass
class _Line:
    number: int
    text: str


@dataclass
class _Block:
    """Steps under one header: a repeat (``count``) or a plain section (``kind`` for warm-up/cool-down)."""

    count: int = 1
    name: str | None = None
    kind: StepKind | None = None
    steps: list[DraftStep] = field(default_factory=list)


def read_intervals(data: bytes, source: str, name: str, runner: RunnerPaces) -> Draft:
    """Parse workout-builder text; raise ``ImportProblem`` with the line and column of what it cannot read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ImportProblem(f"the text is not UTF-8 (byte {err.start} is not)", "save the text as UTF-8") from None
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise ImportProblem(f"the text has {len(lines)} lines; a workout has at most {MAX_LINES}")
    draft = Draft(name=name, source=source, format="intervals.icu workout text", units=runner.units)
    parser = _Parser(runner, draft)
    parser.parse([_Line(i + 1, line) for i, line in enumerate(lines)])
    if parser.problems:  # every bad line, not only the first
        raise ImportProblems(parser.problems)
    if not draft.steps:
        raise ImportProblem("no steps found: a step is a line like '- 10m 5:00/km Pace'",
                            "write each step on its own line starting with '- '", 1, 1)
    return draft


class _Parser:
    def __init__(self, runner: RunnerPaces, draft: Draft) -> None:
        self.runner = runner
        self.draft = draft
        self.threshold_used = False
        self.description: list[str] = []
        self.problems: list[ImportProblem] = []  # one per bad line; the lines after it are read on

    def parse(self, lines: list[_Line]) -> None:
        block: _Block | None = None
        for i, line in enumerate(lines):
            raw = line.text.strip()
            if len(line.text) > MAX_LINE:
                self.problems.append(ImportProblem(f"the line is {len(line.text)} characters long; at most {MAX_LINE}",
                                                   "split it: one step per line", line.number, 1))
                continue
            if not raw:
                self._close(block)
                block = None
                continue
            try:
                if raw.startswith("-"):
                    block = block or _Block()
                    block.steps.append(self._step(line, block))
                    continue
                following = next((ln.text.strip() for ln in lines[i + 1:]), "")
                if not following.startswith("-"):
                    self.description.append(raw)  # free text, not a header
                    continue
                self._close(block)
                block = None
                block = self._header(line, raw)
            except ImportProblem as err:
                self.problems.append(err if err.line is not None else ImportProblem(err.message, err.hint, line.number, 1))
            except UnitError as err:  # a value on this line that is no time, pace or distance ('9:99/km')
                self.problems.append(ImportProblem(err.message, err.hint or "", line.number, 1))
        self._close(block)
        self.draft.description = " ".join(self.description)
        if self.threshold_used:
            t = self.runner.get("T")
            assert t is not None
            unit = "mi" if self.runner.units == "imperial" else "km"
            self.draft.notes.append(f"percentages and zones are of threshold pace T {format_pace(t.sec_per_m, unit)} ({t.source})")

    def _header(self, line: _Line, raw: str) -> _Block:
        match = _HEADER_REPEAT.match(raw)
        if match:
            count = int(match.group(2))
            label = match.group(1).strip()
            if not 1 <= count <= MAX_REPEAT:
                raise ImportProblem(f"'{raw}' repeats {count} times", f"give 1 to {MAX_REPEAT} repeats, e.g. '{label or 'Main set'} 8x'",
                                    line.number, 1)
            kind = kind_word(label) if label else None
            return _Block(count, label or None, kind if kind in ("warmup", "cooldown") else None)
        kind = kind_word(raw)
        return _Block(1, raw, kind if kind in ("warmup", "cooldown") else None)

    def _close(self, block: _Block | None) -> None:
        if block is None or not block.steps:
            return
        if block.count > 1 and len(block.steps) >= 2 and block.kind is None:
            _recoveries(block.steps)
        nodes: list[DraftNode] = list(block.steps)
        if block.count > 1:
            name = block.name if block.name and block.kind is None else None
            self.draft.steps.append(DraftRepeat(block.count, nodes, name))
        else:
            self.draft.steps.extend(nodes)

    def _step(self, line: _Line, block: _Block) -> DraftStep:
        content = line.text.strip()[1:]
        offset = len(line.text) - len(line.text.lstrip()) + 2
        if "<!>" in content:
            prompt, _, spec = content.partition("<!>")
            spec_col = offset + len(prompt) + 3
        else:
            found = _split(content, offset)
            if found is None:
                raise ImportProblem("the step has no time or distance",
                                    "give one, e.g. '10m' (minutes), '90s' or '400mtr'", line.number,
                                    offset + len(content) - len(content.lstrip()))
            prompt, spec, spec_col = found
        step = DraftStep(kind=block.kind or "run", ends="time")
        title, timed = _prompts(prompt)
        self._spec(step, spec, line.number, spec_col)
        self._title(step, title, block)
        for at, text in timed:
            size = step.duration_s or 0.0
            if step.ends == "time" and at >= size:
                step.approximations.append(f"prompt '{text}' at {time_text(at)} comes after the step ends; left out")
            elif text:
                step.at.append((time_text(at), text))
        return step

    def _title(self, step: DraftStep, text: str, block: _Block) -> None:
        about = _ABOUT.search(text)
        if about and step.ends == "lap" and step.target_s is None:
            try:
                step.duration_s = parse_duration(about.group(1))
                text = text[: about.start()].rstrip()
            except ValueError:
                pass
        note = re.search(r" \(([^()]*)\)$", text)
        if note:
            step.note, text = note.group(1).strip() or None, text[: note.start()].rstrip()
        title = read_title(text, step.kind)
        if title.kind is not None and block.kind is None:
            step.kind = title.kind
        step.name = title.name
        step.effort = title.effort
        value = title.value
        if value is not None and value.ends == "lap" and step.ends == "lap" and step.distance_m is None:
            step.distance_m = value.distance_m

    def _spec(self, step: DraftStep, spec: str, number: int, col: int) -> None:
        tokens = [(m.group(0), col + m.start()) for m in re.finditer(r"\S+", spec)]
        words = [t.lower() for t, _ in tokens]
        amount = False
        i = 0
        while i < len(tokens):
            word, at = words[i], tokens[i][1]
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if word == "press" and nxt == "lap":
                step.ends = "lap"
                i += 2
                continue
            if word in ("ramp", "freeride"):
                if word == "freeride":
                    step.approximations.append("freeride: no target")
                i += 1
                continue
            if word.startswith("intensity="):
                kind = _INTENSITY_KIND.get(word.split("=", 1)[1])
                if kind:
                    step.kind = kind
                i += 1
                continue
            if not amount and self._amount(step, word, number, at):
                amount = True
                i += 1
                continue
            used = self._target(step, words, i, number, at, "ramp" in words)
            if used:
                i += used
                continue
            raise ImportProblem(f"cannot read '{tokens[i][0]}' in this step",
                                "a step is '- [prompt] amount [target] [press lap]', e.g. '- 400mtr 3:45/km Pace press lap'",
                                number, at)
        if not amount:
            raise ImportProblem("the step has no time or distance", "give one, e.g. '10m' (minutes), '90s' or '400mtr'",
                                number, col)
        if step.distance_m is not None and step.pace is not None and step.pace_range is None:
            step.target_s = round(step.distance_m * step.pace, 1)

    def _amount(self, step: DraftStep, word: str, number: int, col: int) -> bool:
        dist = _DIST.match(word)
        if dist:
            value = float(dist.group(1)) * {"mtr": 1.0, "km": 1000.0, "mi": 1609.344}[dist.group(2)]
            if not 0 < value <= 100_000:
                raise ImportProblem(f"'{word}' is not a distance a runner runs", "give more than 0 and at most 100km, e.g. 400mtr",
                                    number, col)
            step.distance_m, step.ends = value, "lap"
            return True
        seconds = _seconds(word)
        if seconds is None:
            return False
        minutes = re.fullmatch(r"(\d+(?:\.\d+)?)m", word)
        if minutes and float(minutes.group(1)) >= 200:
            raise ImportProblem(f"'{word}' is {minutes.group(1)} minutes in intervals.icu text ('m' is minutes)",
                                f"for metres write {minutes.group(1)}mtr", number, col)
        if not 0 < seconds <= 86_400:
            raise ImportProblem(f"'{word}' is not a time a step can last", "give more than 0 and at most 24h, e.g. 10m or 90s",
                                number, col)
        if minutes and float(minutes.group(1)) >= 100:
            step.notes.append(f"'{word}' is {minutes.group(1)} minutes ('m' is minutes in intervals.icu text; metres are 'mtr')")
        step.duration_s = seconds
        return True

    def _target(self, step: DraftStep, words: list[str], i: int, number: int, col: int, ramp: bool) -> int:
        """Read a target starting at ``words[i]``; return how many words it used (0: not a target)."""
        word, nxt = words[i], words[i + 1] if i + 1 < len(words) else ""
        nxt2 = words[i + 2] if i + 2 < len(words) else ""
        if re.fullmatch(r"\d+(?:-\d+)?rpm", word):
            step.approximations.append(f"cadence {word}: trackcue has no cadence targets")
            return 1
        if re.fullmatch(r"\d+(?:-\d+)?w", word) or re.fullmatch(r"cz\d(?:-cz\d)?", word):
            step.approximations.append(f"power target {word}: trackcue has no power targets; played without a target")
            return 1
        pace = _PACE.match(word)
        if pace and nxt == "pace":
            self._absolute_pace(step, pace, word, number, col)
            if ramp:
                step.approximations.append(f"a ramp {word}: played as that pace range")
            return 2
        pct = _PCT.match(word)
        zone = _ZONE.match(word)
        if (pct or zone) and nxt in ("hr", "lthr"):
            step.approximations.append(f"heart-rate target {word} {nxt.upper()}: trackcue has no heart-rate targets; "
                                       "played without a target")
            return 2
        if pct and nxt == "mmp":
            step.approximations.append(f"power target {word} MMP: trackcue has no power targets; played without a target")
            return 3 if _seconds(nxt2) is not None else 2
        if (pct or zone) and nxt == "pace":
            if pct is not None:
                low, high = float(pct.group(1)), float(pct.group(2) or pct.group(1))
            else:
                assert zone is not None
                low, high = _zones(zone, number, col)
            self._relative_pace(step, low, high, f"{word} Pace".replace("z", "Z"))
            if ramp:
                step.approximations.append(f"a ramp {word} Pace: played as that pace range")
            return 2
        if pct or zone:
            step.approximations.append(f"power target {word.upper() if zone else word}: trackcue has no power targets; "
                                       "played without a target")
            return 1
        return 0

    def _absolute_pace(self, step: DraftStep, match: re.Match[str], word: str, number: int, col: int) -> None:
        fast_text, unit1, slow_text, unit2 = match.groups()
        unit = unit2 or unit1
        if unit is None:
            unit = "mi" if self.runner.units == "imperial" else "km"
            step.notes.append(f"'{word} Pace' has no unit: read as /{unit}, your profile's units")
        if unit not in PACE_UNITS:
            raise ImportProblem(f"unknown pace unit '/{unit}'", "use /km, /mi, /400m, /500m, /250m, /100m or /100y",
                                number, col)
        metres = PACE_UNITS[unit]
        paces = sorted(parse_duration(t) / metres for t in (fast_text, slow_text) if t)
        if not (0.1 <= paces[0] and paces[-1] <= 2.0):
            raise ImportProblem(f"the pace '{word}' is impossible for a runner", "check the pace and its unit", number, col)
        if len(paces) == 2 and paces[0] != paces[1]:
            step.pace_range = (paces[0], paces[1])
        else:
            step.pace = paces[0]

    def _relative_pace(self, step: DraftStep, low: float, high: float, what: str) -> None:
        found = self.runner.get("T")
        if found is None:
            raise ImportProblem(f"'{what}' is a share of your threshold pace, and your profile has none",
                                "set it with 'trackcue profile set T=4:15/km', or give a race time such as "
                                "'trackcue profile set 5k=20:00'")
        self.threshold_used = True
        low, high = sorted((low, high))
        if low <= 0:
            raise ImportProblem(f"'{what}' is no speed", "give a share above 0 %")
        fast, slow = found.sec_per_m * 100 / high, found.sec_per_m * 100 / low
        if abs(fast - slow) < 1e-9:
            step.pace = fast
        else:
            step.pace_range = (fast, slow)


def _zones(match: re.Match[str], number: int, col: int) -> tuple[float, float]:
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if not 1 <= first <= last <= len(PACE_ZONES):
        raise ImportProblem(f"pace zone Z{first}{'-Z' + str(last) if last != first else ''} does not exist",
                            f"intervals.icu's run pace zones are Z1 to Z{len(PACE_ZONES)}", number, col)
    return PACE_ZONES[first - 1][0], PACE_ZONES[last - 1][1]


def _recoveries(steps: list[DraftStep]) -> None:
    """In a repeat, the steps that are not its work are its recoveries: with a target, the work is
    the fastest and a step 15 % slower or more is a recovery; a step without a target after one
    with a target is a recovery too. Steps whose words name their kind keep it."""
    paces = [_mid(s) for s in steps]
    fastest = min((p for p in paces if p is not None), default=None)
    if fastest is None:
        return
    for i, (step, pace) in enumerate(zip(steps, paces)):
        if step.kind != "run" or (step.name and kind_word(step.name)):
            continue
        after_work = i > 0 and paces[i - 1] is not None
        if (pace is None and after_work) or (pace is not None and pace >= fastest * 1.15):
            step.kind = "jog"


def _mid(step: DraftStep) -> float | None:
    if step.pace_range is not None:
        return sum(step.pace_range) / 2
    return step.pace


def _split(content: str, offset: int) -> tuple[str, str, int] | None:
    """Prompt and spec of a step without ``<!>``: the spec starts at the first amount (None: no amount)."""
    for match in re.finditer(r"\S+", content):
        word = match.group(0).lower()
        if "^" in word:
            continue
        if _DIST.match(word) or _seconds(word) is not None:
            return content[: match.start()], content[match.start():], offset + match.start()
    return None


def _prompts(prompt: str) -> tuple[str, list[tuple[float, str]]]:
    """The title and the timed prompts (seconds, text) of a prompt text."""
    parts = _PROMPT.split(" " + prompt.strip())
    title = " ".join(parts[0].split())
    timed: list[tuple[float, str]] = []
    for k in range(1, len(parts) - 2, 3):
        timed.append((float(parts[k]), " ".join(parts[k + 2].split())))
    return title, timed


def _seconds(word: str) -> float | None:
    """``30s``, ``10m`` (minutes), ``1h``, ``1m30s``, ``1m30``, ``5'``, ``30"``, ``1'30"`` in seconds, or None."""
    if not word or word[0] == "-":
        return None
    m = _TIME.match(word)
    if m and any(m.groups()):
        h, mi, s = (float(g) if g else 0.0 for g in m.groups())
        return h * 3600 + mi * 60 + s
    m2 = _TIME_MS.match(word)
    if m2:
        return int(m2.group(1)) * 60 + float(m2.group(2))
    m3 = _TIME_QUOTE.match(word)
    if m3 and any(m3.groups()):
        return float(m3.group(1) or 0) * 60 + float(m3.group(2) or 0)
    return None
