"""Reading through the API: the organisation, rounds, the scorecard as the core has it,
evaluations scoped as in the web app, and the core's scores."""

from __future__ import annotations

import json

import pytest

from pramoen.core import IndicatorResult, display, score_district
from pramoen.core.report import indicator_dict, number
from pramoen.evaluation.models import Evaluation
from pramoen.evaluation.selectors import core_indicator, round_indicators, round_scorecard
from pramoen.testing import factories

pytestmark = pytest.mark.django_db

# Mueang Chonburi, verified: T1 4, T2 5, I1 4, I2a 3, I3a 5, I4 3, I5 5, I6 5
LEVELS = {"T1": 4, "T2": 5, "I1": 4, "I2a": 3, "I3a": 5, "I4": 3, "I5": 5, "I6": 5}


@pytest.fixture
def verified(round_, users, api_for):
    """Mueang Chonburi's results entered through the API, then verified by the work groups."""
    factories.shared_results_entered(round_=round_, users=users)
    ev = Evaluation.objects.get(round=round_, district__code="2001")
    officer = api_for("d2001")
    entries = {
        "I1": {"met": [1, 2, 3, 4]},
        "I2a": {"value": 6},
        "I3a": {"met": [1, 2, 3, 4, 5]},
        "I4": {"met": [1, 2, 3]},
        "I5": {"value": "9.5"},
        "I6": {"met": [1, 2, 3, 4, 5]},
    }
    for code, body in entries.items():
        response = officer.put(
            f"/api/evaluations/{ev.pk}/results/{code}",
            {"version": 0, **body},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
    ev = factories.evaluation_submitted(round_=round_, user=users["d2001"])
    # I2a 6 programmes reach level 3 as entered; the rest are verified as reported
    factories.results_verified(round_=round_, users=users, district="2001")
    return ev


def test_districts_and_work_groups_are_the_callers_province(round_, api_for):
    client = api_for("viewer")
    districts = client.get("/api/districts").json()
    assert [d["code"] for d in districts] == [f"20{n:02d}" for n in range(1, 12)]
    assert districts[0] == {"code": "2001", "name_th": "เมืองชลบุรี", "name_en": "Mueang Chon Buri"}
    groups = {g["code"] for g in client.get("/api/work-groups").json()}
    assert groups == {"coordination", "strategy", "promotion", "information"}


def test_a_round_not_yet_open_is_for_the_province_office_only(round_, api_for):
    round_.status = "draft"
    round_.save()
    assert [r["id"] for r in api_for("province").get("/api/rounds").json()] == [round_.pk]
    assert api_for("viewer").get("/api/rounds").json() == []
    assert api_for("d2001").get(f"/api/rounds/{round_.pk}").status_code == 404


def test_a_round_has_its_period_shares_and_bands(round_, api_for):
    body = api_for("d2001").get(f"/api/rounds/{round_.pk}").json()
    assert body["code"] == "2568-1" and body["fiscal_year"] == 2568
    assert (body["period_start"], body["period_end"]) == ("2024-10-01", "2025-03-31")
    assert (body["status"], body["status_th"], body["status_en"]) == ("open", "เปิดรอบ", "Open")
    assert body["team_share"] == 0.5 and body["shares_default"] is True
    assert body["bands"][0] == {"minimum": 90, "label_th": "ดีเด่น", "label_en": "Outstanding"}


def test_the_scorecard_is_the_cores_view_of_the_round(round_, api_for):
    body = api_for("d2002").get(f"/api/rounds/{round_.pk}/scorecard").json()
    indicators = round_indicators(round_)
    scorecard = round_scorecard(round_, indicators)
    expected = json.loads(
        json.dumps([indicator_dict(core_indicator(i), scorecard) for i in indicators])
    )
    extra = ("work_group", "shared", "measures")
    assert [{k: v for k, v in i.items() if k not in extra} for i in body["indicators"]] == expected
    i5 = next(i for i in body["indicators"] if i["id"] == "I5")
    assert i5["levels"][4]["criteria"] == [
        {"measure": "หนี้เกินกำหนดชำระ", "op": "<", "value": 10, "unit": "%"}
    ]
    t1 = body["indicators"][0]
    assert (t1["id"], t1["shared"], t1["work_group"]) == ("T1", True, "coordination")
    i3a = next(i for i in body["indicators"] if i["id"] == "I3a")
    assert i3a["applies_to"] == ["2001", "2004", "2006", "2009"]  # "บ้านนา" is not Chonburi


def test_a_district_officer_lists_only_their_own_evaluation(round_, api_for):
    own = api_for("d2001").get(f"/api/rounds/{round_.pk}/evaluations").json()
    assert [e["district"]["code"] for e in own] == ["2001"]
    every = api_for("wg-strategy").get(f"/api/rounds/{round_.pk}/evaluations").json()
    assert len(every) == 11
    assert every[0]["status"] == "draft" and every[0]["status_th"] == "ร่าง"


def test_an_evaluation_lists_its_indicators_and_whether_the_caller_may_edit(round_, api_for):
    ev = Evaluation.objects.get(round=round_, district__code="2001")
    mine = api_for("d2001").get(f"/api/evaluations/{ev.pk}").json()
    assert mine["indicators"] == ["T1", "T2", "I1", "I2a", "I3a", "I4", "I5", "I6"]
    assert mine["can_edit"] is True
    assert api_for("province").get(f"/api/evaluations/{ev.pk}").json()["can_edit"] is False


def test_evaluation_scores_are_the_cores_official_and_reported_scores(verified, api_for):
    body = api_for("viewer").get(f"/api/evaluations/{verified.pk}/scores").json()
    scorecard = round_scorecard(verified.round)
    expected = score_district(
        scorecard,
        scorecard.district("2001"),
        {k: IndicatorResult(level=v) for k, v in LEVELS.items()},
    )
    official = body["official"]
    assert official["achievement"] == number(display(expected.achievement)) == 85.5
    assert official["team"]["score"] == 88 and official["individual"]["score"] == 83
    assert (official["rating"], official["rating_en"]) == ("ดีมาก", "Very good")
    assert {i["id"]: i["level"] for i in official["individual"]["indicators"]} == {
        k: v for k, v in LEVELS.items() if k.startswith("I")
    }
    assert body["reported"]["achievement"] == 85.5  # verified as reported
    assert body["shares"] == {"team": 0.5, "individual": 0.5, "default": True}


def test_round_scores_give_every_district_official_and_reported(verified, api_for):
    body = api_for("wg-coordination").get(f"/api/rounds/{verified.round_id}/scores").json()
    rows = {row["district"]["code"]: row for row in body["districts"]}
    assert len(rows) == 11
    mueang = rows["2001"]
    assert mueang["status"] == "submitted"
    assert (mueang["verified"], mueang["applicable"]) == (8, 8)
    assert mueang["official"] == {
        "team": 88,
        "individual": 83,
        "achievement": 85.5,
        "rating": "ดีมาก",
        "rating_en": "Very good",
    }
    # Ban Bueng entered nothing: only the province-wide team results count
    assert rows["2002"]["official"]["team"] == 88
    assert rows["2002"]["reported"]["individual"] == 0


def test_scores_before_anything_is_verified_are_zero_with_the_lowest_rating(round_, api_for):
    ev = Evaluation.objects.get(round=round_, district__code="2005")
    body = api_for("province").get(f"/api/evaluations/{ev.pk}/scores").json()
    assert body["official"]["achievement"] == 0
    assert body["official"]["rating_en"] == "Needs improvement"
