"""The evaluation page: a district officer enters results and evidence and submits; everyone
else who may see the evaluation reads it (and the province decides on it)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pramoen.core import IndicatorResult, scoring
from pramoen.evaluation import permissions as rules

from . import limits, services
from .access import (
    get_editable_evaluation_for_user,
    get_evaluation_for_user,
    get_indicator,
    member,
)
from .errors import ServiceError
from .evidence import EvidenceRejected
from .forms import parse_result_form
from .models import Evidence, Result
from .pages import build_card, evaluation_context
from .selectors import (
    bands_of,
    core_indicator,
    district_scorecard,
    evaluation_results,
    shares_of,
)


@require_GET
@login_required
def evaluation_page(request: HttpRequest, round_id: int, district: str) -> HttpResponse:
    evaluation = get_evaluation_for_user(request, round_id, district)
    context = evaluation_context(member(request), evaluation)
    return render(request, "evaluation/evaluation.html", context)


def _card_response(request: HttpRequest, evaluation, indicator, *, form=None, message="", error=""):
    m = member(request)
    result = Result.objects.filter(indicator=indicator, district_id=evaluation.district_id).first()
    card = build_card(m, evaluation, indicator, result, form=form)
    card.message, card.error = message, error
    if request.htmx:
        return render(request, "evaluation/_card.html", {"card": card, "evaluation": evaluation})
    if error:
        messages.error(request, error)
    elif message:
        messages.success(request, message)
    if form is not None and form.errors:
        context = evaluation_context(m, evaluation, replace=card)
        return render(request, "evaluation/evaluation.html", context, status=422)
    return redirect("evaluation", round_id=evaluation.round_id, district=evaluation.district.code)


@require_POST
@login_required
def result_save(request: HttpRequest, round_id: int, district: str, code: str) -> HttpResponse:
    evaluation = get_editable_evaluation_for_user(request, round_id, district)
    indicator = get_indicator(evaluation.round, code)
    form = parse_result_form(core_indicator(indicator), request.POST)
    if form.errors or form.data is None:
        return _card_response(
            request, evaluation, indicator, form=form, error=_("ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อผิดพลาด")
        )
    try:
        services.result_save(
            evaluation=evaluation,
            indicator=indicator,
            user=request.user,
            data=form.data,
            version=form.version,
        )
    except ServiceError as exc:
        return _card_response(request, evaluation, indicator, form=form, error=exc.message)
    return _card_response(request, evaluation, indicator, message=_("บันทึกร่างแล้ว"))


@require_POST
@login_required
def result_preview(request: HttpRequest, round_id: int, district: str, code: str) -> HttpResponse:
    """The level and the district's reported score for what is typed, before saving."""
    evaluation = get_editable_evaluation_for_user(request, round_id, district)
    round_ = evaluation.round
    indicators, scorecard = district_scorecard(round_, evaluation.district)
    indicator = next((i for i in indicators if i.code == code), None)
    if indicator is None:
        raise Http404
    entered = scorecard.indicator(code)
    assert entered is not None
    form = parse_result_form(entered, request.POST)
    level = None
    achievement = None
    if form.data is not None:
        level = services.compute_level(entered, form.data, interpolate=round_.interpolate)
        levels = {
            c: IndicatorResult(level=r.self_level)
            for c, r in evaluation_results(evaluation, indicators).items()
            if r.self_level is not None
        }
        levels[code] = IndicatorResult(level=level)
        target = scorecard.district(evaluation.district.code)
        assert target is not None
        achievement = scoring.score_district(
            scorecard, target, levels, shares=shares_of(round_), bands=bands_of(round_)
        )
    return render(
        request,
        "evaluation/_preview.html",
        {"form": form, "level": level, "score": achievement, "code": code},
    )


@require_POST
@login_required
def evaluation_submit(request: HttpRequest, round_id: int, district: str) -> HttpResponse:
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
def evidence_upload(request: HttpRequest, round_id: int, district: str, code: str) -> HttpResponse:
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
                max_bytes=settings.EVIDENCE_MAX_BYTES,
            )
        elif url:
            URLValidator(schemes=["http", "https"])(url)
            services.evidence_add_link(
                evaluation=evaluation, indicator=indicator, user=request.user, url=url
            )
        else:
            return _card_response(request, evaluation, indicator, error=_("เลือกไฟล์หรือใส่ลิงก์ก่อน"))
    except ValidationError:
        return _card_response(
            request, evaluation, indicator, error=_("ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://")
        )
    except (ServiceError, EvidenceRejected) as exc:
        return _card_response(request, evaluation, indicator, error=exc.message)
    return _card_response(request, evaluation, indicator, message=_("แนบหลักฐานแล้ว"))


@require_POST
@login_required
def evidence_remove(
    request: HttpRequest, round_id: int, district: str, evidence_id: int
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
        return _card_response(request, evaluation, indicator, error=exc.message)
    return _card_response(request, evaluation, indicator, message=_("นำหลักฐานออกแล้ว"))


@require_GET
@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponse:
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
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name or f"evidence-{item.pk}",
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
