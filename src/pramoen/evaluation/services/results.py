"""Writes to results: a district's entries saved, a province-wide result entered (verifying
and returning are in ``verification``).

Concurrency: results carry a ``version``; a write names the version it was based on and is
applied with a conditional UPDATE, so of two people saving the same copy the second is refused
(ConflictError) instead of silently overwriting the first.

Each write has a ``*_problems`` twin that answers, without writing, what the write would refuse
(permission, state, input limits); the write raises the first of them, and an import's dry run
lists them all for its rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.core import Explanation, IndicatorResult, explain, indicator_level
from pramoen.core import model as core

from .. import limits, permissions
from ..errors import ConflictError, InvalidInput, NotAllowed, ServiceError, WorkflowError
from ..models import Evaluation, Indicator, Result, ResultStatus, RoundStatus
from ..selectors import core_indicator
from . import history
from .history import approved_lock, as_json


@dataclass(frozen=True)
class ResultInput:
    value: Decimal | None = None
    values: dict[str, Decimal] = field(default_factory=dict)
    met: frozenset[int] = frozenset()
    note: str = ""


def _core_result(data: ResultInput) -> IndicatorResult:
    return IndicatorResult(value=data.value, values=dict(data.values), met=data.met)


def compute_level(
    indicator: Indicator | core.Indicator, data: ResultInput, *, interpolate: bool
) -> Decimal:
    """The level the core gives these entries (a model indicator's levels and districts must
    be prefetched). How a level is derived from a value lives in ``core.scoring``: on a
    ladder, levels count from 1 upward and a level's numbers, when all given, decide it
    before its tick (``core.scoring.ladder_check``)."""
    return indicator_level(
        core_indicator(indicator) if isinstance(indicator, Indicator) else indicator,
        _core_result(data),
        interpolate=interpolate,
    )


def explain_level(
    indicator: Indicator | core.Indicator, data: ResultInput | None, *, interpolate: bool
) -> Explanation:
    """``compute_level`` with its reasons (the same core call), for the card's preview."""
    return explain(
        core_indicator(indicator) if isinstance(indicator, Indicator) else indicator,
        None if data is None else _core_result(data),
        interpolate=interpolate,
    )


def entries_problems(indicator: core.Indicator, data: ResultInput) -> list[InvalidInput]:
    """Every input limit the entries break, by the indicator's own shape: a threshold takes
    one value, a ladder its ticks (levels 1–5) and its measures' numbers."""
    problems: list[InvalidInput] = []
    units = {c.measure: c.unit for lv in indicator.levels for c in lv.criteria}

    def check(run: Any) -> None:
        try:
            run()
        except InvalidInput as exc:
            problems.append(exc)

    check(lambda: limits.clean_text(data.note, field="note"))
    if indicator.kind is core.Kind.THRESHOLD:
        unit = next(iter(units.values()), "")
        if data.value is None:
            problems.append(InvalidInput(_("กรุณากรอกผลการดำเนินงาน"), field="value", code="missing"))
        else:
            check(lambda: limits.clean_value(data.value, field="value", unit=unit))
        if data.values or data.met:
            problems.append(
                InvalidInput(
                    _("ตัวชี้วัดนี้เป็นแบบเกณฑ์ตัวเลข กรอกผลเป็นค่าเดียว"), field="values", code="not_used"
                )
            )
        return problems
    if data.value is not None:
        problems.append(
            InvalidInput(
                _("ตัวชี้วัดนี้เป็นแบบขั้นบันได กรอกระดับที่ทำได้และตัวเลขของแต่ละตัววัด"),
                field="value",
                code="not_used",
            )
        )
    if any(not 1 <= level <= 5 for level in data.met):
        problems.append(InvalidInput(_("ระดับต้องอยู่ระหว่าง ๑ ถึง ๕"), field="met"))
    for measure, amount in data.values.items():
        name = f"values.{measure}"
        if measure not in units:
            problems.append(
                InvalidInput(
                    _("ตัวชี้วัดนี้ไม่มีตัววัดชื่อนี้ (ที่มี: %(measures)s)"),
                    field=name,
                    code="unknown_measure",
                    params={"measures": ", ".join(indicator.measures)},
                )
            )
        else:
            check(lambda a=amount, n=name, m=measure: limits.clean_value(a, field=n, unit=units[m]))
    return problems


def _clean_entries(data: ResultInput, indicator: core.Indicator) -> ResultInput:
    units = {c.measure: c.unit for lv in indicator.levels for c in lv.criteria}
    return ResultInput(
        value=None if data.value is None else limits.clean_value(data.value, field="value"),
        values={
            m: limits.clean_value(v, field=f"values.{m}", unit=units.get(m, ""))
            for m, v in data.values.items()
        },
        met=data.met,
        note=limits.clean_text(data.note, field="note"),
    )


def _apply(result: Result, data: ResultInput, level: Decimal) -> dict[str, tuple[Any, Any]]:
    new = {
        "value": data.value,
        "values": {k: as_json(v) for k, v in data.values.items()},
        "met": sorted(data.met),
        "note": data.note,
        "self_level": level,
    }
    changes = {}
    for name, value in new.items():
        old = getattr(result, name)
        if as_json(old) != as_json(value):
            changes[name] = (old, value)
        setattr(result, name, value)
    return changes


def _conflict_message() -> str:
    return _("มีผู้อื่นบันทึกผลของตัวชี้วัดนี้ไปก่อนแล้ว ผลที่ส่งมาจึงยังไม่ได้บันทึก ดูฉบับล่าสุดก่อนบันทึกอีกครั้ง")


def _save_versioned(result: Result, version: int, fields: list[str]) -> None:
    """Write ``fields`` only if nobody saved since ``version``; bump the version."""
    if result.pk is None:
        result.version = 1
        try:
            # Two people creating the same result at once: on PostgreSQL both INSERTs run and
            # the unique constraint stops the second, which is the same conflict as a stale save.
            with transaction.atomic():
                result.save()
        except IntegrityError:
            result.pk = None
            raise ConflictError(_conflict_message()) from None
        return
    now = timezone.now()
    updated = Result.objects.filter(pk=result.pk, version=version).update(
        **{name: getattr(result, name) for name in fields},
        version=F("version") + 1,
        updated_at=now,
    )
    if updated == 0:
        raise ConflictError(_conflict_message())
    result.version, result.updated_at = version + 1, now  # the row as written, no re-read


def _record_changes(
    round_: Any,
    user: Any,
    action: str,
    result: Result,
    changes: dict[str, tuple[Any, Any]],
    *,
    evaluation: Evaluation | None = None,
) -> None:
    """One history event per changed field of a saved result."""
    for name, (old, new) in changes.items():
        history.record(
            round_,
            user,
            action,
            evaluation=evaluation,
            result=result,
            indicator_code=result.indicator.code,
            field_name=name,
            old=as_json(old),
            new=as_json(new),
        )


def _first(problems: list[ServiceError]) -> None:
    if problems:
        raise problems[0]


def _result_of(evaluation: Evaluation, indicator: Indicator) -> Result | None:
    result = Result.objects.filter(indicator=indicator, district_id=evaluation.district_id).first()
    if result is not None:
        Result.indicator.field.set_cached_value(result, indicator)  # the history names its code
    return result


def _save_problems(
    evaluation: Evaluation,
    indicator: Indicator,
    user: Any,
    data: ResultInput | None,
    result: Result | None,
    entered: core.Indicator,
) -> list[ServiceError]:
    if not permissions.can_enter_result(permissions.membership_of(user), evaluation):
        return [NotAllowed(permissions.refusal("enter"))]
    if not evaluation.is_editable:
        return [WorkflowError(_("การประเมินนี้ไม่อยู่ในสถานะที่แก้ไขได้"), code="not-editable")]
    if indicator.round_id != evaluation.round_id or not entered.applicability.applies(
        evaluation.district.code
    ):
        return [WorkflowError(_("ตัวชี้วัดนี้ไม่ใช้กับอำเภอนี้"))]
    if indicator.shared:
        return [WorkflowError(_("ตัวชี้วัดนี้ใช้ผลระดับจังหวัด กลุ่มงานเจ้าของข้อมูลเป็นผู้บันทึก"))]
    if result is not None and result.status in (ResultStatus.SUBMITTED, ResultStatus.VERIFIED):
        return [WorkflowError(_("ผลนี้ส่งแล้ว แก้ไขได้เมื่อถูกส่งกลับเท่านั้น"), code="already-submitted")]
    return list(entries_problems(entered, data)) if data else []


def result_save_problems(
    *, evaluation: Evaluation, indicator: Indicator, user: Any, data: ResultInput | None = None
) -> list[ServiceError]:
    """Why ``result_save`` would refuse (nothing is written): who, the evaluation's state, the
    indicator, the result's state, then the entries' limits."""
    result = _result_of(evaluation, indicator)
    return _save_problems(evaluation, indicator, user, data, result, core_indicator(indicator))


@transaction.atomic
def result_save(
    *, evaluation: Evaluation, indicator: Indicator, user: Any, data: ResultInput, version: int
) -> Result:
    """A district officer saves (a draft of) one indicator's result."""
    entered = core_indicator(indicator)  # once: the checks, the limits and the level use it
    result = _result_of(evaluation, indicator)
    _first(_save_problems(evaluation, indicator, user, data, result, entered))
    data = _clean_entries(data, entered)
    if result is None:
        if version != 0:
            raise ConflictError(_("ผลของตัวชี้วัดนี้ถูกลบหรือเปลี่ยนไปแล้ว กรุณาโหลดหน้าใหม่"))
        result = Result(indicator=indicator, district_id=evaluation.district_id)
    level = compute_level(entered, data, interpolate=evaluation.round.interpolate)
    changes = _apply(result, data, level)
    result.updated_by = user
    _save_versioned(result, version, [*changes, "updated_by"])
    _record_changes(evaluation.round, user, "result_saved", result, changes, evaluation=evaluation)
    return result


def shared_result_save_problems(
    *, indicator: Indicator, user: Any, data: ResultInput | None = None
) -> list[ServiceError]:
    if not permissions.can_verify(permissions.membership_of(user), indicator):
        return [NotAllowed(permissions.refusal("verify"))]
    if indicator.round.status != RoundStatus.OPEN:
        return [WorkflowError(_("รอบการประเมินไม่ได้เปิดอยู่"), code="round-not-open")]
    if not indicator.shared:
        return [WorkflowError(_("ตัวชี้วัดนี้บันทึกผลรายอำเภอ"))]
    try:
        approved_lock(indicator.round)
    except WorkflowError as exc:
        return [exc]
    return list(entries_problems(core_indicator(indicator), data)) if data else []


@transaction.atomic
def shared_result_save(
    *, indicator: Indicator, user: Any, data: ResultInput, version: int
) -> Result:
    """The owning work group enters the province-wide result; it counts as verified."""
    round_ = indicator.round
    _first(shared_result_save_problems(indicator=indicator, user=user, data=data))
    entered = core_indicator(indicator)
    data = _clean_entries(data, entered)
    result = Result.objects.filter(indicator=indicator, district__isnull=True).first()
    if result is None:
        if version != 0:
            raise ConflictError(_("ผลของตัวชี้วัดนี้ถูกเปลี่ยนไปแล้ว กรุณาโหลดหน้าใหม่"))
        result = Result(indicator=indicator, district=None)
    level = compute_level(entered, data, interpolate=round_.interpolate)
    changes = _apply(result, data, level)
    result.status = ResultStatus.VERIFIED
    result.verified_level = level
    result.verified_by = user
    result.verified_at = timezone.now()
    result.updated_by = user
    _save_versioned(
        result,
        version,
        [*changes, "status", "verified_level", "verified_by", "verified_at", "updated_by"],
    )
    _record_changes(round_, user, "shared_result_saved", result, changes)
    return result
