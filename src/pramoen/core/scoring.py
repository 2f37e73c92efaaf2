"""Levels and results -> scores and ratings (OCSC circular ว 20/2552 practice).

* An indicator gets a level 0–5. Threshold indicator: the highest level whose criteria hold.
  Ladder: the highest L such that levels 1..L all hold (levels count from 1 upward: a level
  ticked above a gap does not count). A ladder level with numbers for all its measures is
  decided by the numbers, otherwise by its tick (``ladder_check``). Below level 1 is 0.
  ``explain`` gives the same level with its reasons.
* Group score (0–100) = Σ(level × weight) / Σ(weight) × 20.
* Achievement = team share × team score + individual share × individual score.
* Rating from configurable bands (≥90 ดีเด่น, ≥80 ดีมาก, ≥70 ดี, ≥60 พอใช้, else ต้องปรับปรุง).

Decimal throughout; rounding to two places is for display only (``display``).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .errors import ScoringError
from .model import (
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
)

ZERO = Decimal(0)
MAX_LEVEL = 5
_TWENTY = Decimal(20)
_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Band:
    minimum: Decimal
    label_th: str
    label_en: str


DEFAULT_BANDS: tuple[Band, ...] = (
    Band(Decimal(90), "ดีเด่น", "Outstanding"),
    Band(Decimal(80), "ดีมาก", "Very good"),
    Band(Decimal(70), "ดี", "Good"),
    Band(Decimal(60), "พอใช้", "Fair"),
    Band(ZERO, "ต้องปรับปรุง", "Needs improvement"),
)


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    id: str
    level: Decimal
    weight: Decimal

    @property
    def weighted(self) -> Decimal:
        """(ค) = (ก) × (ข) of the official form."""
        return self.level * self.weight


@dataclass(frozen=True, slots=True)
class GroupScore:
    group: Group
    score: Decimal
    weight_total: Decimal
    indicators: tuple[IndicatorScore, ...]


@dataclass(frozen=True, slots=True)
class DistrictScore:
    district: District
    team: GroupScore
    individual: GroupScore
    achievement: Decimal
    rating: Band


@dataclass(frozen=True, slots=True)
class ScoreReport:
    shares: Shares
    districts: tuple[DistrictScore, ...]
    findings: tuple[Finding, ...]


def display(value: Decimal) -> Decimal:
    """Two decimal places, half up, as the official form shows scores."""
    return value.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


def make_shares(team: Decimal | str | float | None = None) -> Shares:
    """Shares from a team share in 0–1; ``None`` gives the 50/50 default, marked as such."""
    if team is None:
        return Shares()
    share = Decimal(str(team))
    if not (ZERO <= share <= 1):
        raise ScoringError(f"สัดส่วนตัวชี้วัดรายทีมต้องอยู่ระหว่าง 0 ถึง 1 (ได้ {team})")
    return Shares(team=share, individual=1 - share, default=False)


def validate_bands(bands: Sequence[Band]) -> tuple[Band, ...]:
    """Bands must be in descending order of minimum and end with a floor of 0."""
    bands = tuple(bands)
    if not bands or bands[-1].minimum != ZERO:
        raise ScoringError("เกณฑ์ระดับผลการประเมินต้องมีขั้นสุดท้ายที่คะแนนต่ำสุด 0")
    for higher, lower in itertools.pairwise(bands):
        if higher.minimum <= lower.minimum:
            raise ScoringError("เกณฑ์ระดับผลการประเมินต้องเรียงจากคะแนนสูงไปต่ำ ไม่ซ้ำกัน")
    return bands


def rate(score: Decimal, bands: Sequence[Band] = DEFAULT_BANDS) -> Band:
    for band in bands:
        if score >= band.minimum:
            return band
    return bands[-1]


def threshold_level(indicator: Indicator, value: Decimal, *, interpolate: bool = False) -> Decimal:
    """The highest level whose criteria all hold for ``value``; 0 when none does.

    With ``interpolate`` (OPDC practice, off by default) a value between two levels' thresholds
    scores in proportion (87.5 % between 85 → 4 and 90 → 5 gives 4.5). Only indicators whose
    five thresholds are non-strict, one direction and strictly ordered are interpolated;
    others keep whole levels, since a strict "< 15" has no point at which level 3 is reached.
    """
    best = 0
    for level in indicator.levels:
        if level.criteria and all(c.holds(value) for c in level.criteria):
            best = max(best, level.level)
    if not interpolate or best in (0, MAX_LEVEL):
        return Decimal(best)
    thresholds = _interpolation_points(indicator)
    if thresholds is None:
        return Decimal(best)
    low, high = thresholds[best - 1], thresholds[best]
    return best + (value - low) / (high - low)


def _interpolation_points(indicator: Indicator) -> list[Decimal] | None:
    if indicator.kind is not Kind.THRESHOLD or len(indicator.levels) != MAX_LEVEL:
        return None
    criteria = [lv.criteria[0] for lv in indicator.levels if len(lv.criteria) == 1]
    if len(criteria) != MAX_LEVEL or len({c.op for c in criteria}) != 1:
        return None
    op = criteria[0].op
    values = [c.value for c in criteria]
    if op is Op.GE and all(a < b for a, b in itertools.pairwise(values)):
        return values
    if op is Op.LE and all(a > b for a, b in itertools.pairwise(values)):
        return values
    return None


class Source(StrEnum):
    """What decided whether a ladder level holds (the precedence rule, in one place)."""

    NUMBERS = (
        "numbers"  # every measure of the level has a number: the numbers decide, ticks are ignored
    )
    TICK = "tick"  # a milestone level, or a level whose numbers are not all given: the tick decides


@dataclass(frozen=True, slots=True)
class CriterionCheck:
    criterion: Criterion
    actual: Decimal | None  # the number entered for its measure, if any
    holds: bool


@dataclass(frozen=True, slots=True)
class LevelCheck:
    level: int
    holds: bool
    source: Source
    ticked: bool
    criteria: tuple[CriterionCheck, ...] = ()

    @property
    def tick_ignored(self) -> bool:
        """The numbers decided this level and say otherwise than the tick (or its absence)."""
        return self.source is Source.NUMBERS and self.ticked != self.holds


def ladder_check(level: Level, result: IndicatorResult) -> LevelCheck:
    """Whether one ladder level holds, and why.

    Precedence: a level with criteria whose measures all have numbers is decided by the
    numbers, whatever is ticked; otherwise (a milestone level, or numbers missing) by its tick.
    """
    ticked = level.level in result.met
    values = result.values
    if level.criteria and all(c.measure in values for c in level.criteria):
        checks = tuple(
            CriterionCheck(c, values[c.measure], c.holds(values[c.measure])) for c in level.criteria
        )
        return LevelCheck(level.level, all(c.holds for c in checks), Source.NUMBERS, ticked, checks)
    return LevelCheck(level.level, ticked, Source.TICK, ticked)


def ladder_level(indicator: Indicator, result: IndicatorResult) -> int:
    """The highest L such that levels 1..L all hold (each as ``ladder_check`` decides):
    levels count from 1 upward, so a level above the first that fails does not count."""
    reached = 0
    for level in sorted(indicator.levels, key=lambda lv: lv.level):
        if not ladder_check(level, result).holds:
            break
        reached = level.level
    return reached


def indicator_level(
    indicator: Indicator, result: IndicatorResult | None, *, interpolate: bool = False
) -> Decimal:
    if result is None:
        return ZERO
    if result.level is not None:
        if not 0 <= result.level <= MAX_LEVEL:
            raise ScoringError(f"ตัวชี้วัด {indicator.id}: ระดับต้องอยู่ระหว่าง 0 ถึง 5")
        return Decimal(result.level)
    if indicator.kind is Kind.THRESHOLD:
        value = result.value
        if value is None and indicator.measures:
            value = result.values.get(indicator.measures[0])
        if value is None:
            return ZERO
        return threshold_level(indicator, value, interpolate=interpolate)
    return Decimal(ladder_level(indicator, result))


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why an indicator gets its level: every level checked against what was entered.

    ``level`` is ``indicator_level``'s answer itself. For a ladder, ``missing`` are the levels
    below the highest one that holds which do not hold (the gap that keeps the level down) and
    ``not_counted`` the levels that hold but sit above the first that fails.
    """

    kind: Kind
    level: Decimal
    checks: tuple[LevelCheck, ...] = ()
    entered: bool = False  # anything entered at all (a value, a number, a tick)
    given_level: bool = False  # the level was set directly (an evaluator, an import's level)
    missing: tuple[int, ...] = ()
    not_counted: tuple[int, ...] = ()

    @property
    def has_gap(self) -> bool:
        return bool(self.not_counted)


def explain(
    indicator: Indicator, result: IndicatorResult | None, *, interpolate: bool = False
) -> Explanation:
    """``indicator_level`` with its reasons, for a preview that says why."""
    kind = indicator.kind
    level = indicator_level(indicator, result, interpolate=interpolate)
    if result is None:
        return Explanation(kind, level)
    if result.level is not None:
        return Explanation(kind, level, entered=True, given_level=True)
    ordered = sorted(indicator.levels, key=lambda lv: lv.level)
    if kind is Kind.THRESHOLD:
        value = result.value
        if value is None and indicator.measures:
            value = result.values.get(indicator.measures[0])
        if value is None:
            return Explanation(kind, level)
        checks = []
        for lv in ordered:
            criteria = tuple(CriterionCheck(c, value, c.holds(value)) for c in lv.criteria)
            holds = bool(criteria) and all(c.holds for c in criteria)
            checks.append(LevelCheck(lv.level, holds, Source.NUMBERS, False, criteria))
        return Explanation(kind, level, tuple(checks), entered=True)
    ladder = tuple(ladder_check(lv, result) for lv in ordered)
    top = max((c.level for c in ladder if c.holds), default=0)
    return Explanation(
        kind,
        level,
        ladder,
        entered=bool(result.met or result.values),
        missing=tuple(c.level for c in ladder if not c.holds and c.level < top),
        not_counted=tuple(c.level for c in ladder if c.holds and c.level > level),
    )


def _group(group: Group, indicators: Sequence[IndicatorScore]) -> GroupScore:
    """Σ(level × weight) / Σ(weight) × 20: 0–100 whatever the weights add up to."""
    # One pass, the same additions in the same order as the formula: exact, and quick enough
    # for a department (~900 districts) to be scored on every overview.
    total = weighted = ZERO
    for i in indicators:
        total += i.weight
        weighted += i.level * i.weight
    score = ZERO if total == ZERO else weighted / total * _TWENTY
    return GroupScore(group, score, total, tuple(indicators))


def score_district(
    scorecard: Scorecard,
    district: District,
    results: Mapping[str, IndicatorResult],
    *,
    shares: Shares | None = None,
    bands: Sequence[Band] = DEFAULT_BANDS,
    interpolate: bool = False,
) -> DistrictScore:
    """Score one district from its results (indicator id -> result); missing results score 0."""
    shares = shares or scorecard.shares or Shares()
    team: list[IndicatorScore] = []
    individual: list[IndicatorScore] = []
    code = district.code
    for indicator in scorecard.indicators:
        if not indicator.applicability.applies(code):
            continue
        level = indicator_level(indicator, results.get(indicator.id), interpolate=interpolate)
        scored = IndicatorScore(indicator.id, level, indicator.weight or ZERO)
        (team if indicator.group is Group.TEAM else individual).append(scored)
    team_score = _group(Group.TEAM, team)
    individual_score = _group(Group.INDIVIDUAL, individual)
    achievement = shares.team * team_score.score + shares.individual * individual_score.score
    return DistrictScore(
        district, team_score, individual_score, achievement, rate(achievement, bands)
    )


def score(
    scorecard: Scorecard,
    results: Mapping[str, Mapping[str, IndicatorResult]],
    *,
    shares: Shares | None = None,
    bands: Sequence[Band] = DEFAULT_BANDS,
    interpolate: bool = False,
) -> ScoreReport:
    """Score every district of the scorecard. ``results`` maps district code -> indicator id ->
    result. Each applicable indicator without a result scores 0 and is reported."""
    shares = shares or scorecard.shares or Shares()
    bands = validate_bands(bands)
    findings: list[Finding] = []
    districts = []
    for district in scorecard.districts:
        own = results.get(district.code, {})
        for indicator in scorecard.indicators_for(district.code):
            if indicator.id not in own:
                findings.append(
                    Finding(
                        Severity.WARNING,
                        "missing-result",
                        f"อำเภอ{district.name_th}: ไม่มีผลของตัวชี้วัด {indicator.id} นับเป็นระดับ ๐",
                        indicator=indicator.id,
                        district=district.code,
                        group=indicator.group,
                    )
                )
        districts.append(
            score_district(
                scorecard, district, own, shares=shares, bands=bands, interpolate=interpolate
            )
        )
    return ScoreReport(shares, tuple(districts), tuple(findings))
