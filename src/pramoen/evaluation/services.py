"""Writes. Each service is one transaction and records what it changed in the history.

Concurrency: results and evaluations carry a ``version``; a write names the version it was
based on and is applied with a conditional UPDATE, so of two people saving the same copy the
second is refused (ConflictError) instead of silently overwriting the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.accounts.access import can_verify, membership_of
from pramoen.accounts.models import District, Province, Role, WorkGroup
from pramoen.core import (
    DocumentError,
    IndicatorResult,
    check,
    has_errors,
    indicator_level,
    officialdoc,
)
from pramoen.core import model as core
from pramoen.core.report import finding_dict

from .errors import ConflictError, ImportBlocked, WorkflowError
from .models import (
    Evaluation,
    EvaluationStatus,
    Evidence,
    HistoryEvent,
    Indicator,
    IndicatorLevel,
    Result,
    ResultStatus,
    Round,
    RoundStatus,
)
from .selectors import core_indicator


def _record(
    round_: Round,
    user: Any,
    action: str,
    *,
    evaluation: Evaluation | None = None,
    result: Result | None = None,
    indicator_code: str = "",
    field_name: str = "",
    old: Any = None,
    new: Any = None,
    reason: str = "",
) -> None:
    HistoryEvent.objects.create(
        round=round_,
        evaluation=evaluation,
        result=result,
        indicator_code=indicator_code,
        actor=user,
        action=action,
        field=field_name,
        old=old,
        new=new,
        reason=reason,
    )


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


# --- rounds ----------------------------------------------------------------------------------


def scorecard_preview(
    *, province: Province, text: str
) -> tuple[core.Scorecard, list[core.Finding]]:
    """Parse and check a KPI summary against the province's districts; nothing is stored."""
    districts = [
        core.District(d.code, d.name_th, d.name_en) for d in province.districts.order_by("code")
    ]
    scorecard = officialdoc.parse(text, districts)
    return scorecard, check(scorecard)


@transaction.atomic
def scorecard_import(
    *,
    province: Province,
    text: str,
    source_name: str,
    user: Any,
    accept_errors_reason: str = "",
) -> Round:
    """Create a round (not yet open) from a KPI summary, its indicators snapshotted.

    A document with errors is refused unless ``accept_errors_reason`` says why it is taken as
    it is (recorded). A round that is already open or closed is never replaced.
    """
    try:
        scorecard, findings = scorecard_preview(province=province, text=text)
    except DocumentError as exc:
        raise ImportBlocked(str(exc), []) from exc
    if has_errors(findings) and not accept_errors_reason.strip():
        raise ImportBlocked(_("เอกสารมีข้อผิดพลาด ต้องแก้ไขก่อนนำเข้า"), findings)
    missing_weight = [i.id for i in scorecard.indicators if i.weight is None]
    if missing_weight:
        raise ImportBlocked(
            _("ตัวชี้วัด %(codes)s ไม่มีน้ำหนัก") % {"codes": ", ".join(missing_weight)}, findings
        )

    existing = Round.objects.filter(
        province=province, fiscal_year=scorecard.fiscal_year, number=scorecard.round
    ).first()
    if existing is not None:
        if existing.status != RoundStatus.DRAFT:
            raise ImportBlocked(
                _("รอบ %(round)s เปิดใช้แล้ว นำเข้าซ้ำทับไม่ได้ (ข้อมูลของรอบที่ดำเนินการอยู่ต้องไม่เปลี่ยน)")
                % {"round": existing.code},
                findings,
            )
        existing.delete()

    round_ = Round.objects.create(
        province=province,
        fiscal_year=scorecard.fiscal_year,
        number=scorecard.round,
        period_start=scorecard.period_start,
        period_end=scorecard.period_end,
        position=scorecard.position,
        source_name=source_name,
        source_text=text,
        findings=[finding_dict(f) for f in findings],
        imported_by=user,
    )
    districts = {d.code: d for d in province.districts.all()}
    for position, ind in enumerate(scorecard.indicators):
        assert ind.source is not None and ind.weight is not None
        work_group, _created = WorkGroup.objects.get_or_create(
            province=province,
            code=ind.source.code,
            defaults={"name_th": ind.source.name_th, "name_en": ind.source.name_en},
        )
        row = snapshot_indicator(round_, ind, work_group, position)
        row.save()
        IndicatorLevel.objects.bulk_create(snapshot_levels(row, ind))
        row.districts.set([districts[c] for c in scorecard.applies_to(ind)])
    Evaluation.objects.bulk_create(Evaluation(round=round_, district=d) for d in districts.values())
    _record(
        round_,
        user,
        "round_imported",
        new={"source": source_name, "indicators": len(scorecard.indicators)},
        reason=accept_errors_reason,
    )
    return round_


def snapshot_indicator(
    round_: Round, indicator: core.Indicator, work_group: WorkGroup, position: int
) -> Indicator:
    """A round's copy of a document's indicator (not saved yet). Team indicators start as
    shared (one province-wide result); the province may change that before the round opens."""
    assert indicator.weight is not None
    return Indicator(
        round=round_,
        code=indicator.id,
        group=indicator.group.value,
        number=indicator.number,
        title=indicator.title,
        weight=indicator.weight,
        work_group=work_group,
        kind=indicator.kind.value,
        shared=indicator.group is core.Group.TEAM,
        position=position,
        applies_mode=indicator.applicability.mode,
    )


def snapshot_levels(row: Indicator, indicator: core.Indicator) -> list[IndicatorLevel]:
    """The levels of a round's indicator as stored (not saved yet): the snapshot of the
    document's levels and criteria that the round is scored with."""
    return [
        IndicatorLevel(
            indicator=row,
            level=lv.level,
            text=lv.text,
            criteria=[
                {"measure": c.measure, "op": c.op.value, "value": _json(c.value), "unit": c.unit}
                for c in lv.criteria
            ],
        )
        for lv in indicator.levels
    ]


@transaction.atomic
def round_set_status(*, round_: Round, user: Any, status: str) -> Round:
    allowed = {
        RoundStatus.DRAFT: {RoundStatus.OPEN},
        RoundStatus.OPEN: {RoundStatus.CLOSED},
        RoundStatus.CLOSED: {RoundStatus.OPEN},
    }
    if status not in allowed[RoundStatus(round_.status)]:
        raise WorkflowError(_("เปลี่ยนสถานะรอบการประเมินแบบนี้ไม่ได้"))
    old = round_.status
    round_.status = status
    round_.save(update_fields=["status"])
    _record(round_, user, "round_status", field_name="status", old=old, new=status)
    return round_


@transaction.atomic
def round_settings_update(
    *,
    round_: Round,
    user: Any,
    team_share: Decimal | None,
    bands: list[list[Any]] | None,
    interpolate: bool,
) -> Round:
    """Shares (None = the 50/50 default), rating bands (None = default) and interpolation."""
    if round_.status == RoundStatus.CLOSED:
        raise WorkflowError(_("รอบการประเมินปิดแล้ว แก้ไขการตั้งค่าไม่ได้"))
    changes: dict[str, tuple[Any, Any]] = {}
    new_share = Decimal("0.5") if team_share is None else team_share
    new_default = team_share is None
    for name, new in (
        ("team_share", new_share),
        ("shares_default", new_default),
        ("bands", bands or []),
        ("interpolate", interpolate),
    ):
        old = getattr(round_, name)
        if old != new:
            changes[name] = (old, new)
            setattr(round_, name, new)
    if changes:
        round_.save(update_fields=list(changes))
        for name, (old, new) in changes.items():
            _record(round_, user, "round_settings", field_name=name, old=_json(old), new=_json(new))
    return round_


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultInput:
    value: Decimal | None = None
    values: dict[str, Decimal] = field(default_factory=dict)
    met: frozenset[int] = frozenset()
    note: str = ""


def compute_level(
    indicator: Indicator | core.Indicator, data: ResultInput, *, interpolate: bool
) -> Decimal:
    """The level the core gives these entries (a model indicator's levels and districts must
    be prefetched)."""
    return indicator_level(
        core_indicator(indicator) if isinstance(indicator, Indicator) else indicator,
        IndicatorResult(value=data.value, values=dict(data.values), met=data.met),
        interpolate=interpolate,
    )


def _apply(result: Result, data: ResultInput, level: Decimal) -> dict[str, tuple[Any, Any]]:
    new = {
        "value": data.value,
        "values": {k: _json(v) for k, v in data.values.items()},
        "met": sorted(data.met),
        "note": data.note,
        "self_level": level,
    }
    changes = {}
    for name, value in new.items():
        old = getattr(result, name)
        if _json(old) != _json(value):
            changes[name] = (old, value)
        setattr(result, name, value)
    return changes


def _require_owner(user: Any, indicator: Indicator, *, province_too: bool = False) -> None:
    """Only the work group that owns the indicator's data source (or, where allowed, the
    province office) may enter or verify its results. Views check too; this is the last word
    for every caller (views, the API, bulk imports)."""
    m = membership_of(user)
    if can_verify(m, indicator):
        return
    province_office = (
        m is not None and m.role == Role.PROVINCE and m.province_id == indicator.round.province_id
    )
    if province_too and province_office:
        return
    raise WorkflowError(_("เฉพาะกลุ่มงานเจ้าของแหล่งข้อมูลของตัวชี้วัดนี้เท่านั้น"))


def _CONFLICT_MESSAGE() -> str:
    return _("มีผู้อื่นบันทึกผลของตัวชี้วัดนี้ไปก่อนแล้ว กรุณาโหลดหน้าใหม่เพื่อดูข้อมูลล่าสุดก่อนแก้ไข")


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
            raise ConflictError(_CONFLICT_MESSAGE()) from None
        return
    updated = Result.objects.filter(pk=result.pk, version=version).update(
        **{name: getattr(result, name) for name in fields},
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if updated == 0:
        raise ConflictError(_CONFLICT_MESSAGE())
    result.version = version + 1


@transaction.atomic
def result_save(
    *, evaluation: Evaluation, indicator: Indicator, user: Any, data: ResultInput, version: int
) -> Result:
    """A district officer saves (a draft of) one indicator's result."""
    if not evaluation.is_editable:
        raise WorkflowError(_("การประเมินนี้ไม่อยู่ในสถานะที่แก้ไขได้"))
    if indicator.shared:
        raise WorkflowError(_("ตัวชี้วัดนี้ใช้ผลระดับจังหวัด กลุ่มงานเจ้าของข้อมูลเป็นผู้บันทึก"))
    if not indicator.districts.filter(pk=evaluation.district_id).exists():
        raise WorkflowError(_("ตัวชี้วัดนี้ไม่ใช้กับอำเภอนี้"))
    result = Result.objects.filter(indicator=indicator, district_id=evaluation.district_id).first()
    if result is None:
        if version != 0:
            raise ConflictError(_("ผลของตัวชี้วัดนี้ถูกลบหรือเปลี่ยนไปแล้ว กรุณาโหลดหน้าใหม่"))
        result = Result(indicator=indicator, district_id=evaluation.district_id)
    elif result.status in (ResultStatus.SUBMITTED, ResultStatus.VERIFIED):
        raise WorkflowError(_("ผลนี้ส่งแล้ว แก้ไขได้เมื่อถูกส่งกลับเท่านั้น"))
    level = compute_level(indicator, data, interpolate=evaluation.round.interpolate)
    changes = _apply(result, data, level)
    result.updated_by = user
    _save_versioned(result, version, [*changes, "updated_by"])
    for name, (old, new) in changes.items():
        _record(
            evaluation.round,
            user,
            "result_saved",
            evaluation=evaluation,
            result=result,
            indicator_code=indicator.code,
            field_name=name,
            old=_json(old),
            new=_json(new),
        )
    return result


@transaction.atomic
def shared_result_save(
    *, indicator: Indicator, user: Any, data: ResultInput, version: int
) -> Result:
    """The owning work group (or the province) enters the province-wide result; it counts as
    verified."""
    round_ = indicator.round
    _require_owner(user, indicator, province_too=True)
    if round_.status != RoundStatus.OPEN:
        raise WorkflowError(_("รอบการประเมินไม่ได้เปิดอยู่"))
    if not indicator.shared:
        raise WorkflowError(_("ตัวชี้วัดนี้บันทึกผลรายอำเภอ"))
    if Evaluation.objects.filter(round=round_, status=EvaluationStatus.APPROVED).exists():
        raise WorkflowError(_("มีอำเภอที่อนุมัติแล้ว ต้องเปิดการประเมินใหม่ก่อนแก้ผลระดับจังหวัด"))
    result = Result.objects.filter(indicator=indicator, district__isnull=True).first()
    if result is None:
        if version != 0:
            raise ConflictError(_("ผลของตัวชี้วัดนี้ถูกเปลี่ยนไปแล้ว กรุณาโหลดหน้าใหม่"))
        result = Result(indicator=indicator, district=None)
    level = compute_level(indicator, data, interpolate=round_.interpolate)
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
    for name, (old, new) in changes.items():
        _record(
            round_,
            user,
            "shared_result_saved",
            result=result,
            indicator_code=indicator.code,
            field_name=name,
            old=_json(old),
            new=_json(new),
        )
    return result


def _bump_evaluation(evaluation: Evaluation, version: int, **fields: Any) -> None:
    updated = Evaluation.objects.filter(pk=evaluation.pk, version=version).update(
        version=F("version") + 1, **fields
    )
    if updated == 0:
        raise ConflictError(_("สถานะการประเมินถูกเปลี่ยนโดยผู้อื่นแล้ว กรุณาโหลดหน้าใหม่"))
    for name, value in fields.items():
        setattr(evaluation, name, value)
    evaluation.version = version + 1


@transaction.atomic
def evaluation_submit(*, evaluation: Evaluation, user: Any, version: int) -> Evaluation:
    if not evaluation.is_editable:
        raise WorkflowError(_("การประเมินนี้ส่งแล้วหรือไม่อยู่ในสถานะที่ส่งได้"))
    own = Indicator.objects.filter(
        round_id=evaluation.round_id, shared=False, districts=evaluation.district
    )
    saved = set(
        Result.objects.filter(indicator__in=own, district=evaluation.district).values_list(
            "indicator__code", flat=True
        )
    )
    missing = [i.code for i in own if i.code not in saved]
    if missing:
        raise WorkflowError(_("ยังไม่ได้บันทึกผลตัวชี้วัด %(codes)s") % {"codes": ", ".join(missing)})
    old = evaluation.status
    _bump_evaluation(
        evaluation, version, status=EvaluationStatus.SUBMITTED, submitted_at=timezone.now()
    )
    Result.objects.filter(
        indicator__in=own,
        district=evaluation.district,
        status__in=[ResultStatus.DRAFT, ResultStatus.RETURNED],
    ).update(status=ResultStatus.SUBMITTED, version=F("version") + 1)
    _record(
        evaluation.round,
        user,
        "evaluation_submitted",
        evaluation=evaluation,
        field_name="status",
        old=old,
        new=EvaluationStatus.SUBMITTED,
    )
    return evaluation


def _evaluation_of(result: Result) -> Evaluation:
    return Evaluation.objects.select_related("round").get(
        round_id=result.indicator.round_id, district_id=result.district_id
    )


@transaction.atomic
def result_verify(
    *, result: Result, user: Any, level: Decimal, comment: str, version: int
) -> Result:
    """The owning work group accepts the level (or sets another, with a comment)."""
    _require_owner(user, result.indicator)
    if result.indicator.round.status != RoundStatus.OPEN:
        raise WorkflowError(_("รอบการประเมินไม่ได้เปิดอยู่"))
    if result.status != ResultStatus.SUBMITTED:
        raise WorkflowError(_("ผลนี้ไม่ได้รอการตรวจสอบ"))
    if not Decimal(0) <= level <= Decimal(5):
        raise WorkflowError(_("ระดับต้องอยู่ระหว่าง ๐ ถึง ๕"))
    if result.self_level is not None and level != result.self_level and not comment.strip():
        raise WorkflowError(_("กำหนดระดับต่างจากที่อำเภอรายงาน ต้องระบุเหตุผล"))
    old = result.verified_level
    result.status = ResultStatus.VERIFIED
    result.verified_level = level
    result.verification_comment = comment
    result.verified_by = user
    result.verified_at = timezone.now()
    _save_versioned(
        result,
        version,
        ["status", "verified_level", "verification_comment", "verified_by", "verified_at"],
    )
    evaluation = _evaluation_of(result)
    _record(
        evaluation.round,
        user,
        "result_verified",
        evaluation=evaluation,
        result=result,
        indicator_code=result.indicator.code,
        field_name="verified_level",
        old=_json(old),
        new=_json(level),
        reason=comment,
    )
    return result


@transaction.atomic
def result_return(*, result: Result, user: Any, reason: str, version: int) -> Result:
    """The owning work group sends one indicator back to the district with a reason."""
    if result.status not in (ResultStatus.SUBMITTED, ResultStatus.VERIFIED):
        raise WorkflowError(_("ผลนี้ไม่ได้อยู่ในสถานะที่ส่งกลับได้"))
    if not reason.strip():
        raise WorkflowError(_("ต้องระบุเหตุผลที่ส่งกลับ"))
    evaluation = _evaluation_of(result)
    if evaluation.is_locked:
        raise WorkflowError(_("การประเมินอนุมัติแล้ว ต้องให้จังหวัดเปิดใหม่ก่อน"))
    old = result.status
    result.status = ResultStatus.RETURNED
    result.return_reason = reason
    result.verified_level = None
    _save_versioned(result, version, ["status", "return_reason", "verified_level"])
    if evaluation.status == EvaluationStatus.SUBMITTED:
        Evaluation.objects.filter(pk=evaluation.pk).update(
            status=EvaluationStatus.RETURNED, version=F("version") + 1
        )
    _record(
        evaluation.round,
        user,
        "result_returned",
        evaluation=evaluation,
        result=result,
        indicator_code=result.indicator.code,
        field_name="status",
        old=old,
        new=ResultStatus.RETURNED,
        reason=reason,
    )
    return result


@transaction.atomic
def evaluation_approve(*, evaluation: Evaluation, user: Any, version: int) -> Evaluation:
    if evaluation.status != EvaluationStatus.SUBMITTED:
        raise WorkflowError(_("อนุมัติได้เฉพาะการประเมินที่ส่งแล้ว"))
    applicable = Indicator.objects.filter(round_id=evaluation.round_id).filter(
        districts=evaluation.district
    )
    verified = set(
        Result.objects.filter(indicator__in=applicable, status=ResultStatus.VERIFIED)
        .filter(Q(district=evaluation.district) | Q(district__isnull=True))
        .values_list("indicator__code", flat=True)
    )
    pending = [i.code for i in applicable if i.code not in verified]
    if pending:
        raise WorkflowError(_("ตัวชี้วัด %(codes)s ยังไม่ผ่านการตรวจสอบ") % {"codes": ", ".join(pending)})
    _bump_evaluation(
        evaluation,
        version,
        status=EvaluationStatus.APPROVED,
        approved_at=timezone.now(),
        approved_by=user,
    )
    _record(
        evaluation.round,
        user,
        "evaluation_approved",
        evaluation=evaluation,
        field_name="status",
        old=EvaluationStatus.SUBMITTED,
        new=EvaluationStatus.APPROVED,
    )
    return evaluation


@transaction.atomic
def evaluation_return(
    *, evaluation: Evaluation, user: Any, reason: str, version: int
) -> Evaluation:
    if evaluation.status != EvaluationStatus.SUBMITTED:
        raise WorkflowError(_("ส่งกลับได้เฉพาะการประเมินที่ส่งแล้ว"))
    if not reason.strip():
        raise WorkflowError(_("ต้องระบุเหตุผลที่ส่งกลับ"))
    _bump_evaluation(evaluation, version, status=EvaluationStatus.RETURNED)
    Result.objects.filter(
        indicator__round_id=evaluation.round_id,
        district=evaluation.district,
        status=ResultStatus.SUBMITTED,
    ).update(status=ResultStatus.RETURNED, return_reason=reason, version=F("version") + 1)
    _record(
        evaluation.round,
        user,
        "evaluation_returned",
        evaluation=evaluation,
        field_name="status",
        old=EvaluationStatus.SUBMITTED,
        new=EvaluationStatus.RETURNED,
        reason=reason,
    )
    return evaluation


@transaction.atomic
def evaluation_reopen(
    *, evaluation: Evaluation, user: Any, reason: str, version: int
) -> Evaluation:
    """Unlock an approved evaluation; it goes back to the district as returned."""
    if evaluation.status != EvaluationStatus.APPROVED:
        raise WorkflowError(_("เปิดใหม่ได้เฉพาะการประเมินที่อนุมัติแล้ว"))
    if not reason.strip():
        raise WorkflowError(_("ต้องระบุเหตุผลที่เปิดการประเมินใหม่"))
    _bump_evaluation(
        evaluation, version, status=EvaluationStatus.RETURNED, approved_at=None, approved_by=None
    )
    # Whatever the district changes after a reopen goes through verification again.
    Result.objects.filter(
        indicator__round_id=evaluation.round_id, district=evaluation.district
    ).update(
        status=ResultStatus.RETURNED,
        return_reason=reason,
        verified_level=None,
        version=F("version") + 1,
    )
    _record(
        evaluation.round,
        user,
        "evaluation_reopened",
        evaluation=evaluation,
        field_name="status",
        old=EvaluationStatus.APPROVED,
        new=EvaluationStatus.RETURNED,
        reason=reason,
    )
    return evaluation


def district_for(province: Province, code: str) -> District:
    return District.objects.get(province=province, code=code)


# --- evidence --------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    """The uploaded name as shown back to people: no control characters (a NUL would break
    PostgreSQL), no directories, at most 255 characters."""
    name = "".join(ch for ch in str(name) if ch.isprintable()).replace("/", "_").replace("\\", "_")
    return name.strip()[:255] or "evidence"


def _evidence_result(evaluation: Evaluation, indicator: Indicator, user: Any) -> Result:
    if not evaluation.is_editable:
        raise WorkflowError(_("การประเมินนี้ไม่อยู่ในสถานะที่แก้ไขได้"))
    result = Result.objects.filter(indicator=indicator, district_id=evaluation.district_id).first()
    if result is None:
        raise WorkflowError(_("บันทึกผลของตัวชี้วัดนี้ก่อน แล้วจึงแนบหลักฐาน"))
    if result.status in (ResultStatus.SUBMITTED, ResultStatus.VERIFIED):
        raise WorkflowError(_("ผลนี้ส่งแล้ว แนบหลักฐานเพิ่มได้เมื่อถูกส่งกลับเท่านั้น"))
    return result


@transaction.atomic
def evidence_add_file(
    *, evaluation: Evaluation, indicator: Indicator, user: Any, upload: Any, max_bytes: int
) -> Evidence:
    from .evidence import EvidenceRejected, sniff

    result = _evidence_result(evaluation, indicator, user)
    if upload.size > max_bytes:
        raise EvidenceRejected(_("ไฟล์ใหญ่เกิน %(size)s MB") % {"size": max_bytes // (1024 * 1024)})
    sniffed = sniff(upload.file)
    item = Evidence(
        result=result,
        original_name=_clean_name(upload.name),
        content_type=sniffed.content_type,
        size=upload.size,
        uploaded_by=user,
    )
    item.file.save("upload", upload, save=False)
    item.save()
    _record(
        evaluation.round,
        user,
        "evidence_added",
        evaluation=evaluation,
        result=result,
        indicator_code=indicator.code,
        field_name="evidence",
        new={"id": item.pk, "name": item.original_name, "size": item.size},
    )
    return item


@transaction.atomic
def evidence_add_link(
    *, evaluation: Evaluation, indicator: Indicator, user: Any, url: str
) -> Evidence:
    result = _evidence_result(evaluation, indicator, user)
    item = Evidence.objects.create(result=result, url=url, uploaded_by=user)
    _record(
        evaluation.round,
        user,
        "evidence_added",
        evaluation=evaluation,
        result=result,
        indicator_code=indicator.code,
        field_name="evidence",
        new={"id": item.pk, "url": url},
    )
    return item


@transaction.atomic
def evidence_remove(*, evaluation: Evaluation, evidence: Evidence, user: Any) -> None:
    """Evidence is withdrawn, not deleted: the file stays for the history."""
    result = _evidence_result(evaluation, evidence.result.indicator, user)
    if evidence.result_id != result.pk or evidence.removed_at is not None:
        raise WorkflowError(_("ไม่พบหลักฐานนี้"))
    evidence.removed_at = timezone.now()
    evidence.save(update_fields=["removed_at"])
    _record(
        evaluation.round,
        user,
        "evidence_removed",
        evaluation=evaluation,
        result=result,
        indicator_code=evidence.result.indicator.code,
        field_name="evidence",
        old={"id": evidence.pk, "name": evidence.original_name or evidence.url},
    )


@transaction.atomic
def indicator_set_shared(*, indicator: Indicator, user: Any, shared: bool) -> Indicator:
    """One province-wide result (entered by the work group) or one result per district.

    Only before the round opens: once results exist, changing how they are entered would
    orphan them, and a running round's definitions never change.
    """
    round_ = indicator.round
    if round_.status != RoundStatus.DRAFT:
        raise WorkflowError(_("เปลี่ยนวิธีบันทึกผลได้ก่อนเปิดรอบการประเมินเท่านั้น"))
    if indicator.shared != shared:
        old = indicator.shared
        indicator.shared = shared
        indicator.save(update_fields=["shared"])
        _record(
            round_,
            user,
            "indicator_entry",
            indicator_code=indicator.code,
            field_name="shared",
            old=old,
            new=shared,
        )
    return indicator
