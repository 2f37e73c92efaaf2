from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import membership_of


def membership(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"membership": membership_of(user) if user is not None else None}
