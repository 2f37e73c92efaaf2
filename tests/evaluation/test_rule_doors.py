"""Rule × door: the same bad input through every door that takes it gets the same refusal, in
Thai, never a 5xx, and writes nothing. Run on SQLite and (``make test-pg``) on PostgreSQL.

Doors: the page (a plain form POST), the htmx fragment (the same POST from htmx), the JSON API
and the results import (CSV template through the dry run). Each rule names the message its
one home gives; each door must show it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from pramoen.api.services import token_create
from pramoen.evaluation import services
from pramoen.evaluation.models import Evaluation, HistoryEvent, Indicator, Result, Round
from pramoen.exchange import services as exchange
from pramoen.testing import factories
from tests.exchange.helpers import state

pytestmark = pytest.mark.django_db

DOORS = ("page", "fragment", "api", "import")


@dataclass(frozen=True)
class Rule:
    """One rule, the input that breaks it, and the message its home gives."""

    user: str
    code: str  # indicator
    form: dict[str, str]  # the entry form's fields
    payload: dict[str, Any]  # the API's ResultIn
    row: dict[str, str]  # the import row's level, value and note
    message: str
    doors: tuple[str, ...] = DOORS
    before: Callable[[Round, dict], None] | None = None
    district: str = "2001"
    extra: dict[str, Any] = field(default_factory=dict)


def _close(round_, users):
    services.round_set_status(round_=round_, user=users["province"], status="closed")


RULES = {
    # 1. a value the column cannot hold (was a 500 on every page afterwards on SQLite)
    "value-too-large": Rule(
        "d2001",
        "I2a",
        {"value": "12345678901"},
        {"value": "12345678901"},
        {"value": "12345678901"},
        "มากเกินไป",
    ),
    "value-negative": Rule(
        "d2001", "I2a", {"value": "-3"}, {"value": "-3"}, {"value": "-3"}, "ต้องไม่ติดลบ"
    ),
    "percent-over-100": Rule(
        "d2001", "I5", {"value": "101"}, {"value": "101"}, {"value": "101"}, "ร้อยละ"
    ),
    # ladder measures are bounded too ('9' * 4000 saved, then the API result was a 500)
    "measure-too-large": Rule(
        "d2001",
        "I4",
        {"m0": "9" * 4000, "met": "1"},
        {"values": {"__first__": "9" * 4000}, "met": [1]},
        {},
        "",
        doors=("page", "fragment", "api"),
    ),
    # 2. state: nothing is entered in a closed round
    "closed-round": Rule(
        "d2001",
        "I2a",
        {"value": "3"},
        {"value": "3"},
        {"value": "3"},
        "",
        before=_close,
    ),
    # 3. ownership: the province enters no province-wide result (it approves; a shared result
    # counts as verified at once)
    "province-shared": Rule(
        "province",
        "T1",
        {"value": "80"},
        {},
        {"value": "80", "district": ""},
        "เฉพาะกลุ่มงานเจ้าของแหล่งข้อมูล",
        doors=("page", "fragment", "import"),
    ),
}


@pytest.fixture
def world(round_, users, client_for):
    tokens = {}

    def token(name):
        if name not in tokens:
            tokens[name] = token_create(user=users[name], name="doors")[1]
        return tokens[name]

    return round_, users, client_for, token


def _measure(round_, code):
    from pramoen.evaluation.selectors import core_indicator

    ind = Indicator.objects.prefetch_related("levels", "districts").get(round=round_, code=code)
    return core_indicator(ind).measures[0]


def _try(door: str, rule: Rule, round_, users, client_for, token) -> tuple[int, str]:
    """Send the rule's bad input through ``door``: (HTTP status or 0, what the user sees)."""
    ev = Evaluation.objects.get(round=round_, district__code=rule.district)
    if door in ("page", "fragment"):
        client = client_for(rule.user)
        if rule.code.startswith("T"):
            url = reverse("shared_result_save", args=[round_.pk, rule.code])
        else:
            url = reverse("result_save", args=[round_.pk, rule.district, rule.code])
        headers = {"HTTP_HX_REQUEST": "true"} if door == "fragment" else {}
        data = {"version": "0", "note": "", **rule.form}
        response = client.post(url, data, follow=door == "page", **headers)
        return response.status_code, response.content.decode()
    if door == "api":
        payload = {"version": 0, "note": "", **rule.payload}
        if "values" in payload:
            payload["values"] = {
                (_measure(round_, rule.code) if k == "__first__" else k): v
                for k, v in payload["values"].items()
            }
        response = client_for(None).put(
            f"/api/evaluations/{ev.pk}/results/{rule.code}",
            data=json.dumps(payload),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token(rule.user)}",
        )
        body = response.json()
        return response.status_code, json.dumps(body, ensure_ascii=False)
    row = {"district": rule.district, "level": "", "value": "", "note": "", **rule.row}
    csv = (
        "round,district,indicator,level,value,note\n"
        f"{round_.code},{row['district']},{rule.code},{row['level']},{row['value']},{row['note']}\n"
    ).encode()
    try:
        batch = exchange.import_check(round_=round_, user=users[rule.user], data=csv, name="x.csv")
    except Exception as exc:  # a refusal of the whole file is a refusal too
        message = getattr(exc, "message", str(exc))
        return 0, message
    assert batch.status == "rejected", batch.summary
    return 0, json.dumps(batch.summary, ensure_ascii=False)


CASES = [(name, door) for name, rule in RULES.items() for door in rule.doors]


@pytest.mark.parametrize(("name", "door"), CASES, ids=[f"{n}-{d}" for n, d in CASES])
def test_the_same_bad_input_is_refused_the_same_way_through_every_door(world, name, door):
    round_, users, client_for, token = world
    rule = RULES[name]
    if rule.before:
        rule.before(round_, users)
    before = state()
    status, shown = _try(door, rule, round_, users, client_for, token)
    assert status < 500, shown[:500]
    assert status != 200 or door in ("page", "fragment"), shown[:500]
    expected = rule.message or _service_message(name, round_, users)
    assert expected in shown, (door, shown[:800])
    assert state() == before  # nothing written, not even history


def _service_message(name: str, round_, users) -> str:
    """The message the services themselves give, asked of their own check (not restated)."""
    ev = Evaluation.objects.select_related("round").get(round=round_, district__code="2001")
    ind = Indicator.objects.prefetch_related("levels", "districts").get(
        round=round_, code=RULES[name].code
    )
    data = services.ResultInput(
        values={_measure(round_, "I4"): Decimal("9" * 4000)}, met=frozenset({1})
    )
    if name == "closed-round":
        data = services.ResultInput(value=Decimal(3))
    problems = services.result_save_problems(
        evaluation=ev, indicator=ind, user=users["d2001"], data=data
    )
    assert problems, name
    return problems[0].message


def test_a_value_within_the_limits_goes_through_every_door_and_reads_back(world):
    """The limits refuse only what the columns cannot hold: the largest value is stored and
    read back exactly by the API and the pages."""
    round_, _users, client_for, token = world
    ev = Evaluation.objects.get(round=round_, district__code="2001")
    response = client_for(None).put(
        f"/api/evaluations/{ev.pk}/results/I2a",
        data=json.dumps({"version": 0, "value": "9999999999.9999"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token('d2001')}",
    )
    assert response.status_code == 200, response.content
    assert Result.objects.get(indicator__code="I2a").value == Decimal("9999999999.9999")
    page = client_for("d2001").get(reverse("evaluation", args=[round_.pk, "2001"]))
    assert page.status_code == 200
    assert client_for("province").get(reverse("round_csv", args=[round_.pk])).status_code == 200


def test_a_note_with_nul_and_control_characters_is_stored_clean_through_every_door(world):
    round_, _users, client_for, token = world
    ev = Evaluation.objects.get(round=round_, district__code="2001")
    client = client_for("d2001")
    url = reverse("result_save", args=[round_.pk, "2001", "I2a"])
    response = client.post(url, {"version": "0", "value": "1", "note": "ก\x00ข\x07ค\nง"})
    assert response.status_code < 500
    assert Result.objects.get(indicator__code="I2a").note == "กขค\nง"
    version = Result.objects.get(indicator__code="I2a").version
    response = client_for(None).put(
        f"/api/evaluations/{ev.pk}/results/I2a",
        data=json.dumps({"version": version, "value": "2", "note": "x\x00y"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token('d2001')}",
    )
    assert response.status_code in (200, 422), response.content
    assert "\x00" not in Result.objects.get(indicator__code="I2a").note


def test_a_reason_of_invisible_characters_is_no_reason_for_returning(world):
    round_, users, client_for, _token = world
    ev = factories.results_entered(round_=round_, user=users["d2001"])
    services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)
    result = Result.objects.get(indicator__code="I5", district__code="2001")
    before = state()
    invisible = "\u200b\u200c\u2060\ufeff \u00ad"
    response = client_for("wg-coordination").post(
        reverse("result_return", args=[result.pk]),
        {"reason": invisible, "version": str(result.version)},
        follow=True,
    )
    assert response.status_code == 422  # the queue again, the reason's field marked
    assert "ต้องระบุเหตุผลที่ส่งกลับ" in response.content.decode()
    ev = Evaluation.objects.get(pk=ev.pk)
    response = client_for("province").post(
        reverse("evaluation_decide", args=[round_.pk, "2001"]),
        {"action": "return", "reason": invisible, "version": str(ev.version)},
        follow=True,
    )
    assert "ต้องระบุเหตุผลที่ส่งกลับ" in response.content.decode()
    assert state() == before


def test_a_broken_version_is_a_message_not_a_500(world):
    round_, users, client_for, _token = world
    ev = factories.results_entered(round_=round_, user=users["d2001"])
    services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)
    result = Result.objects.get(indicator__code="I5", district__code="2001")
    before = state()
    for name, url, data in (
        ("wg-coordination", reverse("result_verify", args=[result.pk]), {"level": "1"}),
        ("wg-coordination", reverse("result_return", args=[result.pk]), {"reason": "x"}),
        (
            "province",
            reverse("evaluation_decide", args=[round_.pk, "2001"]),
            {"action": "return", "reason": "x"},
        ),
        ("d2001", reverse("evaluation_submit", args=[round_.pk, "2001"]), {}),
    ):
        for version in ("abc", "-1", "99999999999999999999", "1e3"):
            response = client_for(name).post(url, {**data, "version": version}, follow=True)
            assert response.status_code < 500, (url, version)
    assert state() == before


def test_settings_cannot_move_an_approved_score_and_bands_must_be_sane(world):
    round_, users, client_for, _token = world
    province = client_for("province")
    url = reverse("round_settings", args=[round_.pk])
    six = ["90", "80", "70", "60", "0"]
    for bad in (
        ["Infinity", "80", "70", "60", "0"],
        ["NaN", "80", "70", "60", "0"],
        ["1e999999999", "80", "70", "60", "0"],
        ["190", "80", "70", "60", "0"],
        ["90", "80", "70", "60", "5"],
        ["80", "90", "70", "60", "0"],
    ):
        response = province.post(url, {"band_min": bad, "team_share": ""}, follow=True)
        assert response.status_code == 200
        assert "เกณฑ์ระดับผล" in response.content.decode() or "คะแนนขั้นต่ำ" in (
            response.content.decode()
        )
        assert Round.objects.get(pk=round_.pk).bands == []
    assert client_for("province").get("/api/rounds").status_code < 500
    # approve one district, then try to move its score
    ev = factories.results_entered(round_=round_, user=users["d2001"])
    services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)
    services.shared_result_save(
        indicator=Indicator.objects.get(round=round_, code="T1"),
        user=users["wg-coordination"],
        data=services.ResultInput(value=Decimal(80)),
        version=0,
    )
    services.shared_result_save(
        indicator=Indicator.objects.get(round=round_, code="T2"),
        user=users["wg-strategy"],
        data=services.ResultInput(value=Decimal(80)),
        version=0,
    )
    factories.results_verified(round_=round_, users=users, district="2001")
    ev = Evaluation.objects.get(pk=ev.pk)
    services.evaluation_approve(evaluation=ev, user=users["province"], version=ev.version)
    history = HistoryEvent.objects.count()
    for data in (
        {"band_min": ["95", "85", "75", "65", "0"], "team_share": ""},
        {"band_min": six, "team_share": "10"},
        {"band_min": six, "team_share": "", "interpolate": "on"},
    ):
        response = province.post(url, data, follow=True)
        assert "มีอำเภอที่อนุมัติแล้ว" in response.content.decode()
    fresh = Round.objects.get(pk=round_.pk)
    assert (fresh.bands, fresh.team_share, fresh.interpolate) == ([], Decimal("0.5"), False)
    assert HistoryEvent.objects.count() == history


def test_nothing_is_returned_in_a_closed_round(world):
    round_, users, client_for, _token = world
    ev = factories.results_entered(round_=round_, user=users["d2001"])
    services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)
    _close(round_, users)
    result = Result.objects.get(indicator__code="I5", district__code="2001")
    before = state()
    response = client_for("wg-coordination").post(
        reverse("result_return", args=[result.pk]),
        {"reason": "ขาดหลักฐาน", "version": str(result.version)},
        follow=True,
    )
    assert "รอบการประเมินไม่ได้เปิดอยู่" in response.content.decode()
    ev = Evaluation.objects.get(pk=ev.pk)
    response = client_for("province").post(
        reverse("evaluation_decide", args=[round_.pk, "2001"]),
        {"action": "return", "reason": "ขาดหลักฐาน", "version": str(ev.version)},
        follow=True,
    )
    assert "รอบการประเมินไม่ได้เปิดอยู่" in response.content.decode()
    assert state() == before


def test_every_service_checks_who_calls_it_itself(world):
    """Called directly (as the CLI, a worker or a future door would), a service refuses the
    wrong person with the rule's message: no view stands in front of it here."""
    from pramoen.evaluation.errors import NotAllowed

    round_, users, _client_for, _token = world
    ev = factories.results_entered(round_=round_, user=users["d2001"])
    i2a = Indicator.objects.prefetch_related("levels", "districts").get(round=round_, code="I2a")
    with pytest.raises(NotAllowed):
        services.result_save(
            evaluation=ev,
            indicator=i2a,
            user=users["d2002"],
            data=services.ResultInput(value=Decimal(1)),
            version=1,
        )
    services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)
    result = Result.objects.get(indicator__code="I5", district__code="2001")
    for intruder in ("d2001", "province", "viewer", "wg-strategy"):
        with pytest.raises(NotAllowed):
            services.result_return(
                result=result, user=users[intruder], reason="x", version=result.version
            )
    ev = Evaluation.objects.get(pk=ev.pk)
    for intruder in ("d2001", "viewer", "wg-coordination"):
        for call in (services.evaluation_return, services.evaluation_reopen):
            with pytest.raises(NotAllowed):
                call(evaluation=ev, user=users[intruder], reason="x", version=ev.version)
        with pytest.raises(NotAllowed):
            services.evaluation_approve(evaluation=ev, user=users[intruder], version=ev.version)
        with pytest.raises(NotAllowed):
            services.round_settings_update(
                round_=round_, user=users[intruder], team_share=None, bands=None, interpolate=True
            )


def test_a_path_with_a_nul_or_an_odd_code_is_a_404_not_a_database_error(world):
    """A district or indicator code in a URL is letters and digits (limits.CODE_PATTERN): a
    NUL (which PostgreSQL refuses in a query) never reaches the database."""
    round_, _users, client_for, token = world
    client = client_for("province")
    for path in (
        f"/rounds/{round_.pk}/d/%00/",
        f"/rounds/{round_.pk}/d/2001%00/i/I5/",
        f"/rounds/{round_.pk}/d/2001/i/I5%00/preview/",
        f"/rounds/{round_.pk}/d/{'9' * 300}/",
        f"/rounds/{round_.pk}/d/%00/report/",
        f"/rounds/{round_.pk}/shared/T1%00/",
    ):
        assert client.get(path).status_code == 404, path
    ev = Evaluation.objects.get(round=round_, district__code="2001")
    response = client_for(None).get(
        f"/api/evaluations/{ev.pk}/results/I5%00",
        HTTP_AUTHORIZATION=f"Bearer {token('province')}",
    )
    assert response.status_code in (404, 422), response.content


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("ตัวชี้วัดที่ ๑ ร้อยละของการใช้จ่าย", "ตัวชี้วัดที่ 99999999 ร้อยละของการใช้จ่าย", "เลขตัวชี้วัด"),
        (
            "กลุ่มงาน ยุทธศาสตร์",
            "กลุ่มงานพิเศษเพื่อการทดสอบความยาวของชื่อแหล่งข้อมูลที่ยาวมาก",
            "ชื่อแหล่งข้อมูลยาวเกิน",
        ),
    ],
    ids=["indicator-number", "source-name"],
)
def test_a_document_the_round_cannot_hold_is_refused_at_confirm_not_a_500(
    province, users, client_for, old, new, message
):
    """What previewed fine used to be a 500 on confirm on PostgreSQL (and silently stored on
    SQLite): the import refuses it with its place, and writes nothing."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.web.conftest import DOC

    text = DOC.read_text("utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    client = client_for("province")
    url = reverse("round_import")
    upload = SimpleUploadedFile("kpi.txt", text.encode("utf-8"), content_type="text/plain")
    assert client.post(url, {"document": upload}).status_code < 500
    response = client.post(url, {"confirm": "1", "accept_errors_reason": "ทดสอบ"})
    assert response.status_code < 500
    assert message in response.content.decode()
    assert not Round.objects.exists()
    assert not HistoryEvent.objects.exists()


# --- verification: the same refusal through the queue page, its fragment, a batch, the API
# and the import (a work group's verify rows); withdraw has no import row.

WHOLE = "ระดับต้องเป็นจำนวนเต็ม ๐ ถึง ๕ (รอบนี้ไม่ใช้การเทียบสัดส่วน)"


def _submitted(round_, users):
    from tests.evaluation.services.helpers import submitted

    submitted(round_, users)


def _verified(round_, users):
    _submitted(round_, users)
    r = Result.objects.get(indicator__code="I5", district__code="2001")
    services.result_verify(
        result=r, user=users["wg-coordination"], level=Decimal(5), comment="", version=r.version
    )


def _approved(round_, users):
    from tests.evaluation.services.helpers import everything_verified

    ev = everything_verified(round_, users)
    services.evaluation_approve(evaluation=ev, user=users["province"], version=ev.version)


def _verified_then_closed(round_, users):
    _verified(round_, users)
    _close(round_, users)


@dataclass(frozen=True)
class QueueRule:
    """A verification rule: who acts on I5 of 2001, what is typed, after what, and the
    message its home gives."""

    user: str
    action: str  # verify | withdraw
    typed: dict[str, str]  # level, comment, reason
    before: Callable[[Round, dict], None]
    message: str
    doors: tuple[str, ...]


QUEUE_RULES = {
    "level-not-whole": QueueRule(
        "wg-coordination",
        "verify",
        {"level": "3.5", "comment": "ครึ่งทาง"},
        _submitted,
        WHOLE,
        ("page", "fragment", "bulk-page", "bulk-fragment", "api", "bulk-api", "import"),
    ),
    "withdraw-after-approval": QueueRule(
        "wg-coordination",
        "withdraw",
        {"reason": "ยืนยันผิด"},
        _approved,
        "การประเมินอนุมัติแล้ว ต้องให้จังหวัดเปิดใหม่ก่อน",
        ("page", "fragment", "api"),
    ),
    "withdraw-closed-round": QueueRule(
        "wg-coordination",
        "withdraw",
        {"reason": "ยืนยันผิด"},
        _verified_then_closed,
        "รอบการประเมินไม่ได้เปิดอยู่",
        ("page", "fragment", "api"),
    ),
    "withdraw-not-owner": QueueRule(
        "wg-strategy",
        "withdraw",
        {"reason": "ยืนยันผิด"},
        _verified,
        "เฉพาะกลุ่มงานเจ้าของแหล่งข้อมูลของตัวชี้วัดนี้เท่านั้น",
        ("page", "fragment", "api"),
    ),
    "withdraw-without-reason": QueueRule(
        "wg-coordination",
        "withdraw",
        {"reason": "\u200b \u2060"},
        _verified,
        "ต้องระบุเหตุผลที่ถอนการยืนยัน",
        ("page", "fragment", "api"),
    ),
}


def _try_queue(door: str, rule: QueueRule, round_, users, client_for, token) -> tuple[int, str]:
    r = Result.objects.get(indicator__code="I5", district__code="2001")
    typed = {f"{k}-{r.pk}": v for k, v in rule.typed.items()}
    headers = {"HTTP_HX_REQUEST": "true"} if door.endswith("fragment") else {}
    if door in ("page", "fragment"):
        url = reverse(f"result_{rule.action}", args=[r.pk])
        data = {**typed, f"version-{r.pk}": str(r.version)}
        response = client_for(rule.user).post(url, data, follow=door == "page", **headers)
        return response.status_code, response.content.decode()
    if door in ("bulk-page", "bulk-fragment"):
        data = {
            **typed,
            f"version-{r.pk}": str(r.version),
            "selected": str(r.pk),
            "do": "verify-selected",
        }
        response = client_for(rule.user).post(
            reverse("queue_decide", args=[round_.pk]), data, **headers
        )
        return response.status_code, response.content.decode()
    if door in ("api", "bulk-api"):
        body: dict[str, Any] = {"version": r.version, **rule.typed}
        url = f"/api/results/{r.pk}/{rule.action}"
        if door == "bulk-api":
            url = f"/api/rounds/{round_.pk}/verifications"
            body = {"action": "verify", "items": [{"result_id": r.pk, **body}]}
        response = client_for(None).post(
            url,
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token(rule.user)}",
        )
        return response.status_code, json.dumps(response.json(), ensure_ascii=False)
    csv = (
        "round,district,indicator,level,value,note\n"
        f"{round_.code},2001,I5,{rule.typed['level']},,{rule.typed['comment']}\n"
    ).encode()
    batch = exchange.import_check(round_=round_, user=users[rule.user], data=csv, name="x.csv")
    assert batch.status == "rejected", batch.summary
    return 0, json.dumps(batch.summary, ensure_ascii=False)


QUEUE_CASES = [(name, door) for name, rule in QUEUE_RULES.items() for door in rule.doors]


@pytest.mark.parametrize(("name", "door"), QUEUE_CASES, ids=[f"{n}-{d}" for n, d in QUEUE_CASES])
def test_a_verification_refused_is_refused_the_same_way_through_every_door(world, name, door):
    round_, users, client_for, token = world
    rule = QUEUE_RULES[name]
    rule.before(round_, users)
    before = state()
    status, shown = _try_queue(door, rule, round_, users, client_for, token)
    assert status < 500, shown[:500]
    assert status != 200 or door.endswith("fragment"), shown[:500]
    assert rule.message in shown, (door, shown[:800])
    assert state() == before  # nothing written, not even history
    if door in ("page", "fragment", "bulk-page", "bulk-fragment") and status != 403:
        # what was typed comes back in the row, beside the message
        for value in rule.typed.values():
            assert value in shown, (door, value)
