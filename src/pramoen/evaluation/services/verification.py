"""Verification: the owning work group verifies a submitted result (at the district's level
or another, with a comment) or returns it to the district with a reason."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.notifications import services as notifications

from .. import limits, permissions
from ..errors import InvalidInput, NotAllowed, ServiceError, WorkflowError
from ..models import Evaluation, EvaluationStatus, Result, ResultStatus, RoundStatus
from ..selectors.results import evaluation_unverified
from . import history
from .history import as_json
from .results import _first, _save_versioned


def _evaluation_of(result: Result) -> Evaluation:
    # A shared result has no evaluation of its own; verify and return refuse it before this.
    assert result.district_id is not None
    return Evaluation.objects.select_related("round").get(
        round_id=result.indicator.round_id, district_id=result.district_id
    )


def result_verify_problems(
    *, result: Result, user: Any, level: Decimal | None = None, comment: str = ""
) -> list[ServiceError]:
    """Why ``result_verify`` would refuse: who (the owning work group), the round open, the
    result waiting for verification, the level 0–5 (whole unless the round interpolates), and
    a comment when the level differs from the district's."""
    indicator = result.indicator
    if result.district_id is None or not permissions.can_verify(
        permissions.membership_of(user), indicator
    ):
        return [NotAllowed(permissions.refusal("verify"))]
    if indicator.round.status != RoundStatus.OPEN:
        return [WorkflowError(_("รอบการประเมินไม่ได้เปิดอยู่"), code="round-not-open")]
    if result.status != ResultStatus.SUBMITTED:
        return [WorkflowError(_("ผลนี้ไม่ได้รอการตรวจสอบ"), code="not-submitted")]
    problems: list[ServiceError] = []
    if level is not None:
        try:
            limits.clean_level(level, whole=not indicator.round.interpolate)
        except InvalidInput as exc:
            problems.append(exc)
    try:
        limits.clean_text(comment, field="comment")
    except InvalidInput as exc:
        problems.append(exc)
    if (
        level is not None
        and result.self_level is not None
        and level != result.self_level
        and limits.is_blank(comment)
    ):
        problems.append(
            InvalidInput(
                _("กำหนดระดับต่างจากที่อำเภอรายงาน ต้องระบุเหตุผล"),
                field="comment",
                code="comment-required",
            )
        )
    return problems


@transaction.atomic
def result_verify(
    *, result: Result, user: Any, level: Decimal, comment: str, version: int
) -> Result:
    """The owning work group accepts the level (or sets another, with a comment)."""
    _first(result_verify_problems(result=result, user=user, level=level, comment=comment))
    level = limits.clean_level(level, whole=not result.indicator.round.interpolate)
    comment = limits.clean_text(comment, field="comment")
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
    history.record(
        evaluation.round,
        user,
        "result_verified",
        evaluation=evaluation,
        result=result,
        indicator_code=result.indicator.code,
        field_name="verified_level",
        old=as_json(old),
        new=as_json(level),
        reason=comment,
    )
    if evaluation.status == EvaluationStatus.SUBMITTED and not evaluation_unverified(evaluation):
        notifications.on_all_verified(evaluation)
    return result


@transaction.atomic
def result_return(*, result: Result, user: Any, reason: str, version: int) -> Result:
    """The owning work group sends one indicator back to the district with a reason, while the
    round is open and the district's evaluation is not approved."""
    if result.district_id is None or not permissions.can_verify(
        permissions.membership_of(user), result.indicator
    ):
        raise NotAllowed(permissions.refusal("verify"))
    if result.indicator.round.status != RoundStatus.OPEN:
        raise WorkflowError(_("รอบการประเมินไม่ได้เปิดอยู่"))
    if result.status not in (ResultStatus.SUBMITTED, ResultStatus.VERIFIED):
        raise WorkflowError(_("ผลนี้ไม่ได้อยู่ในสถานะที่ส่งกลับได้"))
    reason = limits.clean_reason(reason, message=_("ต้องระบุเหตุผลที่ส่งกลับ"))
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
    history.record(
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
    notifications.on_result_returned(result, reason)
    return result
