"""A round's read model: its indicators (loaded once; their levels and districts cached per
process by the round's snapshot time), its core scorecard (whole, one district's), shares,
bands; the rounds a member sees and their evaluations' states."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet

from pramoen.accounts.models import District, Membership, Role
from pramoen.core import model as core
from pramoen.core import scoring

from ..models import (
    EvaluationStatus,
    Indicator,
    IndicatorLevel,
    Round,
    RoundStatus,
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
    """The core's view of a snapshotted indicator. Its levels and districts are the prefetched
    ones when the indicator was loaded with them (``round_indicators``), else the round's
    snapshot (``round_snapshot``: no query once the process holds it), unless given."""
    if applies_to is None or levels is None:
        prefetched = getattr(indicator, "_prefetched_objects_cache", {})
        if "levels" in prefetched and "districts" in prefetched:
            if applies_to is None:
                applies_to = tuple(sorted(d.code for d in indicator.districts.all()))
            if levels is None:
                levels = tuple(_core_level(lv) for lv in indicator.levels.all())
        else:
            snapshot = round_snapshot(indicator.round)
            if applies_to is None:
                applies_to = snapshot.applies_to.get(indicator.pk, ())
            if levels is None:
                levels = snapshot.levels.get(indicator.pk, ())
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


@dataclass(frozen=True)
class Snapshot:
    """What a round's indicators score by, in the core's form: each one's levels and the
    codes of the districts it applies to (sorted), by indicator id."""

    levels: dict[int, tuple[core.Level, ...]]
    applies_to: dict[int, tuple[str, ...]]


@functools.lru_cache(maxsize=256)
def _round_snapshot(round_id: int, imported_at: str) -> Snapshot:
    """One round's snapshot, read from the database (two queries).

    A round's levels and applicability are a snapshot: written at import (re-importing makes
    a new round, with a new import time, hence a new key) and changed only by the round
    editor, which moves the import time too, in the same transaction
    (``services.round_edit._refresh``). So they are read once per process and round, not on
    every request; a process that reads the round after an edit asks under the new key."""
    levels: dict[int, list[core.Level]] = {}
    for lv in IndicatorLevel.objects.filter(indicator__round_id=round_id).order_by(
        "indicator_id", "level"
    ):
        levels.setdefault(lv.indicator_id, []).append(_core_level(lv))
    applies: dict[int, list[str]] = {}
    through = Indicator.districts.through.objects.filter(indicator__round_id=round_id)
    for pk, code in through.values_list("indicator_id", "district__code").order_by(
        "indicator_id", "district__code"
    ):
        applies.setdefault(pk, []).append(code)
    return Snapshot(
        levels={pk: tuple(items) for pk, items in levels.items()},
        applies_to={pk: tuple(codes) for pk, codes in applies.items()},
    )


def round_snapshot(round_: Round) -> Snapshot:
    """The round's snapshot as of the round row at hand (its import time is the key)."""
    return _round_snapshot(round_.pk, round_.imported_at.isoformat())


def district_scorecard(round_: Round, district: District) -> tuple[list[Indicator], core.Scorecard]:
    """The round's indicators that apply to one district, and the scorecard of that district
    alone: what a district's page needs, without loading every district's applicability."""
    indicators = list(round_.indicators.filter(districts=district.pk).select_related("work_group"))
    levels = round_snapshot(round_).levels
    if any(i.pk not in levels for i in indicators):
        # not expected (levels are written with their indicator): read again, never guess
        _round_snapshot.cache_clear()
        levels = round_snapshot(round_).levels
    scorecard = _scorecard(
        round_,
        (core_indicator(i, (district.code,), levels=levels[i.pk]) for i in indicators),
        [district],
    )
    return indicators, scorecard


def visible_rounds(membership: Membership | None) -> QuerySet[Round]:
    if membership is None or membership.province_id is None:
        return Round.objects.none()
    rounds = Round.objects.filter(province_id=membership.province_id)
    if membership.role != Role.PROVINCE:
        rounds = rounds.exclude(status=RoundStatus.DRAFT)
    return rounds


def status_counts(round_: Round) -> dict[str, int]:
    counts = dict(
        round_.evaluations.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {s.value: counts.get(s.value, 0) for s in EvaluationStatus}
