"""The Django-free core of Pramoen: read a KPI summary, check it, score districts against it.

Nothing in this package imports Django (a test enforces it): the web app, the CLI and the
reports all call into it, so the scoring math lives here once.
"""

from .checks import check, has_errors
from .districts import chonburi, load_district_csv, parse_district_csv, work_group
from .errors import (
    DistrictListError,
    DocumentError,
    PramoenError,
    ResultsError,
    RowError,
    ScoringError,
)
from .model import (
    Applicability,
    Criterion,
    District,
    Finding,
    Group,
    Indicator,
    IndicatorResult,
    Kind,
    Level,
    Op,
    Scorecard,
    Severity,
    Shares,
    WorkGroup,
)
from .officialdoc import decode_document, parse, read_document
from .results import parse_results
from .scoring import (
    DEFAULT_BANDS,
    Band,
    DistrictScore,
    Explanation,
    GroupScore,
    IndicatorScore,
    ScoreReport,
    display,
    explain,
    indicator_level,
    make_shares,
    rate,
    score,
    score_district,
)

__all__ = [
    "DEFAULT_BANDS",
    "Applicability",
    "Band",
    "Criterion",
    "District",
    "DistrictListError",
    "DistrictScore",
    "DocumentError",
    "Explanation",
    "Finding",
    "Group",
    "GroupScore",
    "Indicator",
    "IndicatorResult",
    "IndicatorScore",
    "Kind",
    "Level",
    "Op",
    "PramoenError",
    "ResultsError",
    "RowError",
    "ScoreReport",
    "Scorecard",
    "ScoringError",
    "Severity",
    "Shares",
    "WorkGroup",
    "check",
    "chonburi",
    "decode_document",
    "display",
    "explain",
    "has_errors",
    "indicator_level",
    "load_district_csv",
    "make_shares",
    "parse",
    "parse_district_csv",
    "parse_results",
    "rate",
    "read_document",
    "score",
    "score_district",
    "work_group",
]
