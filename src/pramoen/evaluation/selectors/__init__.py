"""Reads, by entity: ``rounds`` (a round's read model), ``results`` (which result counts),
``overview`` (every district scored at once), ``verification`` (a work group's queue). Views,
reports, the API and the exchange read through these."""

from .overview import (
    DepartmentOverview,
    OverviewRow,
    ProvinceSummary,
    department_overview,
    department_rounds,
    overview_rows,
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
from .verification import queue_results, work_group_withdrawable

__all__ = [
    "DepartmentOverview",
    "EvaluationScores",
    "OverviewRow",
    "ProvinceSummary",
    "RoundResults",
    "bands_of",
    "core_indicator",
    "department_overview",
    "department_rounds",
    "district_scorecard",
    "evaluation_results",
    "overview_rows",
    "queue_results",
    "round_indicators",
    "round_overview",
    "round_results",
    "round_scorecard",
    "score_evaluation",
    "shares_of",
    "status_counts",
    "visible_rounds",
    "work_group_queue",
    "work_group_withdrawable",
]
