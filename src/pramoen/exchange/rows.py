"""Reading one uploaded row: its level, value and note cells, the round, district and
indicator it names, and whether the importer may touch it. Every problem found is recorded with
the row's sheet, number and column; nothing is looked up beyond the round's loaded data.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from pramoen.accounts.models import District, Role, membership_of
from pramoen.core.thai import parse_number
from pramoen.evaluation import limits, permissions
from pramoen.evaluation.errors import InvalidInput
from pramoen.evaluation.models import Indicator

from .reader import Problem, RawRow
from .sheets import RoundData, Scope, SheetSpec, decimal_text


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return " ".join(str(raw).split())


def _number(raw: Any, *, percent_format: bool = False) -> Decimal | None:
    """A cell as a Decimal; ValueError for text, dates, booleans. Empty is None."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool | datetime | date | time):
        raise ValueError(raw)
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueError(raw)
        # repr() is the shortest text that reads back as the same float: 87.5, not 87.49999…
        value = Decimal(repr(raw))
        return value * 100 if percent_format else value
    if isinstance(raw, str):
        text = raw.strip()
        return parse_number(text[:-1] if text.endswith("%") else text)
    raise ValueError(raw)


class RowReader:
    """One row's cells, ids and the importer's right to it; every problem is recorded with
    the row's sheet, number and the column it is in."""

    def __init__(
        self,
        data: RoundData,
        scope: Scope,
        raw: RawRow,
        letters: dict[str, str],
        spec: SheetSpec | None,
        *,
        problems: list[Problem],
        seen: dict[tuple[int | None, int], tuple[str, int]],
    ) -> None:
        self.data = data
        self.scope = scope
        self.raw = raw
        self.letters = letters
        self.spec = spec
        self.problems = problems
        self.seen = seen  # (district, indicator) -> where it was first given
        self.failed = False

    def problem(self, code: str, message: str, key: str = "") -> None:
        self.failed = True
        self.problems.append(
            Problem(code, message, self.raw.sheet, self.raw.number, self.letters.get(key, ""), key)
        )

    def refused(self, problems: list[Any], key: str) -> bool:
        """Record what the services would refuse (their own messages), at this row; the
        column is the field the refusal names, else ``key``."""
        columns = {"value": "value", "note": "note", "comment": "note", "level": "level"}
        for exc in problems:
            name = getattr(exc, "field", "") or key
            code = getattr(exc, "code", "") or "refused"
            self.problem(code, exc.message, columns.get(name.split(".")[0], key))
        return bool(problems)

    def cell(self, key: str) -> Any:
        return self.raw.cells.get(key)

    def inputs(self) -> tuple[Decimal | None, Decimal | None, str | None]:
        level = value = None
        try:
            level = _number(self.cell("level"))
        except ValueError:
            self.problem(
                "not-a-number",
                _("ระดับต้องเป็นตัวเลข ๐ ถึง ๕ (พบ '%(text)s')") % {"text": _text(self.cell("level"))},
                "level",
            )
        if level is not None:
            # The limits' own rule and message (0–5, whole unless the round interpolates),
            # with the value found, as every other door says it.
            try:
                limits.clean_level(level, whole=not self.data.round.interpolate)
            except InvalidInput as exc:
                self.problem(
                    "level-out-of-range",
                    _("%(message)s (พบ %(found)s)")
                    % {"message": exc.message, "found": decimal_text(level)},
                    "level",
                )
        try:
            value = _number(self.cell("value"), percent_format="value" in self.raw.percent_format)
        except ValueError:
            self.problem(
                "not-a-number",
                _("ค่าต้องเป็นตัวเลข (พบ '%(text)s')") % {"text": _text(self.cell("value"))},
                "value",
            )
        if value is not None:
            try:
                value = limits.clean_value(value, field="value")
            except InvalidInput as exc:
                self.problem(exc.code or "value-out-of-range", exc.message, "value")
                value = None
        note = self.cell("note")
        note = None if note is None or limits.is_blank(str(note)) else str(note).strip()
        if note is not None:
            try:
                note = limits.clean_text(note, field="note")
            except InvalidInput as exc:
                self.problem("note-too-long", _("หมายเหตุ: %(why)s") % {"why": exc.message}, "note")
        return level, value, note

    def ids(self) -> tuple[District | None, Indicator | None]:
        if not self.data.is_round(self.cell("round")):
            round_text = _text(self.cell("round"))
            self.problem(
                "wrong-round",
                _("แถวนี้เป็นของรอบ '%(found)s' ไม่ใช่รอบ %(round)s")
                % {"found": round_text, "round": self.data.round.code},
                "round",
            )
        code = _text(self.cell("indicator"))
        indicator = self.data.indicator(code)
        if indicator is None:
            self.problem(
                "unknown-indicator", _("ไม่รู้จักตัวชี้วัด '%(code)s' ในรอบนี้") % {"code": code}, "indicator"
            )
        district_text = _text(self.cell("district"))
        district = self.data.district(district_text) if district_text else None
        if district_text and district is None:
            self.problem(
                "unknown-district",
                _("ไม่รู้จักอำเภอ '%(district)s'") % {"district": district_text},
                "district",
            )
        if indicator is None or self.failed:
            return district, None
        if indicator.shared and district is not None:
            self.problem(
                "shared-has-district",
                _("ตัวชี้วัด %(code)s ใช้ผลระดับจังหวัดผลเดียว เว้นรหัสอำเภอว่าง") % {"code": indicator.code},
                "district",
            )
        elif not indicator.shared and district is None:
            self.problem(
                "district-required",
                _("ตัวชี้วัด %(code)s บันทึกผลรายอำเภอ ต้องระบุรหัสอำเภอ") % {"code": indicator.code},
                "district",
            )
        elif district is not None and district.pk not in self.data.applies[indicator.pk]:
            self.problem(
                "not-applicable",
                _("ตัวชี้วัด %(code)s ไม่ใช้กับอำเภอ%(district)s")
                % {"code": indicator.code, "district": district.name_th},
                "indicator",
            )
        return district, indicator

    def may(self, action: str, district: District | None, indicator: Indicator) -> bool:
        """Whether the importer may make this row's change: asked of the permissions (the one
        answer to "who may"), then said at the row with the part of it that is not theirs."""
        m = membership_of(self.scope.user)
        if action == "entry":
            evaluation = self.data.evaluations.get(district.pk) if district else None
            if evaluation is not None and permissions.can_enter_result(m, evaluation):
                return True
        elif permissions.can_verify(m, indicator):  # verify, and a province-wide result
            return True
        if m is not None and m.role == Role.DISTRICT and district is None:
            message = _("ผลระดับจังหวัดของ %(code)s กลุ่มงานเจ้าของข้อมูลเป็นผู้บันทึก") % {
                "code": indicator.code
            }
            self.problem("not-yours", message, "indicator")
        elif m is not None and m.role == Role.DISTRICT and district is not None:
            message = _("คุณแก้ไขผลของอำเภอ%(district)sไม่ได้") % {"district": district.name_th}
            self.problem("not-yours", message, "district")
        elif m is not None and m.role == Role.WORK_GROUP:
            message = _("ตัวชี้วัด %(code)s เป็นของ%(group)s คุณแก้ไขไม่ได้") % {
                "code": indicator.code,
                "group": indicator.work_group.name_th,
            }
            self.problem("not-yours", message, "indicator")
        else:
            refusal = permissions.refusal("enter" if action == "entry" else "verify")
            self.problem("not-yours", refusal, "indicator")
        return False

    def placed(self, district: District | None, indicator: Indicator) -> bool:
        """Whether the row is on a sheet that holds it, and the first to give this result."""
        if self.spec is not None and not self.spec.holds(district, indicator):
            self.problem(
                "not-on-sheet", _("แถวนี้ไม่อยู่ในแผ่นงานนี้ ย้ายไปแผ่นงานของตัวชี้วัดหรืออำเภอนั้น"), "indicator"
            )
            return False
        key = (district.pk if district else None, indicator.pk)
        first = self.seen.get(key)
        if first is None:
            self.seen[key] = (self.raw.sheet, self.raw.number)
            return True
        where = f"{first[0]}!{first[1]}" if first[0] else str(first[1])
        self.problem("duplicate", _("ผลนี้ซ้ำกับแถว %(row)s") % {"row": where}, "indicator")
        return False
