"""A red team's findings on the appraisal and the fiscal year: each input that broke a rule
(a 5xx, an access leak, typed work lost, an invisible reason taken) through the page or the
API, kept as a test so it stays fixed."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from pramoen.appraisal import services
from pramoen.appraisal.models import Appraisal, AppraisalSetup, AppraisalStatus
from pramoen.appraisal.services import steps
from pramoen.evaluation.models import HistoryEvent
from pramoen.notifications.models import Notification

pytestmark = pytest.mark.django_db

GOOD = {"ACH": 3, "SERV": 4, "EXP": 2, "ING": 1, "TW": 3}


def _rated(evaluation, users) -> Appraisal:
    return services.appraisal_rate(
        evaluation=evaluation, user=users["province"], ratings=GOOD, comment="", plan=[], version=0
    )


def _acknowledged(evaluation, users) -> Appraisal:
    appraisal = _rated(evaluation, users)
    return services.appraisal_acknowledge(
        evaluation=evaluation, user=users["d2001"], version=appraisal.version
    )


def _written(evaluation) -> tuple[Any, ...]:
    return (
        list(Appraisal.objects.filter(evaluation=evaluation).values_list("version", "status")),
        HistoryEvent.objects.count(),
        Notification.objects.count(),
    )


def _step(client, evaluation, data: dict[str, str]):
    url = reverse("appraisal_step", args=[evaluation.round_id, evaluation.district.code])
    return client.post(url, data)


# --- invisible text taken as a reason, a witness, a supervisor's name ----------------------

INVISIBLE = {
    "braille-blank": "\u2800",
    "variation-selector": "\ufe0f",
    "tag-space": "\U000e0020",
    "braille-and-ideographic-space": "\u2800\u3000\u2800",
}


@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_reopen_reason_is_refused_and_nothing_is_written(
    approved, users, client_for, text
):
    _rated(approved, users)
    before = _written(approved)
    answer = _step(
        client_for("province"), approved, {"action": "reopen", "version": "1", "reason": text}
    )
    assert answer.status_code == 422
    assert "ต้องระบุเหตุผล" in answer.content.decode()
    assert _written(approved) == before


@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_supervisor_name_or_witness_is_refused(approved, users, client_for, text):
    _rated(approved, users)
    province = client_for("province")
    answer = _step(province, approved, {"action": "not-signed", "version": "1", "witness": text})
    assert answer.status_code == 422
    services.appraisal_acknowledge(evaluation=approved, user=users["d2001"], version=1)
    before = _written(approved)
    answer = _step(
        province, approved, {"action": "supervisor", "version": "2", "supervisor_name": text}
    )
    assert answer.status_code == 422
    assert _written(approved) == before
    assert Appraisal.objects.get(evaluation=approved).status == AppraisalStatus.SUPERVISOR


# --- the round's setup ------------------------------------------------------------------------


def _setup_form(**overrides: str) -> dict[str, str]:
    form = {
        "method": "gap",
        "weight_achievement": "70",
        "weight_competency": "30",
        "code-1": "ACH",
        "name_th-1": "การมุ่งผลสัมฤทธิ์",
        "expected-1": "3",
    }
    form.update(overrides)
    return form


WEIGHTS = {
    # Decimal reads these, and adding them to the other weight overflowed: a 500
    "exponent-overflow": ("1e1000000", "30"),
    "negative-exponent-overflow": ("-1e1000000", "30"),
    # the column keeps two places: this was saved as 70.00 and 30.00, not what was typed
    "three-places": ("70.001", "29.999"),
}


@pytest.mark.parametrize(("achievement", "competency"), WEIGHTS.values(), ids=WEIGHTS.keys())
def test_a_weight_the_column_cannot_hold_is_refused_and_shown_back(
    round_, users, client_for, achievement, competency
):
    history = HistoryEvent.objects.count()
    url = reverse("appraisal_setup", args=[round_.pk])
    answer = client_for("province").post(
        url, _setup_form(weight_achievement=achievement, weight_competency=competency)
    )
    assert answer.status_code == 422
    page = answer.content.decode()
    assert "น้ำหนัก" in page
    assert f'value="{achievement}"' in page  # what was typed, not the stored weight
    assert not AppraisalSetup.objects.filter(round=round_).exists()
    assert HistoryEvent.objects.count() == history


def test_thai_digit_weights_are_still_taken(round_, users, client_for):
    url = reverse("appraisal_setup", args=[round_.pk])
    answer = client_for("province").post(
        url, _setup_form(weight_achievement="๗๕.๕", weight_competency="๒๔.๕")
    )
    assert answer.status_code == 302
    setup = services.setup_of(round_)
    assert (setup.weight_achievement, setup.weight_competency) == (Decimal("75.5"), Decimal("24.5"))


# --- the API's rating ---------------------------------------------------------------------

CODES = {
    # a JSON string may hold a lone surrogate; echoed in the refusal, it could not be encoded
    "lone-surrogate": '"\\ud800"',
    "surrogate-and-nul": '"A\\ud800\\u0000"',
    "enormous": json.dumps("A" * 100_000),
}


@pytest.mark.parametrize("code", CODES.values(), ids=CODES.keys())
def test_an_odd_competency_code_through_the_api_is_refused_not_a_500(
    approved, users, api_for, code
):
    before = _written(approved)
    ratings = json.dumps(GOOD)[:-1] + f", {code}: 3}}"
    answer = api_for("province").put(
        f"/api/evaluations/{approved.pk}/appraisal/rating",
        data=f'{{"ratings": {ratings}, "version": 0}}',
        content_type="application/json",
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["field"].startswith("rating")
    assert len(answer.content) < 2000  # the refusal does not echo 100,000 characters
    assert _written(approved) == before


# --- typed work shown back when a step is refused ----------------------------------------


def _shown(answer, *texts: str) -> None:
    page = answer.content.decode()
    for text in texts:
        assert text in page, text


def test_a_refused_witness_is_shown_back(approved, users, client_for):
    _rated(approved, users)
    answer = _step(
        client_for("province"),
        approved,
        {"action": "not-signed", "version": "0", "witness": "นายพยาน ทดสอบ ปลัดอำเภอ"},
    )
    assert answer.status_code == 409  # a stale tab
    _shown(answer, 'value="นายพยาน ทดสอบ ปลัดอำเภอ"')


def test_a_refused_supervisor_comment_is_shown_back(approved, users, client_for):
    _acknowledged(approved, users)
    before = _written(approved)
    answer = _step(
        client_for("province"),
        approved,
        {
            "action": "supervisor",
            "version": "2",
            "supervisor_name": "",  # refused: the name is required
            "supervisor_position": "รองผู้ว่าราชการจังหวัด",
            "supervisor_comment": "เห็นด้วยกับผลการประเมิน\nควรพัฒนาการทำงานเป็นทีม",
        },
    )
    assert answer.status_code == 422
    _shown(
        answer,
        'value="รองผู้ว่าราชการจังหวัด"',
        ">เห็นด้วยกับผลการประเมิน\nควรพัฒนาการทำงานเป็นทีม</textarea>",
    )
    assert _written(approved) == before


def test_a_refused_reopen_reason_is_shown_back(approved, users, client_for):
    _acknowledged(approved, users)
    answer = _step(
        client_for("province"),
        approved,
        {"action": "reopen", "version": "1", "reason": "ผู้ประเมินกรอกระดับผิด"},
    )
    assert answer.status_code == 409  # another tab acknowledged it meanwhile
    _shown(answer, ">ผู้ประเมินกรอกระดับผิด</textarea>")


def _rows(count: int) -> dict[str, str]:
    form = _setup_form()
    for n in range(1, count + 1):
        form.update({f"code-{n}": f"C{n}", f"name_th-{n}": f"สมรรถนะ {n}", f"expected-{n}": "3"})
    return form


def test_a_setup_of_more_competencies_than_the_limit_is_refused_not_cut(round_, users, client_for):
    # the page shows two empty rows below a full set; what is typed there was dropped
    url = reverse("appraisal_setup", args=[round_.pk])
    answer = client_for("province").post(url, _rows(22))
    assert answer.status_code == 422
    assert "ไม่เกิน 20 รายการ" in answer.content.decode()
    assert 'value="C22"' in answer.content.decode()
    assert not AppraisalSetup.objects.filter(round=round_).exists()


def test_a_setup_of_twenty_competencies_is_taken(round_, users, client_for):
    url = reverse("appraisal_setup", args=[round_.pk])
    assert client_for("province").post(url, _rows(20)).status_code == 302
    assert len(services.setup_of(round_).competencies) == 20


# --- who reads an appraisal -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["wg-coordination", "wg-strategy"])
def test_a_work_group_reads_no_appraisal_as_it_reads_no_summary(
    approved, users, client_for, api_for, who
):
    # personnel results: the summary refuses the work groups, and so must each appraisal
    _rated(approved, users)
    args = [approved.round_id, "2001"]
    client = client_for(who)
    assert client.get(reverse("appraisal", args=args)).status_code == 403
    for fmt in ("pdf", "xlsx"):
        assert client.get(reverse("appraisal_file", args=[*args, fmt])).status_code == 403
    assert api_for(who).get(f"/api/evaluations/{approved.pk}/appraisal").status_code == 403
    # the KPI evaluation itself stays theirs to read, without the way to the appraisal
    page = client.get(reverse("evaluation", args=args))
    assert page.status_code == 200
    assert 'id="appraisal-link"' not in page.content.decode()


@pytest.mark.parametrize("who", ["province", "viewer", "d2001"])
def test_the_province_its_viewers_and_the_evaluatee_read_the_appraisal(
    approved, users, client_for, api_for, who
):
    _rated(approved, users)
    args = [approved.round_id, "2001"]
    client = client_for(who)
    assert client.get(reverse("appraisal", args=args)).status_code == 200
    assert client.get(reverse("appraisal_file", args=[*args, "pdf"])).status_code == 200
    assert api_for(who).get(f"/api/evaluations/{approved.pk}/appraisal").status_code == 200
    assert 'id="appraisal-link"' in client.get(reverse("evaluation", args=args)).content.decode()


# --- a reopened appraisal ---------------------------------------------------------------


def _final(evaluation, users) -> Appraisal:
    appraisal = _acknowledged(evaluation, users)
    return services.appraisal_supervisor(
        evaluation=evaluation,
        user=users["province"],
        name="นายผู้บังคับบัญชา เดิม",
        position="รองผู้ว่าราชการจังหวัด",
        comment="ความเห็นต่อการประเมินครั้งก่อน",
        version=appraisal.version,
    )


@pytest.mark.parametrize("reopen", ["appraisal", "kpi"])
def test_a_reopened_appraisal_keeps_no_supervisor_comment_of_the_rating_before(
    approved, users, client_for, api_for, reopen
):
    # the reopen says the supervisor's comment is cleared; the API and the PDF still gave it
    appraisal = _final(approved, users)
    if reopen == "appraisal":
        services.appraisal_reopen(
            evaluation=approved, user=users["province"], reason="แก้ระดับ", version=appraisal.version
        )
    else:
        from pramoen.evaluation import services as evaluation_services

        evaluation_services.evaluation_reopen(
            evaluation=approved,
            user=users["province"],
            reason="แก้ผลตัวชี้วัด",
            version=approved.version,
        )
    body = api_for("province").get(f"/api/evaluations/{approved.pk}/appraisal").json()
    assert body["status"] == "rating"
    assert (body["supervisor_name"], body["supervisor_comment"]) == ("", "")
    kept = Appraisal.objects.get(evaluation=approved)
    assert (kept.supervisor_name, kept.supervisor_position, kept.supervisor_comment) == ("", "", "")
    # what the supervisor wrote stays in the history of the reopen
    event = HistoryEvent.objects.filter(action="appraisal_reopened").latest("id")
    assert event.old["supervisor_comment"] == "ความเห็นต่อการประเมินครั้งก่อน"


@pytest.mark.parametrize(
    ("code", "name"),
    [("\u200b", "การมุ่งผลสัมฤทธิ์"), ("ACH", "\u2800"), ("ACH", "\u200b\u200d")],
    ids=["zero-width-code", "braille-blank-name", "zero-width-name"],
)
def test_a_competency_of_an_invisible_code_or_name_is_refused(
    round_, users, client_for, code, name
):
    url = reverse("appraisal_setup", args=[round_.pk])
    answer = client_for("province").post(url, _setup_form(**{"code-1": code, "name_th-1": name}))
    assert answer.status_code == 422
    assert "ต้องมีทั้งรหัสและชื่อ" in answer.content.decode()
    assert not AppraisalSetup.objects.filter(round=round_).exists()


# --- two tabs ------------------------------------------------------------------------------


def test_two_first_ratings_at_once_give_one_appraisal_and_a_409_not_a_500(
    approved, users, client_for, monkeypatch
):
    # two tabs send the first rating at the same moment: both read "no appraisal yet"; the
    # later one's insert meets the earlier one's row (the one-to-one key)
    _rated(approved, users)
    before = _written(approved)
    monkeypatch.setattr(  # where the rating step reads it
        steps, "appraisal_of", lambda evaluation: Appraisal(evaluation=evaluation)
    )
    data = {"action": "rate", "version": "0", **{f"rating-{k}": str(v) for k, v in GOOD.items()}}
    data["comment"] = "ความเห็นของแท็บที่สอง"
    answer = _step(client_for("province"), approved, data)
    assert answer.status_code == 409
    assert "ถูกเปลี่ยนโดยผู้อื่น" in answer.content.decode()
    assert _written(approved) == before


def test_a_stale_tabs_rating_is_shown_back_apart_from_what_is_saved(approved, users, client_for):
    _rated(approved, users)  # tab one rated (ACH 3); tab two still shows the rating form
    data = {"action": "rate", "version": "0", **{f"rating-{k}": str(v) for k, v in GOOD.items()}}
    data.update({"rating-ACH": "1", "comment": "ความเห็นของแท็บที่สอง", "plan-what-1": "ฝึกอบรม"})
    answer = _step(client_for("province"), approved, data)
    assert answer.status_code == 409
    page = answer.content.decode()
    # the saved ratings stay as saved (ACH 3, 3 points), not the refused ones
    row = page[page.index('data-competency="ACH"') :].split("</tr>")[0]
    assert "<td>3</td><td>3</td><td>3</td>" in row, row
    # what tab two typed is there to copy, marked as not saved
    unsaved = page[page.index('id="unsaved"') :].split("</section>")[0]
    assert "ความเห็นของแท็บที่สอง" in unsaved
    assert "ฝึกอบรม" in unsaved


def test_a_work_group_reads_no_appraisal_step_in_the_evaluation_history(
    approved, users, client_for
):
    appraisal = _rated(approved, users)
    services.appraisal_not_signed(
        evaluation=approved,
        user=users["province"],
        witness="นายพยาน ลับเฉพาะ",
        version=appraisal.version,
    )
    url = reverse("evaluation_history", args=[approved.round_id, "2001"])
    for headers in ({}, {"HX-Request": "true"}):
        page = client_for("wg-coordination").get(url, headers=headers).content.decode()
        assert "นายพยาน ลับเฉพาะ" not in page
        assert "อนุมัติ" in page  # the KPI evaluation's own history is still there
        assert (
            "นายพยาน ลับเฉพาะ" in client_for("province").get(url, headers=headers).content.decode()
        )


# --- odd paths --------------------------------------------------------------------------------


@pytest.mark.parametrize("round_id", ["9223372036854775808", "99999999999999999999"])
def test_a_round_id_beyond_the_columns_range_is_not_found_not_a_500(
    approved, users, client_for, round_id
):
    client = client_for("province")
    base = f"/rounds/{round_id}/d/2001/appraisal"
    assert client.get(f"{base}/").status_code == 404
    assert client.get(f"{base}.pdf").status_code == 404
    assert client.post(f"{base}/step/", {"action": "rate", "version": "0"}).status_code == 404
    assert client.get(f"/rounds/{round_id}/d/2001/").status_code == 404  # the KPI page too
