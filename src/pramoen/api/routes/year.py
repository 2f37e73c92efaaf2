"""The fiscal year: a province's rounds side by side (every district's achievement in each,
the change and the year's result by the department's rule), and one district's year with each
indicator's verified level per round. Read only, with the same visibility as the year pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Router, Schema

from pramoen.evaluation import limits
from pramoen.evaluation.access import get_year_evaluations_for_user, get_year_rounds_for_user
from pramoen.evaluation.selectors.year import DistrictYear, district_year, province_year

from ..output import rounded
from . import responses

router = Router(tags=["year"])

Year = Path(ge=2400, le=2700, description="Buddhist-era fiscal year, e.g. 2568")


class RoundAchievementOut(Schema):
    round_id: int
    number: int
    achievement: float | None  # None: no evaluation, or not submitted


class DistrictYearOut(Schema):
    code: str
    name_th: str
    rank: int | None
    rounds: list[RoundAchievementOut]
    change: float | None
    result: float | None
    rating_th: str | None
    rating_en: str | None


class ProvinceYearOut(Schema):
    fiscal_year: int
    rule: str
    districts: list[DistrictYearOut]


class IndicatorYearOut(Schema):
    code: str
    title: str
    levels: list[float | None]  # per round (None: not in the round, or not verified)
    change: float | None


class DistrictYearDetailOut(Schema):
    fiscal_year: int
    rule: str
    district: DistrictYearOut
    indicators: list[IndicatorYearOut]


def _district(year: DistrictYear, rank: int | None) -> dict[str, Any]:
    return {
        "code": year.district.code,
        "name_th": year.district.name_th,
        "rank": rank,
        "rounds": [
            {
                "round_id": r.round.pk,
                "number": r.round.number,
                "achievement": rounded(r.achievement),
            }
            for r in year.rounds
        ],
        "change": rounded(year.change),
        "result": rounded(year.result),
        "rating_th": year.rating.label_th if year.rating else None,
        "rating_en": year.rating.label_en if year.rating else None,
    }


@router.get(
    "/years/{fiscal_year}",
    response=responses(ProvinceYearOut),
    operation_id="year_get",
    url_name="year_get",
    summary="The province's fiscal year: every district in both rounds, the change, the year",
)
def year_get(request: HttpRequest, fiscal_year: int = Year) -> Any:
    year = province_year(get_year_rounds_for_user(request, fiscal_year))
    return {
        "fiscal_year": year.fiscal_year,
        "rule": str(year.rule),
        "districts": [_district(r.item, r.rank) for r in year.ranked],
    }


@router.get(
    "/years/{fiscal_year}/districts/{district}",
    response=responses(DistrictYearDetailOut),
    operation_id="year_district_get",
    url_name="year_district_get",
    summary="One district's fiscal year: its scores and each indicator's level in both rounds",
)
def year_district_get(
    request: HttpRequest,
    fiscal_year: int = Year,
    district: str = Path(pattern=f"^{limits.CODE_PATTERN}$", description="district code"),
) -> Any:
    evaluations = get_year_evaluations_for_user(request, fiscal_year, district)
    detail = district_year([e.round for e in evaluations], evaluations[0].district)
    return {
        "fiscal_year": detail.fiscal_year,
        "rule": str(detail.rule),
        "district": _district(detail.year, None),
        "indicators": [
            {
                "code": i.code,
                "title": i.title,
                "levels": [rounded(c.level) for c in i.levels],
                "change": rounded(i.change),
            }
            for i in detail.indicators
        ],
    }
