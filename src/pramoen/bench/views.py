"""The trivial page ``pramoen bench`` measures the entry page against (never in production).

``hello`` is the framework's floor for one of our pages: the same middleware, the session and
the user, the membership, and the site's base template around a greeting. The entry page is
measured against it (entry_page_ms / hello_ms).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
@login_required
def hello(request: HttpRequest) -> HttpResponse:
    return render(request, "bench/hello.html")
