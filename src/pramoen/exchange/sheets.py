"""What a results template holds for whom: the round's data loaded once, who is importing, the
sheets of their template and the rows on each, and the columns every template and import share.

A district officer's template is one sheet for their district (its own, non-shared indicators).
A work group's is one sheet of the indicators whose data source it owns: each shared (team)
indicator as one province-wide row, each per-district indicator as a row per district. The
province's has one such sheet per work group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.accounts.models import District, Role, WorkGroup
from pramoen.core.thai import decimal_text as core_decimal_text
from pramoen.core.thai import to_arabic_digits
from pramoen.evaluation import permissions as access
from pramoen.evaluation.errors import ServiceError
from pramoen.evaluation.models import (
    Evaluation,
    EvaluationStatus,
    Indicator,
    Result,
    ResultStatus,
    Round,
)
from pramoen.evaluation.selectors import RoundResults, round_indicators, round_results


class ImportRefused(ServiceError):
    """The user may not import into (or take a template of) this round at all."""


# key -> label; the order is the template's column order (A, B, C … in Excel and in CSV).
COLUMNS: dict[str, Any] = {
    "round": gettext_lazy("รอบ"),
    "district": gettext_lazy("รหัสอำเภอ"),
    "indicator": gettext_lazy("รหัสตัวชี้วัด"),
    "district_name": gettext_lazy("อำเภอ"),
    "indicator_title": gettext_lazy("ตัวชี้วัด"),
    "status": gettext_lazy("สถานะ"),
    "reported_level": gettext_lazy("ระดับที่อำเภอรายงาน"),
    "reported_value": gettext_lazy("ค่าที่อำเภอรายงาน"),
    "entry": gettext_lazy("วิธีกรอก"),
    "level": gettext_lazy("ระดับ"),
    "value": gettext_lazy("ค่า"),
    "note": gettext_lazy("หมายเหตุ"),
}
KEYS = list(COLUMNS)
ID_KEYS = ("round", "district", "indicator")
INPUT_KEYS = ("level", "value", "note")
REQUIRED_KEYS = ("round", "district", "indicator")
INSTRUCTIONS_TITLE = gettext_lazy("คำอธิบาย")


def header_aliases() -> dict[str, str]:
    """Every accepted header text (key, Thai label, English label), folded -> key."""
    # Keys first: an English label ("District") must not take the key "district".
    aliases = {fold(key): key for key in COLUMNS}
    for key, label in COLUMNS.items():
        for lang in ("th", "en"):
            with translation.override(lang):
                aliases.setdefault(fold(str(label)), key)
    return aliases


def instruction_titles() -> set[str]:
    titles = set()
    for lang in ("th", "en"):
        with translation.override(lang):
            titles.add(str(INSTRUCTIONS_TITLE))
    return titles


def fold(text: str) -> str:
    return " ".join(to_arabic_digits(str(text)).split()).casefold()


@dataclass(frozen=True)
class Scope:
    role: str  # province | work_group | district
    district_id: int | None = None
    work_group_id: int | None = None
    # Who imports: each row is asked of the services' own checks (``*_problems``) as this user.
    user: Any = field(default=None, compare=False)


def scope_for(user: Any, round_: Round) -> Scope:
    """Who ``user`` is for imports into ``round_``; viewers and outsiders are refused."""
    m = access.membership_of(user)
    if m is None or not access.can_view_round(m, round_):
        raise ImportRefused(access.refusal("import"))
    if not access.can_import_results(m, round_):
        raise ImportRefused(_("ผู้ดูข้อมูลนำเข้าข้อมูลไม่ได้"))
    return Scope(m.role, m.district_id, m.work_group_id, user=user)


@dataclass
class RoundData:
    """Everything an import or a template needs about a round, in a fixed number of queries."""

    round: Round
    indicators: list[Indicator]
    districts: list[District]
    work_groups: list[WorkGroup]
    # The selectors' read model of the round's results (one query): where each indicator
    # applies and which result is saved for (indicator, district); not a copy of its own.
    results: RoundResults
    evaluations: dict[int, Evaluation]  # district pk -> evaluation
    any_approved: bool

    @property
    def applies(self) -> dict[int, frozenset[int]]:
        """Indicator pk -> the pks of the districts it applies to."""
        return self.results.where

    def is_round(self, raw: Any) -> bool:
        """Whether a round cell names this round: its code ("2568-1"), or the fiscal year and
        number with any separator ("2568/1", "2568 รอบ 1"), or the date Excel makes of
        "2568-1" when it opens a CSV file (1 January 2568)."""
        fy, number = self.round.fiscal_year, self.round.number
        if isinstance(raw, datetime | date):
            return (raw.year, raw.month, raw.day) == (fy, number, 1)
        match = re.fullmatch(r"\D*(\d{4})\D+(\d{1,2})\D*", fold("" if raw is None else str(raw)))
        return match is not None and (int(match[1]), int(match[2])) == (fy, number)

    def indicator(self, code: str) -> Indicator | None:
        code = fold(code)
        return next((i for i in self.indicators if fold(i.code) == code), None)

    def district(self, text: str) -> District | None:
        """A district by code, Thai or English name, or "อำเภอ" + name."""
        text = fold(text)
        for d in self.districts:
            names = {d.code, fold(d.name_th), fold("อำเภอ" + d.name_th), fold(d.name_en or d.code)}
            if text in names:
                return d
        return None

    def result(self, indicator: Indicator, district: District | None) -> Result | None:
        """The row saved for exactly this (indicator, district); None for the province-wide one."""
        return self.results.saved(indicator.pk, district.pk if district else None)


def round_data(round_: Round, *, related: tuple[str, ...] = ()) -> RoundData:
    """The round as an import or a template needs it; ``related``: what else each result
    brings (the export's verifier)."""
    indicators = round_indicators(round_)
    districts = list(District.objects.filter(province_id=round_.province_id).order_by("code"))
    evaluations = {e.district_id: e for e in round_.evaluations.select_related("round", "district")}
    return RoundData(
        round=round_,
        indicators=indicators,
        districts=districts,
        work_groups=list(WorkGroup.objects.filter(province_id=round_.province_id)),
        results=round_results(round_, indicators, related=related),
        evaluations=evaluations,
        any_approved=any(e.status == EvaluationStatus.APPROVED for e in evaluations.values()),
    )


@dataclass(frozen=True)
class SheetSpec:
    title: str
    rows: tuple[tuple[District | None, Indicator], ...]
    district_id: int | None = None
    work_group_id: int | None = None

    @cached_property
    def _keys(self) -> set[tuple[int | None, int]]:
        return {(d.pk if d else None, i.pk) for d, i in self.rows}

    def holds(self, district: District | None, indicator: Indicator) -> bool:
        return (district.pk if district else None, indicator.pk) in self._keys


def _title(text: str) -> str:
    # Excel sheet names: at most 31 characters, none of []:*?/\
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:31].strip()


def district_sheet(data: RoundData, district: District) -> SheetSpec:
    rows = tuple(
        (district, i) for i in data.indicators if not i.shared and district.pk in data.applies[i.pk]
    )
    return SheetSpec(_title(f"{district.code} {district.name_th}"), rows, district_id=district.pk)


def work_group_sheet(data: RoundData, work_group: WorkGroup) -> SheetSpec:
    rows: list[tuple[District | None, Indicator]] = []
    for i in data.indicators:
        if i.work_group_id != work_group.pk:
            continue
        if i.shared:
            rows.append((None, i))
        else:
            rows.extend((d, i) for d in data.districts if d.pk in data.applies[i.pk])
    return SheetSpec(_title(work_group.name_th), tuple(rows), work_group_id=work_group.pk)


def all_sheets(data: RoundData) -> list[SheetSpec]:
    """Every sheet any template of this round can have: work groups first, then districts."""
    owners = {i.work_group_id for i in data.indicators}
    sheets = [work_group_sheet(data, wg) for wg in data.work_groups if wg.pk in owners]
    sheets += [district_sheet(data, d) for d in data.districts]
    return sheets


def sheets_for(data: RoundData, scope: Scope) -> list[SheetSpec]:
    """The sheets of ``scope``'s template (also the sheets it may upload)."""
    sheets = all_sheets(data)
    if scope.role == Role.DISTRICT:
        return [s for s in sheets if s.district_id == scope.district_id]
    if scope.role == Role.WORK_GROUP:
        return [s for s in sheets if s.work_group_id == scope.work_group_id]
    return sheets


def template_sheets(data: RoundData, scope: Scope) -> list[SheetSpec]:
    """The province's template has the work-group sheets only (district sheets would repeat
    the same rows); it may still upload a district's filled sheet."""
    sheets = sheets_for(data, scope)
    if scope.role == Role.PROVINCE:
        sheets = [s for s in sheets if s.work_group_id is not None]
    return [s for s in sheets if s.rows]


def row_action(scope: Scope, district: District | None) -> str:
    """What a row does when imported: ``shared`` (province-wide result), ``verify`` (a work
    group's verified level) or ``entry`` (a district's reported result)."""
    if district is None:
        return "shared"
    return "verify" if scope.role == Role.WORK_GROUP else "entry"


def unit_of(indicator: Indicator) -> str:
    for lv in indicator.levels.all():
        for c in lv.criteria:
            return str(c["unit"])
    return ""


def entry_hint(indicator: Indicator, action: str) -> str:
    if indicator.kind == "threshold":
        unit = unit_of(indicator)
        if action == "verify":
            return _("ค่า (%(unit)s) หรือระดับ ๐–๕") % {"unit": unit}
        return _("ค่า (%(unit)s) ระดับคำนวณให้") % {"unit": unit}
    return _("ระดับ ๐–๕")


def decimal_text(value: Decimal | None) -> str:
    return "" if value is None else core_decimal_text(value)


def template_row(
    data: RoundData, scope: Scope, district: District | None, indicator: Indicator
) -> dict[str, Any]:
    """One row of a template, filled with what is saved now, so that a template uploaded
    unchanged changes nothing. A work group's rows carry the verified level (empty until it
    verifies), never the district's own figures in the cells it types into."""
    action = row_action(scope, district)
    result = data.result(indicator, district)
    threshold = indicator.kind == "threshold"
    level: Decimal | None = None
    value: Decimal | None = None
    note = ""
    if result is not None and action != "verify":
        level = None if threshold else result.self_level
        value = result.value if threshold else None
        note = result.note
    elif result is not None and result.status == ResultStatus.VERIFIED:
        level = result.verified_level
        note = result.verification_comment
    return {
        "round": data.round.code,
        "district": district.code if district else "",
        "indicator": indicator.code,
        "district_name": district.name_th if district else _("ทั้งจังหวัด"),
        "indicator_title": indicator.title,
        "status": str(result.get_status_display()) if result else _("ยังไม่บันทึก"),
        "reported_level": result.self_level if result and district else None,
        "reported_value": result.value if result and district else None,
        "entry": entry_hint(indicator, action),
        "level": level,
        "value": value,
        "note": note,
    }
