"""What the appraisal page shows: the round's setup, the appraisal, the achievement from the
approved KPI evaluation and, once rated, the score from ``pramoen.core.appraisal``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pramoen.core import appraisal as core
from pramoen.core.errors import ScoringError
from pramoen.core.scoring import DEFAULT_BANDS
from pramoen.evaluation.models import Evaluation, EvaluationStatus, Round
from pramoen.evaluation.selectors import (
    district_scorecard,
    evaluation_results,
    round_overview,
    score_evaluation,
)

from .models import Appraisal, AppraisalSetup, AppraisalStatus
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
        try:
            score = core.appraise(
                achievement=achievement,
                method=core.Method(setup.method),
                competencies=setup.core_competencies(),
                ratings=appraisal.ratings,
                weights=setup.weights(),
            )
        except ScoringError:  # rated under another setup: to be rated again
            score = None
    return AppraisalView(evaluation, setup, appraisal, achievement, score)


@dataclass(frozen=True)
class SummaryRow:
    evaluation: Evaluation
    appraisal: Appraisal | None
    score: core.AppraisalScore | None  # once rated (on the approved achievement)
    rank: int | None  # final appraisals only, by total


@dataclass(frozen=True)
class RoundAppraisals:
    rows: list[SummaryRow]
    bands: list[tuple[str, int]]  # each band's label and how many final appraisals are in it
    final: int


def round_appraisals(round_: Round) -> RoundAppraisals:
    """Every district's appraisal for the committee: ranked by total (the final ones), the
    bands counted; in a fixed number of queries (the overview scores every district at once)."""
    setup = setup_of(round_)
    competencies, method, weights = (
        setup.core_competencies(),
        core.Method(setup.method),
        setup.weights(),
    )
    found = {a.evaluation_id: a for a in Appraisal.objects.filter(evaluation__round=round_)}
    scored: list[tuple[Evaluation, Appraisal | None, core.AppraisalScore | None]] = []
    for row in round_overview(round_):
        evaluation, appraisal = row.evaluation, found.get(row.evaluation.pk)
        score = None
        if (
            appraisal is not None
            and appraisal.ratings
            and evaluation.status == EvaluationStatus.APPROVED
        ):
            try:
                score = core.appraise(
                    achievement=row.scores.official.achievement,
                    method=method,
                    competencies=competencies,
                    ratings=appraisal.ratings,
                    weights=weights,
                )
            except ScoringError:  # rated under another setup, waiting to be rated again
                score = None
        scored.append((evaluation, appraisal, score))
    final = sorted(
        (
            s
            for s in scored
            if s[2] is not None and s[1] is not None and s[1].status == AppraisalStatus.FINAL
        ),
        key=lambda s: (-s[2].total, s[0].district.code),  # type: ignore[union-attr]
    )
    ranks = {s[0].pk: n for n, s in enumerate(final, start=1)}
    rows = sorted(
        (SummaryRow(e, a, sc, ranks.get(e.pk)) for e, a, sc in scored),
        key=lambda r: (r.rank is None, r.rank or 0, r.evaluation.district.code),
    )
    counts = {b.label_th: 0 for b in DEFAULT_BANDS}
    for _e, _a, sc in final:
        assert sc is not None
        counts[sc.band.label_th] += 1
    return RoundAppraisals(rows, list(counts.items()), len(final))
