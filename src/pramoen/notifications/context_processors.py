from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def unread(request: HttpRequest) -> dict[str, Any]:
    """The count in the header; computed only when a page shows it (a lazy value)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from django.utils.functional import SimpleLazyObject

    from .services import unread_count

    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
