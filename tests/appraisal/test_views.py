"""The appraisal through its pages, as the people of a province use it: the evaluator rates,
a refused rating keeps what was typed, the evaluatee acknowledges, the supervisor's comment
closes it; the same rule answers through the page as through the service."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from pramoen.appraisal import services
from pramoen.appraisal.models import Appraisal, AppraisalStatus
from pramoen.evaluation.errors import InvalidInput

pytestmark = pytest.mark.django_db

GOOD = {"ACH": "3", "SERV": "4", "EXP": "2", "ING": "1", "TW": "3"}


def _url(evaluation, name="appraisal"):
    return reverse(name, args=[evaluation.round_id, "2001"])


def _rating_post(ratings, **extra):
    data = {"action": "rate", "version": "0", "comment": "ขยันมาก ต้องพัฒนาการเขียน"}
    data.update({f"rating-{k}": v for k, v in ratings.items()})
    data.update({"plan-what-1": "การเขียนรายงาน", "plan-how-1": "อบรม", "plan-when-1": "ไตรมาส 2"})
    data.update(extra)
    return data


def test_the_evaluation_page_links_the_appraisal_once_approved(approved, client_for):
    page = client_for("d2001").get(reverse("evaluation", args=[approved.round_id, "2001"]))
    assert _url(approved) in page.content.decode()


def test_the_evaluator_rates_and_everyone_sees_the_total(approved, client_for):
    boss = client_for("province")
    page = boss.get(_url(approved)).content.decode()
    assert 'id="rate-form"' in page and "85.50" in page  # the KPI achievement, not typed
    answer = boss.post(_url(approved, "appraisal_step"), _rating_post(GOOD))
    assert answer.status_code == 302
    page = client_for("d2001").get(_url(approved)).content.decode()
    assert re.search(r'data-score="total">\s*83\.85', page) and "ดีมาก" in page
    assert 'id="acknowledge"' in page and 'id="rate-form"' not in page
    assert "การเขียนรายงาน" in page


def test_a_refused_rating_keeps_what_was_typed_and_writes_nothing(approved, client_for):
    boss = client_for("province")
    typed = {**GOOD, "TW": ""}  # one competency left unrated
    answer = boss.post(_url(approved, "appraisal_step"), _rating_post(typed))
    page = answer.content.decode()
    assert answer.status_code == 422
    assert "ยังไม่ได้ประเมินสมรรถนะ: การทำงานเป็นทีม" in page
    assert "ขยันมาก ต้องพัฒนาการเขียน" in page and 'value="การเขียนรายงาน"' in page
    chosen = re.search(r'id="rating-SERV".*?</select>', page, re.S).group(0)
    assert '<option value="4" selected>' in chosen
    assert not Appraisal.objects.exists()


@pytest.mark.parametrize(
    ("ratings", "says"),
    [({**GOOD, "ACH": "6"}, "ไม่อยู่ในช่วง 1 ถึง 5"), ({**GOOD, "ACH": "สาม"}, "ต้องเป็นตัวเลข")],
)
def test_the_page_and_the_service_refuse_alike(approved, client_for, users, ratings, says):
    with pytest.raises(InvalidInput, match=says) as service:
        services.appraisal_rate(
            evaluation=approved,
            user=users["province"],
            ratings=ratings,
            comment="",
            plan=[],
            version=0,
        )
    data = _rating_post(ratings)  # a hand-made form: the page's own offers 1-5 only
    answer = client_for("province").post(_url(approved, "appraisal_step"), data)
    assert answer.status_code == 422
    assert service.value.message in answer.content.decode()
    assert not Appraisal.objects.exists()


def test_the_evaluatee_acknowledges_and_the_supervisor_closes(approved, client_for):
    client_for("province").post(_url(approved, "appraisal_step"), _rating_post(GOOD))
    other = client_for("d2002").post(
        _url(approved, "appraisal_step"), {"action": "acknowledge", "version": "1"}
    )
    assert other.status_code == 404  # another district does not see it at all
    officer = client_for("d2001")
    assert (
        officer.post(
            _url(approved, "appraisal_step"), {"action": "acknowledge", "version": "1"}
        ).status_code
        == 302
    )
    boss = client_for("province")
    boss.post(
        _url(approved, "appraisal_step"),
        {
            "action": "supervisor",
            "version": "2",
            "supervisor_name": "นายสมศักดิ์ ผู้ว่า",
            "supervisor_position": "ผู้ว่าราชการจังหวัดชลบุรี",
            "supervisor_comment": "เห็นด้วยกับผู้ประเมิน",
        },
    )
    appraisal = Appraisal.objects.get()
    assert appraisal.status == AppraisalStatus.FINAL
    page = officer.get(_url(approved)).content.decode()
    assert "ลงนามรับทราบโดย" in page and "นายสมศักดิ์ ผู้ว่า" in page


def test_a_stale_acknowledgement_is_shown_as_a_conflict(approved, client_for):
    client_for("province").post(_url(approved, "appraisal_step"), _rating_post(GOOD))
    answer = client_for("d2001").post(
        _url(approved, "appraisal_step"), {"action": "acknowledge", "version": "0"}
    )
    assert answer.status_code == 409 and "ถูกเปลี่ยนโดยผู้อื่นแล้ว" in answer.content.decode()


def test_the_setup_page_keeps_a_refused_entry(approved, client_for):
    boss = client_for("province")
    data = {
        "method": "gap",
        "weight_achievement": "60",
        "weight_competency": "40",
        "code-1": "A",
        "name_th-1": "การมุ่งผลสัมฤทธิ์",
        "expected-1": "3",
    }
    answer = boss.post(reverse("appraisal_setup", args=[approved.round_id]), data)
    page = answer.content.decode()
    assert answer.status_code == 422 and "ไม่น้อยกว่าร้อยละ 70" in page
    assert 'value="60"' in page and 'value="การมุ่งผลสัมฤทธิ์"' in page


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("th", "แบบประเมินอยู่ในขั้น “รอผู้รับการประเมินรับทราบ” ทำขั้นนี้ไม่ได้"),
        ("en", "The appraisal is at the step “Waiting for the evaluatee's acknowledgement”"),
    ],
)
def test_a_step_refused_by_status_names_the_status_in_the_readers_language(
    approved, client_for, language, says
):
    boss = client_for("province")
    boss.post(_url(approved, "appraisal_step"), _rating_post(GOOD))
    boss.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the language switch's cookie
    answer = boss.post(_url(approved, "appraisal_step"), _rating_post(GOOD, version="1"))
    page = html.unescape(answer.content.decode())
    assert answer.status_code == 409, page[:300]  # a step refused by state, as the API says
    assert says in page
    translation.deactivate()  # the request's language stays active in this thread
