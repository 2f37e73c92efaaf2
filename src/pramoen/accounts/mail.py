"""Mail about a person's own account: the invitation and the password reset link, written in the
person's language (Thai unless they chose English), with Django's token generator (a link is
good for PASSWORD_RESET_TIMEOUT and dies once the password changes)."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

log = logging.getLogger(__name__)


def language_of(user: Any) -> str:
    m = getattr(user, "membership", None)
    chosen = getattr(m, "language", "") if m is not None else ""
    return "en" if chosen == "en" else "th"


def password_link(user: Any, base_url: str = "") -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    base = (base_url or settings.PRAMOEN_BASE_URL).rstrip("/")
    return f"{base}{path}"


def password_link_send(user: Any, *, base_url: str = "", kind: str) -> None:
    """``kind``: "invite" (a new account: set your password) or "reset". The mail is queued:
    a worker sends it (never the request), retrying while the mail server refuses."""
    if not user.email:
        return
    password_mail_task.enqueue(user.pk, base_url=base_url, kind=kind)


# A mail server down for a while (a restart, a full queue) is waited out: tries after 1, 5, 25
# and 125 minutes, then the failure is left in the task's row and the log.
RETRY_MINUTES = (1, 5, 25, 125)


@task()
def password_mail_task(user_id: int, *, base_url: str, kind: str, attempt: int = 0) -> None:
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not user.email:  # gone, or its address removed, since: nothing to send
        return
    try:
        _password_mail_send(user, base_url=base_url, kind=kind)
    except (smtplib.SMTPException, OSError):
        backend = password_mail_task.get_backend()
        if attempt >= len(RETRY_MINUTES) or not backend.supports_defer:
            raise
        log.warning("password mail to user %s refused, try %s queued", user_id, attempt + 2)
        later = timezone.now() + timedelta(minutes=RETRY_MINUTES[attempt])
        password_mail_task.using(run_after=later).enqueue(
            user_id, base_url=base_url, kind=kind, attempt=attempt + 1
        )


def _password_mail_send(user: Any, *, base_url: str, kind: str) -> None:
    # the link is made here, when sent: a retry's link lasts as long as the first one's would
    with translation.override(language_of(user)):
        context = {
            "user": user,
            "name": user.get_full_name() or user.get_username(),
            "link": password_link(user, base_url),
            "kind": kind,
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        subject = render_to_string("accounts/mail/password_subject.txt", context)
        body = render_to_string("accounts/mail/password_body.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        fail_silently=False,
    )
