"""Rule × door for the appraisal: the same bad input through the service, the page (a form
POST) and the JSON API gets the same Thai refusal from the rule's one home, never a 5xx, and
writes nothing (no appraisal change, no history). Run on SQLite and (``make test-pg``) on
PostgreSQL."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from pramoen.appraisal import services
from pramoen.appraisal.models import Appraisal
from pramoen.evaluation.errors import ServiceError
from pramoen.evaluation.models import HistoryEvent
from pramoen.testing import factories

pytestmark = pytest.mark.django_db

GOOD = {"ACH": 3, "SERV": 4, "EXP": 2, "ING": 1, "TW": 3}
DOORS = ("service", "page", "api")


@dataclass(frozen=True)
class Rule:
    """A step, who takes it, the input that breaks the rule, and what its home says."""

    action: str  # rate | acknowledge | not-signed | supervisor | reopen
    user: str
    says: str
    status: int  # the page's and the API's answer
    ratings: dict[str, Any] = field(default_factory=lambda: dict(GOOD))
    version: int = 0
    comment: str = ""
    plan: list[dict[str, str]] = field(default_factory=list)
    approved: bool = True  # the KPI evaluation approved first
    rated: bool = False  # the evaluator has rated first
    acknowledged: bool = False  # and the evaluatee acknowledged
    text: str = ""  # the step's one text: the witness, the supervisor's name, the reason
    doors: tuple[str, ...] = DOORS


RULES = {
    "level-out-of-range": Rule("rate", "province", "ไม่อยู่ในช่วง 1 ถึง 5", 422, {**GOOD, "ACH": 6}),
    "level-not-a-number": Rule(
        # the API's schema takes whole numbers only: that door cannot send it
        "rate",
        "province",
        "ต้องเป็นตัวเลข",
        422,
        {**GOOD, "ACH": "สาม"},
        doors=("service", "page"),
    ),
    "competency-not-in-the-set": Rule(
        # the page posts only the set's own competencies: that door cannot send another
        "rate",
        "province",
        "ไม่อยู่ในชุดสมรรถนะ",
        422,
        {**GOOD, "XX": 3},
        doors=("service", "api"),
    ),
    "competency-unrated": Rule(
        "rate", "province", "ยังไม่ได้ประเมินสมรรถนะ", 422, {k: v for k, v in GOOD.items() if k != "TW"}
    ),
    "comment-too-long": Rule("rate", "province", "ยาวเกิน", 422, comment="ก" * 5001),
    "plan-item-too-long": Rule(
        "rate", "province", "ยาวเกิน", 422, plan=[{"what": "ข" * 5001, "how": "", "when": ""}]
    ),
    "before-the-kpi-approval": Rule("rate", "province", "ได้รับอนุมัติแล้วเท่านั้น", 409, approved=False),
    "rated-by-the-evaluatee": Rule("rate", "d2001", "ผู้ประเมิน) เท่านั้น", 403),
    "acknowledged-by-someone-else": Rule(
        "acknowledge", "province", "ผู้รับการประเมิน", 403, version=1, rated=True
    ),
    "stale-acknowledgement": Rule("acknowledge", "d2001", "ถูกเปลี่ยน", 409, version=0, rated=True),
    "not-signed-without-a-witness": Rule(
        "not-signed",
        "province",
        "ต้องระบุชื่อและตำแหน่งของพยาน",
        422,
        version=1,
        rated=True,
        text=" \u200b",
    ),
    "not-signed-by-the-evaluatee": Rule(
        "not-signed", "d2001", "ผู้ประเมิน) เท่านั้น", 403, version=1, rated=True, text="พยาน"
    ),
    "supervisor-before-the-acknowledgement": Rule(
        "supervisor", "province", "ทำขั้นนี้ไม่ได้", 409, version=1, rated=True, text="ผู้ว่า"
    ),
    "supervisor-without-a-name": Rule(
        "supervisor",
        "province",
        "ต้องระบุชื่อผู้บังคับบัญชา",
        422,
        version=2,
        rated=True,
        acknowledged=True,
        text="",
    ),
    "reopen-without-a-reason": Rule(
        "reopen", "province", "ต้องระบุเหตุผล", 422, version=1, rated=True, text="\u200b\u200b"
    ),
    "reopen-by-the-evaluatee": Rule(
        "reopen", "d2001", "ผู้ประเมิน) เท่านั้น", 403, version=1, rated=True, text="ทบทวน"
    ),
}

# each step's one text, as the page's form and the API's body name it
PAGE_FIELD = {"not-signed": "witness", "supervisor": "supervisor_name", "reopen": "reason"}
API_STEP = {
    "acknowledge": ("acknowledge", None),
    "not-signed": ("not-signed", "witness"),
    "supervisor": ("supervisor", "name"),
    "reopen": ("reopen", "reason"),
}


@pytest.fixture
def world(round_, users):
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_verified(round_=round_, users=users, district="2001")
    return round_


def _prepare(world, users, rule: Rule):
    from pramoen.evaluation import services as evaluation_services

    ev = factories.evaluation_of(world, "2001")
    if rule.approved:
        evaluation_services.evaluation_approve(
            evaluation=ev, user=users["province"], version=ev.version
        )
        ev = factories.evaluation_of(world, "2001")
    if rule.rated:
        services.appraisal_rate(
            evaluation=ev, user=users["province"], ratings=GOOD, comment="", plan=[], version=0
        )
    if rule.acknowledged:
        services.appraisal_acknowledge(evaluation=ev, user=users["d2001"], version=1)
    return ev


def _through_service(ev, users, rule: Rule, **_: Any) -> tuple[int, str]:
    """The status the other doors must answer with, and the home's own message."""
    with pytest.raises(ServiceError) as refused:
        if rule.action == "rate":
            services.appraisal_rate(
                evaluation=ev,
                user=users[rule.user],
                ratings=rule.ratings,
                comment=rule.comment,
                plan=rule.plan,
                version=rule.version,
            )
        elif rule.action == "acknowledge":
            services.appraisal_acknowledge(
                evaluation=ev, user=users[rule.user], version=rule.version
            )
        elif rule.action == "not-signed":
            services.appraisal_not_signed(
                evaluation=ev, user=users[rule.user], witness=rule.text, version=rule.version
            )
        elif rule.action == "supervisor":
            services.appraisal_supervisor(
                evaluation=ev,
                user=users[rule.user],
                name=rule.text,
                position="",
                comment="",
                version=rule.version,
            )
        else:
            services.appraisal_reopen(
                evaluation=ev, user=users[rule.user], reason=rule.text, version=rule.version
            )
    return rule.status, refused.value.message


def _through_page(ev, users, rule: Rule, *, client_for, message: str, **_: Any) -> tuple[int, str]:
    data: dict[str, Any] = {"action": rule.action, "version": str(rule.version)}
    if rule.action == "rate":
        data["comment"] = rule.comment
        data.update({f"rating-{k}": str(v) for k, v in rule.ratings.items()})
        for n, item in enumerate(rule.plan, start=1):
            data.update({f"plan-{k}-{n}": v for k, v in item.items()})
    elif rule.action in PAGE_FIELD:
        data[PAGE_FIELD[rule.action]] = rule.text
    answer = client_for(rule.user).post(reverse("appraisal_step", args=[ev.round_id, "2001"]), data)
    page = answer.content.decode()
    return answer.status_code, message if html.escape(message) in page else page


def _through_api(ev, users, rule: Rule, *, api_for, message: str, **_: Any) -> tuple[int, str]:
    client = api_for(rule.user)
    if rule.action == "rate":
        body = {"ratings": rule.ratings, "comment": rule.comment, "version": rule.version}
        body["plan"] = rule.plan
        answer = client.put(
            f"/api/evaluations/{ev.pk}/appraisal/rating",
            data=json.dumps(body),
            content_type="application/json",
        )
    else:
        step, name = API_STEP[rule.action]
        body = {"version": rule.version} | ({name: rule.text} if name else {})
        answer = client.post(
            f"/api/evaluations/{ev.pk}/appraisal/{step}",
            data=json.dumps(body),
            content_type="application/json",
        )
    return answer.status_code, answer.json().get("message_th", answer.content.decode())


DOOR = {"service": _through_service, "page": _through_page, "api": _through_api}


def _state(ev) -> tuple[Any, ...]:
    appraisal = Appraisal.objects.filter(evaluation=ev).values_list(
        "version",
        "status",
        "ratings",
        "evaluator_comment",
        "plan",
        "acknowledged_at",
        "not_signed",
        "witness",
        "supervisor_name",
        "supervisor_at",
    )
    return (list(appraisal), HistoryEvent.objects.filter(evaluation=ev).count())


@pytest.mark.parametrize(
    ("name", "door"), [(name, door) for name, rule in RULES.items() for door in rule.doors]
)
def test_the_same_bad_input_is_refused_the_same_way_through_every_door(
    world, users, client_for, api_for, name, door
):
    rule = RULES[name]
    ev = _prepare(world, users, rule)
    # the rule's one home says it: the service's own message is what every door shows
    with_service = factories.evaluation_of(world, "2001")
    before = _state(with_service)
    with transaction.atomic():
        _status, message = _through_service(with_service, users, rule)
        transaction.set_rollback(True)
    assert rule.says in message
    assert _state(with_service) == before
    status, shown = DOOR[door](
        ev, users, rule, client_for=client_for, api_for=api_for, message=message
    )
    assert status == rule.status, shown[:500]
    assert shown == message
    assert _state(ev) == before  # nothing written: no appraisal change, no history
