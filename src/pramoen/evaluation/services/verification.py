"""Verification: the owning work group verifies a submitted result (at the district's level
or another, with a comment), returns it to the district with a reason, or withdraws its own
verification (with a reason) until the province approves; a queue's batch goes through the
same calls, all or nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.notifications import services as notifications

from .. import limits, permissions
from ..errors import BatchRefused, InvalidInput, NotAllowed, ServiceError, WorkflowError
from ..models import Evaluation, EvaluationStatus, Result, ResultStatus, RoundStatus
from ..selectors.results import evaluation_unverified
from . import history
from .history import as_json
from .results import _first, _save_versioned


def _evaluation_of(result: Result) -> Evaluation:
    # A shared result has no evaluation of its own; every service here refuses it before this.
    assert result.district_id is not None
    return Evaluation.objects.select_related("round").get(
        round_id=result.indicator.round_id, district_id=result.district_id
    )


def _who_and_when(result: Result, user: Any) -> list[ServiceError]:
    """The owning work group, on a district's result, in an open round."""
    indicator = result.indicator
    if result.district_id is None or not permissions.can_verify(
        permissions.membership_of(user), indicator
    ):
        return [NotAllowed(permissions.refusal("verify"))]
    if indicator.round.status != RoundStatus.OPEN:
        return [WorkflowError(_("รอบการประเมินไม่ได้เปิดอยู่"), code="round-not-open")]
    return []


def _approved() -> WorkflowError:
    return WorkflowError(_("การประเมินอนุมัติแล้ว ต้องให้จังหวัดเปิดใหม่ก่อน"), code="evaluation-approved")


def result_verify_problems(
    *, result: Result, user: Any, level: Decimal | None = None, comment: str = ""
) -> list[ServiceError]:
    """Why ``result_verify`` would refuse: who (the owning work group), the round open, the
    result waiting for verification, the level 0–5 (whole unless the round interpolates), and
    a comment when the level differs from the district's."""
    problems = _who_and_when(result, user)
    if problems:
        return problems
    if result.status != ResultStatus.SUBMITTED:
        return [WorkflowError(_("ผลนี้ไม่ได้รอการตรวจสอบ"), code="not-submitted")]
    if level is not None:
        try:
            limits.clean_level(level, whole=not result.indicator.round.interpolate)
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


def _return_reason(reason: Any) -> str:
    return limits.clean_reason(reason, message=_("ต้องระบุเหตุผลที่ส่งกลับ"))


def result_return_problems(*, result: Result, user: Any, reason: Any = None) -> list[ServiceError]:
    """Why ``result_return`` would refuse: who, the round open, the result submitted or
    verified, the evaluation not approved, and (when given) a reason that says something."""
    problems = _who_and_when(result, user)
    if problems:
        return problems
    if result.status not in (ResultStatus.SUBMITTED, ResultStatus.VERIFIED):
        return [WorkflowError(_("ผลนี้ไม่ได้อยู่ในสถานะที่ส่งกลับได้"), code="not-returnable")]
    if _evaluation_of(result).is_locked:
        return [_approved()]
    if reason is not None:
        try:
            _return_reason(reason)
        except InvalidInput as exc:
            problems.append(exc)
    return problems


@transaction.atomic
def result_return(*, result: Result, user: Any, reason: str, version: int) -> Result:
    """The owning work group sends one indicator back to the district with a reason, while the
    round is open and the district's evaluation is not approved."""
    _first(result_return_problems(result=result, user=user, reason=reason))
    reason = _return_reason(reason)
    evaluation = _evaluation_of(result)
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


def _withdraw_reason(reason: Any) -> str:
    return limits.clean_reason(reason, message=_("ต้องระบุเหตุผลที่ถอนการยืนยัน"))


def result_withdraw_problems(
    *, result: Result, user: Any, reason: Any = None
) -> list[ServiceError]:
    """Why ``result_withdraw`` would refuse: who (``can_withdraw``), the round open, the
    result verified, the district's evaluation not approved, and (when given) a reason."""
    indicator = result.indicator
    if result.district_id is None or not permissions.can_withdraw(
        permissions.membership_of(user), indicator
    ):
        return [NotAllowed(permissions.refusal("verify"))]
    problems = _who_and_when(result, user)
    if problems:
        return problems
    if result.status != ResultStatus.VERIFIED:
        return [WorkflowError(_("ผลนี้ยังไม่ได้ตรวจสอบ จึงถอนการยืนยันไม่ได้"), code="not-verified")]
    if _evaluation_of(result).is_locked:
        return [_approved()]
    if reason is not None:
        try:
            _withdraw_reason(reason)
        except InvalidInput as exc:
            problems.append(exc)
    return problems


@transaction.atomic
def result_withdraw(*, result: Result, user: Any, reason: str, version: int) -> Result:
    """The owning work group takes back its verification: the result waits for verification
    again, its verified level cleared, the reason in the history. Only until the province
    approves the district's evaluation, and only in an open round."""
    _first(result_withdraw_problems(result=result, user=user, reason=reason))
    reason = _withdraw_reason(reason)
    evaluation = _evaluation_of(result)
    if evaluation.status == EvaluationStatus.SUBMITTED:
        # Compare-and-set on the evaluation: an approval running at the same time either saw
        # this result verified and bumps first (then this finds it approved and refuses), or
        # finds its version moved and is refused as a conflict. Never an approved evaluation
        # with a result that waits for verification.
        moved = Evaluation.objects.filter(
            pk=evaluation.pk, status=EvaluationStatus.SUBMITTED
        ).update(version=F("version") + 1)
        if not moved:
            raise _approved()
    old = result.verified_level
    result.status = ResultStatus.SUBMITTED
    result.verified_level = None
    result.verification_comment = ""
    result.verified_by = None
    result.verified_at = None
    _save_versioned(
        result,
        version,
        ["status", "verified_level", "verification_comment", "verified_by", "verified_at"],
    )
    history.record(
        evaluation.round,
        user,
        "result_verification_withdrawn",
        evaluation=evaluation,
        result=result,
        indicator_code=result.indicator.code,
        field_name="verified_level",
        old=as_json(old),
        new=None,
        reason=reason,
    )
    return result


@dataclass(frozen=True)
class VerifyItem:
    """One row of a batch: the result as read (its version) and the level and comment typed."""

    result: Result
    version: int
    level: Decimal
    comment: str = ""


def _batch(calls: Sequence[tuple[int, Any]], refused: Mapping[int, ServiceError]) -> None:
    """Run every call, each in its own savepoint; if any is refused (or the caller refused
    some rows already), undo them all and say which and why (the transaction rolls back
    when BatchRefused leaves it)."""
    refused = dict(refused)
    for key, call in calls:
        try:
            with transaction.atomic():
                call()
        except ServiceError as exc:
            refused[key] = exc
    if refused:
        raise batch_refused(refused)


def batch_refused(refused: dict[int, ServiceError]) -> BatchRefused:
    """The refusal of a whole batch, each refused item's own reason kept."""
    return BatchRefused(
        _("ยังไม่ได้บันทึกรายการใดเลย: %(count)s รายการทำไม่ได้ ดูเหตุผลที่แต่ละรายการ"),
        refused,
        params={"count": len(refused)},
    )


@transaction.atomic
def results_verify(
    *, items: Sequence[VerifyItem], user: Any, refused: Mapping[int, ServiceError] = {}
) -> None:
    """Verify several results at their typed levels, all or none (``BatchRefused``; the
    result objects given may then hold undone changes in memory: read them again).
    ``refused``: rows a door could not even read (a level that is no number), reported with
    the others."""
    if not items and not refused:
        raise InvalidInput(_("ยังไม่ได้เลือกรายการ"), field="selected", code="nothing-selected")
    _batch(
        [
            (
                item.result.pk,
                lambda item=item: result_verify(
                    result=item.result,
                    user=user,
                    level=item.level,
                    comment=item.comment,
                    version=item.version,
                ),
            )
            for item in items
        ],
        refused,
    )


@transaction.atomic
def results_return(
    *,
    items: Sequence[tuple[Result, int]],
    user: Any,
    reason: str,
    refused: Mapping[int, ServiceError] = {},
) -> None:
    """Return several results (each as read: result, version) with one reason, all or none."""
    if not items and not refused:
        raise InvalidInput(_("ยังไม่ได้เลือกรายการ"), field="selected", code="nothing-selected")
    _return_reason(reason)  # one reason for all: refused once, before any row
    _batch(
        [
            (
                result.pk,
                lambda result=result, version=version: result_return(
                    result=result, user=user, reason=reason, version=version
                ),
            )
            for result, version in items
        ],
        refused,
    )
