"""Reads, by entity: ``rounds`` (a round's read model), ``results`` (which result counts),
``overview`` (every district scored at once). Views, reports, the API and the exchange read
through these."""

from .overview import (
    DepartmentOverview,
    OverviewRow,
    ProvinceSummary,
    Ranked,
    department_overview,
    department_rounds,
    is_ranked,
    overview_ranking,
    overview_rows,
    ranking,
    round_overview,
)
from .results import (
    EvaluationScores,
    RoundResults,
    evaluation_results,
    round_results,
    score_evaluation,
    work_group_queue,
)
from .rounds import (
    bands_of,
    core_indicator,
    district_scorecard,
    round_indicators,
    round_scorecard,
    shares_of,
    status_counts,
    visible_rounds,
)

__all__ = [
    "DepartmentOverview",
    "EvaluationScores",
    "OverviewRow",
    "ProvinceSummary",
    "Ranked",
    "RoundResults",
    "bands_of",
    "core_indicator",
    "department_overview",
    "department_rounds",
    "district_scorecard",
    "evaluation_results",
    "is_ranked",
    "overview_ranking",
    "overview_rows",
    "ranking",
    "round_indicators",
    "round_overview",
    "round_results",
    "round_scorecard",
    "score_evaluation",
    "shares_of",
    "status_counts",
    "visible_rounds",
    "work_group_queue",
]
