"""Reads: rounds as core scorecards, evaluations with their results, scores, queues.

Every function here runs a fixed number of queries whatever the number of districts.
"""

from __future__ import annotations

import functools
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
    IndicatorLevel,
    Result,
    ResultStatus,
    Round,
    counted_level,
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


def core_indicator(
    indicator: Indicator,
    applies_to: tuple[str, ...] | None = None,
    *,
    levels: tuple[core.Level, ...] | None = None,
) -> core.Indicator:
    """The core's view of a snapshotted indicator (levels and districts must be prefetched,
    unless ``applies_to`` and ``levels`` are given)."""
    if applies_to is None:
        applies_to = tuple(sorted(d.code for d in indicator.districts.all()))
    if levels is None:
        levels = tuple(_core_level(lv) for lv in indicator.levels.all())
    return core.Indicator(
        id=indicator.code,
        group=core.Group(indicator.group),
        number=indicator.number,
        title=indicator.title,
        weight=indicator.weight,
        source=core.WorkGroup(
            indicator.work_group.code, indicator.work_group.name_th, indicator.work_group.name_en
        ),
        applicability=core.Applicability("only", applies_to),
        levels=levels,
    )


def _scorecard(
    round_: Round, indicators: Iterable[core.Indicator], districts: Iterable[District]
) -> core.Scorecard:
    """The round's scorecard in the core's form, with these indicators and districts."""
    return core.Scorecard(
        fiscal_year=round_.fiscal_year,
        round=round_.number,
        period_start=round_.period_start,
        period_end=round_.period_end,
        position=round_.position,
        indicators=tuple(indicators),
        districts=tuple(core.District(d.code, d.name_th, d.name_en) for d in districts),
        shares=shares_of(round_),
    )


def round_scorecard(round_: Round, indicators: Iterable[Indicator] | None = None) -> core.Scorecard:
    indicators = round_indicators(round_) if indicators is None else indicators
    districts = District.objects.filter(province_id=round_.province_id)
    return _scorecard(round_, (core_indicator(i) for i in indicators), districts)


def _core_level(level: IndicatorLevel) -> core.Level:
    return core.Level(
        level.level,
        level.text,
        tuple(
            core.Criterion(c["measure"], core.Op(c["op"]), Decimal(c["value"]), c["unit"])
            for c in level.criteria
        ),
    )


@functools.lru_cache(maxsize=256)
def _round_levels(round_id: int, imported_at: str) -> dict[int, tuple[core.Level, ...]]:
    """Indicator id -> its levels in the core's form, for one round.

    A round's levels are a snapshot: written once at import, never changed (re-importing makes
    a new round, with a new import time, hence a new key). So they are read once per process
    and round, not on every page."""
    levels: dict[int, list[core.Level]] = {}
    for lv in IndicatorLevel.objects.filter(indicator__round_id=round_id).order_by(
        "indicator_id", "level"
    ):
        levels.setdefault(lv.indicator_id, []).append(_core_level(lv))
    return {pk: tuple(items) for pk, items in levels.items()}


def district_scorecard(round_: Round, district: District) -> tuple[list[Indicator], core.Scorecard]:
    """The round's indicators that apply to one district, and the scorecard of that district
    alone: what a district's page needs, without loading every district's applicability."""
    indicators = list(round_.indicators.filter(districts=district.pk).select_related("work_group"))
    key = (round_.pk, round_.imported_at.isoformat())
    levels = _round_levels(*key)
    if any(i.pk not in levels for i in indicators):
        # not expected (levels are written with their indicator): read again, never guess
        _round_levels.cache_clear()
        levels = _round_levels(*key)
    scorecard = _scorecard(
        round_,
        (core_indicator(i, (district.code,), levels=levels[i.pk]) for i in indicators),
        [district],
    )
    return indicators, scorecard


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
    kwargs = {"shares": shares_of(round_), "bands": bands_of(round_)}
    return EvaluationScores(
        official=scoring.score_district(
            scorecard, target, _level_results(results, verified=True), **kwargs
        ),
        reported=scoring.score_district(
            scorecard, target, _level_results(results, verified=False), **kwargs
        ),
    )


def evaluation_results(
    evaluation: Evaluation, indicators: Iterable[Indicator] | None = None
) -> dict[str, Result]:
    """Indicator code -> result for this district, shared results included. Given the
    indicators (loaded already), only their results are read, each given its indicator."""
    rows = Result.objects.filter(
        Q(district_id=evaluation.district_id) | Q(district__isnull=True),
        indicator__round_id=evaluation.round_id,
    )
    if indicators is None:
        return {r.indicator.code: r for r in rows.select_related("indicator")}
    by_pk = {i.pk: i for i in indicators}
    indicator_field = Result._meta.get_field("indicator")
    out = {}
    for r in rows.filter(indicator_id__in=by_pk):
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


@dataclass(frozen=True)
class OverviewRow:
    evaluation: Evaluation
    scores: EvaluationScores
    verified: int
    applicable: int


def _light_scorecard(
    round_: Round, indicators: list[tuple[str, str, Decimal, list[str]]], districts: list[District]
) -> core.Scorecard:
    """What scoring from given levels needs of a round: each indicator's code, group, weight
    and districts. Criteria only turn entries into levels, and the stored levels already are."""
    return _scorecard(
        round_,
        (
            core.Indicator(
                id=code,
                group=core.Group(group),
                number=0,
                title="",
                weight=weight,
                source=None,
                applicability=core.Applicability("only", tuple(codes)),
                levels=(),
            )
            for code, group, weight, codes in indicators
        ),
        districts,
    )


def overview_rows(rounds: Iterable[Round], *, reported: bool = True) -> list[OverviewRow]:
    """Every district of these rounds with its status and scores, in four queries whatever
    the number of rounds and districts (one province's round, or a whole department's).
    ``reported=False`` leaves out the score on the districts' own levels.

    Reads plain rows, not model objects, for indicators, applicability and results: at
    department scale (~900 districts, ~10k results) building model objects would cost more
    than the scoring itself."""
    by_pk = {r.pk: r for r in rounds}
    evaluations = list(
        Evaluation.objects.filter(round_id__in=by_pk)
        .select_related("district")
        .order_by("round_id", "district__code")
    )
    indicators = list(
        Indicator.objects.filter(round_id__in=by_pk)
        .order_by("round_id", "position")
        .values_list("pk", "round_id", "code", "group", "weight", "shared")
    )
    applies: dict[int, set[int]] = {}  # indicator id -> district ids
    for indicator_id, district_id in Indicator.districts.through.objects.filter(
        indicator__round_id__in=by_pk
    ).values_list("indicator_id", "district_id"):
        applies.setdefault(indicator_id, set()).add(district_id)
    # (indicator id, district id or None) -> (status, self level, verified level); without
    # the reported scores only verified results count, and only their verified level
    found = Result.objects.filter(indicator__round_id__in=by_pk)
    results: dict[tuple[int, int | None], tuple[str, Decimal | None, Decimal | None]]
    if reported:
        results = {
            (i, d): (status, own, verified)
            for i, d, status, own, verified in found.values_list(
                "indicator_id", "district_id", "status", "self_level", "verified_level"
            )
        }
    else:
        results = {
            (i, d): (ResultStatus.VERIFIED, None, verified)
            for i, d, verified in found.filter(status=ResultStatus.VERIFIED).values_list(
                "indicator_id", "district_id", "verified_level"
            )
        }

    districts_of: dict[int, list[District]] = {}
    round_field = Evaluation._meta.get_field("round")
    for ev in evaluations:
        round_field.set_cached_value(ev, by_pk[ev.round_id])  # no query, no descriptor checks
        districts_of.setdefault(ev.round_id, []).append(ev.district)
    code_of = {ev.district_id: ev.district.code for ev in evaluations}
    per_round: dict[int, list[tuple[int, str, str, Decimal, bool, set[int]]]] = {}
    for pk, round_id, code, group, weight, shared in indicators:
        per_round.setdefault(round_id, []).append(
            (pk, code, group, weight, shared, applies.get(pk, set()))
        )
    scorecards = {  # every round, one without indicators too (its districts score 0)
        round_id: _light_scorecard(
            round_,
            [
                (code, group, weight, sorted(code_of[d] for d in where if d in code_of))
                for _pk, code, group, weight, _shared, where in per_round.get(round_id, [])
            ],
            districts_of.get(round_id, []),
        )
        for round_id, round_ in by_pk.items()
    }

    bands = {pk: bands_of(r) for pk, r in by_pk.items()}
    rows = []
    for ev in evaluations:
        official: dict[str, core.IndicatorResult] = {}
        own_levels: dict[str, core.IndicatorResult] = {}
        verified = applicable = 0
        for pk, code, _group, _weight, shared, where in per_round.get(ev.round_id, []):
            if ev.district_id not in where:
                continue
            applicable += 1
            found = results.get((pk, None) if shared else (pk, ev.district_id))
            if found is None:
                continue
            status, own, verified_level = found
            if own is not None and reported:
                own_levels[code] = core.IndicatorResult(level=own)
            if status == ResultStatus.VERIFIED:
                verified += 1
            if (level := counted_level(status, verified_level)) is not None:
                official[code] = core.IndicatorResult(level=level)
        scorecard = scorecards[ev.round_id]
        target = core.District(ev.district.code, ev.district.name_th, ev.district.name_en)
        kwargs = {"shares": scorecard.shares, "bands": bands[ev.round_id]}
        scores = EvaluationScores(
            official=scoring.score_district(scorecard, target, official, **kwargs),
            reported=(
                scoring.score_district(scorecard, target, own_levels, **kwargs)
                if reported
                else None
            ),
        )
        rows.append(OverviewRow(ev, scores, verified, applicable))
    return rows


def round_overview(round_: Round) -> list[OverviewRow]:
    """Every district of the round with its status and scores, in a fixed number of queries."""
    return overview_rows([round_])


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


def _evaluation_states(rows: Iterable[OverviewRow]) -> dict[str, int]:
    counts = dict.fromkeys(EvaluationStatus.values, 0)
    for row in rows:
        counts[row.evaluation.status] += 1
    return counts


@dataclass(frozen=True)
class ProvinceSummary:
    round: Round
    rows: list[OverviewRow]  # its districts, ranked by official achievement

    @property
    def statuses(self) -> dict[str, int]:
        return _evaluation_states(self.rows)

    @property
    def verified(self) -> int:
        return sum(row.verified for row in self.rows)

    @property
    def applicable(self) -> int:
        return sum(row.applicable for row in self.rows)

    @property
    def mean(self) -> Decimal | None:
        if not self.rows:
            return None
        total = sum((row.scores.official.achievement for row in self.rows), Decimal(0))
        return total / len(self.rows)


@dataclass(frozen=True)
class DepartmentOverview:
    fiscal_year: int
    number: int
    provinces: list[ProvinceSummary]  # by province code
    ranked: list[OverviewRow]  # every district of the department, best first

    @property
    def statuses(self) -> dict[str, int]:
        return _evaluation_states(self.ranked)

    @property
    def bands(self) -> list[tuple[str, str, int]]:
        """(label_th, label_en, districts) per rating label, best rating first (provinces
        with bands of their own add their labels)."""
        counts: dict[tuple[str, str], int] = {}
        for row in self.ranked:
            rating = row.scores.official.rating
            key = (rating.label_th, rating.label_en)
            counts[key] = counts.get(key, 0) + 1
        return [(th, en, n) for (th, en), n in counts.items()]


def department_rounds() -> list[tuple[int, int]]:
    """(fiscal year, round) of every round some province has opened, newest first."""
    return list(
        Round.objects.exclude(status="draft")
        .order_by("-fiscal_year", "-number")
        .values_list("fiscal_year", "number")
        .distinct()
    )


def _achievement_rank(row: OverviewRow) -> tuple[Decimal, str]:
    return (-row.scores.official.achievement, row.evaluation.district.code)


def department_overview(fiscal_year: int, number: int) -> DepartmentOverview:
    """One round (e.g. 2568-1) across every province that has opened it: five queries, the
    same for one province or seventy-six."""
    rounds = list(
        Round.objects.filter(fiscal_year=fiscal_year, number=number)
        .exclude(status="draft")
        .select_related("province")
        .order_by("province__code")
    )
    rows = overview_rows(rounds, reported=False)
    by_round: dict[int, list[OverviewRow]] = {r.pk: [] for r in rounds}
    for row in rows:
        by_round[row.evaluation.round_id].append(row)
    return DepartmentOverview(
        fiscal_year=fiscal_year,
        number=number,
        provinces=[
            ProvinceSummary(r, sorted(by_round[r.pk], key=_achievement_rank)) for r in rounds
        ],
        ranked=sorted(rows, key=_achievement_rank),
    )
