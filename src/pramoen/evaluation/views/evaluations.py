"""One district's evaluation: its page, submitted by the district, decided by the province."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pramoen.accounts.http import AuthenticatedHttpRequest

from .. import limits, permissions, services
from ..access import (
    get_decidable_evaluation_for_user,
    get_editable_evaluation_for_user,
    get_evaluation_for_user,
    member,
)
from ..errors import ServiceError
from ..pages import evaluation_context
from ..pages import evaluation_history as evaluation_history_lines

# the newest events the page shows; the history page shows them all
HISTORY_ON_PAGE = 200


@require_GET
@login_required
def evaluation_page(
    request: AuthenticatedHttpRequest, round_id: int, district: str
) -> HttpResponse:
    evaluation = get_evaluation_for_user(request, round_id, district)
    context = evaluation_context(member(request), evaluation)
    return render(request, "evaluation/evaluation.html", context)


@require_GET
@login_required
def evaluation_history(
    request: AuthenticatedHttpRequest, round_id: int, district: str
) -> HttpResponse:
    """The evaluation's history: the page loads it as a fragment when the reader reaches it
    (it is not on every load of the page); without htmx, a page of its own with every event."""
    evaluation = get_evaluation_for_user(request, round_id, district)
    appraisal = permissions.can_view_appraisal(member(request), evaluation)  # personnel steps
    if request.htmx:
        lines = evaluation_history_lines(evaluation, limit=HISTORY_ON_PAGE, appraisal=appraisal)
        return render(
            request,
            "evaluation/_history.html",
            {"history": lines, "evaluation": evaluation, "more": len(lines) == HISTORY_ON_PAGE},
        )
    return render(
        request,
        "evaluation/history.html",
        {
            "history": evaluation_history_lines(evaluation, appraisal=appraisal),
            "evaluation": evaluation,
            "round": evaluation.round,
        },
    )


@require_POST
@login_required
def evaluation_submit(
    request: AuthenticatedHttpRequest, round_id: int, district: str
) -> HttpResponse:
    evaluation = get_editable_evaluation_for_user(request, round_id, district)
    try:
        services.evaluation_submit(
            evaluation=evaluation,
            user=request.user,
            version=limits.parse_version(request.POST.get("version", "0")),
        )
        messages.success(request, _("ส่งผลการประเมินแล้ว รอกลุ่มงานตรวจสอบ"))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("evaluation", round_id=round_id, district=district)


@require_POST
@login_required
def evaluation_decide(
    request: AuthenticatedHttpRequest, round_id: int, district: str
) -> HttpResponse:
    evaluation = get_decidable_evaluation_for_user(request, round_id, district)
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")
    try:
        version = limits.parse_version(request.POST.get("version", "0"))
        if action == "approve":
            services.evaluation_approve(evaluation=evaluation, user=request.user, version=version)
            messages.success(request, _("อนุมัติแล้ว การประเมินถูกล็อก"))
        elif action == "return":
            services.evaluation_return(
                evaluation=evaluation, user=request.user, reason=reason, version=version
            )
            messages.success(request, _("ส่งกลับให้อำเภอแก้ไขแล้ว"))
        elif action == "reopen":
            services.evaluation_reopen(
                evaluation=evaluation, user=request.user, reason=reason, version=version
            )
            messages.success(request, _("เปิดการประเมินใหม่แล้ว"))
        else:
            messages.error(request, _("ไม่รู้จักคำสั่งนี้"))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("evaluation", round_id=round_id, district=district)
