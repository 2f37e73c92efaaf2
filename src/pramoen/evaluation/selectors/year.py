"""The fiscal year: a province's rounds of one year side by side, per district (its scores in
each round, the change between them, the year's result) and, for one district, each
indicator's verified level in each round.

Nothing is scored here: each round's scores are the overview's (``overview_rows``, the same
figures as the round pages), the year's result is ``core.appraisal.year_result`` under the
department's rule (the setting ``PRAMOEN_YEAR_RULE``), its rating ``core.scoring.rate``.
A fixed number of queries, whatever the number of districts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from pramoen.accounts.models import District
from pramoen.core import scoring
from pramoen.core.appraisal import YearRule, year_result

from ..models import Evaluation, Indicator, IndicatorGroup, Result, Round, counted_level
from .overview import OverviewRow, Ranked, overview_rows, ranking
from .rounds import bands_of

# The rounds of a fiscal year (rounds 1 and 2): the year's result reads them in this order,
# a round not there yet counting as not computable.
YEAR_ROUNDS = (1, 2)


def year_rule() -> YearRule:
    """The department's rule for the year's result (``PRAMOEN_YEAR_RULE``: mean | last)."""
    value = settings.PRAMOEN_YEAR_RULE
    try:
        return YearRule(value)
    except ValueError:
        choices = ", ".join(r.value for r in YearRule)
        message = f"PRAMOEN_YEAR_RULE: {value!r} is not one of {choices}"
        raise ImproperlyConfigured(message) from None


@dataclass(frozen=True)
class RoundScore:
    """One district in one round of the year (``row`` None: no evaluation in that round)."""

    round: Round
    row: OverviewRow | None

    @property
    def ranked(self) -> bool:
        """Whether the round's figure counts: the district has submitted (``is_ranked``)."""
        return self.row is not None and self.row.ranked

    @property
    def achievement(self) -> Decimal | None:
        if self.row is None or not self.ranked:
            return None
        return self.row.scores.official.achievement


@dataclass(frozen=True)
class DistrictYear:
    district: District
    rounds: tuple[RoundScore, ...]  # one per round of the year, in order
    change: Decimal | None  # round 2 − round 1 (None: either missing or not submitted)
    result: Decimal | None  # the year's result under the rule (None: not computable yet)
    rating: scoring.Band | None

    @property
    def evaluation(self) -> Evaluation:
        """One of the district's evaluations (what ``ranking`` reads the district from)."""
        return next(r.row.evaluation for r in self.rounds if r.row is not None)


@dataclass(frozen=True)
class ProvinceYear:
    fiscal_year: int
    rounds: list[Round]
    rule: YearRule
    ranked: list[Ranked[DistrictYear]]  # by the year's result; those without one after


@dataclass(frozen=True)
class LevelCell:
    present: bool  # the indicator is in this round (for this district)
    level: Decimal | None  # its verified level (None: absent, or not verified yet)


@dataclass(frozen=True)
class IndicatorYear:
    code: str
    group: str
    title: str  # as the latest round that has it words it
    weights: tuple[Decimal | None, ...]  # per round (None: not in that round)
    levels: tuple[LevelCell, ...]  # per round

    @property
    def weight_changed(self) -> bool:
        return len({w for w in self.weights if w is not None}) > 1

    @property
    def weight(self) -> Decimal:
        return next(w for w in reversed(self.weights) if w is not None)

    @property
    def change(self) -> Decimal | None:
        """The level in round 2 − round 1 (None: either missing or not verified)."""
        if len(self.levels) != 2 or any(c.level is None for c in self.levels):
            return None
        first, last = self.levels
        assert first.level is not None and last.level is not None
        return last.level - first.level


@dataclass(frozen=True)
class DistrictYearDetail:
    fiscal_year: int
    rounds: list[Round]
    rule: YearRule
    year: DistrictYear
    indicators: list[IndicatorYear]  # team first, then individual, each in the rounds' order


def _by_number(year: DistrictYear, number: int) -> RoundScore | None:
    return next((r for r in year.rounds if r.round.number == number), None)


def _district_years(
    rounds: Sequence[Round], rows: Sequence[OverviewRow], rule: YearRule
) -> list[DistrictYear]:
    by_district: dict[int, dict[int, OverviewRow]] = {}
    districts: dict[int, District] = {}
    for row in rows:
        by_district.setdefault(row.evaluation.district_id, {})[row.evaluation.round_id] = row
        districts[row.evaluation.district_id] = row.evaluation.district
    bands = bands_of(rounds[-1])  # the year is rated as its latest round rates
    years = []
    for district_id, mine in by_district.items():
        cells = tuple(RoundScore(r, mine.get(r.pk)) for r in rounds)
        score = {c.round.number: c.achievement for c in cells}
        first, second = score.get(1), score.get(2)
        change = second - first if first is not None and second is not None else None
        result = year_result([score.get(n) for n in YEAR_ROUNDS], rule)
        rating = scoring.rate(result, bands) if result is not None else None
        years.append(DistrictYear(districts[district_id], cells, change, result, rating))
    return years


def _result_of(year: DistrictYear) -> Decimal:
    assert year.result is not None  # ranking asks only those that take a rank
    return year.result


def year_ranking(years: Sequence[DistrictYear]) -> list[Ranked[DistrictYear]]:
    """The year's table: districts by their year result, best first; those without one yet
    (a round the rule reads not submitted) after them, by code and without a rank."""
    return ranking(
        years,
        evaluation=lambda y: y.evaluation,
        achievement=_result_of,
        rankable=lambda y: y.result is not None,
    )


def province_year(rounds: Sequence[Round], rule: YearRule | None = None) -> ProvinceYear:
    """Every district of a fiscal year's rounds (one province's, given in order): four queries
    (the overview's), whatever the number of districts."""
    if not rounds:
        raise ValueError("a fiscal year without rounds")
    rule = year_rule() if rule is None else rule
    rounds = sorted(rounds, key=lambda r: r.number)
    years = _district_years(rounds, overview_rows(rounds, reported=False), rule)
    return ProvinceYear(rounds[0].fiscal_year, rounds, rule, year_ranking(years))


def _group_order(group: str) -> int:
    return 0 if group == IndicatorGroup.TEAM else 1


@dataclass
class _Seen:
    """An indicator code while the rounds are read: where it comes first (team before
    individual, then the first round that has it and its place there), and per round index
    its weight and verified level."""

    order: tuple[int, int, int]
    group: str
    title: str = ""
    weights: dict[int, Decimal] = field(default_factory=dict)
    levels: dict[int, Decimal | None] = field(default_factory=dict)


def district_year(
    rounds: Sequence[Round], district: District, rule: YearRule | None = None
) -> DistrictYearDetail:
    """One district's year: its scores in each round (the overview's) and each indicator's
    verified level in each round, indicators matched by code. Six queries."""
    if not rounds:
        raise ValueError("a fiscal year without rounds")
    rule = year_rule() if rule is None else rule
    rounds = sorted(rounds, key=lambda r: r.number)
    rows = [
        r for r in overview_rows(rounds, reported=False) if r.evaluation.district_id == district.pk
    ]
    years = _district_years(rounds, rows, rule)
    if not years:
        raise LookupError(f"district {district.code} has no evaluation in these rounds")

    index = {r.pk: n for n, r in enumerate(rounds)}
    applicable = list(
        Indicator.objects.filter(round_id__in=index, districts=district.pk)
        .order_by("round_id", "position")
        .values_list("pk", "round_id", "code", "group", "title", "weight", "shared", "position")
    )
    levels: dict[tuple[int, int | None], Decimal | None] = {
        (i, d): counted_level(status, verified)
        for i, d, status, verified in Result.objects.filter(
            Q(district_id=district.pk) | Q(district__isnull=True),
            indicator_id__in=[row[0] for row in applicable],
        ).values_list("indicator_id", "district_id", "status", "verified_level")
    }
    seen: dict[str, _Seen] = {}
    for pk, round_id, code, group, title, weight, shared, position in sorted(
        applicable, key=lambda row: (index[row[1]], row[7])
    ):
        n = index[round_id]
        entry = seen.setdefault(code, _Seen((_group_order(group), n, position), group))
        entry.title = title  # the latest round's wording
        entry.weights[n] = weight
        entry.levels[n] = levels.get((pk, None) if shared else (pk, district.pk))
    indicators = [
        IndicatorYear(
            code=code,
            group=e.group,
            title=e.title,
            weights=tuple(e.weights.get(n) for n in range(len(rounds))),
            levels=tuple(LevelCell(n in e.weights, e.levels.get(n)) for n in range(len(rounds))),
        )
        for code, e in sorted(seen.items(), key=lambda item: item[1].order)
    ]
    return DistrictYearDetail(rounds[0].fiscal_year, rounds, rule, years[0], indicators)


__all__ = [
    "YEAR_ROUNDS",
    "DistrictYear",
    "DistrictYearDetail",
    "IndicatorYear",
    "LevelCell",
    "ProvinceYear",
    "RoundScore",
    "district_year",
    "province_year",
    "year_ranking",
    "year_rule",
]
