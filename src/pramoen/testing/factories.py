"""Rounds and people for the tests, ``pramoen bench`` and scripts/screenshots.py.

Everything goes through the services, as people would do it, so a round built here has its
history, versions and levels exactly as the app makes them. Each function is named by the
state it leaves (``round_opened``, ``results_entered``, ``results_verified``…). Built for
throw-away instances only: nothing in the app imports this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model

from pramoen.accounts.models import Province
from pramoen.accounts.services import province_setup, user_create
from pramoen.evaluation import services
from pramoen.evaluation.models import Evaluation, Indicator, Result, ResultStatus, Round
from pramoen.evaluation.services import ResultInput
from pramoen.evaluation.services.round_edit import indicator_remove
from pramoen.evaluation.services.round_next import round_start_next
from pramoen.web.bootstrap import import_document

# The FY2568 summary is imported as the province received it, errors and all (weights that do
# not add up to 100, a district that is not Chonburi's), which needs a reason.
REASON = "ทดสอบด้วยเอกสารจริง"

# username -> (role, unit): one of each role, named as the demo names them
PEOPLE: dict[str, tuple[str, dict[str, str]]] = {
    "province": ("province", {}),
    "viewer": ("viewer", {}),
    "wg-coordination": ("work_group", {"work_group": "coordination"}),  # owns T1, I5
    "wg-strategy": ("work_group", {"work_group": "strategy"}),  # owns T2
    "wg-promotion": ("work_group", {"work_group": "promotion"}),  # owns I1 I2a I2b I6 I7
    "wg-information": ("work_group", {"work_group": "information"}),  # owns I3a I3b I4
    "d2001": ("district", {"district": "2001"}),
    "d2002": ("district", {"district": "2002"}),
    "d2005": ("district", {"district": "2005"}),
}

# What Mueang Chonburi (2001) enters in FY2568 round 1: thresholds by value, ladders by ticks.
# Levels: I1 4, I2a 3 (six programmes), I3a 5, I4 3, I5 5 (overdue debt 9.5 %), I6 5.
ENTRIES_2001: dict[str, ResultInput] = {
    "I1": ResultInput(met=frozenset({1, 2, 3, 4})),
    "I2a": ResultInput(value=Decimal(6)),
    "I3a": ResultInput(met=frozenset({1, 2, 3, 4, 5})),
    "I4": ResultInput(met=frozenset({1, 2, 3})),
    "I5": ResultInput(value=Decimal("9.5")),
    "I6": ResultInput(met=frozenset({1, 2, 3, 4, 5})),
}

# The province-wide results of the team indicators (T1 level 4, T2 level 5)
SHARED: dict[str, Decimal] = {"T1": Decimal("87.5"), "T2": Decimal(91)}


# --- people ----------------------------------------------------------------------------------


def people(
    *,
    province: Province | None,
    roles: Mapping[str, tuple[str, Mapping[str, str]]] = PEOPLE,
    password: Callable[[str], str] = lambda username: f"pw-{username}",
) -> dict[str, Any]:
    """A user per entry of ``roles`` (username -> role and unit), by username."""
    return {
        username: user_create(
            username=username, role=role, province=province, password=password(username), **unit
        )[0]
        for username, (role, unit) in roles.items()
    }


def people_by_username(usernames: Iterable[str] | None = None) -> dict[str, Any]:
    """The users already there (all of them, or those named), by username."""
    users = get_user_model().objects.all()
    if usernames is not None:
        users = users.filter(username__in=list(usernames))
    return {u.username: u for u in users}


def outsiders(*, password: str = "x") -> dict[str, Any]:
    """People who must see nothing of Chonburi: Rayong's province office (Rayong set up with
    no districts) and the department, by username."""
    rayong = province_setup(code="21", name_th="ระยอง", name_en="Rayong", districts=[])
    return {
        **people(
            province=rayong,
            roles={"other-province": ("province", {})},
            password=lambda _name: password,
        ),
        **people(
            province=None,
            roles={"department": ("department", {})},
            password=lambda _name: password,
        ),
    }


def owner(indicator: Indicator, users: Mapping[str, Any]) -> Any:
    """The member of the work group owning the indicator's data source (``wg-<code>``)."""
    return users[f"wg-{indicator.work_group.code}"]


# --- rounds ----------------------------------------------------------------------------------


def round_imported(*, province: Province, document: Path, reason: str = REASON) -> Round:
    """The document imported as a round, not yet open."""
    round_: Round = import_document(province=province, path=document, accept_errors_reason=reason)
    return round_


def round_opened(*, province: Province, document: Path, reason: str = REASON) -> Round:
    """The document imported as a round, and the round opened."""
    round_: Round = import_document(
        province=province, path=document, accept_errors_reason=reason, open_round=True
    )
    return round_


def evaluation_of(round_: Round, district: str) -> Evaluation:
    """The district's evaluation as it is in the database now."""
    return Evaluation.objects.select_related("round", "district").get(
        round=round_, district__code=district
    )


def _district_of(user: Any, district: str | None) -> str:
    if district is not None:
        return district
    code: str = user.membership.district.code
    return code


# --- results ---------------------------------------------------------------------------------


def shared_results_entered(
    *, round_: Round, users: Mapping[str, Any], values: Mapping[str, Decimal] = SHARED
) -> list[Result]:
    """The province-wide results (indicator code -> value), each by its owning work group."""
    saved = []
    for code, value in values.items():
        indicator = Indicator.objects.select_related("work_group").get(round=round_, code=code)
        saved.append(
            services.shared_result_save(
                indicator=indicator,
                user=owner(indicator, users),
                data=ResultInput(value=value),
                version=0,
            )
        )
    return saved


def results_entered(
    *,
    round_: Round,
    user: Any,
    entries: Mapping[str, ResultInput] = ENTRIES_2001,
    district: str | None = None,
) -> Evaluation:
    """The district officer saves each entry (indicator code -> input) over whatever is
    saved; the district is the officer's own unless named. Returns the evaluation as it is
    afterwards."""
    district = _district_of(user, district)
    evaluation = evaluation_of(round_, district)
    for code, data in entries.items():
        indicator = Indicator.objects.get(round=round_, code=code)
        current = Result.objects.filter(indicator=indicator, district=evaluation.district).first()
        services.result_save(
            evaluation=evaluation,
            indicator=indicator,
            user=user,
            data=data,
            version=current.version if current else 0,
        )
    return evaluation_of(round_, district)


def evaluation_submitted(*, round_: Round, user: Any, district: str | None = None) -> Evaluation:
    """The district officer submits the evaluation as it is now."""
    evaluation = evaluation_of(round_, _district_of(user, district))
    return services.evaluation_submit(evaluation=evaluation, user=user, version=evaluation.version)


def results_verified(
    *, round_: Round, users: Mapping[str, Any], district: str | None = None
) -> list[Result]:
    """Every submitted result of the round (or of one district) verified at the level the
    district reported, each by the work group owning its indicator."""
    submitted = (
        Result.objects.filter(indicator__round=round_, status=ResultStatus.SUBMITTED)
        .select_related("indicator__work_group")
        .order_by("pk")  # in the order they were entered, on every engine
    )
    if district is not None:
        submitted = submitted.filter(district__code=district)
    return [
        services.result_verify(
            result=r,
            user=owner(r.indicator, users),
            level=r.self_level if r.self_level is not None else Decimal(0),
            comment="",
            version=r.version,
        )
        for r in submitted
    ]


def varied_entry(n: int, indicator: Indicator) -> ResultInput:
    """Entries that differ from district to district (the n-th), for a round full of
    different levels: 8–12 on a threshold, 1–5 ticked levels on a ladder."""
    if indicator.kind == "threshold":
        return ResultInput(value=Decimal(8 + n % 5))
    return ResultInput(met=frozenset(range(1, 2 + (n + indicator.number) % 5)))


def round_verified(
    *,
    round_: Round,
    users: Mapping[str, Any],
    entry: Callable[[int, Indicator], ResultInput] = varied_entry,
) -> None:
    """The whole round's results in: the province-wide ones, every district's own (entered
    and submitted by its officer ``d<code>``), and every one of them verified."""
    shared_results_entered(round_=round_, users=users)
    own = list(Indicator.objects.filter(round=round_, shared=False).prefetch_related("districts"))
    for n, evaluation in enumerate(round_.evaluations.select_related("district")):
        officer = users[f"d{evaluation.district.code}"]
        entries = {i.code: entry(n, i) for i in own if evaluation.district in i.districts.all()}
        results_entered(round_=round_, user=officer, entries=entries)
        evaluation_submitted(round_=round_, user=officer)
    results_verified(round_=round_, users=users)


def next_round_opened(*, round_: Round, user: Any, remove: Iterable[str] = ()) -> Round:
    """The round after ``round_`` (round 2 of its fiscal year from round 1) started by the
    province, the indicators coded in ``remove`` taken out of its draft, and opened."""
    new = round_start_next(round_=round_, user=user)
    for code in remove:
        indicator_remove(indicator=Indicator.objects.get(round=new, code=code), user=user)
    new.refresh_from_db()
    return services.round_set_status(round_=new, user=user, status="open")
