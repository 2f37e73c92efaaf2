"""Writes and look-ups of API tokens.

A token reads ``pmn_<prefix>_<secret>``: the prefix (8 hex digits) finds the row, the secret
(43 URL-safe characters, 256 bits) is compared by its SHA-256 digest in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ApiToken

TOKEN_PREFIX = "pmn"
_PREFIX = re.compile(r"[0-9a-f]{8}")  # checked before any query: PostgreSQL refuses NUL bytes
# last_used_at is written at most this often per token: every API call writing a row would
# make reads queue behind SQLite's single writer.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the full token, which is never stored."""
    for _attempt in range(5):
        prefix = secrets.token_hex(4)
        secret = secrets.token_urlsafe(32)
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=user, name=name.strip(), prefix=prefix, token_hash=_digest(secret)
                )
        except IntegrityError:  # the prefix is taken (1 in 4 billion per existing token)
            continue
        return token, f"{TOKEN_PREFIX}_{prefix}_{secret}"
    raise RuntimeError("could not find a free token prefix")


@transaction.atomic
def token_revoke(*, token: ApiToken, user: Any) -> ApiToken:
    if token.user_id != user.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_user(raw: str) -> Any | None:
    """The active user a presented token belongs to, or None (unknown, revoked, inactive)."""
    scheme, _sep, rest = raw.strip().partition("_")
    prefix, _sep, secret = rest.partition("_")
    if scheme != TOKEN_PREFIX or not _PREFIX.fullmatch(prefix) or not secret:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.token_hash, _digest(secret)):
        return None
    if token.revoked_at is not None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
