"""Results: a district's entry card (saved, previewed), a work group's queue (verify,
return) and its province-wide results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pramoen.accounts.http import AuthenticatedHttpRequest
from pramoen.core import IndicatorResult, scoring
from pramoen.evaluation import permissions as rules

from .. import limits, services
from ..access import (
    get_editable_evaluation_for_user,
    get_indicator,
    get_round_for_user,
    get_verifiable_result_for_user,
    member,
)
from ..entrycard import with_conflict
from ..errors import ConflictError, ServiceError
from ..forms import initial_form, parse_result_form, typed_form
from ..models import Result
from ..pages import build_card, evaluation_context
from ..selectors import (
    bands_of,
    core_indicator,
    district_scorecard,
    evaluation_results,
    round_indicators,
    shares_of,
    work_group_queue,
)


def _card_response(
    request: AuthenticatedHttpRequest,
    evaluation,
    indicator,
    *,
    form=None,
    typed: bool = False,
    message="",
    error="",
):
    """The card after a request. ``form``: the user's own form (an error, a conflict);
    ``typed``: the request carries the card's fields beside its own (the evidence forms
    include them), which the card keeps, marked unsaved, rather than the saved values."""
    m = member(request)
    result = Result.objects.filter(indicator=indicator, district_id=evaluation.district_id).first()
    interpolate = evaluation.round.interpolate
    if form is None:
        ci = core_indicator(indicator)
        if typed:
            form = typed_form(ci, request.POST, result, interpolate=interpolate)
        if form is None:
            form = initial_form(ci, result, interpolate=interpolate)
    card = build_card(m, evaluation, indicator, result, form=form)
    card.message, card.error = message, error
    if request.htmx:
        return render(request, "evaluation/_card.html", {"card": card, "evaluation": evaluation})
    if error:
        messages.error(request, error)
    elif message:
        messages.success(request, message)
    if form.errors or form.conflict is not None:
        context = evaluation_context(m, evaluation, replace=card)
        return render(request, "evaluation/evaluation.html", context, status=422)
    return redirect("evaluation", round_id=evaluation.round_id, district=evaluation.district.code)


@require_POST
@login_required
def result_save(
    request: AuthenticatedHttpRequest, round_id: int, district: str, code: str
) -> HttpResponse:
    evaluation = get_editable_evaluation_for_user(request, round_id, district)
    indicator = get_indicator(evaluation.round, code)
    entered = core_indicator(indicator)
    form = parse_result_form(entered, request.POST, interpolate=evaluation.round.interpolate)
    form.unsaved = True  # until the save below succeeds, the card shows the form as typed
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
    except ConflictError as exc:  # both versions shown; saving again keeps the user's on top
        with_conflict(form, evaluation, indicator)
        return _card_response(request, evaluation, indicator, form=form, error=exc.message)
    except ServiceError as exc:
        return _card_response(request, evaluation, indicator, form=form, error=exc.message)
    return _card_response(request, evaluation, indicator, message=_("บันทึกร่างแล้ว"))


@require_POST
@login_required
def result_preview(
    request: AuthenticatedHttpRequest, round_id: int, district: str, code: str
) -> HttpResponse:
    """The level, why, and the district's reported score for what is typed, before saving."""
    evaluation = get_editable_evaluation_for_user(request, round_id, district)
    round_ = evaluation.round
    indicators, scorecard = district_scorecard(round_, evaluation.district)
    indicator = next((i for i in indicators if i.code == code), None)
    if indicator is None:
        raise Http404
    entered = scorecard.indicator(code)
    assert entered is not None
    form = parse_result_form(entered, request.POST, interpolate=round_.interpolate)
    achievement = None
    if form.data is not None:
        levels = {
            c: IndicatorResult(level=r.self_level)
            for c, r in evaluation_results(evaluation, indicators).items()
            if r.self_level is not None
        }
        levels[code] = IndicatorResult(level=form.why.level)
        target = scorecard.district(evaluation.district.code)
        assert target is not None
        achievement = scoring.score_district(
            scorecard, target, levels, shares=shares_of(round_), bands=bands_of(round_)
        )
    return render(
        request,
        "evaluation/_preview.html",
        {"form": form, "score": achievement, "code": code, "unsaved": True},
    )


def _require_work_group(request: AuthenticatedHttpRequest, round_):
    m = member(request)
    if not rules.can_view_queue(m, round_):
        raise PermissionDenied
    return m


def _shared_cards(round_, m, *, override=None):
    cards = []
    results = {
        r.indicator_id: r
        for r in Result.objects.filter(indicator__round=round_, district__isnull=True)
    }
    for indicator in round_indicators(round_):
        if not indicator.shared or indicator.work_group_id != m.work_group_id:
            continue
        ci = core_indicator(indicator)
        result = results.get(indicator.pk)
        form = initial_form(ci, result)
        if override and override[0] == indicator.code:
            form = override[1]
        cards.append(
            {
                "indicator": indicator,
                "core": ci,
                "result": result,
                "form": form,
                "is_ladder": ci.kind.value == "ladder",
            }
        )
    return cards


@require_GET
@login_required
def queue(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for_user(request, round_id)
    m = _require_work_group(request, round_)
    return render(
        request,
        "evaluation/queue.html",
        {
            "round": round_,
            "items": list(work_group_queue(round_, m)),
            "shared": _shared_cards(round_, m),
            "work_group": m.work_group,
        },
    )


@require_POST
@login_required
def result_verify(request: AuthenticatedHttpRequest, result_id: int) -> HttpResponse:
    result = get_verifiable_result_for_user(request, result_id)
    round_id = result.indicator.round_id
    try:
        services.result_verify(
            result=result,
            user=request.user,
            level=limits.parse_level(request.POST.get("level", ""), whole=False),
            comment=request.POST.get("comment", ""),
            version=limits.parse_version(request.POST.get("version", "0")),
        )
        messages.success(
            request,
            _("ตรวจสอบ %(code)s ของอำเภอ%(district)s แล้ว")
            % {"code": result.indicator.code, "district": result.district},
        )
    except ServiceError as exc:
        messages.error(request, f"{result.indicator.code} {result.district}: {exc.message}")
    return redirect("queue", round_id=round_id)


@require_POST
@login_required
def result_return(request: AuthenticatedHttpRequest, result_id: int) -> HttpResponse:
    result = get_verifiable_result_for_user(request, result_id)
    round_id = result.indicator.round_id
    try:
        services.result_return(
            result=result,
            user=request.user,
            reason=request.POST.get("reason", ""),
            version=limits.parse_version(request.POST.get("version", "0")),
        )
        messages.success(
            request,
            _("ส่ง %(code)s กลับให้อำเภอ%(district)sแก้ไขแล้ว")
            % {"code": result.indicator.code, "district": result.district},
        )
    except ServiceError as exc:
        messages.error(request, f"{result.indicator.code} {result.district}: {exc.message}")
    return redirect("queue", round_id=round_id)


@require_POST
@login_required
def shared_result_save(request: AuthenticatedHttpRequest, round_id: int, code: str) -> HttpResponse:
    round_ = get_round_for_user(request, round_id)
    indicator = get_indicator(round_, code)
    m = member(request)
    if not rules.can_verify(m, indicator):
        raise PermissionDenied(rules.refusal("verify"))
    form = parse_result_form(core_indicator(indicator), request.POST)
    if form.data is None or form.errors:
        messages.error(request, _("%(code)s: ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อผิดพลาด") % {"code": code})
    else:
        try:
            services.shared_result_save(
                indicator=indicator, user=request.user, data=form.data, version=form.version
            )
            messages.success(
                request, _("บันทึกผลระดับจังหวัดของ %(code)s แล้ว ใช้กับทุกอำเภอ") % {"code": code}
            )
            return redirect("queue", round_id=round_id)
        except ServiceError as exc:
            messages.error(request, f"{code}: {exc.message}")
    context = {
        "round": round_,
        "items": list(work_group_queue(round_, m)),
        "shared": _shared_cards(round_, m, override=(code, form)),
        "work_group": m.work_group,
    }
    return render(request, "evaluation/queue.html", context, status=422)
