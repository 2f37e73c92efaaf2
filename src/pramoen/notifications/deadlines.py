"""A round's deadlines: set by its province; what is overdue, per district and per work group;
and the daily reminders (N days before a due date to whoever still has work open; when it has
passed, to them and to the province)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from pramoen.accounts.models import Membership, Role
from pramoen.evaluation import permissions
from pramoen.evaluation.errors import InvalidInput, NotAllowed
from pramoen.evaluation.models import (
    EvaluationStatus,
    Result,
    ResultStatus,
    Round,
    RoundStatus,
)

from .models import Reminder, RoundDeadline
from .services import notify

OPEN_FOR_DISTRICT = (EvaluationStatus.DRAFT, EvaluationStatus.RETURNED)


def deadline_of(round_: Round) -> RoundDeadline:
    found = RoundDeadline.objects.filter(round=round_).first()
    return found or RoundDeadline(round=round_)


@transaction.atomic
def deadline_set(
    *,
    round_: Round,
    user: Any,
    submission_due: date | None,
    verification_due: date | None,
    approval_due: date | None,
    remind_days: int,
) -> RoundDeadline:
    if not permissions.can_manage_round(permissions.membership_of(user), round_):
        raise NotAllowed(permissions.refusal("manage"))
    if not 0 <= remind_days <= 60:
        raise InvalidInput(_("แจ้งเตือนล่วงหน้าได้ ๐ ถึง ๖๐ วัน"), field="remind_days")
    order = [d for d in (submission_due, verification_due, approval_due) if d is not None]
    if order != sorted(order):
        raise InvalidInput(
            _("กำหนดส่ง ตรวจสอบ และอนุมัติ ต้องเรียงตามลำดับ (ส่งก่อนตรวจ ตรวจก่อนอนุมัติ)"),
            field="verification_due",
        )
    deadline = deadline_of(round_)
    deadline.submission_due = submission_due
    deadline.verification_due = verification_due
    deadline.approval_due = approval_due
    deadline.remind_days = remind_days
    deadline.save()
    from pramoen.evaluation.services import history

    history.record(
        round_,
        user,
        "deadlines_set",
        field_name="deadlines",
        old=None,
        new={
            "submission_due": submission_due.isoformat() if submission_due else None,
            "verification_due": verification_due.isoformat() if verification_due else None,
            "approval_due": approval_due.isoformat() if approval_due else None,
            "remind_days": remind_days,
        },
    )
    return deadline


@dataclass
class Overdue:
    """What has passed its due date, today."""

    districts: list[Any] = field(default_factory=list)  # not submitted
    work_groups: dict[Any, int] = field(default_factory=dict)  # group -> results waiting
    approvals: list[Any] = field(default_factory=list)  # evaluations waiting for the province

    def __bool__(self) -> bool:
        return bool(self.districts or self.work_groups or self.approvals)


def overdue(round_: Round, today: date) -> Overdue:
    d = deadline_of(round_)
    out = Overdue()
    evaluations = list(round_.evaluations.select_related("district").order_by("district__code"))
    if d.submission_due and today > d.submission_due:
        out.districts = [e.district for e in evaluations if e.status in OPEN_FOR_DISTRICT]
    if d.verification_due and today > d.verification_due:
        waiting = Result.objects.filter(
            indicator__round=round_, status=ResultStatus.SUBMITTED
        ).select_related("indicator__work_group")
        for r in waiting:
            group = r.indicator.work_group
            out.work_groups[group] = out.work_groups.get(group, 0) + 1
    if d.approval_due and today > d.approval_due:
        out.approvals = [e for e in evaluations if e.status == EvaluationStatus.SUBMITTED]
    return out


def _once(round_: Round, user: Any, kind: str, due: date) -> bool:
    try:
        with transaction.atomic():
            Reminder.objects.create(round=round_, recipient=user, kind=kind, due=due)
    except IntegrityError:
        return False
    return True


def _remind(round_: Round, people: Any, kind: str, due: date, path: str, **data: Any) -> int:
    """Tell each active member of ``people`` once about ``kind`` for this due date."""
    sent = 0
    for m in people.select_related("user"):
        if m.user.is_active and _once(round_, m.user, kind, due):
            notify([m.user], kind=kind, path=path, due=due.isoformat(), round=round_.code, **data)
            sent += 1
    return sent


def _near(due: date | None, today: date, days: int) -> bool:
    return due is not None and (today > due or (due - today).days <= days)


def reminders_send(today: date) -> int:
    """The day's reminders for every open round with deadlines; each is sent once."""
    sent = 0
    for d in RoundDeadline.objects.filter(round__status=RoundStatus.OPEN).select_related("round"):
        round_ = d.round
        if d.submission_due is not None and _near(d.submission_due, today, d.remind_days):
            late = today > d.submission_due
            open_ = [
                e
                for e in round_.evaluations.select_related("district")
                if e.status in OPEN_FOR_DISTRICT
            ]
            for e in open_:
                sent += _remind(
                    round_,
                    Membership.objects.filter(role=Role.DISTRICT, district=e.district),
                    "submission_overdue" if late else "submission_due",
                    d.submission_due,
                    reverse("evaluation", args=[round_.pk, e.district.code]),
                    district=e.district.name_th,
                )
            if late and open_:
                sent += _remind(
                    round_,
                    Membership.objects.filter(role=Role.PROVINCE, province=round_.province),
                    "submission_overdue_province",
                    d.submission_due,
                    reverse("round_detail", args=[round_.pk]),
                    count=len(open_),
                )
        if d.verification_due is not None and _near(d.verification_due, today, d.remind_days):
            late = today > d.verification_due
            waiting = Result.objects.filter(
                indicator__round=round_, status=ResultStatus.SUBMITTED
            ).values_list("indicator__work_group_id", flat=True)
            sent += _remind(
                round_,
                Membership.objects.filter(role=Role.WORK_GROUP, work_group_id__in=set(waiting)),
                "verification_overdue" if late else "verification_due",
                d.verification_due,
                reverse("queue", args=[round_.pk]),
            )
    return sent
