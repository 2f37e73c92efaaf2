"""Domain values of the core: frozen dataclasses, Decimal for every number that is scored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Group(StrEnum):
    TEAM = "team"
    INDIVIDUAL = "individual"

    @property
    def label_th(self) -> str:
        return "ตัวชี้วัดรายทีม" if self is Group.TEAM else "ตัวชี้วัดรายบุคคล"

    @property
    def prefix(self) -> str:
        return "T" if self is Group.TEAM else "I"


class Op(StrEnum):
    GE = ">="
    GT = ">"
    LT = "<"
    LE = "<="

    @property
    def higher_is_better(self) -> bool:
        return self in (Op.GE, Op.GT)

    def holds(self, actual: Decimal, target: Decimal) -> bool:
        if self is Op.GE:
            return actual >= target
        if self is Op.GT:
            return actual > target
        if self is Op.LT:
            return actual < target
        return actual <= target


class Kind(StrEnum):
    THRESHOLD = "threshold"
    LADDER = "ladder"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class District:
    code: str
    name_th: str
    name_en: str


@dataclass(frozen=True, slots=True)
class WorkGroup:
    """A provincial work group (กลุ่มงาน); it owns a data source and verifies its indicators."""

    code: str
    name_th: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Criterion:
    """One comparison in a level's text: ``measure op value unit`` (e.g. งบประมาณ >= 70 %)."""

    measure: str
    op: Op
    value: Decimal
    unit: str

    def holds(self, actual: Decimal) -> bool:
        return self.op.holds(actual, self.value)


@dataclass(frozen=True, slots=True)
class Level:
    level: int
    text: str
    criteria: tuple[Criterion, ...] = ()

    @property
    def is_milestone(self) -> bool:
        return not self.criteria


@dataclass(frozen=True, slots=True)
class Applicability:
    """Which districts an indicator applies to, as written in its title.

    ``mode`` is ``all``, ``only`` or ``except``; ``districts`` are resolved codes and
    ``unknown`` the names the title gives that are not districts of the province.
    """

    mode: str = "all"
    districts: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    def applies(self, district_code: str) -> bool:
        if self.mode == "only":
            return district_code in self.districts
        if self.mode == "except":
            return district_code not in self.districts
        return True


def first_unit(levels: Iterable[Level]) -> str:
    """The unit of the first comparison in these levels ("" if none): what a value is
    entered and shown in."""
    for level in levels:
        for criterion in level.criteria:
            return criterion.unit
    return ""


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    group: Group
    number: int
    title: str
    weight: Decimal | None
    source: WorkGroup | None
    applicability: Applicability
    levels: tuple[Level, ...]
    line: int = 0  # where the indicator starts in the document, for messages

    @property
    def measures(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for level in self.levels:
            for criterion in level.criteria:
                seen.setdefault(criterion.measure)
        return tuple(seen)

    @property
    def unit(self) -> str:
        return first_unit(self.levels)

    @property
    def kind(self) -> Kind:
        """Threshold when every level is a comparison on one and the same measure."""
        if self.levels and all(lv.criteria for lv in self.levels) and len(self.measures) == 1:
            return Kind.THRESHOLD
        return Kind.LADDER

    def level(self, number: int) -> Level | None:
        return next((lv for lv in self.levels if lv.level == number), None)


@dataclass(frozen=True, slots=True)
class Shares:
    """Team and individual shares of the achievement score; ``default`` when not stated."""

    team: Decimal = Decimal("0.5")
    individual: Decimal = Decimal("0.5")
    default: bool = True


@dataclass(frozen=True, slots=True)
class Scorecard:
    """A KPI summary agreed for one round: its indicators and the districts they apply to."""

    fiscal_year: int  # Buddhist era, e.g. 2568
    round: int
    period_start: date
    period_end: date
    position: str
    indicators: tuple[Indicator, ...]
    districts: tuple[District, ...]
    shares: Shares | None = None  # None: the document does not state them

    def indicator(self, indicator_id: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def district(self, code: str) -> District | None:
        return next((d for d in self.districts if d.code == code), None)

    def indicators_for(self, district_code: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.applicability.applies(district_code))

    def applies_to(self, indicator: Indicator) -> tuple[str, ...]:
        return tuple(d.code for d in self.districts if indicator.applicability.applies(d.code))

    def weights(self) -> dict[str, dict[Group, Decimal]]:
        """Total weight per district and group, after applicability."""
        totals: dict[str, dict[Group, Decimal]] = {}
        for district in self.districts:
            per_group = {group: Decimal(0) for group in Group}
            for indicator in self.indicators_for(district.code):
                per_group[indicator.group] += indicator.weight or Decimal(0)
            totals[district.code] = per_group
        return totals

    @property
    def work_groups(self) -> tuple[WorkGroup, ...]:
        return _unique(i.source for i in self.indicators if i.source is not None)


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    code: str
    message: str
    indicator: str | None = None
    district: str | None = None
    group: Group | None = None
    level: int | None = None


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """What a district reported (or an evaluator set) for one indicator.

    ``level`` wins when given (0–5). Otherwise a threshold indicator is scored from ``value``
    and a ladder from ``values`` (per measure) and ``met`` (the milestone levels ticked).
    """

    level: Decimal | int | None = None
    value: Decimal | None = None
    values: dict[str, Decimal] = field(default_factory=dict)
    met: frozenset[int] = frozenset()


def _unique(items: Iterable[WorkGroup]) -> tuple[WorkGroup, ...]:
    seen: dict[str, WorkGroup] = {}
    for item in items:
        seen.setdefault(item.code, item)
    return tuple(seen.values())
