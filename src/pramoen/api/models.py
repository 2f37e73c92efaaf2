"""Personal API tokens: a user creates them in the web app and sees each one once.

Only a SHA-256 digest of the secret part is stored. The secret is 256 random bits, so a fast
hash is enough (there is nothing to brute-force, unlike a password) and lets every API request
be checked without Argon2's deliberate slowness.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

NAME_MAX_LENGTH = 100


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    # The public part of the token (pmn_<prefix>_<secret>): shown in the list, used for lookup.
    prefix = models.CharField(max_length=8, unique=True)
    token_hash = models.CharField(max_length=64)  # sha256 hex of the secret part
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} (pmn_{self.prefix}_…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
