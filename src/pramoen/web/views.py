"""Views of the site itself, not of any app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for a load balancer or a service manager: the process answers. No database,
    no session: also the framework's floor in ``pramoen bench`` (hello_ms)."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
