"""What the synthetic department's people did in a round (``pramoen.web.synth``): results
entered, submitted, verified or returned, and the history that says so.

Rows are built in memory for bulk inserts, but hold what the services would write: levels from
the core, values in the services' JSON form, history events in the shape of
``services.history.event``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from pramoen.accounts.models import District, Province, WorkGroup
from pramoen.core import IndicatorResult, indicator_level
from pramoen.core import model as core
from pramoen.evaluation.models import Evaluation, HistoryEvent, Indicator, Result
from pramoen.evaluation.services import history
from pramoen.evaluation.services.history import as_json as _json

BATCH = 2000
RETURN_REASON = "กรุณาแนบหลักฐานเพิ่มเติม"


@dataclass
class Department:
    """The synthetic organisation, as written: provinces, their districts and work groups, and
    every user by username."""

    provinces: list[Province]
    districts: dict[int, list[District]]  # province pk -> its districts, by code
    groups: dict[tuple[int, str], WorkGroup]  # (province pk, work group code) -> group
    users: dict[str, Any]

    def office(self, province: Province) -> Any:
        return self.users[f"p{province.code.lower()}"]

    def officer(self, district: District) -> Any:
        return self.users[f"d{district.code.lower()}"]

    def owner(self, province_code: str, work_group_code: str) -> Any:
        return self.users[f"{province_code.lower()}-wg-{work_group_code}"]


@dataclass
class RoundIndicators:
    """Every province's copy of the round's indicators, in one list (province by province)."""

    rows: list[Indicator] = field(default_factory=list)
    variants: list[core.Indicator] = field(default_factory=list)
    # (round pk, district pk) -> indices into rows of the indicators applying to the district
    applicable: dict[tuple[int, int], list[int]] = field(default_factory=dict)


history_event = history.event  # the services' own event, saved here in bulk


def _entry(ind: core.Indicator, rng: random.Random) -> IndicatorResult:
    """What a district might report: aiming at a random level of the ladder or threshold."""
    target = rng.choice((1, 2, 3, 3, 4, 4, 4, 5, 5))
    if ind.kind is core.Kind.THRESHOLD:
        level = ind.level(target) or ind.levels[-1]
        criterion = level.criteria[0]
        # a value on the threshold, or a little beyond it either way
        nudge = Decimal(rng.choice(("0", "0", "0.5", "1", "-0.5")))
        return IndicatorResult(value=max(Decimal(0), criterion.value + nudge))
    values: dict[str, Decimal] = {}
    for lv in ind.levels:
        if lv.level > target:
            break
        for c in lv.criteria:
            values[c.measure] = max(values.get(c.measure, Decimal(0)), c.value)
    met = frozenset(lv.level for lv in ind.levels if lv.level <= target and lv.is_milestone)
    return IndicatorResult(values=values, met=met)


def results_write(
    department: Department,
    indicators: RoundIndicators,
    evaluations: list[Evaluation],
    rng: random.Random,
    now: datetime,
) -> tuple[int, int]:
    """Every result of the round and its history, written; returns how many of each. The
    random choices are drawn in a fixed order, so a seed always gives the same results."""
    results: list[Result] = []
    events: list[HistoryEvent] = []
    _shared_results(department, indicators, rng, now, results, events)
    for ev in evaluations:
        _district_results(department, indicators, ev, rng, now, results, events)
        events.extend(_decisions(department, ev))
    Result.objects.bulk_create(results, batch_size=BATCH)
    HistoryEvent.objects.bulk_create(events, batch_size=BATCH)
    return len(results), len(events)


def _shared_results(
    department: Department,
    indicators: RoundIndicators,
    rng: random.Random,
    now: datetime,
    results: list[Result],
    events: list[HistoryEvent],
) -> None:
    """The province-wide results, entered (and so verified) by the owning work group."""
    for index, row in enumerate(indicators.rows):
        if not row.shared:
            continue
        owner = department.owner(row.round.province.code, row.work_group.code)
        entry = _entry(indicators.variants[index], rng)
        level = indicator_level(indicators.variants[index], entry)
        result = Result(
            indicator=row,
            district=None,
            value=entry.value,
            values={k: _json(v) for k, v in entry.values.items()},
            met=sorted(entry.met),
            self_level=level,
            status="verified",
            verified_level=level,
            verified_by=owner,
            verified_at=now,
            version=1,
            updated_by=owner,
        )
        results.append(result)
        events.append(
            history_event(
                row.round,
                owner,
                "shared_result_saved",
                result=result,
                indicator_code=row.code,
                field_name="self_level",
                new=_json(level),
            )
        )


def _district_results(
    department: Department,
    indicators: RoundIndicators,
    ev: Evaluation,
    rng: random.Random,
    now: datetime,
    results: list[Result],
    events: list[HistoryEvent],
) -> None:
    """One district's results, as far as its evaluation's state has taken them: drafts (some
    left out), submitted, verified (now and then a level lower), returned with a reason."""
    officer = department.officer(ev.district)
    province_code = ev.round.province.code
    for index in indicators.applicable.get((ev.round_id, ev.district_id), []):
        row = indicators.rows[index]
        if row.shared or (ev.status == "draft" and rng.random() < 0.4):
            continue
        entry = _entry(indicators.variants[index], rng)
        level = indicator_level(indicators.variants[index], entry)
        status, verified = "draft", None
        if ev.status == "approved":
            status = "verified"
        elif ev.status in ("submitted", "returned"):
            status = rng.choice(("submitted", "verified", "verified"))
        if ev.status == "returned" and rng.random() < 0.3:
            status = "returned"
        owner = department.owner(province_code, row.work_group.code)
        verifier = None
        if status == "verified":
            # the work group mostly agrees; sometimes it finds one level less
            verified = level if rng.random() < 0.85 else max(Decimal(0), level - 1)
            verifier = owner
        result = Result(
            indicator=row,
            district_id=ev.district_id,
            value=entry.value,
            values={k: _json(v) for k, v in entry.values.items()},
            met=sorted(entry.met),
            self_level=level,
            status=status,
            verified_level=verified,
            verified_by=verifier,
            verified_at=now if verifier else None,
            return_reason=RETURN_REASON if status == "returned" else "",
            version=1 + (status != "draft"),
            updated_by=officer,
        )
        results.append(result)
        events.extend(_result_events(ev, row, result, officer, owner, verified))


def _result_events(
    ev: Evaluation,
    row: Indicator,
    result: Result,
    officer: Any,
    owner: Any,
    verified: Decimal | None,
) -> list[HistoryEvent]:
    """What the history says of one district result: saved, then verified or returned."""
    about: dict[str, Any] = {"evaluation": ev, "result": result, "indicator_code": row.code}
    assert result.self_level is not None
    events = [
        history_event(
            ev.round,
            officer,
            "result_saved",
            **about,
            field_name="self_level",
            new=_json(result.self_level),
        )
    ]
    if result.status == "verified":
        events.append(
            history_event(
                ev.round,
                owner,
                "result_verified",
                **about,
                field_name="verified_level",
                new=_json(verified),
            )
        )
    elif result.status == "returned":
        events.append(
            history_event(
                ev.round,
                owner,
                "result_returned",
                **about,
                field_name="status",
                old="submitted",
                new="returned",
                reason=RETURN_REASON,
            )
        )
    return events


def _decisions(department: Department, ev: Evaluation) -> list[HistoryEvent]:
    """The evaluation's own history: submitted (unless a draft), then approved."""
    events = []
    if ev.status != "draft":
        events.append(
            history_event(
                ev.round,
                department.officer(ev.district),
                "evaluation_submitted",
                evaluation=ev,
                field_name="status",
                old="draft",
                new="submitted",
            )
        )
    if ev.status == "approved":
        events.append(
            history_event(
                ev.round,
                ev.approved_by,
                "evaluation_approved",
                evaluation=ev,
                field_name="status",
                old="submitted",
                new="approved",
            )
        )
    return events
