"""Evidence on a result: attached, withdrawn, downloaded.

Attaching or removing is done beside a card the user may be typing in: its forms include the
card's fields, and the card comes back with them as typed (``typed=True``), whatever happens."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pramoen.accounts.http import AuthenticatedHttpRequest
from pramoen.evaluation import permissions as rules

from .. import services
from ..access import (
    get_editable_evaluation_for_user,
    get_indicator,
    member,
)
from ..errors import ServiceError
from ..models import Evidence
from .results import _card_response


@require_POST
@login_required
def evidence_upload(
    request: AuthenticatedHttpRequest, round_id: int, district: str, code: str
) -> HttpResponse:
    evaluation = get_editable_evaluation_for_user(request, round_id, district)
    indicator = get_indicator(evaluation.round, code)
    upload = request.FILES.get("file")
    url = request.POST.get("url", "").strip()
    try:
        if upload is not None:
            services.evidence_add_file(
                evaluation=evaluation,
                indicator=indicator,
                user=request.user,
                upload=upload,
            )
        elif url:
            services.evidence_add_link(
                evaluation=evaluation, indicator=indicator, user=request.user, url=url
            )
        else:
            return _card_response(
                request, evaluation, indicator, typed=True, error=_("เลือกไฟล์หรือใส่ลิงก์ก่อน")
            )
    except ServiceError as exc:  # EvidenceRejected and the link's limits among them
        return _card_response(request, evaluation, indicator, typed=True, error=exc.message)
    return _card_response(request, evaluation, indicator, typed=True, message=_("แนบหลักฐานแล้ว"))


@require_POST
@login_required
def evidence_remove(
    request: AuthenticatedHttpRequest, round_id: int, district: str, evidence_id: int
) -> HttpResponse:
    evaluation = get_editable_evaluation_for_user(request, round_id, district)
    item = (
        Evidence.objects.select_related("result", "result__indicator")
        .filter(
            pk=evidence_id,
            result__district_id=evaluation.district_id,
            result__indicator__round_id=round_id,
        )
        .first()
    )
    if item is None:
        raise Http404
    indicator = get_indicator(evaluation.round, item.result.indicator.code)
    try:
        services.evidence_remove(evaluation=evaluation, evidence=item, user=request.user)
    except ServiceError as exc:
        return _card_response(request, evaluation, indicator, typed=True, error=exc.message)
    return _card_response(request, evaluation, indicator, typed=True, message=_("นำหลักฐานออกแล้ว"))


@require_GET
@login_required
def evidence_download(request: AuthenticatedHttpRequest, evidence_id: int) -> FileResponse:
    """Evidence files go only to those who may see the evaluation, always as attachments."""
    item = (
        Evidence.objects.select_related("result__indicator__round", "result__district")
        .filter(pk=evidence_id)
        .first()
    )
    if item is None or not item.file:
        raise Http404
    m = member(request)
    result = item.result
    if result.district_id is None:
        allowed = rules.can_view_round(m, result.indicator.round)
    else:
        evaluation = result.indicator.round.evaluations.get(district_id=result.district_id)
        allowed = rules.can_view_evaluation(m, evaluation)
    if not allowed:
        raise Http404
    try:
        stream = item.file.open("rb")  # through the storage: local disk or the bucket
    except FileNotFoundError:
        raise Http404 from None  # gone from the storage (by hand, or a restore without it)
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=item.original_name or f"evidence-{item.pk}",
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
