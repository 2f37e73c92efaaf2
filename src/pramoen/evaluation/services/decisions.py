"""Decisions on a district's evaluation: submitted by the district, approved, returned or
reopened by the province. Evaluations carry a ``version`` like results do."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.notifications import services as notifications
from pramoen.reports import stored as stored_forms

from .. import limits, permissions
from ..errors import ConflictError, NotAllowed, ServiceError, WorkflowError
from ..models import Evaluation, EvaluationStatus, Indicator, Result, ResultStatus, RoundStatus
from ..selectors.evidence import indicators_without_evidence
from ..selectors.results import evaluation_unverified
from . import history
from .history import require


def _bump_evaluation(evaluation: Evaluation, version: int, **fields: Any) -> None:
    updated = Evaluation.objects.filter(pk=evaluation.pk, version=version).update(
        version=F("version") + 1, **fields
    )
    if updated == 0:
        raise ConflictError(_("สถานะการประเมินถูกเปลี่ยนโดยผู้อื่นแล้ว กรุณาโหลดหน้าใหม่"))
    for name, value in fields.items():
        setattr(evaluation, name, value)
    evaluation.version = version + 1


def _require_open(evaluation: Evaluation) -> None:
    if evaluation.round.status != RoundStatus.OPEN:
        raise WorkflowError(_("รอบการประเมินไม่ได้เปิดอยู่"))


def evaluation_submit_problems(*, evaluation: Evaluation, user: Any) -> list[ServiceError]:
    """Why ``evaluation_submit`` would refuse (nothing is written): who, the state, the
    indicators without a saved result, then those whose evidence the province requires and
    that have none (listed by code, so the district knows where to attach it)."""
    if not permissions.can_enter_result(permissions.membership_of(user), evaluation):
        return [NotAllowed(permissions.refusal("enter"))]
    if not evaluation.is_editable:
        return [WorkflowError(_("การประเมินนี้ส่งแล้วหรือไม่อยู่ในสถานะที่ส่งได้"))]
    problems: list[ServiceError] = []
    own = Indicator.objects.filter(
        round_id=evaluation.round_id, shared=False, districts=evaluation.district
    ).order_by("position")
    saved = set(
        Result.objects.filter(indicator__in=own, district=evaluation.district).values_list(
            "indicator__code", flat=True
        )
    )
    missing = [i.code for i in own if i.code not in saved]
    if missing:
        problems.append(
            WorkflowError(
                _("ยังไม่ได้บันทึกผลตัวชี้วัด %(codes)s"),
                code="results-missing",
                params={"codes": ", ".join(missing)},
            )
        )
    required = [i.code for i in indicators_without_evidence(evaluation) if i.evidence_required]
    if required:
        problems.append(
            WorkflowError(
                _("ส่งไม่ได้: ตัวชี้วัด %(codes)s ยังไม่มีหลักฐาน จังหวัดกำหนดให้ต้องแนบหลักฐานก่อนส่ง"),
                code="evidence-missing",
                params={"codes": ", ".join(required)},
            )
        )
    return problems


@transaction.atomic
def evaluation_submit(*, evaluation: Evaluation, user: Any, version: int) -> Evaluation:
    problems = evaluation_submit_problems(evaluation=evaluation, user=user)
    if problems:
        raise problems[0]
    own = Indicator.objects.filter(
        round_id=evaluation.round_id, shared=False, districts=evaluation.district
    )
    old = evaluation.status
    _bump_evaluation(
        evaluation, version, status=EvaluationStatus.SUBMITTED, submitted_at=timezone.now()
    )
    Result.objects.filter(
        indicator__in=own,
        district=evaluation.district,
        status__in=[ResultStatus.DRAFT, ResultStatus.RETURNED],
    ).update(status=ResultStatus.SUBMITTED, version=F("version") + 1)
    history.record(
        evaluation.round,
        user,
        "evaluation_submitted",
        evaluation=evaluation,
        field_name="status",
        old=old,
        new=EvaluationStatus.SUBMITTED,
    )
    notifications.on_submitted(evaluation)
    return evaluation


@transaction.atomic
def evaluation_approve(*, evaluation: Evaluation, user: Any, version: int) -> Evaluation:
    require(permissions.can_decide(permissions.membership_of(user), evaluation), "decide")
    if evaluation.status != EvaluationStatus.SUBMITTED:
        raise WorkflowError(_("อนุมัติได้เฉพาะการประเมินที่ส่งแล้ว"))
    pending = evaluation_unverified(evaluation)
    if pending:
        raise WorkflowError(
            _("ตัวชี้วัด %(codes)s ยังไม่ผ่านการตรวจสอบ"), params={"codes": ", ".join(pending)}
        )
    _bump_evaluation(
        evaluation,
        version,
        status=EvaluationStatus.APPROVED,
        approved_at=timezone.now(),
        approved_by=user,
    )
    history.record(
        evaluation.round,
        user,
        "evaluation_approved",
        evaluation=evaluation,
        field_name="status",
        old=EvaluationStatus.SUBMITTED,
        new=EvaluationStatus.APPROVED,
    )
    notifications.on_decided(evaluation, "approved")
    stored_forms.stored_forms_enqueue(evaluation)  # the approved form, rendered once committed
    return evaluation


@transaction.atomic
def evaluation_return(
    *, evaluation: Evaluation, user: Any, reason: str, version: int
) -> Evaluation:
    require(permissions.can_decide(permissions.membership_of(user), evaluation), "decide")
    _require_open(evaluation)
    if evaluation.status != EvaluationStatus.SUBMITTED:
        raise WorkflowError(_("ส่งกลับได้เฉพาะการประเมินที่ส่งแล้ว"))
    reason = limits.clean_reason(reason, message=_("ต้องระบุเหตุผลที่ส่งกลับ"))
    _bump_evaluation(evaluation, version, status=EvaluationStatus.RETURNED)
    Result.objects.filter(
        indicator__round_id=evaluation.round_id,
        district=evaluation.district,
        status=ResultStatus.SUBMITTED,
    ).update(status=ResultStatus.RETURNED, return_reason=reason, version=F("version") + 1)
    history.record(
        evaluation.round,
        user,
        "evaluation_returned",
        evaluation=evaluation,
        field_name="status",
        old=EvaluationStatus.SUBMITTED,
        new=EvaluationStatus.RETURNED,
        reason=reason,
    )
    notifications.on_decided(evaluation, "evaluation_returned", reason)
    return evaluation


@transaction.atomic
def evaluation_reopen(
    *, evaluation: Evaluation, user: Any, reason: str, version: int
) -> Evaluation:
    """Unlock an approved evaluation; it goes back to the district as returned, every result
    with it (whatever the district changes goes through verification again). Only while the
    round is open: in a closed round the district could not act on it."""
    require(permissions.can_decide(permissions.membership_of(user), evaluation), "decide")
    _require_open(evaluation)
    if evaluation.status != EvaluationStatus.APPROVED:
        raise WorkflowError(_("เปิดใหม่ได้เฉพาะการประเมินที่อนุมัติแล้ว"))
    reason = limits.clean_reason(reason, message=_("ต้องระบุเหตุผลที่เปิดการประเมินใหม่"))
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
    history.record(
        evaluation.round,
        user,
        "evaluation_reopened",
        evaluation=evaluation,
        field_name="status",
        old=EvaluationStatus.APPROVED,
        new=EvaluationStatus.RETURNED,
        reason=reason,
    )
    notifications.on_decided(evaluation, "reopened", reason)
    stored_forms.stored_forms_discard(evaluation)  # the approved form is no longer the form
    from pramoen.appraisal.services import on_kpi_reopened  # it builds on this app

    on_kpi_reopened(evaluation, user, reason)  # its achievement may change: rated again
    return evaluation
