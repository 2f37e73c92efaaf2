"""The province at a glance: ranking, heatmap, chart, progress, the previous round."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.core.appraisal import YearRule
from pramoen.evaluation.models import ResultStatus, Round, RoundStatus
from pramoen.evaluation.selectors import overview_rows
from pramoen.evaluation.selectors.findings import RoundFindings, round_findings
from pramoen.evaluation.selectors.year import DistrictYear, ProvinceYear, province_year
from pramoen.notifications import deadlines

from .charts import achievement_chart
from .data import DistrictReport, report_ranking, round_reports


@dataclass(frozen=True)
class Cell:
    code: str
    level: Decimal | None  # verified level; None = not verified yet
    status: str  # empty | draft | submitted | verified | returned | n/a

    @property
    def band(self) -> int | None:
        """The colour band: the whole level (3.50 is coloured as 3), None when not verified."""
        return None if self.level is None else int(self.level)

    @property
    def label(self) -> str:
        """The status in the interface's language, for the cell's tooltip."""
        if self.status == "n/a":
            return _("ไม่ใช้กับอำเภอนี้")
        if self.status == "empty":
            return _("ยังไม่บันทึก")
        return str(ResultStatus(self.status).label)


@dataclass(frozen=True)
class HeatRow:
    report: DistrictReport
    cells: list[Cell]
    previous: Decimal | None
    rank: int | None  # None: not submitted yet, shown as such with no rating
    year: DistrictYear | None = None  # the district's fiscal year, once it has two rounds

    @property
    def change(self) -> Decimal | None:
        if self.previous is None or self.rank is None:
            return None
        return self.report.achievement - self.previous


@dataclass(frozen=True)
class GroupProgress:
    name: str
    counts: dict[str, int]  # status -> number of district results


@dataclass(frozen=True)
class Dashboard:
    round: Round
    previous_round: Round | None
    codes: list[str]
    rows: list[HeatRow]  # ranked by achievement
    chart: str
    groups: list[GroupProgress]
    statuses: dict[str, int]
    findings: RoundFindings
    deadline: Any  # notifications.RoundDeadline (unsaved when the round has none)
    overdue: Any  # notifications.deadlines.Overdue
    year_rule: YearRule | None = None  # set when the fiscal year has more than one round


def year_of(round_: Round) -> ProvinceYear | None:
    """The round's fiscal year (the year page's figures, under the department's rule); None
    while the year has one round only (nothing to put beside it)."""
    rounds = list(
        Round.objects.select_related("province")
        .filter(province_id=round_.province_id, fiscal_year=round_.fiscal_year)
        .exclude(status=RoundStatus.DRAFT)
    )
    return province_year(rounds) if len(rounds) > 1 else None


def previous_round(round_: Round) -> Round | None:
    return (
        Round.objects.filter(province_id=round_.province_id)
        .exclude(pk=round_.pk)
        .exclude(status="draft")
        .filter(fiscal_year__lte=round_.fiscal_year)
        .order_by("-fiscal_year", "-number")
        .exclude(fiscal_year=round_.fiscal_year, number__gt=round_.number)
        .first()
    )


def dashboard(round_: Round) -> Dashboard:
    reports = round_reports(round_)
    ranked = report_ranking(reports)
    before = previous_round(round_)
    # only the previous round's achievements: the overview's scoring, not whole reports; a
    # district that did not submit that round had no performance to compare with
    previous = (
        {
            row.evaluation.district.code: row.scores.official.achievement
            for row in overview_rows([before], reported=False)
            if row.ranked
        }
        if before
        else {}
    )
    year = year_of(round_)
    years = {p.item.district.code: p.item for p in year.ranked} if year else {}
    group_of = dict(round_.indicators.values_list("code", "work_group__name_th"))
    all_codes = list(group_of)
    rows = []
    for place in ranked:
        report = place.item
        by_code = {row.code: row for section in report.sections for row in section.rows}
        cells = [
            Cell(c, by_code[c].verified, by_code[c].status)
            if c in by_code
            else Cell(c, None, "n/a")
            for c in all_codes
        ]
        code = report.district.code
        rows.append(HeatRow(report, cells, previous.get(code), place.rank, years.get(code)))

    groups: dict[str, dict[str, int]] = {}
    statuses = ("empty", "draft", "submitted", "returned", "verified")
    for report in reports:
        for section in report.sections:
            for row in section.rows:
                name = group_of[row.code]
                counts = groups.setdefault(name, dict.fromkeys(statuses, 0))
                counts[row.status if row.status in counts else "empty"] += 1
    evaluation_counts: dict[str, int] = {}
    for report in reports:
        status = report.evaluation.status
        evaluation_counts[status] = evaluation_counts.get(status, 0) + 1
    return Dashboard(
        round=round_,
        previous_round=before,
        codes=all_codes,
        rows=rows,
        # the chart compares performances: a district that has not submitted has none yet
        chart=achievement_chart([p.item for p in ranked if p.rank is not None]),
        groups=[GroupProgress(name, counts) for name, counts in groups.items()],
        statuses=evaluation_counts,
        findings=round_findings(round_),
        deadline=deadlines.deadline_of(round_),
        overdue=deadlines.overdue(round_, timezone.localdate()),
        year_rule=year.rule if year else None,
    )
