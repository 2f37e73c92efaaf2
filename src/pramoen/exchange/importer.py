"""Judge every row of an uploaded template against the round and the importer's role, and carry
out the result through the evaluation services.

``check`` never writes: it returns every change a row would make and every problem, with its
sheet, row and column. ``execute`` runs the planned changes through the same services the web
forms use, so versions, computed levels and history stay what they would be had each row been
typed in. What a row does depends on who imports it:

* ``entry`` (a district officer for their own district, or the province on a district's
  behalf): the district's reported result, saved as a draft with ``services.result_save``;
  only while the evaluation is editable and the result not submitted.
* ``verify`` (a work group, on the per-district rows of indicators it owns): the verified level
  of a *submitted* result with ``services.result_verify``; the note is the verifier's comment,
  required when the level differs from the district's. Anything not waiting for verification
  is refused, never changed.
* ``shared`` (the owning work group, or the province): the province-wide result of a shared
  indicator with ``services.shared_result_save``.

Threshold indicators take the value and the core computes the level (a level typed beside it
must agree); a work group may instead give the verified level directly, as the verify form
allows. Ladder levels are whole numbers 0–5; an imported ladder level L is recorded as levels
1..L met. An empty row, or one equal to what is saved, changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from pramoen.accounts.models import District
from pramoen.evaluation import services
from pramoen.evaluation.models import Indicator, ResultStatus
from pramoen.evaluation.services import ResultInput

from .reader import Problem, RawSheet
from .rows import RowReader
from .sheets import (
    RoundData,
    Scope,
    SheetSpec,
    all_sheets,
    decimal_text,
    row_action,
    sheets_for,
    unit_of,
)


@dataclass
class Plan:
    rows: int = 0
    changes: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


class _Checker:
    def __init__(self, data: RoundData, scope: Scope) -> None:
        self.data = data
        self.scope = scope
        self.plan = Plan()
        self.seen: dict[tuple[int | None, int], tuple[str, int]] = {}

    def sheet(self, sheet: RawSheet, spec: SheetSpec | None) -> None:
        self.plan.problems.extend(sheet.problems)
        for raw in sheet.rows:
            self.plan.rows += 1
            row = _Row(
                self.data, self.scope, raw, sheet.letters, spec,
                problems=self.plan.problems, seen=self.seen,
            )  # fmt: skip
            change = row.check()
            if change is not None:
                self.plan.changes.append(change)


class _Row(RowReader):
    def check(self) -> dict[str, Any] | None:
        """The change this row makes, or None (an empty or unchanged row, or a problem)."""
        level, value, note = self.inputs()
        if all(_blank(self.cell(k)) for k in ("level", "value")):
            if note is not None:
                self.problem("note-without-result", _("มีหมายเหตุแต่ไม่มีระดับหรือค่า"), "note")
            return None
        district, indicator = self.ids()
        if indicator is None or self.failed:
            return None
        action = row_action(self.scope, district)
        level = self._level(indicator, action, level, value)
        if self.failed or level is None:
            return None
        # A row that changes nothing is passed over, whoever uploads it (the province's
        # template holds rows it may not write); any other is asked who may, then placed.
        if self._unchanged(action, district, indicator, level, value, note):
            return None
        if not self.may(action, district, indicator) or not self.placed(district, indicator):
            return None
        change: dict[str, Any] | None = getattr(self, f"_{action}")(
            district, indicator, level, value, note
        )
        return change

    def _level(
        self, indicator: Indicator, action: str, level: Decimal | None, value: Decimal | None
    ) -> Decimal | None:
        """The level the row gives: typed, or computed by the core from a threshold value."""
        code = indicator.code
        if indicator.kind != "threshold":
            if value is not None:
                self.problem(
                    "value-on-ladder",
                    _("ตัวชี้วัด %(code)s เป็นแบบขั้นบันได กรอกระดับ ไม่ใช่ค่า") % {"code": code},
                    "value",
                )
            elif action != "verify" and level is not None and level != int(level):
                # an entered ladder level L is levels 1..L met: a count, whole even when the
                # round interpolates (only a work group's verified level may fall between)
                self.problem(
                    "level-out-of-range",
                    _("ตัวชี้วัด %(code)s เป็นแบบขั้นบันได ระดับที่ทำได้ต้องเป็นจำนวนเต็ม") % {"code": code},
                    "level",
                )
            return level
        if value is None:
            if action != "verify":
                self.problem(
                    "level-on-threshold",
                    _("ตัวชี้วัด %(code)s เป็นแบบเกณฑ์ตัวเลข กรอกค่า ระบบคำนวณระดับให้") % {"code": code},
                    "level",
                )
            return level
        if unit_of(indicator) == "%" and value > 100:
            self.problem(
                "percent-out-of-range",
                _("ร้อยละต้องอยู่ระหว่าง ๐ ถึง ๑๐๐ (พบ %(value)s)") % {"value": decimal_text(value)},
                "value",
            )
            return None
        computed = services.compute_level(
            indicator, ResultInput(value=value), interpolate=self.data.round.interpolate
        )
        if level is not None and level != computed:
            self.problem(
                "level-mismatch",
                _("ระดับ %(level)s ไม่ตรงกับระดับที่คำนวณจากค่า (%(computed)s) เว้นช่องระดับว่างได้")
                % {"level": decimal_text(level), "computed": decimal_text(computed)},
                "level",
            )
        return computed

    def _unchanged(
        self,
        action: str,
        district: District | None,
        indicator: Indicator,
        level: Decimal,
        value: Decimal | None,
        note: str | None,
    ) -> bool:
        result = self.data.result(indicator, district)
        if result is None:
            return False
        if action == "verify":
            return result.status == ResultStatus.VERIFIED and result.verified_level == level
        same = result.value == value if value is not None else result.self_level == level
        return same and (note is None or note == result.note)

    def _change(
        self, action: str, district: District | None, indicator: Indicator, **fields: Any
    ) -> dict[str, Any]:
        result = self.data.result(indicator, district)
        return {
            "sheet": self.raw.sheet,
            "row": self.raw.number,
            "action": action,
            "indicator": indicator.code,
            "district": district.code if district else "",
            "district_name": district.name_th if district else "",
            "result": result.pk if result else None,
            "version": result.version if result else 0,
            **fields,
        }

    def _entry(
        self,
        district: District | None,
        indicator: Indicator,
        level: Decimal,
        value: Decimal | None,
        note: str | None,
    ) -> dict[str, Any] | None:
        result = self.data.result(indicator, district)
        old_note = result.note if result else ""
        new_note = old_note if note is None else note
        input_key = "value" if value is not None else "level"
        entry = _entry_input(value, level, new_note)
        if district is not None:
            problems = services.result_save_problems(
                evaluation=self.data.evaluations[district.pk],
                indicator=indicator,
                user=self.scope.user,
                data=entry,
            )
        else:
            problems = services.shared_result_save_problems(
                indicator=indicator, user=self.scope.user, data=entry
            )
        if self.refused(problems, input_key):
            return None
        return self._change(
            "shared" if district is None else "entry",
            district,
            indicator,
            old_level=decimal_text(result.self_level) if result else None,
            new_level=decimal_text(level),
            old_value=decimal_text(result.value) if result else None,
            new_value=decimal_text(value) if value is not None else None,
            met=None if value is not None else list(range(1, int(level) + 1)),
            note=new_note,
            note_changed=new_note != old_note,
        )

    _shared = _entry

    def _verify(
        self,
        district: District | None,
        indicator: Indicator,
        level: Decimal,
        value: Decimal | None,
        note: str | None,
    ) -> dict[str, Any] | None:
        assert district is not None
        result = self.data.result(indicator, district)
        key = "value" if value is not None and self.cell("level") in (None, "") else "level"
        if result is not None and result.status == ResultStatus.VERIFIED:  # at another level
            self.problem("already-verified", _("ผลนี้ตรวจสอบแล้ว ต้องส่งกลับก่อนจึงเปลี่ยนระดับได้"), key)
            return None
        if result is None:
            self.problem(
                "not-submitted",
                _("อำเภอ%(district)sยังไม่ได้ส่งผล %(code)s ตรวจสอบไม่ได้")
                % {"district": district.name_th, "code": indicator.code},
                key,
            )
            return None
        problems = services.result_verify_problems(
            result=result, user=self.scope.user, level=level, comment=note or ""
        )
        if self.refused(problems, key):
            return None
        return self._change(
            "verify",
            district,
            indicator,
            old_level=decimal_text(result.self_level),
            new_level=decimal_text(level),
            old_value=decimal_text(result.value),
            new_value=None,
            met=None,
            note=note or "",
            note_changed=bool(note),
        )


def _entry_input(value: Decimal | None, level: Decimal, note: str) -> ResultInput:
    """A row's entries as the web form would send them: a threshold's value, or a ladder's
    level L as levels 1..L met."""
    if value is not None:
        return ResultInput(value=value, note=note)
    return ResultInput(met=frozenset(range(1, int(level) + 1)), note=note)


def check(data: RoundData, scope: Scope, sheets: list[RawSheet]) -> Plan:
    """Every change and every problem of an upload; writes nothing."""
    checker = _Checker(data, scope)
    problems = checker.plan.problems
    known = {s.title: s for s in all_sheets(data)}
    allowed = {s.title for s in sheets_for(data, scope)}
    tables = [s for s in sheets if not s.is_instructions]
    if not tables:
        problems.append(Problem("no-sheets", _("ไม่พบแผ่นงานข้อมูลในไฟล์")))
    for sheet in tables:
        if not sheet.title:  # CSV: one table, any rows the user may touch
            checker.sheet(sheet, None)
        elif sheet.title not in known:
            names = ", ".join(sorted(allowed))
            problems.append(
                Problem(
                    "unknown-sheet",
                    _("ไม่รู้จักแผ่นงาน '%(sheet)s' แผ่นงานที่นำเข้าได้: %(names)s")
                    % {"sheet": sheet.title, "names": names},
                    sheet.title,
                )
            )
        elif sheet.title not in allowed:
            problems.append(
                Problem(
                    "wrong-sheet",
                    _("แผ่นงาน '%(sheet)s' ไม่ใช่ของคุณ นำเข้าไม่ได้") % {"sheet": sheet.title},
                    sheet.title,
                )
            )
        else:
            checker.sheet(sheet, known[sheet.title])
    return checker.plan


def execute(data: RoundData, change: dict[str, Any], user: Any) -> None:
    """Carry out one planned change through the evaluation services (inside the caller's
    transaction). The version recorded at the dry run makes a concurrent edit a conflict."""
    indicator = data.indicator(change["indicator"])
    district = data.district(change["district"]) if change["district"] else None
    assert indicator is not None
    result = data.result(indicator, district)
    version = change["version"]
    if change["action"] == "verify":
        assert result is not None
        services.result_verify(
            result=result,
            user=user,
            level=Decimal(change["new_level"]),
            comment=change["note"],
            version=version,
        )
        return
    entry = _entry_input(
        None if change["new_value"] is None else Decimal(change["new_value"]),
        Decimal(len(change["met"] or [])),
        change["note"],
    )
    if district is None:
        services.shared_result_save(indicator=indicator, user=user, data=entry, version=version)
    else:
        services.result_save(
            evaluation=data.evaluations[district.pk],
            indicator=indicator,
            user=user,
            data=entry,
            version=version,
        )
