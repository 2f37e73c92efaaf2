"""Who is told what, when the round moves: each ``on_*`` is called by the evaluation service
that made the change (after its transaction commits), finds the recipients by their role, and
writes one inbox row each; mail follows each person's choice (immediate, a daily digest, or
inbox only), sent by the queue's worker (``deliver_task``), never inside the request.

* a district submits -> the members of every work group owning one of its indicators;
* a result is returned -> the district, with the reason;
* every indicator of a district verified -> the province office;
* approved, returned or reopened by the province -> the district.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from pramoen.accounts.mail import language_of
from pramoen.accounts.models import Membership, Role

from .models import MailMode, Notification, Preference
from .text import sentence

log = logging.getLogger(__name__)


def _people(**filters: Any) -> list[Any]:
    users = get_user_model().objects.filter(is_active=True)
    ids = Membership.objects.filter(**filters).values_list("user_id", flat=True)
    return list(users.filter(pk__in=ids))


def notify(recipients: Iterable[Any], *, kind: str, path: str, **data: Any) -> list[Notification]:
    rows = Notification.objects.bulk_create(
        [Notification(recipient=u, kind=kind, path=path, data=data) for u in recipients]
    )
    ids = [n.pk for n in rows]
    # never inside the request: the queue's worker sends it, once the change is committed
    transaction.on_commit(lambda: deliver_task.enqueue(ids))
    return rows


def _evaluation_path(evaluation: Any) -> str:
    return reverse("evaluation", args=[evaluation.round_id, evaluation.district.code])


def _names(evaluation: Any) -> dict[str, Any]:
    return {"district": evaluation.district.name_th, "round": evaluation.round.code}


def on_submitted(evaluation: Any) -> list[Notification]:
    groups = set(
        evaluation.round.indicators.filter(districts=evaluation.district).values_list(
            "work_group_id", flat=True
        )
    )
    people = _people(role=Role.WORK_GROUP, work_group_id__in=groups)
    return notify(
        people,
        kind="submitted",
        path=reverse("queue", args=[evaluation.round_id]),
        **_names(evaluation),
    )


def on_result_returned(result: Any, reason: str) -> list[Notification]:
    evaluation = result.indicator.round.evaluations.get(district=result.district)
    return notify(
        _people(role=Role.DISTRICT, district_id=result.district_id),
        kind="result_returned",
        path=f"{_evaluation_path(evaluation)}#card-{result.indicator.code}",
        indicator=result.indicator.code,
        reason=reason,
        **_names(evaluation),
    )


def on_all_verified(evaluation: Any) -> list[Notification]:
    return notify(
        _people(role=Role.PROVINCE, province_id=evaluation.round.province_id),
        kind="all_verified",
        path=_evaluation_path(evaluation),
        **_names(evaluation),
    )


def on_decided(evaluation: Any, kind: str, reason: str = "") -> list[Notification]:
    """``kind``: approved, evaluation_returned or reopened."""
    return notify(
        _people(role=Role.DISTRICT, district_id=evaluation.district_id),
        kind=kind,
        path=_evaluation_path(evaluation),
        reason=reason,
        **_names(evaluation),
    )


def on_appraisal(evaluation: Any, kind: str, *, to: str, **data: Any) -> list[Notification]:
    """An appraisal step: ``to`` the district's officer (``Role.DISTRICT``) or the province
    office; the link opens the appraisal."""
    where = (
        {"district_id": evaluation.district_id}
        if to == Role.DISTRICT
        else {"province_id": evaluation.round.province_id}
    )
    return notify(
        _people(role=to, **where),
        kind=kind,
        path=reverse("appraisal", args=[evaluation.round_id, evaluation.district.code]),
        **data,
        **_names(evaluation),
    )


def mode_of(user: Any) -> str:
    pref = Preference.objects.filter(user=user).first()
    return pref.mail if pref else MailMode.IMMEDIATE


def deliver(ids: list[int]) -> None:
    """Mail the notifications that their recipients want at once; mark the inbox-only ones.
    A send that fails leaves the row unsent (tried again by ``mail_pending``)."""
    for n in Notification.objects.filter(pk__in=ids, mailed_at=None, mail_skipped=False):
        mode = mode_of(n.recipient)
        if mode == MailMode.INBOX or not n.recipient.email:
            Notification.objects.filter(pk=n.pk).update(mail_skipped=True)
        elif mode == MailMode.IMMEDIATE:
            try:
                _send(n.recipient, [n])
            except (OSError, smtplib.SMTPException):  # the inbox has it; mail_pending retries
                log.warning("notification %s: mail not sent, will retry", n.pk, exc_info=True)


@task()
def deliver_task(ids: list[int]) -> None:
    """The worker's side of ``notify``: mail what was written (``deliver``)."""
    deliver(ids)


def _send(user: Any, rows: list[Notification]) -> None:
    base = settings.PRAMOEN_BASE_URL.rstrip("/")
    with translation.override(language_of(user)):
        lines = [f"- {sentence(n)}\n  {base}{n.path}" for n in rows]
        subject = sentence(rows[0]) if len(rows) == 1 else _("สรุปงานที่รอคุณในระบบประเมินผล")
        body = "\n".join(lines) + "\n\n" + _("ดูทั้งหมดได้ที่ %(url)s") % {"url": base + reverse("inbox")}
    send_mail(subject[:150], body, settings.DEFAULT_FROM_EMAIL, [user.email])
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(mailed_at=timezone.now())


def digest_send() -> int:
    """One mail per person who chose the daily digest, with what has not been mailed yet."""
    sent = 0
    pending = Notification.objects.filter(mailed_at=None, mail_skipped=False).select_related(
        "recipient"
    )
    by_user: dict[int, list[Notification]] = {}
    for n in pending:
        if mode_of(n.recipient) == MailMode.DIGEST and n.recipient.email:
            by_user.setdefault(n.recipient_id, []).append(n)
    for rows in by_user.values():
        try:
            _send(rows[0].recipient, sorted(rows, key=lambda n: n.created_at))
        except (OSError, smtplib.SMTPException):
            log.warning("digest for user %s not sent, will retry", rows[0].recipient_id)
            continue
        sent += 1
    return sent


def mail_pending() -> None:
    """Retry immediate mail that failed earlier."""
    ids = list(
        Notification.objects.filter(mailed_at=None, mail_skipped=False).values_list("pk", flat=True)
    )
    deliver(ids)


def inbox(user: Any, *, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user)[:limit])


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).count()


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all of them when ``ids`` is None)."""
    rows = Notification.objects.filter(recipient=user, read_at=None)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


def preference_set(user: Any, mode: str) -> None:
    if mode not in MailMode.values:
        raise ValueError(mode)
    Preference.objects.update_or_create(user=user, defaults={"mail": mode})
