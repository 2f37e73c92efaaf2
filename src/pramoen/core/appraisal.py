"""The appraisal's arithmetic (แบบสรุปการประเมินผลการปฏิบัติราชการ) and the fiscal year's result.

A round's appraisal has two components: achievement (ผลสัมฤทธิ์ของงาน, the KPI evaluation's
achievement score, 0–100) and behaviour (พฤติกรรมการปฏิบัติราชการ: competencies rated by the
evaluator against an expected level), weighted by the department's rule (achievement at least
70 %, the two totalling 100). Two competency methods:

- ``gap``: each competency scores 3 points at or above its expected level, 2 one level below,
  1 two below, 0 further below; the component is the points over 3 × the number of
  competencies, as a percentage;
- ``scale``: each competency is rated 1–5; the component is the ratings over 5 × their number,
  as a percentage.

Exact Decimals throughout; ``scoring.display`` rounds for the form only. The year's result is
the mean of its rounds, or the last round's, as the department asks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .errors import ScoringError
from .scoring import DEFAULT_BANDS, Band, rate

HUNDRED = Decimal(100)
LEVELS = range(1, 6)  # competency levels and 1–5 ratings
GAP_POINTS = 3  # the points of a competency at or above its expected level
MIN_ACHIEVEMENT_WEIGHT = Decimal(70)  # the department's rule: achievement at least 70 %


class Method(StrEnum):
    GAP = "gap"
    SCALE = "scale"


class YearRule(StrEnum):
    MEAN = "mean"  # the mean of the year's rounds
    LAST = "last"  # the last round's (round 2 only)


class RatingError(ScoringError):
    """Ratings the competency set does not take: ``kind`` (out-of-range, unknown, missing,
    empty) and ``names`` (the competencies concerned) let a door say it in its language."""

    def __init__(self, message: str, *, kind: str, names: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.kind = kind
        self.names = names


@dataclass(frozen=True, slots=True)
class Competency:
    code: str
    name_th: str
    name_en: str
    expected: int = 3


# The OCSC's core competencies (สมรรถนะหลัก), each expected at level 3 unless the province sets
# otherwise for the round.
DEFAULT_COMPETENCIES: tuple[Competency, ...] = (
    Competency("ACH", "การมุ่งผลสัมฤทธิ์", "Achievement motivation"),
    Competency("SERV", "บริการที่ดี", "Service mind"),
    Competency("EXP", "การสั่งสมความเชี่ยวชาญในงานอาชีพ", "Expertise"),
    Competency("ING", "การยึดมั่นในความถูกต้องชอบธรรมและจริยธรรม", "Integrity"),
    Competency("TW", "การทำงานเป็นทีม", "Teamwork"),
)


@dataclass(frozen=True, slots=True)
class Weights:
    achievement: Decimal = Decimal(70)
    competency: Decimal = Decimal(30)


def weights_problems(weights: Weights) -> list[str]:
    """What is wrong with the component weights (Thai), empty when they may be used."""
    problems = []
    if weights.achievement < 0 or weights.competency < 0:
        problems.append("น้ำหนักต้องไม่ติดลบ")
    if weights.achievement + weights.competency != HUNDRED:
        problems.append(
            f"น้ำหนักผลสัมฤทธิ์ ({weights.achievement}) และพฤติกรรม ({weights.competency}) ต้องรวมกันได้ 100"
        )
    if weights.achievement < MIN_ACHIEVEMENT_WEIGHT:
        problems.append(f"น้ำหนักผลสัมฤทธิ์ต้องไม่น้อยกว่าร้อยละ {MIN_ACHIEVEMENT_WEIGHT}")
    return problems


@dataclass(frozen=True, slots=True)
class CompetencyScore:
    competency: Competency
    rated: int
    points: Decimal  # gap: 0–3 points; scale: the rating itself


@dataclass(frozen=True, slots=True)
class AppraisalScore:
    achievement: Decimal  # 0–100, from the approved KPI evaluation
    competency: Decimal  # 0–100
    competencies: tuple[CompetencyScore, ...]
    weights: Weights
    total: Decimal  # 0–100
    band: Band


def competency_points(method: Method, competency: Competency, rated: int) -> Decimal:
    if rated not in LEVELS:
        raise RatingError(
            f"สมรรถนะ {competency.name_th}: ระดับ {rated} ไม่อยู่ในช่วง 1 ถึง 5",
            kind="out-of-range",
            names=(competency.name_th,),
        )
    if method is Method.GAP:
        gap = max(0, competency.expected - rated)
        return Decimal(max(0, GAP_POINTS - gap))
    return Decimal(rated)


def competency_score(
    method: Method, competencies: Sequence[Competency], ratings: Mapping[str, int]
) -> tuple[Decimal, tuple[CompetencyScore, ...]]:
    """The behaviour component (0–100) and each competency's points. Every competency of the
    set must be rated, and nothing else."""
    if not competencies:
        raise RatingError("ไม่มีสมรรถนะที่จะประเมิน", kind="empty")
    codes = {c.code for c in competencies}
    unknown = sorted(set(ratings) - codes)
    if unknown:
        raise RatingError(
            f"สมรรถนะ {', '.join(unknown)} ไม่อยู่ในชุดสมรรถนะของรอบนี้",
            kind="unknown",
            names=tuple(unknown),
        )
    missing = [c.name_th for c in competencies if c.code not in ratings]
    if missing:
        raise RatingError(
            f"ยังไม่ได้ประเมินสมรรถนะ: {', '.join(missing)}", kind="missing", names=tuple(missing)
        )
    scores = tuple(
        CompetencyScore(c, ratings[c.code], competency_points(method, c, ratings[c.code]))
        for c in competencies
    )
    most = Decimal(GAP_POINTS if method is Method.GAP else max(LEVELS)) * len(scores)
    return sum((s.points for s in scores), Decimal(0)) * HUNDRED / most, scores


def appraise(
    *,
    achievement: Decimal,
    method: Method,
    competencies: Sequence[Competency],
    ratings: Mapping[str, int],
    weights: Weights = Weights(),
    bands: Sequence[Band] = DEFAULT_BANDS,
) -> AppraisalScore:
    """One officer's appraisal for a round: the weighted total of both components, rated."""
    problems = weights_problems(weights)
    if problems:
        raise ScoringError("; ".join(problems))
    if not 0 <= achievement <= HUNDRED:
        raise ScoringError(f"คะแนนผลสัมฤทธิ์ {achievement} ไม่อยู่ในช่วง 0 ถึง 100")
    competency, scores = competency_score(method, competencies, ratings)
    total = (achievement * weights.achievement + competency * weights.competency) / HUNDRED
    return AppraisalScore(achievement, competency, scores, weights, total, rate(total, bands))


def year_result(scores: Sequence[Decimal | None], rule: YearRule) -> Decimal | None:
    """The fiscal year's result from its rounds' scores in order (None: a round without a score
    yet): the mean of them all, or the last round's. None until the rule can be applied."""
    if not scores:
        return None
    if rule is YearRule.LAST:
        return scores[-1]
    if any(s is None for s in scores):
        return None
    known = [s for s in scores if s is not None]
    return sum(known, Decimal(0)) / len(known)
