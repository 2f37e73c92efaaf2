"""Results read for scoring: one evaluation's, a round's (which result counts for each district),
and a work group's queue. Only verified levels count (``models.counted_level``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from pramoen.accounts.models import District, Membership
from pramoen.core import model as core
from pramoen.core import scoring

from ..models import (
    Evaluation,
    Indicator,
    Result,
    ResultStatus,
    Round,
)
from .rounds import (
    bands_of,
    round_indicators,
    shares_of,
)


@dataclass(frozen=True)
class EvaluationScores:
    official: scoring.DistrictScore  # verified levels only
    reported: scoring.DistrictScore | None  # the district's own levels (None: not asked for)


def _level_results(results: Iterable[Result], *, verified: bool) -> dict[str, core.IndicatorResult]:
    out = {}
    for r in results:
        if verified:
            if (level := r.official_level) is not None:
                out[r.indicator.code] = core.IndicatorResult(level=level)
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
    shares, bands = shares_of(round_), bands_of(round_)
    return EvaluationScores(
        official=scoring.score_district(
            scorecard, target, _level_results(results, verified=True), shares=shares, bands=bands
        ),
        reported=scoring.score_district(
            scorecard, target, _level_results(results, verified=False), shares=shares, bands=bands
        ),
    )


def evaluation_results(
    evaluation: Evaluation, indicators: Iterable[Indicator] | None = None
) -> dict[str, Result]:
    """Indicator code -> result for this district, shared results included. Given the
    indicators (loaded already), only their results are read, each given its indicator."""
    mine = Q(district_id=evaluation.district_id) | Q(district__isnull=True)
    if indicators is None:
        rows = Result.objects.filter(mine, indicator__round_id=evaluation.round_id)
        return {r.indicator.code: r for r in rows.select_related("indicator")}
    by_pk = {i.pk: i for i in indicators}
    indicator_field = Result._meta.get_field("indicator")
    out = {}
    # the round's indicators are given: their ids say the round (no join to the indicators)
    for r in Result.objects.filter(mine, indicator_id__in=by_pk):
        indicator_field.set_cached_value(r, by_pk[r.indicator_id])
        out[by_pk[r.indicator_id].code] = r
    return out


@dataclass(frozen=True)
class RoundResults:
    """A round's results, loaded in one query: province-wide ones by indicator, the others by
    district and indicator. ``for_district`` picks what counts for a district: the shared
    result of a shared indicator, the district's own otherwise."""

    indicators: list[Indicator]
    shared: dict[int, Result]
    own: dict[int, dict[int, Result]]
    where: dict[int, frozenset[int]]  # indicator id -> the districts it applies to

    def applicable(self, district_id: int) -> list[Indicator]:
        """Indicators of the round for this district."""
        return [i for i in self.indicators if district_id in self.where[i.pk]]

    def saved(self, indicator_id: int, district_id: int | None) -> Result | None:
        """The row saved for exactly this indicator and district (None: the province-wide one),
        whether or not it counts; the importer's view."""
        if district_id is None:
            return self.shared.get(indicator_id)
        return self.own.get(district_id, {}).get(indicator_id)

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
    indicators = round_indicators(round_) if indicators is None else indicators
    by_pk = {i.pk: i for i in indicators}
    rows = Result.objects.filter(indicator__round_id=round_.pk).select_related(*related)
    indicator_field = Result._meta.get_field("indicator")
    shared: dict[int, Result] = {}
    own: dict[int, dict[int, Result]] = {}
    for r in rows:
        # the indicators are loaded already: give each result its own, not a joined copy
        indicator_field.set_cached_value(r, by_pk[r.indicator_id])
        if r.district_id is None:
            shared[r.indicator_id] = r
        else:
            own.setdefault(r.district_id, {})[r.indicator_id] = r
    where = {i.pk: frozenset(d.pk for d in i.districts.all()) for i in indicators}
    return RoundResults(indicators, shared, own, where)


def work_group_queue(round_: Round, membership: Membership) -> QuerySet[Result]:
    """Submitted per-district results of the indicators this work group owns."""
    return (
        Result.objects.filter(
            indicator__round=round_,
            indicator__work_group_id=membership.work_group_id,
            district__isnull=False,
            status=ResultStatus.SUBMITTED,
        )
        # the round: its snapshot gives the unit beside each value, with no query a row
        .select_related("indicator__round", "district", "updated_by")
        .order_by("indicator__position", "district__code")
    )


def evaluation_unverified(evaluation: Evaluation) -> list[str]:
    """The codes of the district's applicable indicators whose result (its own, or the
    province-wide one) is not verified yet: what stands between a submission and approval."""
    applicable = Indicator.objects.filter(round_id=evaluation.round_id).filter(
        districts=evaluation.district
    )
    verified = set(
        Result.objects.filter(indicator__in=applicable, status=ResultStatus.VERIFIED)
        .filter(Q(district=evaluation.district) | Q(district__isnull=True))
        .values_list("indicator__code", flat=True)
    )
    return [i.code for i in applicable if i.code not in verified]
