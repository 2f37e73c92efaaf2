"""The request a signed-in page receives, as mypy should see it (healthchecks' pattern).

Only an annotation: at run time it is Django's own HttpRequest. Behind ``@login_required``
``request.user`` is an account, never AnonymousUser, and django_htmx's middleware (installed
for every request) has set ``request.htmx``.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
