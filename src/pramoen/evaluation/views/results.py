"""Results: a district's entry card (saved, previewed). A work group's queue is in
``verification``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pramoen.accounts.http import AuthenticatedHttpRequest
from pramoen.core import IndicatorResult, scoring

from .. import services
from ..access import (
    get_editable_evaluation_for_user,
    get_indicator,
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
    shares_of,
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
    saved: Result | None = None,
):
    """The card after a request. ``form``: the user's own form (an error, a conflict);
    ``typed``: the request carries the card's fields beside its own (the evidence forms
    include them), which the card keeps, marked unsaved, rather than the saved values;
    ``saved``: the result as the request's own save wrote it (not read again)."""
    m = member(request)
    result = saved or (
        Result.objects.filter(indicator=indicator, district_id=evaluation.district_id).first()
    )
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
        saved = services.result_save(
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
    return _card_response(request, evaluation, indicator, message=_("บันทึกร่างแล้ว"), saved=saved)


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
