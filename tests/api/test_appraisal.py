"""The appraisal through the API: the same figures as the page, the same refusals as the
service and the page (rule × door), nothing written by a refused call."""

from __future__ import annotations

import json

import pytest

from pramoen.appraisal.models import Appraisal
from pramoen.evaluation import services
from pramoen.testing import factories

pytestmark = pytest.mark.django_db

GOOD = {"ACH": 3, "SERV": 4, "EXP": 2, "ING": 1, "TW": 3}


@pytest.fixture
def approved(round_, users):
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_verified(round_=round_, users=users, district="2001")
    ev = factories.evaluation_of(round_, "2001")
    services.evaluation_approve(evaluation=ev, user=users["province"], version=ev.version)
    return factories.evaluation_of(round_, "2001")


def _put(client, ev, body):
    return client.put(
        f"/api/evaluations/{ev.pk}/appraisal/rating",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_rated_through_the_api_and_read_back(approved, api_for):
    answer = _put(api_for("province"), approved, {"ratings": GOOD, "version": 0})
    assert answer.status_code == 200, answer.content
    got = api_for("d2001").get(f"/api/evaluations/{approved.pk}/appraisal").json()
    # 85.5 × 70 % + 80 × 30 % = 83.85 (tests/appraisal: the same by hand)
    assert got["achievement"] == 85.5 and got["competency"] == 80 and got["total"] == 83.85
    assert got["band_th"] == "ดีมาก" and got["status"] == "acknowledging"
    ack = api_for("d2001").post(
        f"/api/evaluations/{approved.pk}/appraisal/acknowledge",
        data=json.dumps({"version": got["version"]}),
        content_type="application/json",
    )
    assert ack.status_code == 200 and ack.json()["acknowledged_at"]


@pytest.mark.parametrize(
    ("ratings", "says"),
    [({**GOOD, "ACH": 6}, "ไม่อยู่ในช่วง 1 ถึง 5"), ({**GOOD, "XX": 3}, "ไม่อยู่ในชุดสมรรถนะ")],
)
def test_a_bad_level_is_refused_as_the_page_refuses_it(approved, api_for, ratings, says):
    answer = _put(api_for("province"), approved, {"ratings": ratings, "version": 0})
    assert answer.status_code == 422
    assert says in answer.json()["message_th"]
    assert not Appraisal.objects.exists()


def test_rating_before_the_kpi_approval_is_a_conflict_of_state(round_, api_for):
    ev = factories.evaluation_of(round_, "2001")
    answer = _put(api_for("province"), ev, {"ratings": GOOD, "version": 0})
    assert answer.status_code == 409
    assert "ได้รับอนุมัติแล้วเท่านั้น" in answer.json()["message_th"]
    assert not Appraisal.objects.exists()


def test_an_acknowledgement_by_someone_else_is_forbidden(approved, api_for):
    _put(api_for("province"), approved, {"ratings": GOOD, "version": 0})
    answer = api_for("province").post(
        f"/api/evaluations/{approved.pk}/appraisal/acknowledge",
        data=json.dumps({"version": 1}),
        content_type="application/json",
    )
    assert answer.status_code == 403 and "ผู้รับการประเมิน" in answer.json()["message_th"]
    assert Appraisal.objects.get().acknowledged_at is None


def _post(client, ev, step, body):
    return client.post(
        f"/api/evaluations/{ev.pk}/appraisal/{step}",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_the_evaluators_other_steps_through_the_api(approved, api_for):
    from pramoen.evaluation.models import HistoryEvent

    boss = api_for("province")
    assert _put(boss, approved, {"ratings": GOOD, "version": 0}).status_code == 200
    got = _post(
        boss, approved, "not-signed", {"witness": "นางสาวพยาน ตำแหน่งนักพัฒนาชุมชน", "version": 1}
    )
    assert got.status_code == 200, got.content
    assert got.json()["not_signed"] is True and got.json()["status"] == "supervisor"
    got = _post(boss, approved, "supervisor", {"name": "นายผู้ว่า", "comment": "เห็นด้วย", "version": 2})
    assert got.status_code == 200 and got.json()["status"] == "final"
    assert got.json()["supervisor_comment"] == "เห็นด้วย"
    got = _post(boss, approved, "reopen", {"reason": "ทบทวนคะแนนสมรรถนะ", "version": 3})
    assert got.status_code == 200 and got.json()["status"] == "rating"
    kinds = list(
        HistoryEvent.objects.filter(evaluation=approved, action__startswith="appraisal")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert kinds[-3:] == ["appraisal_not_signed", "appraisal_supervisor", "appraisal_reopened"]
