"""A synthetic department for benchmarks: provinces, districts, work groups, users, rounds
(variants of the FY2568 summary), evaluations in every state, results and their history.

    pramoen synth --provinces 76 --districts-per-province 12 --rounds 4 [--seed 1]

Deterministic for a seed. Rows are written with bulk inserts in one transaction, so a
department of ~900 districts and four rounds takes seconds, not the hours that going through
the services one save at a time would. What the rows hold is still what the services and
the core make: memberships built and checked by ``accounts.services``, round periods from
``core.thai``, indicators snapshotted by the evaluation services, levels from the core, and
history in the services' shape (``synth_results``: the results and history of a round).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from pramoen.accounts.models import District, Membership, Province, Role, WorkGroup
from pramoen.accounts.services import membership_build, password_generate, work_groups
from pramoen.core import model as core
from pramoen.core import officialdoc
from pramoen.core.thai import round_period, thai_number
from pramoen.evaluation.models import Evaluation, HistoryEvent, Indicator, IndicatorLevel, Round
from pramoen.evaluation.services import snapshot_indicator, snapshot_levels

from .synth_results import BATCH, Department, RoundIndicators, history_event, results_write

# The synthetic provinces are coded S01…S99 and their districts S0101…: never a real code.
PREFIX = "S"
# The newest synthetic round; the others are the half-year rounds before it.
LATEST = (2568, 2)


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


def round_periods(count: int) -> list[tuple[int, int, date, date]]:
    """The latest ``count`` half-year rounds up to ``LATEST`` (oldest first): fiscal year,
    round number and the round's period."""
    periods: list[tuple[int, int, date, date]] = []
    year, number = LATEST
    for _ in range(count):
        periods.append((year, number, *round_period(year, number)))
        year, number = (year, 1) if number == 2 else (year - 1, 2)
    return periods[::-1]


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
    if not 1 <= provinces <= 99 or not 1 <= districts_per_province <= 99 or not 1 <= rounds <= 20:
        raise SynthError("provinces 1–99, districts per province 1–99, rounds 1–20")
    if Province.objects.filter(code__startswith=PREFIX).exists():
        raise SynthError("this database already has a synthetic department (provinces S01…)")

    base = officialdoc.parse(document.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    say = progress or (lambda _message: None)
    now = timezone.now()
    # shown once by the command; never a known one
    password = password_generate() if password is None else password
    periods = round_periods(rounds)
    counts = {"evaluations": 0, "results": 0, "history": 0}

    with transaction.atomic():
        department = _organisation(provinces, districts_per_province)
        _people(department, make_password(password))
        districts = sum(len(d) for d in department.districts.values())
        say(f"{provinces} provinces, {districts} districts, {len(department.users)} users")
        for index, period in enumerate(periods):
            written = round_write(
                department, base, period, is_open=index == len(periods) - 1, rng=rng, now=now
            )
            counts["evaluations"] += written.evaluations
            counts["results"] += written.results
            counts["history"] += written.history
            say(
                f"round {period[0]}-{period[1]}: {written.evaluations} evaluations, "
                f"{written.results} results"
            )
    return SynthSummary(
        provinces=provinces,
        districts=districts,
        rounds=len(periods),
        **counts,
        users=len(department.users),
        password=password,
    )


def _organisation(provinces: int, districts_per_province: int) -> Department:
    """The provinces, each with its districts and the four work groups every province has."""
    province_rows = Province.objects.bulk_create(
        Province(
            code=f"{PREFIX}{p:02d}", name_th=f"จำลอง {thai_number(p)}", name_en=f"Synthetic {p}"
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
    by_province: dict[int, list[District]] = {}
    for d in district_rows:
        by_province.setdefault(d.province_id, []).append(d)
    group_rows = WorkGroup.objects.bulk_create(
        WorkGroup(province=prov, code=wg.code, name_th=wg.name_th, name_en=wg.name_en)
        for prov in province_rows
        for wg in work_groups()
    )
    groups = {(g.province_id, g.code): g for g in group_rows}
    return Department(province_rows, by_province, groups, users={})


def _people(department: Department, hashed: str) -> None:
    """Each province's office, a viewer, a member of each work group and each district's
    officer, all with the same (hashed) password."""
    User = get_user_model()
    specs: list[tuple[str, dict[str, Any]]] = []  # username -> membership_build's arguments
    for prov in department.provinces:
        code = prov.code.lower()
        specs.append((f"p{code}", {"role": Role.PROVINCE, "province": prov}))
        specs.append((f"v{code}", {"role": Role.VIEWER, "province": prov}))
        for wg in work_groups():
            group = department.groups[(prov.pk, wg.code)]
            unit = {"role": Role.WORK_GROUP, "province": prov, "work_group": group}
            specs.append((f"{code}-wg-{wg.code}", unit))
        for d in department.districts[prov.pk]:
            specs.append(
                (f"d{d.code.lower()}", {"role": Role.DISTRICT, "province": prov, "district": d})
            )
    users = User.objects.bulk_create(
        (User(username=username, password=hashed) for username, _unit in specs),
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        (
            membership_build(user=user, **unit)
            for user, (_username, unit) in zip(users, specs, strict=True)
        ),
        batch_size=BATCH,
    )
    department.users.update((u.username, u) for u in users)


# --- rounds ------------------------------------------------------------------------------------


@dataclass
class RoundCounts:
    evaluations: int
    results: int
    history: int


def round_write(
    department: Department,
    base: core.Scorecard,
    period: tuple[int, int, date, date],
    *,
    is_open: bool,
    rng: random.Random,
    now: datetime,
) -> RoundCounts:
    """Every province's round of ``period`` (year, number, start, end), written whole. The
    random choices are drawn in a fixed order, so a seed always gives the same department."""
    rounds = _rounds(department, base, period, is_open=is_open, now=now)
    indicators = _indicators(department, base, rounds, rng)
    evaluations = _evaluations(department, rounds, is_open=is_open, rng=rng, now=now)
    results, events = results_write(department, indicators, evaluations, rng, now)
    HistoryEvent.objects.bulk_create(
        history_event(
            rnd,
            None,
            "round_imported",
            new={"source": rnd.source_name, "indicators": len(base.indicators)},
            reason="synthetic department (pramoen synth)",
        )
        for rnd in rounds
    )
    return RoundCounts(len(evaluations), results, events + len(rounds))


def _rounds(
    department: Department,
    base: core.Scorecard,
    period: tuple[int, int, date, date],
    *,
    is_open: bool,
    now: datetime,
) -> list[Round]:
    year, number, start, end = period
    return Round.objects.bulk_create(
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
        for prov in department.provinces
    )


def _chosen(
    base: core.Scorecard, ind: core.Indicator, districts: list[District], rng: random.Random
) -> list[District]:
    """The districts an indicator applies to: all, or about the document's share of them."""
    if ind.applicability.mode == "all":
        return districts
    share = len(base.applies_to(ind)) / max(1, len(base.districts))
    k = max(1, min(len(districts), round(share * len(districts))))
    return sorted(rng.sample(districts, k), key=lambda d: d.code)


def _indicators(
    department: Department, base: core.Scorecard, rounds: list[Round], rng: random.Random
) -> RoundIndicators:
    out = RoundIndicators()
    applies: list[tuple[int, District]] = []  # (index into out.rows, district)
    for rnd, prov in zip(rounds, department.provinces, strict=True):
        for position, ind in enumerate(base.indicators):
            variant = _variant(ind, rng)
            assert variant.source is not None and variant.weight is not None
            chosen = _chosen(base, ind, department.districts[prov.pk], rng)
            group = department.groups[(prov.pk, variant.source.code)]
            applies.extend((len(out.rows), d) for d in chosen)
            out.rows.append(snapshot_indicator(rnd, variant, group, position))
            out.variants.append(variant)
    Indicator.objects.bulk_create(out.rows, batch_size=BATCH)
    IndicatorLevel.objects.bulk_create(
        (
            level
            for row, variant in zip(out.rows, out.variants, strict=True)
            for level in snapshot_levels(row, variant)
        ),
        batch_size=BATCH,
    )
    Through = Indicator.districts.through
    Through.objects.bulk_create(
        (Through(indicator_id=out.rows[i].pk, district_id=d.pk) for i, d in applies),
        batch_size=BATCH,
    )
    for i, d in applies:
        out.applicable.setdefault((out.rows[i].round_id, d.pk), []).append(i)
    return out


def _evaluations(
    department: Department,
    rounds: list[Round],
    *,
    is_open: bool,
    rng: random.Random,
    now: datetime,
) -> list[Evaluation]:
    """An evaluation per district, in every state (mostly approved in a closed round)."""
    rows: list[Evaluation] = []
    for rnd, prov in zip(rounds, department.provinces, strict=True):
        districts = department.districts[prov.pk]
        states = _evaluation_states(is_open, len(districts), rng)
        for d, state in zip(districts, states, strict=True):
            rows.append(
                Evaluation(
                    round=rnd,
                    district=d,
                    status=state,
                    version=0 if state == "draft" else 1 + (state == "returned"),
                    submitted_at=None if state == "draft" else now,
                    approved_at=now if state == "approved" else None,
                    approved_by=department.office(prov) if state == "approved" else None,
                )
            )
    Evaluation.objects.bulk_create(rows, batch_size=BATCH)
    return rows


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


def _evaluation_states(open_round: bool, n: int, rng: random.Random) -> list[str]:
    if open_round:
        weights = {"draft": 30, "submitted": 25, "returned": 10, "approved": 35}
    else:
        weights = {"approved": 90, "submitted": 5, "returned": 5}
    return rng.choices(list(weights), weights=list(weights.values()), k=n)
