"""A synthetic department for benchmarks: provinces, districts, work groups, users, rounds
(variants of the FY2568 summary), evaluations in every state, results and their history.

    pramoen synth --provinces 76 --districts-per-province 12 --rounds 4 [--seed 1]

Deterministic for a seed. Rows are written with bulk inserts in one transaction, so a
department of ~900 districts and four rounds takes seconds, not the hours that going through
the services one save at a time would. Levels are still the core's: every self-reported
level is what ``pramoen.core`` gives the synthetic entries.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pramoen.core import IndicatorResult, indicator_level, officialdoc
from pramoen.core import model as core
from pramoen.core.thai import thai_number

BATCH = 2000
# The synthetic provinces are coded S01…S99 and their districts S0101…: never a real code.
PREFIX = "S"


@dataclass(frozen=True)
class SynthSummary:
    provinces: int
    districts: int
    rounds: int
    evaluations: int
    results: int
    history: int
    users: int
    password: str


class SynthError(Exception):
    pass


def _round_periods(count: int) -> list[tuple[int, int, date, date]]:
    """The latest ``count`` half-year rounds ending with FY2568 round 2 (oldest first)."""
    rounds: list[tuple[int, int, date, date]] = []
    year, number = 2568, 2
    for _ in range(count):
        ce = year - 543
        if number == 1:
            start, end = date(ce - 1, 10, 1), date(ce, 3, 31)
        else:
            start, end = date(ce, 4, 1), date(ce, 9, 30)
        rounds.append((year, number, start, end))
        year, number = (year, 1) if number == 2 else (year - 1, 2)
    return rounds[::-1]


def _scaled(value: Decimal, factor: Decimal) -> Decimal:
    """A threshold moved by ``factor``, kept on the document's own precision (whole numbers
    stay whole)."""
    exponent = value.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return (value * factor).quantize(places)


def _variant(ind: core.Indicator, rng: random.Random) -> core.Indicator:
    """The indicator with its thresholds moved a little, as provinces agree their own."""
    factor = Decimal(rng.choice(("0.9", "0.95", "1", "1", "1.05", "1.1")))
    if factor == 1:
        return ind
    levels = tuple(
        replace(
            lv,
            criteria=tuple(
                replace(c, value=_scaled(c.value, factor)) if c.value > 1 else c
                for c in lv.criteria
            ),
        )
        for lv in ind.levels
    )
    return replace(ind, levels=levels)


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


def _json(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _evaluation_states(open_round: bool, n: int, rng: random.Random) -> list[str]:
    if open_round:
        weights = {"draft": 30, "submitted": 25, "returned": 10, "approved": 35}
    else:
        weights = {"approved": 90, "submitted": 5, "returned": 5}
    return rng.choices(list(weights), weights=list(weights.values()), k=n)


def synth(
    *,
    document: Path,
    provinces: int = 76,
    districts_per_province: int = 12,
    rounds: int = 4,
    seed: int = 1,
    password: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> SynthSummary:
    """Fill the (migrated) database with a synthetic department. Refuses to run twice. Every
    synthetic user shares one password (random unless given)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from pramoen.accounts.models import District, Membership, Province, Role, WorkGroup
    from pramoen.core.districts import WORK_GROUPS
    from pramoen.evaluation.models import (
        Evaluation,
        HistoryEvent,
        Indicator,
        IndicatorLevel,
        Result,
        Round,
    )
    from pramoen.evaluation.services import snapshot_indicator, snapshot_levels

    if not 1 <= provinces <= 99 or not 1 <= districts_per_province <= 99 or not 1 <= rounds <= 20:
        raise SynthError("provinces 1–99, districts per province 1–99, rounds 1–20")
    if Province.objects.filter(code__startswith=PREFIX).exists():
        raise SynthError("this database already has a synthetic department (provinces S01…)")

    text = document.read_text(encoding="utf-8")
    base = officialdoc.parse(text)
    rng = random.Random(seed)
    say = progress or (lambda _message: None)
    User = get_user_model()
    now = timezone.now()
    if password is None:
        import secrets

        password = secrets.token_urlsafe(12)  # shown once by the command; never a known one
    hashed = make_password(password)
    periods = _round_periods(rounds)
    counts = {"evaluations": 0, "results": 0, "history": 0, "users": 0}

    with transaction.atomic():
        province_rows = Province.objects.bulk_create(
            Province(
                code=f"{PREFIX}{p:02d}",
                name_th=f"จำลอง {thai_number(p)}",
                name_en=f"Synthetic {p}",
            )
            for p in range(1, provinces + 1)
        )
        district_rows = District.objects.bulk_create(
            (
                District(
                    province=prov,
                    code=f"{prov.code}{d:02d}",
                    name_th=f"จำลอง {thai_number(p)}-{thai_number(d)}",
                    name_en=f"Synthetic {p}-{d}",
                )
                for p, prov in enumerate(province_rows, start=1)
                for d in range(1, districts_per_province + 1)
            ),
            batch_size=BATCH,
        )
        by_province: dict[int, list[Any]] = {}
        for d in district_rows:
            by_province.setdefault(d.province_id, []).append(d)
        group_rows = WorkGroup.objects.bulk_create(
            WorkGroup(province=prov, code=wg.code, name_th=wg.name_th, name_en=wg.name_en)
            for prov in province_rows
            for _, wg in WORK_GROUPS
        )
        groups = {(g.province_id, g.code): g for g in group_rows}

        # Users: the province office, a viewer, each work group, each district officer.
        specs: list[tuple[str, str, Any, Any, Any]] = []
        for prov in province_rows:
            specs.append((f"p{prov.code.lower()}", Role.PROVINCE, prov, None, None))
            specs.append((f"v{prov.code.lower()}", Role.VIEWER, prov, None, None))
            for _, wg in WORK_GROUPS:
                specs.append(
                    (
                        f"{prov.code.lower()}-wg-{wg.code}",
                        Role.WORK_GROUP,
                        prov,
                        None,
                        groups[(prov.pk, wg.code)],
                    )
                )
            for d in by_province[prov.pk]:
                specs.append((f"d{d.code.lower()}", Role.DISTRICT, prov, d, None))
        users = User.objects.bulk_create(
            (User(username=s[0], password=hashed) for s in specs), batch_size=BATCH
        )
        Membership.objects.bulk_create(
            (
                Membership(user=u, role=s[1], province=s[2], district=s[3], work_group=s[4])
                for u, s in zip(users, specs, strict=True)
            ),
            batch_size=BATCH,
        )
        counts["users"] = len(users)
        user_of = {s[0]: u for u, s in zip(users, specs, strict=True)}
        say(f"{len(province_rows)} provinces, {len(district_rows)} districts, {len(users)} users")

        for r_index, (year, number, start, end) in enumerate(periods):
            is_open = r_index == len(periods) - 1
            round_rows = Round.objects.bulk_create(
                Round(
                    province=prov,
                    fiscal_year=year,
                    number=number,
                    period_start=start,
                    period_end=end,
                    position=base.position,
                    status="open" if is_open else "closed",
                    source_name=f"synthetic-{year}-{number}.txt",
                    findings=[],
                    imported_at=now,
                )
                for prov in province_rows
            )
            indicator_rows: list[Any] = []
            level_rows: list[Any] = []
            applies: list[tuple[int, Any]] = []  # (indicator index, district)
            variants: list[core.Indicator] = []
            for rnd, prov in zip(round_rows, province_rows, strict=True):
                districts = by_province[prov.pk]
                for position, ind in enumerate(base.indicators):
                    variant = _variant(ind, rng)
                    assert variant.source is not None and variant.weight is not None
                    if ind.applicability.mode == "all":
                        chosen = districts
                    else:
                        share = len(base.applies_to(ind)) / max(1, len(base.districts))
                        k = max(1, min(len(districts), round(share * len(districts))))
                        chosen = sorted(rng.sample(districts, k), key=lambda d: d.code)
                    index = len(indicator_rows)
                    indicator_rows.append(
                        snapshot_indicator(
                            rnd, variant, groups[(prov.pk, variant.source.code)], position
                        )
                    )
                    variants.append(variant)
                    applies.extend((index, d) for d in chosen)
            Indicator.objects.bulk_create(indicator_rows, batch_size=BATCH)
            for row, variant in zip(indicator_rows, variants, strict=True):
                level_rows.extend(snapshot_levels(row, variant))
            IndicatorLevel.objects.bulk_create(level_rows, batch_size=BATCH)
            Through = Indicator.districts.through
            Through.objects.bulk_create(
                (Through(indicator_id=indicator_rows[i].pk, district_id=d.pk) for i, d in applies),
                batch_size=BATCH,
            )
            applicable: dict[tuple[int, int], list[int]] = {}  # (round, district) -> indices
            for i, d in applies:
                applicable.setdefault((indicator_rows[i].round_id, d.pk), []).append(i)

            # Evaluations in every state, then their results and history.
            evaluation_rows: list[Any] = []
            for rnd, prov in zip(round_rows, province_rows, strict=True):
                districts = by_province[prov.pk]
                states = _evaluation_states(is_open, len(districts), rng)
                for d, state in zip(districts, states, strict=True):
                    evaluation_rows.append(
                        Evaluation(
                            round=rnd,
                            district=d,
                            status=state,
                            version=0 if state == "draft" else 1 + (state == "returned"),
                            submitted_at=None if state == "draft" else now,
                            approved_at=now if state == "approved" else None,
                            approved_by=user_of[f"p{prov.code.lower()}"]
                            if state == "approved"
                            else None,
                        )
                    )
            Evaluation.objects.bulk_create(evaluation_rows, batch_size=BATCH)
            counts["evaluations"] += len(evaluation_rows)

            result_rows: list[Any] = []
            events: list[dict[str, Any]] = []
            for index, row in enumerate(indicator_rows):
                if not row.shared:
                    continue
                province_code = province_rows[index // len(base.indicators)].code
                owner = user_of[f"{province_code.lower()}-wg-{row.work_group.code}"]
                entry = _entry(variants[index], rng)
                level = indicator_level(variants[index], entry)
                result_rows.append(
                    Result(
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
                )
                events.append(
                    {
                        "round_id": row.round_id,
                        "result": result_rows[-1],
                        "indicator_code": row.code,
                        "actor": owner,
                        "action": "shared_result_saved",
                        "field": "self_level",
                        "new": _json(level),
                    }
                )
            for ev in evaluation_rows:
                officer = user_of[f"d{ev.district.code.lower()}"]
                province_code = ev.district.code[: len(PREFIX) + 2]
                for index in applicable.get((ev.round_id, ev.district_id), []):
                    row = indicator_rows[index]
                    if row.shared or (ev.status == "draft" and rng.random() < 0.4):
                        continue
                    entry = _entry(variants[index], rng)
                    level = indicator_level(variants[index], entry)
                    status, verified = "draft", None
                    if ev.status == "approved":
                        status = "verified"
                    elif ev.status in ("submitted", "returned"):
                        status = rng.choice(("submitted", "verified", "verified"))
                    if ev.status == "returned" and rng.random() < 0.3:
                        status = "returned"
                    verifier = None
                    if status == "verified":
                        # the work group mostly agrees; sometimes it finds one level less
                        verified = level if rng.random() < 0.85 else max(Decimal(0), level - 1)
                        verifier = user_of[f"{province_code.lower()}-wg-{row.work_group.code}"]
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
                        return_reason="กรุณาแนบหลักฐานเพิ่มเติม" if status == "returned" else "",
                        version=1 + (status != "draft"),
                        updated_by=officer,
                    )
                    result_rows.append(result)
                    base_event = {
                        "round_id": ev.round_id,
                        "evaluation": ev,
                        "result": result,
                        "indicator_code": row.code,
                    }
                    events.append(
                        {
                            **base_event,
                            "actor": officer,
                            "action": "result_saved",
                            "field": "self_level",
                            "new": _json(level),
                        }
                    )
                    if verifier is not None:
                        events.append(
                            {
                                **base_event,
                                "actor": verifier,
                                "action": "result_verified",
                                "field": "verified_level",
                                "new": _json(verified),  # type: ignore[arg-type]
                            }
                        )
                    elif status == "returned":
                        events.append(
                            {
                                **base_event,
                                "actor": user_of[
                                    f"{province_code.lower()}-wg-{row.work_group.code}"
                                ],
                                "action": "result_returned",
                                "field": "status",
                                "old": "submitted",
                                "new": "returned",
                                "reason": "กรุณาแนบหลักฐานเพิ่มเติม",
                            }
                        )
                if ev.status != "draft":
                    events.append(
                        {
                            "round_id": ev.round_id,
                            "evaluation": ev,
                            "actor": officer,
                            "action": "evaluation_submitted",
                            "field": "status",
                            "old": "draft",
                            "new": "submitted",
                        }
                    )
                if ev.status == "approved":
                    events.append(
                        {
                            "round_id": ev.round_id,
                            "evaluation": ev,
                            "actor": ev.approved_by,
                            "action": "evaluation_approved",
                            "field": "status",
                            "old": "submitted",
                            "new": "approved",
                        }
                    )
            Result.objects.bulk_create(result_rows, batch_size=BATCH)
            HistoryEvent.objects.bulk_create((HistoryEvent(**e) for e in events), batch_size=BATCH)
            counts["results"] += len(result_rows)
            counts["history"] += len(events) + len(round_rows)
            HistoryEvent.objects.bulk_create(
                HistoryEvent(
                    round=rnd,
                    action="round_imported",
                    new={"source": rnd.source_name, "indicators": len(base.indicators)},
                    reason="synthetic department (pramoen synth)",
                )
                for rnd in round_rows
            )
            say(
                f"round {year}-{number}: {len(evaluation_rows)} evaluations, "
                f"{len(result_rows)} results"
            )
    return SynthSummary(
        provinces=len(province_rows),
        districts=len(district_rows),
        rounds=len(periods),
        **counts,
        password=password,
    )
