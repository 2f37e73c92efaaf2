"""The API's object look-ups: the web app's own (pramoen.evaluation.access), by API ids.

Not visible to the user -> 404 (existence does not leak); visible but not allowed -> 403.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from pramoen.evaluation import access as web
from pramoen.evaluation.models import Evaluation, Indicator, Round

member = web.member


def get_round_for_user(request: HttpRequest, round_id: int) -> Round:
    return web.get_round_for_user(request, round_id)


get_province_round_for_user = web.get_province_round_for_user


def _evaluation_key(evaluation_id: int) -> tuple[int, str]:
    key = (
        Evaluation.objects.filter(pk=evaluation_id)
        .values_list("round_id", "district__code")
        .first()
    )
    if key is None:
        raise Http404
    return key


def get_evaluation_for_user(request: HttpRequest, evaluation_id: int) -> Evaluation:
    return web.get_evaluation_for_user(request, *_evaluation_key(evaluation_id))


def get_appraisal_evaluation_for_user(request: HttpRequest, evaluation_id: int) -> Evaluation:
    return web.get_appraisal_evaluation_for_user(request, *_evaluation_key(evaluation_id))


def get_editable_evaluation_for_user(request: HttpRequest, evaluation_id: int) -> Evaluation:
    """The district officer of this district (whatever the status: the service says 409)."""
    return web.get_editable_evaluation_for_user(request, *_evaluation_key(evaluation_id))


def get_applicable_indicator(evaluation: Evaluation, code: str) -> Indicator:
    """An indicator of the evaluation's round that applies to its district, or 404."""
    indicator = web.get_indicator(evaluation.round, code)
    if not any(d.pk == evaluation.district_id for d in indicator.districts.all()):
        raise Http404
    return indicator
