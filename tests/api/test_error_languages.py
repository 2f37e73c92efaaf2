"""A service's refusal with values filled in (codes, names, limits) reaches the API in Thai and in
real English, the same values in both: the English is the catalogue's translation of the msgid,
formatted with the same values, never the code's generic text."""

from __future__ import annotations

import json

import pytest

from pramoen.appraisal.models import Appraisal
from pramoen.evaluation import services
from pramoen.evaluation.models import Evaluation, Result
from pramoen.testing import factories
from tests.evaluation.services.helpers import result, submitted

pytestmark = pytest.mark.django_db

GOOD = {"ACH": 3, "SERV": 4, "EXP": 2, "ING": 1, "TW": 3}
I4_HOUSEHOLDS = "มีการพัฒนา และหรือช่วยเหลือครัวเรือนยากจนเป้าหมาย"


@pytest.fixture
def approved(round_, users):
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_verified(round_=round_, users=users, district="2001")
    ev = factories.evaluation_of(round_, "2001")
    services.evaluation_approve(evaluation=ev, user=users["province"], version=ev.version)
    return factories.evaluation_of(round_, "2001")


def _send(client, method, url, body):
    response = getattr(client, method)(url, data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def _rate(client, evaluation, body):
    return _send(client, "put", f"/api/evaluations/{evaluation.pk}/appraisal/rating", body)


def test_a_competency_outside_the_set_is_named_in_thai_and_in_english(approved, api_for):
    status, body = _rate(
        api_for("province"), approved, {"ratings": {**GOOD, "XX": 3}, "version": 0}
    )
    assert status == 422, body
    assert body["code"] == "validation" and body["field"] == "ratings"
    assert body["message_th"] == "สมรรถนะ XX ไม่อยู่ในชุดสมรรถนะของรอบนี้"
    assert body["message_en"] == "Competency XX is not in this round's set"
    assert not Appraisal.objects.exists()


def test_a_level_out_of_range_names_the_competency_in_each_language(approved, api_for):
    status, body = _rate(
        api_for("province"), approved, {"ratings": {**GOOD, "ACH": 6}, "version": 0}
    )
    assert status == 422, body
    assert body["message_th"] == "สมรรถนะ การมุ่งผลสัมฤทธิ์: ระดับไม่อยู่ในช่วง 1 ถึง 5"
    assert body["message_en"] == "Competency Achievement motivation: the level is not from 1 to 5"


def test_a_step_refused_by_status_names_the_status_in_each_language(approved, api_for):
    assert _rate(api_for("province"), approved, {"ratings": GOOD, "version": 0})[0] == 200
    # rated: now waiting for the evaluatee, so a second rating is refused by the status
    status, body = _rate(api_for("province"), approved, {"ratings": GOOD, "version": 1})
    assert status == 409, body
    assert body["code"] == "workflow"
    assert body["message_th"] == "แบบประเมินอยู่ในขั้น “รอผู้รับการประเมินรับทราบ” ทำขั้นนี้ไม่ได้"
    assert body["message_en"] == (
        "The appraisal is at the step “Waiting for the evaluatee's acknowledgement”; "
        "this step cannot be done now"
    )


def test_a_value_over_its_limit_says_the_limit_in_both(round_, api_for):
    evaluation = Evaluation.objects.get(round=round_, district__code="2001")
    status, body = _send(
        api_for("d2001"),
        "put",
        f"/api/evaluations/{evaluation.pk}/results/I4",
        {"version": 0, "met": [1], "values": {I4_HOUSEHOLDS: "99999999999"}},
    )
    assert status == 422, body
    assert body["errors"] == [
        {
            "field": f"values.{I4_HOUSEHOLDS}",
            "type": "less_than_equal",
            "message_th": "มากเกินไป ต้องไม่เกิน 9,999,999,999.9999",
            "message_en": "Too large: at most 9,999,999,999.9999",
        }
    ]
    assert not Result.objects.exists()


def test_a_stale_version_in_a_batch_is_a_conflict_in_both(round_, users, api_for):
    submitted(round_, users)
    items = [{"result_id": result("I1").pk, "version": result("I1").version + 3, "level": 4}]
    status, body = _send(
        api_for("wg-promotion"),
        "post",
        f"/api/rounds/{round_.pk}/verifications",
        {"action": "verify", "items": items},
    )
    assert status == 409, body
    assert body["message_th"].startswith("ยังไม่ได้บันทึกรายการใดเลย: 1 รายการทำไม่ได้")
    assert body["message_en"].startswith("Nothing was saved: 1 of the selected items")
    (item,) = body["errors"]
    assert item["field"] == "items.0.version"
    assert item["message_en"].startswith("Someone else has already saved a result")
