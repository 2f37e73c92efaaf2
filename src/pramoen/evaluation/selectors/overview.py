"""Overviews: every district of one or many rounds scored in a fixed number of queries (a
province's page, the department's page)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from pramoen.accounts.models import District
from pramoen.core import model as core
from pramoen.core import scoring

from ..models import (
    Evaluation,
    EvaluationStatus,
    Indicator,
    Result,
    ResultStatus,
    Round,
    counted_level,
)
from .results import EvaluationScores
from .rounds import _scorecard, bands_of


@dataclass(frozen=True)
class OverviewRow:
    evaluation: Evaluation
    scores: EvaluationScores
    verified: int
    applicable: int

    @property
    def ranked(self) -> bool:
        """Whether it takes a rank and a rating (``is_ranked``: it has submitted)."""
        return is_ranked(self.evaluation)


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
            stored = results.get((pk, None) if shared else (pk, ev.district_id))
            if stored is None:
                continue
            status, own, verified_level = stored
            if own is not None and reported:
                own_levels[code] = core.IndicatorResult(level=own)
            if status == ResultStatus.VERIFIED:
                verified += 1
            if (level := counted_level(status, verified_level)) is not None:
                official[code] = core.IndicatorResult(level=level)
        scorecard = scorecards[ev.round_id]
        target = core.District(ev.district.code, ev.district.name_th, ev.district.name_en)
        shares, round_bands = scorecard.shares, bands[ev.round_id]
        scores = EvaluationScores(
            official=scoring.score_district(
                scorecard, target, official, shares=shares, bands=round_bands
            ),
            reported=(
                scoring.score_district(
                    scorecard, target, own_levels, shares=shares, bands=round_bands
                )
                if reported
                else None
            ),
        )
        rows.append(OverviewRow(ev, scores, verified, applicable))
    return rows


def is_ranked(evaluation: Evaluation) -> bool:
    """Whether a district takes a rank and a rating: once it has submitted. A district that
    never did has nothing of its own to rate; the province-wide team results alone would
    give it a score ("ต้องปรับปรุง 38.00") that is no one's performance."""
    return evaluation.status != EvaluationStatus.DRAFT


T = TypeVar("T")


@dataclass(frozen=True)
class Ranked(Generic[T]):
    item: T
    rank: int | None  # None: not submitted yet (no rank, no rating)


def ranking(
    items: Iterable[T],
    *,
    evaluation: Callable[[T], Evaluation],
    achievement: Callable[[T], Decimal],
    rankable: Callable[[T], bool] | None = None,
) -> list[Ranked[T]]:
    """The one ranking every page, booklet and workbook shows: submitted districts by
    official achievement (best first, then by code), then those not submitted yet, by code
    and without a rank. ``rankable`` says otherwise what takes a rank (the fiscal year's
    table: a district whose year result can be computed)."""
    items = list(items)
    takes_rank = rankable or (lambda i: is_ranked(evaluation(i)))
    ranked = sorted(
        (i for i in items if takes_rank(i)),
        key=lambda i: (-achievement(i), evaluation(i).district.code),
    )
    waiting = sorted(
        (i for i in items if not takes_rank(i)),
        key=lambda i: evaluation(i).district.code,
    )
    return [Ranked(i, n) for n, i in enumerate(ranked, start=1)] + [
        Ranked(i, None) for i in waiting
    ]


def overview_ranking(rows: Iterable[OverviewRow]) -> list[Ranked[OverviewRow]]:
    return ranking(
        rows, evaluation=lambda r: r.evaluation, achievement=lambda r: r.scores.official.achievement
    )


def round_overview(round_: Round) -> list[OverviewRow]:
    """Every district of the round with its status and scores, in a fixed number of queries."""
    return overview_rows([round_])


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
        """The mean achievement of the districts that have submitted (None: none has)."""
        rated = [row for row in self.rows if row.ranked]
        if not rated:
            return None
        total = sum((row.scores.official.achievement for row in rated), Decimal(0))
        return total / len(rated)


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
            if not row.ranked:
                continue  # not submitted: no rating
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


def _in_rank_order(rows: Iterable[OverviewRow]) -> list[OverviewRow]:
    """Submitted districts best first, then those not submitted (``ranking``)."""
    return [place.item for place in overview_ranking(rows)]


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
        provinces=[ProvinceSummary(r, _in_rank_order(by_round[r.pk])) for r in rounds],
        ranked=_in_rank_order(rows),
    )
