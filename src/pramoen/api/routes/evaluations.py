"""One evaluation: its results (read, and written with a version), evidence and scores."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Status
from ninja.files import UploadedFile

from pramoen.core import model as core
from pramoen.evaluation import permissions as rules
from pramoen.evaluation import services
from pramoen.evaluation.models import Evaluation, Evidence, Indicator, Result
from pramoen.evaluation.selectors import (
    core_indicator,
    evaluation_results,
    round_indicators,
    round_scorecard,
    score_evaluation,
)
from pramoen.evaluation.services import ResultInput

from .. import output
from ..access import (
    get_applicable_indicator,
    get_editable_evaluation_for_user,
    get_evaluation_for_user,
    member,
)
from ..errors import ApiError, field_error
from ..schemas import (
    EvaluationDetailOut,
    EvaluationScoresOut,
    EvidenceOut,
    ResultIn,
    ResultOut,
)
from . import Code, Id, responses

router = Router(tags=["evaluations"])


def _applicable(evaluation: Evaluation) -> list[Indicator]:
    return [
        i
        for i in round_indicators(evaluation.round)
        if any(d.pk == evaluation.district_id for d in i.districts.all())
    ]


def _evidence_of(results: list[Result]) -> dict[int, list[Evidence]]:
    found: dict[int, list[Evidence]] = {}
    for e in Evidence.objects.filter(result__in=[r.pk for r in results], removed_at__isnull=True):
        found.setdefault(e.result_id, []).append(e)
    return found


def _result_out(evaluation: Evaluation, indicator: Indicator) -> dict[str, Any]:
    result = evaluation_results(evaluation).get(indicator.code)
    if result is None:
        return output.result(indicator, None, [])
    return output.result(indicator, result, _evidence_of([result]).get(result.pk, []))


@router.get(
    "/evaluations/{evaluation_id}",
    response=responses(EvaluationDetailOut),
    operation_id="evaluation_get",
    url_name="evaluation_get",
    summary="One district's evaluation",
)
def evaluation_get(request: HttpRequest, evaluation_id: Id) -> Any:
    evaluation = get_evaluation_for_user(request, evaluation_id)
    return {
        **output.evaluation(evaluation),
        "indicators": [i.code for i in _applicable(evaluation)],
        "can_edit": rules.can_edit_evaluation(member(request), evaluation),
    }


@router.get(
    "/evaluations/{evaluation_id}/results",
    response=responses(list[ResultOut]),
    operation_id="evaluation_results",
    url_name="evaluation_results",
    summary="The result of every indicator that applies (province-wide ones included)",
)
def evaluation_results_list(request: HttpRequest, evaluation_id: Id) -> Any:
    evaluation = get_evaluation_for_user(request, evaluation_id)
    results = evaluation_results(evaluation)
    evidence = _evidence_of(list(results.values()))
    out = []
    for indicator in _applicable(evaluation):
        result = results.get(indicator.code)
        out.append(output.result(indicator, result, evidence.get(result.pk, []) if result else []))
    return out


@router.get(
    "/evaluations/{evaluation_id}/results/{code}",
    response=responses(ResultOut),
    operation_id="result_get",
    url_name="result_get",
    summary="One indicator's result, with the version to send back when saving",
)
def result_get(request: HttpRequest, evaluation_id: Id, code: Code) -> Any:
    evaluation = get_evaluation_for_user(request, evaluation_id)
    return _result_out(evaluation, get_applicable_indicator(evaluation, code))


# The limits' codes as pydantic names them, the API's field error types.
_TYPES = {
    "percent-out-of-range": "less_than_equal",
    "value-too-large": "less_than_equal",
    "value-negative": "greater_than_equal",
}


def _entries(indicator: core.Indicator, payload: ResultIn) -> ResultInput:
    """The payload as entries, every field the services' limits refuse listed (422)."""
    data = ResultInput(
        value=payload.value,
        values=dict(payload.values),
        met=frozenset(payload.met),
        note=payload.note,
    )
    problems = services.entries_problems(indicator, data)
    if problems:
        errors = [
            field_error(p.field or "value", _TYPES.get(p.code, p.code or "invalid"), p)
            for p in problems
        ]
        raise ApiError("validation", field=errors[0]["field"], errors=errors)
    return data


@router.put(
    "/evaluations/{evaluation_id}/results/{code}",
    response=responses(ResultOut, 400, 409, 413),
    operation_id="result_update",
    url_name="result_update",
    summary="Save (a draft of) one indicator's result: the district officer, with the version",
)
def result_update(request: HttpRequest, evaluation_id: Id, code: Code, payload: ResultIn) -> Any:
    evaluation = get_editable_evaluation_for_user(request, evaluation_id)
    indicator = get_applicable_indicator(evaluation, code)
    data = _entries(core_indicator(indicator), payload)
    services.result_save(
        evaluation=evaluation,
        indicator=indicator,
        user=request.user,
        data=data,
        version=payload.version,
    )
    return _result_out(evaluation, indicator)


@router.post(
    "/evaluations/{evaluation_id}/results/{code}/evidence",
    response=responses(EvidenceOut, 400, 409, 413, status=201),
    operation_id="evidence_upload",
    url_name="evidence_upload",
    summary="Attach a file (PDF, image, Office) to a saved, not yet submitted result",
)
def evidence_upload(
    request: HttpRequest, evaluation_id: Id, code: Code, file: File[UploadedFile]
) -> Any:
    evaluation = get_editable_evaluation_for_user(request, evaluation_id)
    indicator = get_applicable_indicator(evaluation, code)
    # The size limit, the content check and the cleaned name are the service's.
    item = services.evidence_add_file(
        evaluation=evaluation, indicator=indicator, user=request.user, upload=file
    )
    return Status(201, output.evidence(item))


@router.get(
    "/evaluations/{evaluation_id}/scores",
    response=responses(EvaluationScoresOut),
    operation_id="evaluation_scores",
    url_name="evaluation_scores",
    tags=["scores"],
    summary="Official (verified levels) and reported (the district's own) scores",
)
def evaluation_scores(request: HttpRequest, evaluation_id: Id) -> Any:
    evaluation = get_evaluation_for_user(request, evaluation_id)
    round_ = evaluation.round
    scorecard = round_scorecard(round_, round_indicators(round_))
    scores = score_evaluation(
        scorecard, round_, evaluation.district, evaluation_results(evaluation).values()
    )
    return {
        "evaluation_id": evaluation.pk,
        "district": output.district(evaluation.district),
        "shares": output.shares(round_),
        "official": output.district_score(round_, scores.official),
        # score_evaluation always scores the reported levels (None only in overview_rows)
        "reported": output.district_score(round_, scores.reported),  # type: ignore[arg-type]
    }
