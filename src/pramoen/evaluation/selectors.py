"""Reads: rounds as core scorecards, evaluations with their results, scores, queues.

Every function here runs a fixed number of queries whatever the number of districts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from pramoen.accounts.models import District, Membership, Role
from pramoen.core import model as core
from pramoen.core import scoring

from .models import (
    Evaluation,
    EvaluationStatus,
    Indicator,
    Result,
    ResultStatus,
    Round,
)


def bands_of(round_: Round) -> tuple[scoring.Band, ...]:
    if not round_.bands:
        return scoring.DEFAULT_BANDS
    return tuple(scoring.Band(Decimal(str(b[0])), b[1], b[2]) for b in round_.bands)


def shares_of(round_: Round) -> core.Shares:
    return core.Shares(round_.team_share, round_.individual_share, round_.shares_default)


def round_indicators(round_: Round) -> list[Indicator]:
    return list(
        round_.indicators.select_related("work_group").prefetch_related("levels", "districts")
    )


def core_indicator(indicator: Indicator) -> core.Indicator:
    """The core's view of a snapshotted indicator (levels and districts must be prefetched)."""
    return core.Indicator(
        id=indicator.code,
        group=core.Group(indicator.group),
        number=indicator.number,
        title=indicator.title,
        weight=indicator.weight,
        source=core.WorkGroup(
            indicator.work_group.code, indicator.work_group.name_th, indicator.work_group.name_en
        ),
        applicability=core.Applicability(
            "only", tuple(sorted(d.code for d in indicator.districts.all()))
        ),
        levels=tuple(
            core.Level(
                lv.level,
                lv.text,
                tuple(
                    core.Criterion(c["measure"], core.Op(c["op"]), Decimal(c["value"]), c["unit"])
                    for c in lv.criteria
                ),
            )
            for lv in indicator.levels.all()
        ),
    )


def round_scorecard(round_: Round, indicators: Iterable[Indicator] | None = None) -> core.Scorecard:
    indicators = round_indicators(round_) if indicators is None else indicators
    districts = District.objects.filter(province_id=round_.province_id)
    return core.Scorecard(
        fiscal_year=round_.fiscal_year,
        round=round_.number,
        period_start=round_.period_start,
        period_end=round_.period_end,
        position=round_.position,
        indicators=tuple(core_indicator(i) for i in indicators),
        districts=tuple(core.District(d.code, d.name_th, d.name_en) for d in districts),
        shares=shares_of(round_),
    )


@dataclass(frozen=True)
class EvaluationScores:
    official: scoring.DistrictScore  # verified levels only
    reported: scoring.DistrictScore  # the district's own levels


def _level_results(results: Iterable[Result], *, verified: bool) -> dict[str, core.IndicatorResult]:
    out = {}
    for r in results:
        if verified:
            if r.status == ResultStatus.VERIFIED and r.verified_level is not None:
                out[r.indicator.code] = core.IndicatorResult(level=r.verified_level)
        elif r.self_level is not None:
            out[r.indicator.code] = core.IndicatorResult(level=r.self_level)
    return out


def score_evaluation(
    scorecard: core.Scorecard, round_: Round, district: District, results: Iterable[Result]
) -> EvaluationScores:
    results = list(results)
    target = scorecard.district(district.code) or core.District(
        district.code, district.name_th, district.name_en
    )
    kwargs = {"shares": shares_of(round_), "bands": bands_of(round_)}
    return EvaluationScores(
        official=scoring.score_district(
            scorecard, target, _level_results(results, verified=True), **kwargs
        ),
        reported=scoring.score_district(
            scorecard, target, _level_results(results, verified=False), **kwargs
        ),
    )


def evaluation_results(evaluation: Evaluation) -> dict[str, Result]:
    """Indicator code -> result for this district, shared results included."""
    rows = Result.objects.filter(
        Q(district_id=evaluation.district_id) | Q(district__isnull=True),
        indicator__round_id=evaluation.round_id,
    ).select_related("indicator", "verified_by", "updated_by")
    return {r.indicator.code: r for r in rows}


@dataclass(frozen=True)
class RoundResults:
    """A round's results, loaded in one query: province-wide ones by indicator, the others by
    district and indicator. ``for_district`` picks what counts for a district: the shared
    result of a shared indicator, the district's own otherwise."""

    indicators: list[Indicator]
    shared: dict[int, Result]
    own: dict[int, dict[int, Result]]

    def applicable(self, district_id: int) -> list[Indicator]:
        """Indicators of the round for this district (their districts must be prefetched)."""
        return [i for i in self.indicators if any(d.pk == district_id for d in i.districts.all())]

    def for_district(self, district_id: int) -> dict[int, Result | None]:
        """Indicator id -> the result that counts for this district (None: nothing yet)."""
        mine = self.own.get(district_id, {})
        return {
            i.pk: self.shared.get(i.pk) if i.shared else mine.get(i.pk)
            for i in self.applicable(district_id)
        }


def round_results(
    round_: Round, indicators: list[Indicator] | None = None, *, related: tuple[str, ...] = ()
) -> RoundResults:
    rows = Result.objects.filter(indicator__round_id=round_.pk).select_related(
        "indicator", *related
    )
    shared: dict[int, Result] = {}
    own: dict[int, dict[int, Result]] = {}
    for r in rows:
        if r.district_id is None:
            shared[r.indicator_id] = r
        else:
            own.setdefault(r.district_id, {})[r.indicator_id] = r
    return RoundResults(round_indicators(round_) if indicators is None else indicators, shared, own)


@dataclass(frozen=True)
class OverviewRow:
    evaluation: Evaluation
    scores: EvaluationScores
    verified: int
    applicable: int


def round_overview(round_: Round) -> list[OverviewRow]:
    """Every district of the round with its status and scores, in a fixed number of queries."""
    indicators = round_indicators(round_)
    scorecard = round_scorecard(round_, indicators)
    results = round_results(round_, indicators)
    rows = []
    for ev in round_.evaluations.select_related("district", "round"):
        counting = [r for r in results.for_district(ev.district_id).values() if r is not None]
        verified = sum(1 for r in counting if r.status == ResultStatus.VERIFIED)
        applicable = len(results.applicable(ev.district_id))
        scores = score_evaluation(scorecard, round_, ev.district, counting)
        rows.append(OverviewRow(ev, scores, verified, applicable))
    return rows


def status_counts(round_: Round) -> dict[str, int]:
    counts = dict(
        round_.evaluations.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {s.value: counts.get(s.value, 0) for s in EvaluationStatus}


def work_group_queue(round_: Round, membership: Membership) -> QuerySet[Result]:
    """Submitted per-district results of the indicators this work group owns."""
    return (
        Result.objects.filter(
            indicator__round=round_,
            indicator__work_group_id=membership.work_group_id,
            district__isnull=False,
            status=ResultStatus.SUBMITTED,
        )
        .select_related("indicator", "district", "updated_by")
        .order_by("indicator__position", "district__code")
    )


def visible_rounds(membership: Membership | None) -> QuerySet[Round]:
    if membership is None:
        return Round.objects.none()
    rounds = Round.objects.filter(province_id=membership.province_id)
    if membership.role != Role.PROVINCE:
        rounds = rounds.exclude(status="draft")
    return rounds
