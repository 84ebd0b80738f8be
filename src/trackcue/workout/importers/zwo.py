"""Zwift workout files (``.zwo``, run workouts) → a ``Draft``, parsed with defusedxml.

The format (as Zwift's own files use it; tag reference: github.com/h4l/zwift-workout-file-reference):
a ``<workout_file>`` with ``<name>``, ``<description>``, ``<sportType>run</sportType>``, an optional
``<durationType>distance</durationType>`` (every ``Duration`` is then metres, else seconds) and a
``<workout>`` of blocks — ``SteadyState`` (``Power``), ``Warmup``/``Cooldown``/``Ramp`` (a ramp
from ``PowerLow`` to ``PowerHigh``), ``IntervalsT`` (``Repeat`` × ``OnDuration`` at ``OnPower`` then
``OffDuration`` at ``OffPower``), ``FreeRide`` (no target) and ``MaxEffort`` — each holding
``<textevent timeoffset=… message=…>`` (or ``distoffset`` in metres). In a run workout a power is
a fraction of the runner's threshold *speed*: 1.0 is threshold pace, 0.8 is 80 % of its speed.
trackcue takes threshold pace from the runner's profile (``T``, given or derived), else from the
file's ``<thresholdSecPerKm>``.

defusedxml refuses DTDs, entities and external references, so an entity bomb or an external
entity is an error, not a hang.
"""

from __future__ import annotations

import math
from xml.etree.ElementTree import Element, ParseError

from trackcue.paces.runner import RunnerPaces
from trackcue.phrases import format_pace
from trackcue.timeline import StepKind
from trackcue.units import UnitError
from trackcue.workout.importers.draft import Draft, DraftNode, DraftRepeat, DraftStep, time_text
from trackcue.workout.importers.problems import ImportProblem, ImportProblems
from trackcue.workout.importers.titles import Title, read_title

MAX_BLOCKS = 2000
MAX_REPEAT = 1000
KNOWN = {"steadystate", "warmup", "cooldown", "ramp", "intervalst", "freeride", "maxeffort", "textevent"}


class _Reference:
    """Threshold pace (seconds per metre) and where it came from, fetched only when a block needs it."""

    def __init__(self, runner: RunnerPaces, file_threshold: float | None) -> None:
        self.runner = runner
        self.file_threshold = file_threshold
        self.used: str | None = None

    def pace(self) -> float:
        found = self.runner.get("T")
        if found is not None:
            self.used = f"threshold pace T {format_pace(found.sec_per_m, _unit(self.runner))} ({found.source})"
            return found.sec_per_m
        if self.file_threshold is not None:
            self.used = f"threshold pace {format_pace(self.file_threshold, _unit(self.runner))} (the file's thresholdSecPerKm)"
            return self.file_threshold
        raise ImportProblem("the workout's targets are fractions of your threshold pace, and your profile has none",
                            "set it with 'trackcue profile set T=4:15/km', or give a race time such as 'trackcue profile set 5k=20:00'",
                            whole_file=True)


def read_zwo(data: bytes, source: str, name: str, runner: RunnerPaces) -> Draft:
    """Parse a Zwift run workout; raise ``ImportProblem`` for unsafe XML or a bike workout, and
    ``ImportProblems`` naming every bad block with its line and column."""
    root, positions = _parse(data)
    if root.tag != "workout_file":
        raise ImportProblem(f"the XML's root is <{root.tag}>, not <workout_file>: this is no Zwift workout",
                            "give a .zwo file")
    sport = (_child_text(root, "sportType") or "").strip().lower()
    if sport != "run":
        raise ImportProblem(f"this is a Zwift {'bike' if sport in ('', 'bike') else sport} workout: its targets are power, not pace",
                            "give a run workout (<sportType>run</sportType>)")
    by_distance = (_child_text(root, "durationType") or "").strip().lower() == "distance"
    threshold = _float(_child_text(root, "thresholdSecPerKm"))
    ref = _Reference(runner, threshold / 1000 if threshold and 60 <= threshold <= 1200 else None)
    draft = Draft(name=(_child_text(root, "name") or "").strip() or name, source=source,
                  format="a Zwift workout file", units=runner.units,
                  description=" ".join((_child_text(root, "description") or "").split()))
    workout = root.find("workout")
    if workout is None:
        raise ImportProblem("the file has no <workout> section", "give a .zwo file with workout blocks")
    blocks = list(workout)
    if len(blocks) > MAX_BLOCKS:
        raise ImportProblem(f"the workout has {len(blocks)} blocks; trackcue reads at most {MAX_BLOCKS}")
    reader = _Reader(ref, by_distance, draft)
    problems: list[ImportProblem] = []
    for block in blocks:
        try:
            reader.block(block)
        except ImportProblem as err:  # the blocks after a bad one are read on: every problem at once
            if err.whole_file:
                raise
            line, col = positions.get(id(block), (None, None))
            problems.append(ImportProblem(err.message, err.hint, line, col))
        except UnitError as err:  # a value in this block that is no time, pace or distance
            line, col = positions.get(id(block), (None, None))
            problems.append(ImportProblem(err.message, err.hint or "", line, col))
    if problems:
        raise ImportProblems(problems)
    if not draft.steps:
        raise ImportProblem("the workout has no blocks trackcue can play", "add SteadyState, IntervalsT or FreeRide blocks")
    if ref.used:
        draft.notes.append(f"Zwift targets are fractions of threshold speed; here: {ref.used}")
    return draft


def _parse(data: bytes) -> tuple[Element, dict[int, tuple[int, int]]]:
    """The root, and where each element starts (line, 1-based column) by ``id``: errors point at it."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    positions: dict[int, tuple[int, int]] = {}

    class _Positioned(DefusedXMLParser):  # type: ignore[misc]  # (defusedxml ships no types)
        def _start(self, tag: str, attr_list: list[str]) -> Element:
            elem: Element = super()._start(tag, attr_list)
            positions[id(elem)] = (self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)
            return elem

    try:
        parser = _Positioned(forbid_dtd=True)
        parser.feed(data)
        root: Element = parser.close()
    except DefusedXmlException:
        raise ImportProblem("the XML declares a DTD or entities, which a Zwift workout never does (refused: they can "
                            "expand without bound)", "give the .zwo file as Zwift or the workout editor wrote it") from None
    except ParseError as err:
        line, col = err.position
        raise ImportProblem(f"the file is not well-formed XML ({str(err).split(':')[0]})",
                            "give a .zwo file as Zwift or the workout editor wrote it", line, col + 1) from None
    return root, positions


class _Reader:
    def __init__(self, ref: _Reference, by_distance: bool, draft: Draft) -> None:
        self.ref = ref
        self.by_distance = by_distance
        self.draft = draft

    def block(self, el: Element) -> None:
        tag = el.tag.lower()
        if tag not in KNOWN:
            self.draft.approximations.append(f"Zwift block <{el.tag}> is not a running step; left out")
            return
        if tag == "textevent":
            self.draft.approximations.append(f"a message outside any block left out: {_attr(el, 'message') or ''}")
            return
        if tag == "intervalst":
            self.draft.steps.append(self._intervals(el))
            return
        amount = self._amount(el, "Duration")
        if tag in ("warmup", "cooldown", "ramp"):
            low, high = self._fraction(el, "PowerLow"), self._fraction(el, "PowerHigh")
            kind: StepKind = "warmup" if tag == "warmup" else "cooldown" if tag == "cooldown" else "run"
            step = self._step(kind, amount, low, high, el)
            if low is not None and high is not None and abs(low - high) > 1e-6:
                step.approximations.append(f"a ramp from {low:.0%} to {high:.0%} of threshold speed: played as that pace range")
        elif tag == "steadystate":
            low, high = self._fraction(el, "PowerLow"), self._fraction(el, "PowerHigh")
            if low is None or high is None:  # a range when the file gives one, else the single Power
                power = self._fraction(el, "Power")
                low, high = (power, power) if power is not None else (low if low is not None else high,) * 2
            step = self._step(None, amount, low, high, el)
        else:  # FreeRide, MaxEffort: the runner chooses the speed
            step = self._step(None, amount, None, None, el)
            if tag == "maxeffort":
                step.approximations.append("a max effort: no pace target")
        self.draft.steps.append(step)

    def _intervals(self, el: Element) -> DraftNode:
        count = int(self._number(el, "Repeat", default=1))
        if not 1 <= count <= MAX_REPEAT:
            raise ImportProblem(f"IntervalsT Repeat=\"{count}\" is out of range", f"give 1 to {MAX_REPEAT} repeats")
        on_power = self._fraction(el, "OnPower")
        on = (on_power, on_power) if on_power is not None else (self._fraction(el, "PowerOnLow"), self._fraction(el, "PowerOnHigh"))
        off_power = self._fraction(el, "OffPower")
        off = (off_power, off_power) if off_power is not None else (self._fraction(el, "PowerOffLow"), self._fraction(el, "PowerOffHigh"))
        work = self._step("run", self._amount(el, "OnDuration"), on[0], on[1], el)
        steps: list[DraftNode] = [work]
        off_amount = self._number(el, "OffDuration", default=0.0)
        if off_amount > 0:
            steps.append(self._step("jog", self._amount(el, "OffDuration"), off[0], off[1], None))
        if count == 1:
            self.draft.steps.extend(steps[:-1])
            return steps[-1]
        return DraftRepeat(count, steps)

    def _step(self, kind: StepKind | None, amount: float, low: float | None, high: float | None, el: Element | None) -> DraftStep:
        """A step of ``amount`` (seconds, or metres in a distance workout) at a fraction range of threshold speed."""
        events = [(self._offset(ev), _attr(ev, "message") or "") for ev in (el if el is not None else []) if ev.tag.lower() == "textevent"]
        first = next((text for off, text in events if off is not None and off[0] == 0 and text.strip()), None)
        title = read_title(first, kind or "run") if first else None
        if kind is None:
            kind = (title.kind if title and title.kind else None) or ("run" if low is None or max(low, high or low) >= 0.8 else "jog")
        step = DraftStep(kind=kind, ends="lap" if self.by_distance else "time")
        if self.by_distance:
            step.distance_m = amount
        else:
            step.duration_s = amount
        fractions = sorted(f for f in (low, high) if f is not None)
        if fractions and fractions[0] <= 0:
            step.approximations.append("a target of zero speed: no pace target")
            fractions = []
        if fractions:
            threshold = self.ref.pace()
            slow, fast = threshold / fractions[0], threshold / fractions[-1]
            if slow > 2.0 or fast < 0.1:
                step.approximations.append(f"{fractions[-1]:.0%} of threshold speed is impossible for a runner; no pace target")
            elif abs(slow - fast) < 1e-9:
                step.pace = fast
                step.notes.append(f"{fractions[0]:.0%} of threshold speed")
            else:
                step.pace_range = (fast, slow)
                step.notes.append(f"{fractions[0]:.0%}-{fractions[-1]:.0%} of threshold speed")
        if title is not None and first is not None:
            self._title(step, title, first)
        for off, text in events:
            if text.strip() and off is not None and not (off[0] == 0 and text == first):
                self._event(step, off, text)
        if step.ends == "lap" and step.distance_m and step.pace is not None and step.target_s is None:
            step.target_s = round(step.distance_m * step.pace, 1)
        return step

    def _title(self, step: DraftStep, title: Title, text: str) -> None:
        """The message at the block's start: trackcue's label gives back the step's name and lap-ness."""
        value = title.value
        if value is not None and step.ends == "time" and value.ends == "lap" and step.duration_s is not None:
            step.ends = "lap"  # trackcue's export plays a lap-ended step as its planned time in Zwift
            step.distance_m = value.distance_m
            if value.target_s is not None:
                step.target_s = step.duration_s
        if value is not None or (title.kind is not None and title.name is None):
            step.name = title.name
            step.effort = title.effort
            return
        step.note = " ".join(text.split())

    def _event(self, step: DraftStep, off: tuple[float, str], text: str) -> None:
        amount, unit = off
        size = step.distance_m if unit == "m" else step.duration_s
        if size and amount >= size:
            step.approximations.append(f"message '{text}' at {amount:g}{unit} comes after the step ends; left out")
            return
        key = f"{amount / size:.1%}".replace(".0%", "%") if unit == "m" and size else time_text(amount)
        step.at.append((key, " ".join(text.split())))

    def _offset(self, ev: Element) -> tuple[float, str] | None:
        t = _float(_attr(ev, "timeoffset"))
        if t is not None and t >= 0:
            return (t, "s")
        d = _float(_attr(ev, "distoffset"))
        if d is not None and d >= 0:
            return (d, "m")
        return (0.0, "s") if _attr(ev, "timeoffset") is None and _attr(ev, "distoffset") is None else None

    def _amount(self, el: Element, attr: str) -> float:
        value = self._number(el, attr)
        limit = 100_000.0 if self.by_distance else 86_400.0
        if not 0 < value <= limit:
            unit = "metres" if self.by_distance else "seconds"
            raise ImportProblem(f"<{el.tag} {attr}=\"{_attr(el, attr)}\"> is not a length of {unit} a runner can run",
                                f"give {attr} in {unit}, more than 0")
        return value

    def _number(self, el: Element, attr: str, default: float | None = None) -> float:
        raw = _attr(el, attr)
        value = _float(raw)
        if value is None:
            if default is not None and raw is None:
                return default
            raise ImportProblem(f"<{el.tag}> needs a number in {attr}, not {raw!r}", f"write {attr}=\"60\"")
        return value

    def _fraction(self, el: Element, attr: str) -> float | None:
        raw = _attr(el, attr)
        value = _float(raw)
        if value is None and raw is not None:  # written but not a number: refused, not played without a target
            raise ImportProblem(f"<{el.tag}> needs a fraction of threshold in {attr}, not {raw!r}",
                                f"write {attr}=\"0.85\" (85 % of threshold speed)")
        return value


def _attr(el: Element, name: str) -> str | None:
    """An attribute, whatever case the file spells it in (Zwift's files mix ``Duration`` and ``duration``)."""
    for key, value in el.attrib.items():
        if key.lower() == name.lower():
            return value
    return None


def _child_text(root: Element, tag: str) -> str | None:
    for child in root:
        if child.tag.lower() == tag.lower():
            return child.text or ""
    return None


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _unit(runner: RunnerPaces) -> str:
    return "mi" if runner.units == "imperial" else "km"
