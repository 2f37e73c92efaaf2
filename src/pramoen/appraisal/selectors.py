"""What the appraisal page shows: the round's setup, the appraisal, the achievement from the
approved KPI evaluation and, once rated, the score from ``pramoen.core.appraisal``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pramoen.core import appraisal as core
from pramoen.core.errors import ScoringError
from pramoen.core.scoring import DEFAULT_BANDS, Band
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


def _score(
    setup: AppraisalSetup, achievement: Decimal | None, appraisal: Appraisal | None
) -> core.AppraisalScore | None:
    """The appraisal's score once rated on an approved achievement; None before, and for a
    rating made under an older setup (to be rated again)."""
    if achievement is None or appraisal is None or not appraisal.ratings:
        return None
    try:
        return core.appraise(
            achievement=achievement,
            method=core.Method(setup.method),
            competencies=setup.core_competencies(),
            ratings=appraisal.ratings,
            weights=setup.weights(),
        )
    except ScoringError:
        return None


def appraisal_view(evaluation: Evaluation) -> AppraisalView:
    setup = setup_of(evaluation.round)
    appraisal = appraisal_of(evaluation)
    achievement = achievement_of(evaluation)
    score = _score(setup, achievement, appraisal)
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
    bands: list[tuple[Band, int]]  # each band and how many final appraisals are in it
    final: int


def round_appraisals(round_: Round) -> RoundAppraisals:
    """Every district's appraisal for the committee: ranked by total (the final ones), the
    bands counted; in a fixed number of queries (the overview scores every district at once)."""
    setup = setup_of(round_)
    found = {a.evaluation_id: a for a in Appraisal.objects.filter(evaluation__round=round_)}
    scored: list[tuple[Evaluation, Appraisal | None, core.AppraisalScore | None]] = []
    for row in round_overview(round_):
        evaluation, appraisal = row.evaluation, found.get(row.evaluation.pk)
        approved = evaluation.status == EvaluationStatus.APPROVED
        achievement = row.scores.official.achievement if approved else None
        scored.append((evaluation, appraisal, _score(setup, achievement, appraisal)))
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
    counts = dict.fromkeys(DEFAULT_BANDS, 0)
    for _e, _a, sc in final:
        assert sc is not None
        counts[sc.band] += 1
    return RoundAppraisals(rows, list(counts.items()), len(final))
