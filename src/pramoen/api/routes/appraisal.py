"""The appraisal of a district officer for a round: read by whoever sees the evaluation; every
step of the page (the evaluator's rating, the evaluatee's acknowledgement or the evaluator's
record that they did not sign, the supervisor's comment, a reopen) written through the same
services, and so the same rules, as the page."""

from __future__ import annotations

from collections.abc import Callable
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


class NotSignedIn(Schema):
    witness: str
    version: int


class SupervisorIn(Schema):
    name: str
    position: str = ""
    comment: str = ""
    version: int


class ReopenIn(Schema):
    reason: str
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


def _step(request: HttpRequest, evaluation_id: Id, step: Callable[..., Any], **data: Any) -> Any:
    """One step of the page's, by its service (the same rules), on the appraisal the caller may
    read; the appraisal as it is then."""
    evaluation = get_appraisal_evaluation_for_user(request, evaluation_id)
    step(evaluation=evaluation, user=request.user, **data)
    return _out(appraisal_view(evaluation))


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
    return _step(
        request,
        evaluation_id,
        services.appraisal_rate,
        ratings=dict(payload.ratings),
        comment=payload.comment,
        plan=[p.dict() for p in payload.plan],
        version=payload.version,
    )


@router.post(
    "/evaluations/{evaluation_id}/appraisal/acknowledge",
    response=responses(AppraisalOut, 400, 409),
    operation_id="appraisal_acknowledge",
    url_name="appraisal_acknowledge",
    summary="Acknowledge the appraisal (the evaluatee: the district officer)",
)
def appraisal_acknowledge(request: HttpRequest, evaluation_id: Id, payload: StepIn) -> Any:
    return _step(request, evaluation_id, services.appraisal_acknowledge, version=payload.version)


@router.post(
    "/evaluations/{evaluation_id}/appraisal/not-signed",
    response=responses(AppraisalOut, 400, 409),
    operation_id="appraisal_not_signed",
    url_name="appraisal_not_signed",
    summary="Record that the evaluatee did not sign, with a witness (the evaluator)",
)
def appraisal_not_signed(request: HttpRequest, evaluation_id: Id, payload: NotSignedIn) -> Any:
    return _step(
        request,
        evaluation_id,
        services.appraisal_not_signed,
        witness=payload.witness,
        version=payload.version,
    )


@router.post(
    "/evaluations/{evaluation_id}/appraisal/supervisor",
    response=responses(AppraisalOut, 400, 409),
    operation_id="appraisal_supervisor",
    url_name="appraisal_supervisor",
    summary="The comment of the supervisor above, entered by the evaluator: the appraisal is final",
)
def appraisal_supervisor(request: HttpRequest, evaluation_id: Id, payload: SupervisorIn) -> Any:
    return _step(
        request,
        evaluation_id,
        services.appraisal_supervisor,
        name=payload.name,
        position=payload.position,
        comment=payload.comment,
        version=payload.version,
    )


@router.post(
    "/evaluations/{evaluation_id}/appraisal/reopen",
    response=responses(AppraisalOut, 400, 409),
    operation_id="appraisal_reopen",
    url_name="appraisal_reopen",
    summary="Reopen the appraisal with a reason (the evaluator): back to the rating",
)
def appraisal_reopen(request: HttpRequest, evaluation_id: Id, payload: ReopenIn) -> Any:
    return _step(
        request,
        evaluation_id,
        services.appraisal_reopen,
        reason=payload.reason,
        version=payload.version,
    )
