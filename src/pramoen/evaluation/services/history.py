"""The history: every service records what it changed here, and nothing edits or deletes it
(the model's foreign keys PROTECT it)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from pramoen.core.thai import decimal_text
from pramoen.evaluation import permissions
from pramoen.evaluation.errors import NotAllowed, WorkflowError

from ..models import Evaluation, EvaluationStatus, HistoryEvent, Result, Round


def event(
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
) -> HistoryEvent:
    """One history event, not saved yet: what every service records (and what the synthetic
    department writes in bulk)."""
    return HistoryEvent(
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


def record(round_: Round, user: Any, action: str, **fields: Any) -> None:
    event(round_, user, action, **fields).save()


def as_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return decimal_text(value)
    return value


def require(allowed: bool, action: str) -> None:
    """Refuse with the rule's own message unless ``allowed`` (a ``permissions`` answer)."""
    if not allowed:
        raise NotAllowed(permissions.refusal(action))


def is_operator(user: Any) -> bool:
    """``None`` is the server's own operator (the ``pramoen`` command and the demo), who holds
    the database anyway. Every web, API and import door passes the signed-in user instead."""
    return user is None


def require_manager(user: Any, round_: Round) -> None:
    if is_operator(user):
        return
    require(permissions.can_manage_round(permissions.membership_of(user), round_), "manage")


def approved_lock(round_: Round, district_ids: Iterable[int] | None = None) -> None:
    """Nothing that changes an approved score: results shared by every district, shares, bands,
    interpolation and entry modes wait until every approved evaluation is reopened. With
    ``district_ids``, only those districts' scores move (an indicator's weight or levels)."""
    approved = Evaluation.objects.filter(round=round_, status=EvaluationStatus.APPROVED)
    if district_ids is not None:
        approved = approved.filter(district_id__in=list(district_ids))
    if approved.exists():
        raise WorkflowError(
            _("มีอำเภอที่อนุมัติแล้ว ต้องเปิดการประเมินใหม่ก่อนจึงเปลี่ยนสิ่งที่มีผลต่อคะแนนได้"),
            code="approved-exists",
        )
