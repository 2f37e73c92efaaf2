"""What the API reads and writes.

Numbers: every decimal is a JSON number. Scores and levels are rounded to 2 places (half up),
as the official form shows them; the scores themselves are computed from exact decimals by
pramoen.core. Entered values come back as stored (at most 4 decimal places). Input numbers may
be JSON numbers or decimal strings ("87.5"), read as exact decimals.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from pramoen.evaluation import limits

Group = Literal["team", "individual"]
Kind = Literal["threshold", "ladder"]
Op = Literal[">=", ">", "<", "<="]
RoundStatus = Literal["draft", "open", "closed"]
EvaluationStatus = Literal["draft", "submitted", "returned", "approved"]
ResultStatus = Literal["empty", "draft", "submitted", "verified", "returned"]

ROUNDED = "rounded to 2 places for display"


class DistrictOut(Schema):
    code: str
    name_th: str
    name_en: str


class WorkGroupOut(Schema):
    code: str
    name_th: str
    name_en: str


class BandOut(Schema):
    minimum: float
    label_th: str
    label_en: str


class RoundOut(Schema):
    id: int
    code: str = Field(description="fiscal year-round, e.g. 2568-1")
    fiscal_year: int = Field(description="Buddhist era (พ.ศ.)")
    number: int
    period_start: date
    period_end: date
    position: str
    status: RoundStatus
    status_th: str
    status_en: str
    team_share: float
    individual_share: float
    shares_default: bool = Field(description="the 50/50 default: the document states no shares")
    interpolate: bool
    bands: list[BandOut] = Field(description="rating bands, highest first")


class CriterionOut(Schema):
    measure: str
    op: Op
    value: float
    unit: str


class LevelOut(Schema):
    level: int
    text: str
    criteria: list[CriterionOut]


class IndicatorOut(Schema):
    """An indicator as pramoen.core.report.indicator_dict writes it."""

    id: str
    group: Group
    number: int
    title: str
    weight: float | None
    source: str | None = Field(description="the owning work group's Thai name")
    applies_to: list[str] = Field(description="district codes")
    kind: Kind
    levels: list[LevelOut]


class RoundIndicatorOut(IndicatorOut):
    work_group: str = Field(description="code of the work group that owns the data source")
    shared: bool = Field(description="one province-wide result entered by the work group")
    measures: list[str] = Field(description="keys accepted in a result's `values`")


class ScorecardOut(Schema):
    round: RoundOut
    indicators: list[RoundIndicatorOut]


class EvaluationOut(Schema):
    id: int
    round_id: int
    district: DistrictOut
    status: EvaluationStatus
    status_th: str
    status_en: str
    version: int
    submitted_at: datetime | None
    approved_at: datetime | None


class EvaluationDetailOut(EvaluationOut):
    indicators: list[str] = Field(description="codes of the indicators that apply, in order")
    can_edit: bool = Field(description="whether the caller may save results now")


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str = Field(description="for a link; empty for a file")
    uploaded_at: datetime


class ResultOut(Schema):
    indicator: str
    group: Group
    kind: Kind
    shared: bool
    status: ResultStatus = Field(description="`empty`: nothing saved yet")
    status_th: str
    status_en: str
    version: int = Field(description="send it back unchanged with the next PUT (0 when empty)")
    value: float | None = Field(description="a threshold indicator's result")
    values: dict[str, float] = Field(description="a ladder's numbers per measure")
    met: list[int] = Field(description="a ladder's ticked levels")
    note: str
    self_level: float | None = Field(description=f"level from the entries, {ROUNDED}")
    verified_level: float | None = Field(description=f"level the work group set, {ROUNDED}")
    verification_comment: str
    return_reason: str
    updated_at: datetime | None
    evidence: list[EvidenceOut]


# The bounds are the services' (evaluation.limits): the schema documents them, and a number
# outside them reaches the services, which refuse it with the same message as every other door.
AMOUNT_MAX = float(limits.MAX_VALUE)
_AMOUNT_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _amount_text(value: object) -> object:
    # As a string, a number must look like the schema says (no exponent, no spaces, no sign).
    if isinstance(value, str) and not _AMOUNT_TEXT.fullmatch(value):
        raise PydanticCustomError("decimal_parsing", "Input should be a valid decimal")
    return value


Amount = Annotated[
    Decimal,
    BeforeValidator(_amount_text),
    Field(),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": AMOUNT_MAX},
                {"type": "string", "pattern": f"^{_AMOUNT_TEXT.pattern}$"},
            ],
            "description": "kept to 4 decimal places (half up)",
        }
    ),
]
Level = Annotated[int, Field(ge=1, le=5)]
# No NUL: PostgreSQL text cannot hold it.
Text = Annotated[str, Field(max_length=limits.MAX_NOTE)]


class ResultIn(Schema):
    """A threshold indicator takes `value`; a ladder takes `met` and `values`."""

    version: int = Field(
        ge=0,
        le=2_147_483_647,
        description="the result's version as read; a stale one is refused with 409",
    )
    value: Amount | None = None
    values: dict[str, Amount] = Field(default_factory=dict, max_length=20)
    met: list[Level] = Field(default_factory=list, max_length=5)
    note: Text = ""


class GroupScoreIndicatorOut(Schema):
    id: str
    level: float = Field(description=ROUNDED)
    weight: float


class GroupScoreOut(Schema):
    score: float = Field(description=f"0–100, {ROUNDED}")
    weight_total: float
    indicators: list[GroupScoreIndicatorOut]


class DistrictScoreOut(Schema):
    """As pramoen.core.report.score_dict writes a district."""

    team: GroupScoreOut
    individual: GroupScoreOut
    achievement: float = Field(description=ROUNDED)
    rating: str
    rating_en: str


class SharesOut(Schema):
    team: float
    individual: float
    default: bool


class EvaluationScoresOut(Schema):
    evaluation_id: int
    district: DistrictOut
    shares: SharesOut
    official: DistrictScoreOut = Field(description="verified levels only")
    reported: DistrictScoreOut = Field(description="the district's own levels")


class ScoreSummaryOut(Schema):
    team: float = Field(description=ROUNDED)
    individual: float = Field(description=ROUNDED)
    achievement: float = Field(description=ROUNDED)
    rating: str
    rating_en: str


class RoundScoreOut(Schema):
    evaluation_id: int
    district: DistrictOut
    status: EvaluationStatus
    verified: int = Field(description="indicators verified")
    applicable: int = Field(description="indicators that apply to the district")
    official: ScoreSummaryOut
    reported: ScoreSummaryOut


class RoundScoresOut(Schema):
    round_id: int
    shares: SharesOut
    districts: list[RoundScoreOut]


class DocumentIn(Schema):
    text: str = Field(min_length=1, max_length=2_000_000, description="the KPI summary as text")


class PeriodOut(Schema):
    start: date
    end: date


class FindingOut(Schema):
    severity: Literal["error", "warning"]
    code: str
    indicator: str | None
    district: str | None
    group: Group | None
    level: int | None
    message: str = Field(description="Thai, as the core writes it")


class DocumentCheckOut(Schema):
    """pramoen.core.report.scorecard_dict, plus whether any finding is an error."""

    fiscal_year: int
    round: int
    period: PeriodOut
    position: str
    indicators: list[IndicatorOut]
    weights: dict[str, dict[str, float]] = Field(
        description="district code -> group -> total weight after applicability"
    )
    findings: list[FindingOut]
    has_errors: bool


# --- verification (a work group's queue) -------------------------------------------------

Version = Annotated[
    int,
    Field(ge=0, le=2_147_483_647, description="the result's version as read; stale is 409"),
]
LevelIn = Annotated[
    Decimal,
    BeforeValidator(_amount_text),
    Field(),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 5},
                {"type": "string", "pattern": f"^{_AMOUNT_TEXT.pattern}$"},
            ],
            "description": "0–5; a whole number unless the round interpolates (else 422)",
        }
    ),
]
Reason = Annotated[str, Field(max_length=limits.MAX_REASON)]


class VerificationOut(Schema):
    """A district's result as its work group sees it in the queue."""

    result_id: int
    indicator: str
    district: DistrictOut
    status: ResultStatus
    status_th: str
    status_en: str
    version: int = Field(description="send it back with the next verify, return or withdraw")
    value: float | None
    met: list[int]
    note: str
    self_level: float | None = Field(description=f"the district's level, {ROUNDED}")
    verified_level: float | None = Field(description=f"the work group's level, {ROUNDED}")
    verification_comment: str
    return_reason: str


class VerifyIn(Schema):
    version: Version
    level: LevelIn
    comment: Text = Field("", description="required when the level differs from the district's")


class ReasonIn(Schema):
    version: Version
    reason: Reason = Field(description="required: what the district (or the history) is told")


class BatchItemIn(Schema):
    result_id: int = Field(ge=1, le=2_147_483_647)
    version: Version
    level: LevelIn | None = Field(None, description="verify: the level (required)")
    comment: Text = ""


class BatchIn(Schema):
    """Verify each item at its level, or return them all with one reason: all or none."""

    action: Literal["verify", "return"]
    items: list[BatchItemIn] = Field(min_length=1, max_length=500)
    reason: Reason = Field("", description="return: the one reason for every item")
