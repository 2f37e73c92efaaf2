"""What a report shows, gathered once per round in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from pramoen.accounts.models import District, Membership, Role
from pramoen.core import Shares, scoring
from pramoen.evaluation.models import Evaluation, Indicator, Round
from pramoen.evaluation.selectors import (
    EvaluationScores,
    Ranked,
    is_ranked,
    ranking,
    round_indicators,
    round_results,
    round_scorecard,
    score_evaluation,
    shares_of,
)


@dataclass(frozen=True)
class Row:
    """One line of the official form: (ก) level × (ข) weight = (ค)."""

    code: str
    title: str
    levels: list[tuple[int, str]]
    weight: Decimal
    reported: Decimal | None
    verified: Decimal | None
    status: str

    @property
    def level(self) -> Decimal:
        return self.verified if self.verified is not None else Decimal(0)

    @property
    def weighted(self) -> Decimal:
        return self.level * self.weight

    @property
    def reached(self) -> int:
        """The whole level reached (an interpolated 4.5 has reached level 4)."""
        return int(self.level)


@dataclass(frozen=True)
class Section:
    group: str
    label: str
    rows: list[Row]
    score: Decimal  # 0–100, from the core

    @property
    def weight_total(self) -> Decimal:
        return sum((r.weight for r in self.rows), Decimal(0))

    @property
    def weighted_total(self) -> Decimal:
        return sum((r.weighted for r in self.rows), Decimal(0))


@dataclass(frozen=True)
class DistrictReport:
    round: Round
    evaluation: Evaluation
    sections: list[Section]
    scores: EvaluationScores
    shares: Shares
    evaluatee: str
    evaluator: str
    generated_at: datetime = field(default_factory=timezone.now)
    evaluatee_position: str = ""
    evaluator_position: str = ""

    @property
    def district(self) -> District:
        return self.evaluation.district

    @property
    def achievement(self) -> Decimal:
        return self.scores.official.achievement

    @property
    def rating(self) -> scoring.Band:
        return self.scores.official.rating

    @property
    def is_draft(self) -> bool:
        """Never submitted: its form prints as a draft and it takes no rank or rating."""
        return not is_ranked(self.evaluation)


def report_ranking(reports: list[DistrictReport]) -> list[Ranked[DistrictReport]]:
    """The districts as the dashboard, the booklet and the workbook rank them."""
    return ranking(reports, evaluation=lambda r: r.evaluation, achievement=lambda r: r.achievement)


def _name(membership: Membership | None) -> str:
    if membership is None:
        return ""
    return membership.name


def _position(membership: Membership | None) -> str:
    return membership.position if membership is not None else ""


def signatories(round_: Round) -> tuple[Membership | None, dict[int | None, Membership]]:
    """Whom the round's forms name: the province office's evaluator, and each district's
    officer by district id (the KPI form and the appraisal form print the same people)."""
    memberships = list(
        Membership.objects.filter(
            province_id=round_.province_id, role__in=[Role.DISTRICT, Role.PROVINCE]
        )
        .select_related("user", "district", "province")
        .order_by("user__date_joined", "pk")
    )
    evaluator = next((m for m in memberships if m.role == Role.PROVINCE), None)
    officers = {m.district_id: m for m in memberships if m.role == Role.DISTRICT}
    return evaluator, officers


def round_reports(round_: Round, *, district_code: str | None = None) -> list[DistrictReport]:
    """Every district's form for the round (or one district's), ranked by nothing: code order."""
    indicators: list[Indicator] = round_indicators(round_)
    scorecard = round_scorecard(round_, indicators)
    evaluations = round_.evaluations.select_related("district", "round")
    if district_code:
        evaluations = evaluations.filter(district__code=district_code)
    results = round_results(round_, indicators)
    evaluator, officers = signatories(round_)

    reports = []
    for ev in evaluations:
        applicable = results.applicable(ev.district_id)
        chosen = results.for_district(ev.district_id)
        scores = score_evaluation(scorecard, round_, ev.district, [r for r in chosen.values() if r])
        sections = []
        for group, label, group_score in (
            ("team", "ตัวชี้วัดรายทีม", scores.official.team.score),
            ("individual", "ตัวชี้วัดรายบุคคล", scores.official.individual.score),
        ):
            rows = []
            for i in applicable:
                if i.group != group:
                    continue
                r = chosen[i.pk]
                verified = r.official_level if r is not None else None
                rows.append(
                    Row(
                        code=i.code,
                        title=i.title,
                        levels=[(lv.level, lv.text) for lv in i.levels.all()],
                        weight=i.weight,
                        reported=r.self_level if r is not None else None,
                        verified=verified,
                        status=r.status if r is not None else "empty",
                    )
                )
            sections.append(Section(group, label, rows, group_score))
        reports.append(
            DistrictReport(
                round=round_,
                evaluation=ev,
                sections=sections,
                scores=scores,
                shares=shares_of(round_),
                evaluatee=_name(officers.get(ev.district_id)),
                evaluator=_name(evaluator),
                evaluatee_position=_position(officers.get(ev.district_id)),
                evaluator_position=_position(evaluator),
            )
        )
    return reports
