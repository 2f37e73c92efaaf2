"""Districts, work groups, rounds, a round's scorecard, evaluations and scores."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from pramoen.accounts.models import District, Role, WorkGroup
from pramoen.evaluation.selectors import (
    round_indicators,
    round_overview,
    round_scorecard,
    visible_rounds,
)

from .. import output
from ..access import get_province_round_for_user, get_round_for_user, member
from ..schemas import (
    DistrictOut,
    EvaluationOut,
    RoundOut,
    RoundScoresOut,
    ScorecardOut,
    WorkGroupOut,
)
from . import Id, responses

router = Router()


@router.get(
    "/districts",
    response=responses(list[DistrictOut]),
    operation_id="districts_list",
    url_name="districts_list",
    tags=["organisation"],
    summary="Districts of the caller's province",
)
def districts_list(request: HttpRequest) -> Any:
    m = member(request)
    assert m.province_id is not None  # member() refuses a user without a province
    return [output.district(d) for d in District.objects.filter(province_id=m.province_id)]


@router.get(
    "/work-groups",
    response=responses(list[WorkGroupOut]),
    operation_id="work_groups_list",
    url_name="work_groups_list",
    tags=["organisation"],
    summary="Work groups of the caller's province",
)
def work_groups_list(request: HttpRequest) -> Any:
    m = member(request)
    assert m.province_id is not None  # member() refuses a user without a province
    groups = WorkGroup.objects.filter(province_id=m.province_id)
    return [{"code": g.code, "name_th": g.name_th, "name_en": g.name_en} for g in groups]


@router.get(
    "/rounds",
    response=responses(list[RoundOut]),
    operation_id="rounds_list",
    url_name="rounds_list",
    tags=["rounds"],
    summary="Rounds the caller may see (rounds not yet open: the province office only)",
)
def rounds_list(request: HttpRequest) -> Any:
    return [output.round_(r) for r in visible_rounds(member(request))]


@router.get(
    "/rounds/{round_id}",
    response=responses(RoundOut),
    operation_id="round_get",
    url_name="round_get",
    tags=["rounds"],
    summary="One round with its shares and rating bands",
)
def round_get(request: HttpRequest, round_id: Id) -> Any:
    return output.round_(get_round_for_user(request, round_id))


@router.get(
    "/rounds/{round_id}/scorecard",
    response=responses(ScorecardOut),
    operation_id="round_scorecard",
    url_name="round_scorecard",
    tags=["rounds"],
    summary="The round's indicators with their levels and criteria",
)
def round_scorecard_get(request: HttpRequest, round_id: Id) -> Any:
    round_ = get_round_for_user(request, round_id)
    indicators = round_indicators(round_)
    scorecard = round_scorecard(round_, indicators)
    return {
        "round": output.round_(round_),
        "indicators": [output.round_indicator(i, scorecard) for i in indicators],
    }


@router.get(
    "/rounds/{round_id}/evaluations",
    response=responses(list[EvaluationOut]),
    operation_id="round_evaluations",
    url_name="round_evaluations",
    tags=["evaluations"],
    summary="The round's evaluations (a district officer: their own district's only)",
)
def round_evaluations(request: HttpRequest, round_id: Id) -> Any:
    round_ = get_round_for_user(request, round_id)
    m = member(request)
    evaluations = round_.evaluations.select_related("district")
    if m.role == Role.DISTRICT:
        assert m.district_id is not None  # a district officer's membership names the district
        evaluations = evaluations.filter(district_id=m.district_id)
    return [output.evaluation(e) for e in evaluations]


@router.get(
    "/rounds/{round_id}/scores",
    response=responses(RoundScoresOut),
    operation_id="round_scores",
    url_name="round_scores",
    tags=["scores"],
    summary="Every district's official and reported scores (not for district officers)",
)
def round_scores(request: HttpRequest, round_id: Id) -> Any:
    round_ = get_province_round_for_user(request, round_id)
    return {
        "round_id": round_.pk,
        "shares": output.shares(round_),
        "districts": [
            {
                "evaluation_id": row.evaluation.pk,
                "district": output.district(row.evaluation.district),
                "status": row.evaluation.status,
                "verified": row.verified,
                "applicable": row.applicable,
                "official": output.score_summary(row.scores.official),
                # round_overview scores the reported levels (None only for reported=False)
                "reported": output.score_summary(row.scores.reported),  # type: ignore[arg-type]
            }
            for row in round_overview(round_)
        ],
    }
