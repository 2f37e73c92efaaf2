"""The round's appraisal setup opened in two tabs (or by two officers of the province): the
later save never goes silently over the earlier one. It is refused with 409, what was typed
stays in the form, the saved setup is shown beside it, and saving again is then a choice."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from pramoen.appraisal import services
from pramoen.appraisal.models import AppraisalSetup
from pramoen.evaluation.errors import ConflictError
from pramoen.evaluation.models import HistoryEvent

pytestmark = pytest.mark.django_db

_VERSION = re.compile(r'name="version" value="(\d+)"')

TAB_ONE = {
    "method": "scale",
    "weight_achievement": "80",
    "weight_competency": "20",
    "code-1": "ACH",
    "name_th-1": "การมุ่งผลสัมฤทธิ์",
    "expected-1": "3",
}
TAB_TWO = {
    "method": "gap",
    "weight_achievement": "75",
    "weight_competency": "25",
    "code-1": "TEAM",
    "name_th-1": "การทำงานเป็นทีม",
    "expected-1": "2",
}


def _version_on(page: str) -> str:
    found = _VERSION.search(page)
    assert found, "the setup form carries the version it shows"
    return found.group(1)


def _stored(round_) -> tuple[str, Decimal, list[str], int]:
    setup = AppraisalSetup.objects.get(round=round_)
    return (
        setup.method,
        setup.weight_achievement,
        [c["code"] for c in setup.competencies],
        setup.version,
    )


def test_the_second_tab_is_refused_keeps_its_typing_and_may_then_save_knowingly(
    round_, users, client_for
):
    url = reverse("appraisal_setup", args=[round_.pk])
    one, two = client_for("province"), client_for("province")
    # both tabs open the page before either saves: the defaults, never saved
    shown_one = _version_on(one.get(url).content.decode())
    shown_two = _version_on(two.get(url).content.decode())
    assert shown_one == shown_two == "0"

    assert one.post(url, {**TAB_ONE, "version": shown_one}).status_code == 302
    assert _stored(round_) == ("scale", Decimal(80), ["ACH"], 1)
    history = HistoryEvent.objects.count()

    answer = two.post(url, {**TAB_TWO, "version": shown_two})
    assert answer.status_code == 409
    page = answer.content.decode()
    assert "มีผู้อื่นบันทึกการตั้งค่านี้" in page
    # nothing of tab two was written
    assert _stored(round_) == ("scale", Decimal(80), ["ACH"], 1)
    assert HistoryEvent.objects.count() == history
    # what tab two typed is still in the form
    form = page[page.index('id="setup-form"') :]
    assert 'value="75"' in form and 'value="TEAM"' in form and 'value="การทำงานเป็นทีม"' in form
    assert '<option value="gap" selected>' in form
    # the setup tab one saved is shown beside it
    latest = page[page.index('id="setup-latest"') :].split("</section>")[0]
    assert "การมุ่งผลสัมฤทธิ์" in latest and "80" in latest
    assert "บันทึกค่าของฉันทับการตั้งค่าล่าสุด" in form
    # the form now carries the saved version: saving again is deliberate, and goes through
    assert _version_on(form) == "1"
    again = two.post(url, {**TAB_TWO, "version": _version_on(form)})
    assert again.status_code == 302
    assert _stored(round_) == ("gap", Decimal(75), ["TEAM"], 2)


def test_a_stale_version_is_refused_by_the_service_and_nothing_is_written(round_, users):
    province = users["province"]
    rows = [{"code": "ACH", "name_th": "การมุ่งผลสัมฤทธิ์", "name_en": "", "expected": "3"}]
    first = services.setup_save(
        round_=round_, user=province, data=services.SetupInput("scale", "80", "20", rows, 0)
    )
    assert first.version == 1
    services.setup_save(
        round_=round_, user=province, data=services.SetupInput("gap", "70", "30", rows, 1)
    )
    history = HistoryEvent.objects.count()
    for stale in (0, 1, 7):  # the defaults, the version before, one never stored
        with pytest.raises(ConflictError, match="มีผู้อื่นบันทึกการตั้งค่านี้"):
            services.setup_save(
                round_=round_,
                user=province,
                data=services.SetupInput("scale", "90", "10", rows, stale),
            )
    assert _stored(round_) == ("gap", Decimal(70), ["ACH"], 2)
    assert HistoryEvent.objects.count() == history


def test_a_bad_version_on_the_page_is_a_thai_refusal_not_a_500(round_, users, client_for):
    url = reverse("appraisal_setup", args=[round_.pk])
    answer = client_for("province").post(url, {**TAB_ONE, "version": "๑x"})
    assert answer.status_code == 422
    assert 'value="80"' in answer.content.decode()
    assert not AppraisalSetup.objects.filter(round=round_).exists()


def test_a_setup_stored_at_version_zero_is_taken_over_not_refused_for_ever(
    round_, users, client_for
):
    # a row from before versions (the migration sets them to 1, but a row left at 0 must not
    # make every save a conflict: the page would show version 0 again and again)
    AppraisalSetup.objects.create(round=round_, method="gap", version=0)
    url = reverse("appraisal_setup", args=[round_.pk])
    page = client_for("province").get(url).content.decode()
    assert _version_on(page) == "0"
    answer = client_for("province").post(url, {**TAB_ONE, "version": "0"})
    assert answer.status_code == 302
    assert _stored(round_) == ("scale", Decimal(80), ["ACH"], 1)
