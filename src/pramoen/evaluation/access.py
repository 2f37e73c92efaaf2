"""Request getters, one per object kind, built on ``permissions`` (healthchecks style); the web
pages, the API, the exchange and the reports all use them.

An object the user may not see is a 404, so its existence does not leak; an action on an object
the user may see but not do is a 403. The services check the same rules again themselves.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from pramoen.accounts.models import Membership

from . import limits, permissions
from .models import Evaluation, Indicator, Result, Round


def member(request: HttpRequest) -> Membership:
    m = permissions.membership_of(request.user)
    if m is None:
        raise PermissionDenied(_("ผู้ใช้นี้ยังไม่ได้สังกัดหน่วยงาน"))
    if m.province_id is None:
        # The department sees its own summary of every province, not a province's pages.
        raise PermissionDenied(_("ผู้ใช้ระดับกรมดูได้เฉพาะภาพรวมทั้งกรม"))
    return m


def get_round_for_user(request: HttpRequest, round_id: int) -> Round:
    m = member(request)
    try:
        round_ = Round.objects.select_related("province").get(pk=round_id)
    except Round.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_round(m, round_):
        raise Http404
    return round_


def get_managed_round_for_user(request: HttpRequest, round_id: int) -> Round:
    round_ = get_round_for_user(request, round_id)
    if not permissions.can_manage_round(member(request), round_):
        raise PermissionDenied
    return round_


def get_province_round_for_user(request: HttpRequest, round_id: int) -> Round:
    """A round's province-wide figures (every district's scores)."""
    round_ = get_round_for_user(request, round_id)
    if not permissions.can_view_province_figures(member(request), round_):
        raise PermissionDenied
    return round_


def get_appraisals_round_for_user(request: HttpRequest, round_id: int) -> Round:
    """A round's summary of every appraisal (the screening committee's)."""
    round_ = get_round_for_user(request, round_id)
    if not permissions.can_view_appraisals(member(request), round_):
        raise PermissionDenied
    return round_


def get_evaluation_for_user(request: HttpRequest, round_id: int, district_code: str) -> Evaluation:
    m = member(request)
    if not 0 < round_id <= limits.MAX_ID:  # SQLite cannot even compare a key beyond it
        raise Http404
    try:
        # get(), not first(): one district has one evaluation per round, and first() would
        # order by the model's joined ordering, a third of this query's cost on every page
        evaluation = Evaluation.objects.select_related("round", "round__province", "district").get(
            round_id=round_id, district__code=district_code
        )
    except Evaluation.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_evaluation(m, evaluation):
        raise Http404
    return evaluation


def get_appraisal_evaluation_for_user(
    request: HttpRequest, round_id: int, district_code: str
) -> Evaluation:
    """The evaluation whose appraisal the user reads (``can_view_appraisal``)."""
    evaluation = get_evaluation_for_user(request, round_id, district_code)
    if not permissions.can_view_appraisal(member(request), evaluation):
        raise PermissionDenied
    return evaluation


def get_editable_evaluation_for_user(
    request: HttpRequest, round_id: int, district_code: str
) -> Evaluation:
    """The evaluation its district officer enters (whatever its state: the service says)."""
    evaluation = get_evaluation_for_user(request, round_id, district_code)
    if not permissions.can_enter_result(member(request), evaluation):
        raise PermissionDenied
    return evaluation


def get_decidable_evaluation_for_user(
    request: HttpRequest, round_id: int, district_code: str
) -> Evaluation:
    evaluation = get_evaluation_for_user(request, round_id, district_code)
    if not permissions.can_decide(member(request), evaluation):
        raise PermissionDenied
    return evaluation


def get_indicator(round_: Round, code: str) -> Indicator:
    """One indicator of the round, with its work group; its levels and districts come with
    ``selectors.core_indicator`` (the round's snapshot, no query once the process holds it)."""
    try:
        indicator = Indicator.objects.select_related("work_group").get(round=round_, code=code)
    except Indicator.DoesNotExist:
        raise Http404 from None
    Indicator.round.field.set_cached_value(indicator, round_)  # the round at hand, not again
    return indicator


def get_verifiable_result_for_user(request: HttpRequest, result_id: int) -> Result:
    m = member(request)
    try:
        result = Result.objects.select_related("indicator", "indicator__round", "district").get(
            pk=result_id
        )
    except Result.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_round(m, result.indicator.round):
        raise Http404
    if not permissions.can_verify(m, result.indicator):
        raise PermissionDenied(permissions.refusal("verify"))
    return result


def get_year_rounds_for_user(request: HttpRequest, fiscal_year: int) -> list[Round]:
    """A fiscal year's rounds of the user's province, in order, with every district's figures:
    the rounds the user sees (``can_view_round``), each a round's province-wide figures
    (``can_view_province_figures``), as ``get_province_round_for_user`` says for one round."""
    m = member(request)
    assert m.province_id is not None  # member() refuses the department
    rounds = [
        r
        for r in Round.objects.select_related("province")
        .filter(province_id=m.province_id, fiscal_year=fiscal_year)
        .order_by("number")
        if permissions.can_view_round(m, r)
    ]
    if not rounds:
        raise Http404
    if not all(permissions.can_view_province_figures(m, r) for r in rounds):
        raise PermissionDenied
    return rounds


def get_year_evaluations_for_user(
    request: HttpRequest, fiscal_year: int, district_code: str
) -> list[Evaluation]:
    """A district's evaluations of a fiscal year that the user sees, by round
    (``can_view_evaluation``: a district officer only their own, as a round's district page)."""
    m = member(request)
    assert m.province_id is not None  # member() refuses the department
    evaluations = [
        e
        for e in Evaluation.objects.select_related("round", "round__province", "district")
        .filter(
            round__province_id=m.province_id,
            round__fiscal_year=fiscal_year,
            district__code=district_code,
        )
        .order_by("round__number")
        if permissions.can_view_evaluation(m, e)
    ]
    if not evaluations:
        raise Http404
    return evaluations
