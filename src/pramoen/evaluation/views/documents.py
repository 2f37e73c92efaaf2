"""The round's agreed KPI summary as the document both officers sign (Word or PDF)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from pramoen.accounts.http import AuthenticatedHttpRequest
from pramoen.core.agreement import COPIES, agreement

from ..access import get_managed_round_for_user
from ..selectors.rounds import round_scorecard

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@require_GET
@login_required
def round_agreement(request: AuthenticatedHttpRequest, round_id: int, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    # The agreement is the province's to print and sign (who may: can_manage_round).
    round_ = get_managed_round_for_user(request, round_id)
    copies = request.GET.get("copies", "all")
    if copies not in COPIES:
        copies = "all"
    data = agreement(round_scorecard(round_), fmt, province=round_.province.name_th, copies=copies)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="agreement-{round_.code}.{fmt}"'
    return response
