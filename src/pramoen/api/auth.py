"""Bearer-token authentication for the API (tokens are made on the web page /api/tokens/)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from .services import token_user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer pmn_<prefix>_<secret>``; the user it belongs to acts.

    No session or cookie is accepted, so no CSRF token is needed, and a page of the web app
    can never be made to call the API with the visitor's rights.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = token_user(token)
        if user is None:
            return None
        # The access rules (pramoen.evaluation.permissions) read request.user, as in the web app.
        request.user = user
        return user
