"""The web page where a member makes and revokes their own API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pramoen.accounts.http import AuthenticatedHttpRequest
from pramoen.evaluation.access import member

from .models import NAME_MAX_LENGTH, ApiToken
from .services import token_create, token_revoke


def _get_token_for_user(request: AuthenticatedHttpRequest, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user=request.user).first()
    if token is None:
        raise Http404
    return token


@require_http_methods(["GET", "POST"])
@login_required
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    member(request)  # a user without a role in an office has nothing to call the API for
    context: dict[str, object] = {"name": "", "error": "", "created": ""}
    status = 200
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        context["name"] = name
        if not name:
            context["error"] = _("กรุณาตั้งชื่อโทเค็น")
        elif len(name) > NAME_MAX_LENGTH:
            context["error"] = _("ยาวเกิน %(max)s ตัวอักษร") % {"max": NAME_MAX_LENGTH}
        elif not name.isprintable():
            context["error"] = _("ชื่อมีอักขระที่ใช้ไม่ได้")
        else:
            # The token is rendered in this response and nowhere else: not in the session,
            # not in a redirect, so it is shown exactly once.
            _token, context["created"] = token_create(user=request.user, name=name)
            context["name"] = ""
            status = 201
        if context["error"]:
            status = 422
    context["tokens"] = ApiToken.objects.filter(user=request.user)
    response = render(request, "api/tokens.html", context, status=status)
    add_never_cache_headers(response)
    return response


@require_POST
@login_required
def token_revoke_view(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = _get_token_for_user(request, token_id)
    token_revoke(token=token, user=request.user)
    messages.success(request, _("ยกเลิกโทเค็น %(name)s แล้ว") % {"name": token.name})
    return redirect("api:tokens")
