"""A level's reasons (``core.scoring.explain``) as the sentences the result card shows.

The core decides; this only words its answer in the active language, so the preview, a saved
card and anything else that says "why" read the same ("ไม่น้อยกว่าร้อยละ 80 ✓, 85 ✗ → ระดับ 3").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from pramoen.core import Explanation, Kind, Op
from pramoen.core.scoring import CriterionCheck, LevelCheck, Source
from pramoen.core.thai import decimal_text

OK, NO = "✓", "✗"


@dataclass(frozen=True)
class Why:
    """What the card shows under "ระดับที่ได้": the level, its reason, and warnings."""

    level: Decimal
    reason: str = ""
    notes: tuple[str, ...] = ()  # things that keep the level lower than the user may think
    entered: bool = False
    steps: tuple[tuple[int, bool], ...] = field(default=())  # ladder: (level, holds)


def _op(op: Op) -> str:
    return {
        Op.GE: _("ไม่น้อยกว่า"),
        Op.GT: _("มากกว่า"),
        Op.LT: _("ต่ำกว่า"),
        Op.LE: _("ไม่เกิน"),
    }[op]


def _amount(value: Decimal, unit: str) -> str:
    text = decimal_text(value)
    if unit == "%":
        return _("ร้อยละ %(n)s") % {"n": text}
    return f"{text} {unit}".strip()


def _criterion(check: CriterionCheck, *, short: bool = False) -> str:
    c = check.criterion
    mark = OK if check.holds else NO
    if short:  # the same comparison as the one before it: the number says enough
        return f"{decimal_text(c.value)} {mark}"
    if c.unit == "%":  # "ไม่น้อยกว่าร้อยละ 80", joined as the documents write it
        return f"{_op(c.op)}{_amount(c.value, c.unit)} {mark}"
    return f"{_op(c.op).rstrip()} {_amount(c.value, c.unit)} {mark}"


def _level_word(level: Decimal | int) -> str:
    text = decimal_text(Decimal(level)) if isinstance(level, Decimal) else str(level)
    return _("ระดับ %(n)s") % {"n": text}


def _threshold(explanation: Explanation) -> str:
    checks = [c for c in explanation.checks if c.criteria]
    reached = [c for c in checks if c.holds]
    # The boundary: the highest level reached and the first one above it that is not.
    shown: list[LevelCheck] = []
    if reached:
        shown.append(max(reached, key=lambda c: c.level))
    above = [c for c in checks if not c.holds and (not shown or c.level > shown[0].level)]
    if above:
        shown.append(min(above, key=lambda c: c.level))
    parts: list[str] = []
    previous: CriterionCheck | None = None
    for level in shown:
        for check in level.criteria:
            same = previous is not None and (
                previous.criterion.op is check.criterion.op
                and previous.criterion.unit == check.criterion.unit
            )
            parts.append(_criterion(check, short=same))
            previous = check
    actual = checks[0].criteria[0].actual if checks and checks[0].criteria else None
    lead = "" if actual is None else _("ผล %(value)s: ") % {"value": decimal_text(actual)}
    return f"{lead}{', '.join(parts)} → {_level_word(explanation.level)}"


def _ladder_step(check: LevelCheck, *, first: bool) -> str:
    # "ระดับ 1 ✓ · 2 ✗ · 3 ✓ (ไม่น้อยกว่า 10 ครัวเรือน ✓)": the word once, short on a phone
    mark = OK if check.holds else NO
    name = _level_word(check.level) if first else str(check.level)
    if check.source is Source.NUMBERS:
        detail = ", ".join(_criterion(c) for c in check.criteria)
        return f"{name} {mark} ({detail})"
    return f"{name} {mark}"


def _span(levels: tuple[int, ...]) -> str:
    if len(levels) > 1 and levels == tuple(range(levels[0], levels[-1] + 1)):
        return f"{levels[0]}–{levels[-1]}"
    return ", ".join(str(n) for n in levels)


def _ladder_notes(explanation: Explanation) -> list[str]:
    notes = []
    if explanation.has_gap:
        notes.append(
            _("ระดับ %(counted)s ยังไม่นับ เพราะระดับ %(missing)s ยังไม่ผ่าน: ระดับนับต่อเนื่องจากระดับ 1 ขึ้นไป")
            % {"counted": _span(explanation.not_counted), "missing": _span(explanation.missing)}
        )
    for check in explanation.checks:
        if check.tick_ignored:
            notes.append(
                (
                    _("ระดับ %(n)s: ติ๊กไว้ แต่ตัวเลขที่กรอกยังไม่ถึงเกณฑ์ ระบบตัดสินจากตัวเลข")
                    if check.ticked
                    else _("ระดับ %(n)s: ไม่ได้ติ๊ก แต่ตัวเลขที่กรอกถึงเกณฑ์ ระบบตัดสินจากตัวเลข")
                )
                % {"n": check.level}
            )
    return notes


def describe(explanation: Explanation) -> Why:
    if explanation.given_level:
        return Why(explanation.level, _("ระดับที่กำหนดโดยตรง"), entered=True)
    if not explanation.entered:
        reason = (
            _("ยังไม่ได้กรอกผลการดำเนินงาน")
            if explanation.kind is Kind.THRESHOLD
            else _("ยังไม่ได้ติ๊กระดับหรือกรอกตัวเลข")
        )
        return Why(explanation.level, reason)
    if explanation.kind is Kind.THRESHOLD:
        reason = _threshold(explanation)
        if explanation.level != explanation.level.to_integral_value():
            reason += " " + _("(เทียบสัดส่วนระหว่างเกณฑ์)")
        return Why(explanation.level, reason, entered=True)
    steps = " · ".join(_ladder_step(c, first=n == 0) for n, c in enumerate(explanation.checks))
    return Why(
        explanation.level,
        f"{steps} → {_level_word(explanation.level)}",
        tuple(_ladder_notes(explanation)),
        entered=True,
        steps=tuple((c.level, c.holds) for c in explanation.checks),
    )
