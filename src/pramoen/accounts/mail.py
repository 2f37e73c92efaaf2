"""Mail about a person's own account: the invitation and the password reset link, written in the
person's language (Thai unless they chose English), with Django's token generator (a link is
good for PASSWORD_RESET_TIMEOUT and dies once the password changes)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


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
    """``kind``: "invite" (a new account: set your password) or "reset"."""
    if not user.email:
        return
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
