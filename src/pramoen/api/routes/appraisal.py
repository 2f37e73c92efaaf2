"""The appraisal of a district officer for a round: read by whoever sees the evaluation; the
evaluator's rating and the evaluatee's acknowledgement written through the same services (and
so the same rules) as the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from pramoen.appraisal import services
from pramoen.appraisal.selectors import AppraisalView, appraisal_view

from ..access import get_appraisal_evaluation_for_user
from ..output import rounded
from . import Id, responses

router = Router(tags=["appraisal"])


class CompetencyOut(Schema):
    code: str
    name_th: str
    name_en: str
    expected: int
    rated: int | None
    points: float | None


class PlanItem(Schema):
    what: str = ""
    how: str = ""
    when: str = ""


class AppraisalOut(Schema):
    evaluation_id: int
    status: str
    version: int
    method: str
    weight_achievement: float
    weight_competency: float
    achievement: float | None
    competency: float | None
    total: float | None
    band_th: str | None
    band_en: str | None
    competencies: list[CompetencyOut]
    evaluator_comment: str
    plan: list[PlanItem]
    acknowledged_at: str | None
    not_signed: bool
    supervisor_name: str
    supervisor_comment: str


class RatingIn(Schema):
    ratings: dict[str, int]
    comment: str = ""
    plan: list[PlanItem] = []
    version: int


class StepIn(Schema):
    version: int


def _out(view: AppraisalView) -> dict[str, Any]:
    a, score = view.appraisal, view.score
    points = {s.competency.code: s.points for s in score.competencies} if score else {}
    return {
        "evaluation_id": view.evaluation.pk,
        "status": a.status,
        "version": a.version if a.pk else 0,
        "method": view.setup.method,
        "weight_achievement": rounded(view.setup.weight_achievement),
        "weight_competency": rounded(view.setup.weight_competency),
        "achievement": rounded(view.achievement),
        "competency": rounded(score.competency) if score else None,
        "total": rounded(score.total) if score else None,
        "band_th": score.band.label_th if score else None,
        "band_en": score.band.label_en if score else None,
        "competencies": [
            {
                "code": c.code,
                "name_th": c.name_th,
                "name_en": c.name_en,
                "expected": c.expected,
                "rated": a.ratings.get(c.code),
                "points": rounded(points.get(c.code)),
            }
            for c in view.setup.core_competencies()
        ],
        "evaluator_comment": a.evaluator_comment,
        "plan": a.plan,
        "acknowledged_at": a.acknowledged_at.isoformat() if a.acknowledged_at else None,
        "not_signed": a.not_signed,
        "supervisor_name": a.supervisor_name,
        "supervisor_comment": a.supervisor_comment,
    }


@router.get(
    "/evaluations/{evaluation_id}/appraisal",
    response=responses(AppraisalOut),
    operation_id="appraisal_get",
    url_name="appraisal_get",
    summary="The officer's appraisal for the round: achievement, competencies, total, band",
)
def appraisal_get(request: HttpRequest, evaluation_id: Id) -> Any:
    return _out(appraisal_view(get_appraisal_evaluation_for_user(request, evaluation_id)))


@router.put(
    "/evaluations/{evaluation_id}/appraisal/rating",
    response=responses(AppraisalOut, 400, 409),
    operation_id="appraisal_rate",
    url_name="appraisal_rate",
    summary="Rate the competencies (the evaluator: the province office), once the KPI is approved",
)
def appraisal_rate(request: HttpRequest, evaluation_id: Id, payload: RatingIn) -> Any:
    evaluation = get_appraisal_evaluation_for_user(request, evaluation_id)
    services.appraisal_rate(
        evaluation=evaluation,
        user=request.user,
        ratings=dict(payload.ratings),
        comment=payload.comment,
        plan=[p.dict() for p in payload.plan],
        version=payload.version,
    )
    return _out(appraisal_view(evaluation))


@router.post(
    "/evaluations/{evaluation_id}/appraisal/acknowledge",
    response=responses(AppraisalOut, 400, 409),
    operation_id="appraisal_acknowledge",
    url_name="appraisal_acknowledge",
    summary="Acknowledge the appraisal (the evaluatee: the district officer)",
)
def appraisal_acknowledge(request: HttpRequest, evaluation_id: Id, payload: StepIn) -> Any:
    evaluation = get_appraisal_evaluation_for_user(request, evaluation_id)
    services.appraisal_acknowledge(
        evaluation=evaluation, user=request.user, version=payload.version
    )
    return _out(appraisal_view(evaluation))
