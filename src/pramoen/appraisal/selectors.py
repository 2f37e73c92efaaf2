"""What the appraisal page shows: the round's setup, the appraisal, the achievement from the
approved KPI evaluation and, once rated, the score from ``pramoen.core.appraisal``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pramoen.core import appraisal as core
from pramoen.evaluation.models import Evaluation, EvaluationStatus
from pramoen.evaluation.selectors import district_scorecard, evaluation_results, score_evaluation

from .models import Appraisal, AppraisalSetup
from .services import appraisal_of, setup_of


@dataclass(frozen=True)
class AppraisalView:
    evaluation: Evaluation
    setup: AppraisalSetup
    appraisal: Appraisal
    achievement: Decimal | None  # the approved evaluation's official achievement
    score: core.AppraisalScore | None  # once every competency is rated


def achievement_of(evaluation: Evaluation) -> Decimal | None:
    """The achievement (ผลสัมฤทธิ์) of an approved evaluation, as the KPI form gives it."""
    if evaluation.status != EvaluationStatus.APPROVED:
        return None
    indicators, scorecard = district_scorecard(evaluation.round, evaluation.district)
    results = evaluation_results(evaluation, indicators)
    scores = score_evaluation(scorecard, evaluation.round, evaluation.district, results.values())
    return scores.official.achievement


def appraisal_view(evaluation: Evaluation) -> AppraisalView:
    setup = setup_of(evaluation.round)
    appraisal = appraisal_of(evaluation)
    achievement = achievement_of(evaluation)
    score = None
    if achievement is not None and appraisal.ratings:
        score = core.appraise(
            achievement=achievement,
            method=core.Method(setup.method),
            competencies=setup.core_competencies(),
            ratings=appraisal.ratings,
            weights=setup.weights(),
        )
    return AppraisalView(evaluation, setup, appraisal, achievement, score)
