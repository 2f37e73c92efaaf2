"""The round editor's read side: a round's scorecard with what is typed (not saved) put in
place of the stored indicators, the checker's findings placed beside the field each concerns,
and the weight totals per district.

The core derives everything the checker needs from what a person types, exactly as the
document import does: the criteria from the level texts (``criteria.assign_measures``) and
the names of districts that are not the province's from the title (``officialdoc
.applicability``); the applicability itself is the districts ticked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from pramoen.accounts.models import District, WorkGroup
from pramoen.core import check, criteria, officialdoc
from pramoen.core import model as core
from pramoen.core.thai import parse_number

from ..models import Indicator, Round
from .rounds import _scorecard, core_indicator, round_indicators

LEVEL_NUMBERS = (1, 2, 3, 4, 5)


@dataclass(frozen=True, slots=True)
class IndicatorInput:
    """One indicator as typed in the editor (strings as they came; ``limits`` cleans them
    when saved, and the checker reads them leniently while typing)."""

    code: str
    group: str
    title: str
    weight: str
    work_group: str  # WorkGroup.code of the province
    districts: tuple[str, ...]  # District.code
    shared: bool
    levels: tuple[str, ...]  # the texts of levels 1–5, "" when empty

    @classmethod
    def of(cls, indicator: Indicator) -> IndicatorInput:
        """What the editor shows for a stored indicator (levels, districts prefetched)."""
        texts = {lv.level: lv.text for lv in indicator.levels.all()}
        return cls(
            code=indicator.code,
            group=indicator.group,
            title=indicator.title,
            weight=format(indicator.weight.normalize(), "f"),
            work_group=indicator.work_group.code,
            districts=tuple(sorted(d.code for d in indicator.districts.all())),
            shared=indicator.shared,
            levels=tuple(texts.get(n, "") for n in LEVEL_NUMBERS),
        )


def typed_levels(title: str, texts: Sequence[str]) -> tuple[core.Level, ...]:
    """Levels and their criteria from the level texts, as the document import derives them
    (measures labelled from the title without its applicability clause)."""
    pairs = [(n, t.strip()) for n, t in zip(LEVEL_NUMBERS, texts, strict=False) if t.strip()]
    # the import's own labelling (private to the reader, shared here rather than restated)
    return criteria.assign_measures(officialdoc._bare_title(title), pairs)


def typed_indicator(
    data: IndicatorInput,
    *,
    number: int,
    work_groups: Mapping[str, core.WorkGroup],
    districts: Sequence[core.District],
) -> core.Indicator:
    """The core's indicator for what is typed: a weight that is not a number yet reads as
    missing, an unknown group as individual, so the checker always answers."""
    try:
        weight: Decimal | None = parse_number(data.weight) if len(data.weight) <= 20 else None
    except ValueError:
        weight = None
    known = {d.code for d in districts}
    unknown = officialdoc.applicability(data.title, districts).unknown
    return core.Indicator(
        id=data.code.strip(),
        group=core.Group.TEAM if data.group == core.Group.TEAM.value else core.Group.INDIVIDUAL,
        number=number,
        title=data.title,
        weight=weight if weight is None or weight.is_finite() else None,
        source=work_groups.get(data.work_group),
        applicability=core.Applicability(
            "only", tuple(sorted(c for c in data.districts if c in known)), unknown
        ),
        levels=typed_levels(data.title, data.levels),
    )


def editor_scorecard(
    round_: Round,
    indicators: Iterable[Indicator] | None = None,
    typed: Mapping[int, IndicatorInput] | None = None,
) -> core.Scorecard:
    """The round's scorecard with ``typed`` (indicator pk -> input) in place of those stored."""
    rows = round_indicators(round_) if indicators is None else list(indicators)
    typed = typed or {}
    districts = list(District.objects.filter(province_id=round_.province_id).order_by("code"))
    core_districts = [core.District(d.code, d.name_th, d.name_en) for d in districts]
    work_groups = {
        w.code: core.WorkGroup(w.code, w.name_th, w.name_en)
        for w in WorkGroup.objects.filter(province_id=round_.province_id)
    }
    items = []
    for row in rows:
        data = typed.get(row.pk) or IndicatorInput.of(row)
        if row.pk in typed or officialdoc.applicability(row.title, core_districts).unknown:
            items.append(
                typed_indicator(
                    data, number=row.number, work_groups=work_groups, districts=core_districts
                )
            )
        else:
            items.append(core_indicator(row))
    return _scorecard(round_, items, districts)


@dataclass
class IndicatorChecks:
    """The findings of one indicator, by the field they sit beside."""

    general: list[core.Finding] = field(default_factory=list)
    levels: dict[int, list[core.Finding]] = field(default_factory=dict)
    districts: list[core.Finding] = field(default_factory=list)

    def level_rows(self) -> list[tuple[int, str, list[core.Finding]]]:
        """(level, its field's name, its findings) for levels 1–5."""
        return [(n, f"level{n}", self.levels.get(n, [])) for n in LEVEL_NUMBERS]


@dataclass(frozen=True, slots=True)
class WeightSum:
    district: core.District
    team: Decimal
    individual: Decimal

    @property
    def team_ok(self) -> bool:
        return self.team == 100

    @property
    def individual_ok(self) -> bool:
        return self.individual == 100


@dataclass
class EditorChecks:
    indicators: dict[int, IndicatorChecks]
    sums: list[WeightSum]
    round_findings: list[core.Finding]
    findings: list[core.Finding]

    @property
    def sums_ok(self) -> bool:
        return all(s.team_ok and s.individual_ok for s in self.sums)


def editor_checks(scorecard: core.Scorecard, pks: Sequence[int]) -> EditorChecks:
    """Run the checker and place each finding: ``pks`` are the indicators' primary keys in the
    scorecard's order (a typed code may change, the row does not)."""
    findings = check(scorecard)
    by_code: dict[str, int] = {}
    for ind, pk in zip(scorecard.indicators, pks, strict=True):
        by_code.setdefault(ind.id, pk)
    placed = {pk: IndicatorChecks() for pk in pks}
    round_findings: list[core.Finding] = []
    for f in findings:
        found = by_code.get(f.indicator or "")
        if found is None:
            # weights per district (shown as the table of sums) and round-level findings
            round_findings.append(f)
        elif f.code == "unknown-district":
            placed[found].districts.append(f)
        elif f.level is not None:
            placed[found].levels.setdefault(f.level, []).append(f)
        else:
            placed[found].general.append(f)
    weights = scorecard.weights()
    sums = [
        WeightSum(d, weights[d.code][core.Group.TEAM], weights[d.code][core.Group.INDIVIDUAL])
        for d in scorecard.districts
    ]
    return EditorChecks(placed, sums, round_findings, findings)
