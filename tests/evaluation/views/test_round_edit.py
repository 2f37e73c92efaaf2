"""The round editor's pages: every field shown, the checker's findings beside their fields as
one types (nothing written), a rejected save keeping what was typed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pramoen.evaluation.models import HistoryEvent, Indicator
from pramoen.evaluation.selectors.round_edit import IndicatorInput
from pramoen.testing import factories
from tests.web.conftest import DOC

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(province):
    return factories.round_imported(province=province, document=DOC)


def _row(round_, code):
    return (
        Indicator.objects.select_related("work_group")
        .prefetch_related("levels", "districts")
        .get(round=round_, code=code)
    )


def _form(round_) -> dict[str, object]:
    """Every indicator's fields as the page posts them."""
    data: dict[str, object] = {}
    for row in Indicator.objects.filter(round=round_).prefetch_related("levels", "districts"):
        p, d = f"i{row.pk}", IndicatorInput.of(row)
        data.update(
            {
                f"{p}-code": d.code,
                f"{p}-group": d.group,
                f"{p}-title": d.title,
                f"{p}-weight": d.weight,
                f"{p}-work_group": row.work_group.code,
                f"{p}-districts": list(d.districts),
                f"{p}-shared": "1" if d.shared else "0",
            }
        )
        data.update({f"{p}-level{n}": t for n, t in enumerate(d.levels, 1)})
    return data


def _findings(page: str, element_id: str) -> str:
    m = re.search(rf'<div id="{element_id}"[^>]*>(.*?)</div>', page, re.S)
    assert m, element_id
    return m.group(1)


def _sums(page: str, district: str) -> tuple[str, str]:
    m = re.search(
        rf'<tr data-district="{district}">.*?data-group="team">([^<]*)</td>'
        rf'.*?data-group="individual">([^<]*)</td>',
        page,
        re.S,
    )
    assert m, district
    return m.group(1), m.group(2)


def test_the_page_shows_every_field_and_the_documents_findings(draft, client_for):
    response = client_for("province").get(reverse("round_edit", args=[draft.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for code in ("T1", "T2", "I1", "I2a", "I2b", "I3a", "I3b", "I4", "I5", "I6", "I7"):
        assert f'data-indicator="{code}"' in page
    i2b, i3a = _row(draft, "I2b"), _row(draft, "I3a")
    assert "น้อยกว่าระดับ ๔" in _findings(page, f"i{i2b.pk}-chk-level5")
    assert _findings(page, f"i{i2b.pk}-chk-level4") == ""
    assert "บ้านนา" in _findings(page, f"i{i3a.pk}-chk-districts")
    assert _sums(page, "2005") == ("100", "85") and _sums(page, "2001") == ("100", "100")
    assert reverse("round_detail", args=[draft.pk]) + "#team_share" in page
    detail = client_for("province").get(reverse("round_detail", args=[draft.pk]))
    assert reverse("round_edit", args=[draft.pk]) in detail.content.decode()


def test_the_check_places_findings_for_what_is_typed_and_writes_nothing(draft, client_for):
    i2b, i5 = _row(draft, "I2b"), _row(draft, "I5")
    data = _form(draft)
    data[f"i{i5.pk}-weight"] = "30"  # every district's individual total moves by 15
    data[f"i{i2b.pk}-level5"] = str(data[f"i{i2b.pk}-level5"]).replace("๕ ครั้ง", "๗ ครั้ง")
    data[f"i{i2b.pk}-level2"] = ""
    response = client_for("province").post(reverse("round_edit_check", args=[draft.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert _sums(page, "2005") == ("100", "100") and _sums(page, "2001") == ("100", "115")
    assert 'class="num bad" data-group="individual">115' in page
    assert _findings(page, f"i{i2b.pk}-chk-level5") == ""  # the order fixed
    assert "ไม่มีเกณฑ์ระดับ ๒" in _findings(page, f"i{i2b.pk}-chk-level2")
    assert 'hx-swap-oob="true"' in page
    assert (
        _row(draft, "I5").weight == 15
        and not HistoryEvent.objects.filter(action="indicator_update").exists()
    )


def test_ticking_a_district_clears_the_sum_it_was_missing(draft, client_for):
    i3a = _row(draft, "I3a")
    data = _form(draft)
    data[f"i{i3a.pk}-districts"] = [*data[f"i{i3a.pk}-districts"], "2005", "2007"]
    page = (
        client_for("province")
        .post(reverse("round_edit_check", args=[draft.pk]), data)
        .content.decode()
    )
    assert _sums(page, "2005") == ("100", "100") and _sums(page, "2007") == ("100", "100")


def test_a_rejected_save_keeps_what_was_typed(draft, client_for):
    t1 = _row(draft, "T1")
    data = _form(draft)
    data[f"i{t1.pk}-weight"] = "สิบ"
    data[f"i{t1.pk}-title"] = "ชื่อที่พิมพ์ไว้"
    response = client_for("province").post(
        reverse("round_edit_indicator", args=[draft.pk, "T1"]), data
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "ชื่อที่พิมพ์ไว้</textarea>" in page and 'value="สิบ"' in page
    assert re.search(r'name="i\d+-weight" value="สิบ"[^>]*class="invalid"', page)
    assert "น้ำหนักต้องเป็นตัวเลข" in page
    assert _row(draft, "T1").title != "ชื่อที่พิมพ์ไว้"


def test_a_save_writes_and_returns_to_the_indicator(draft, client_for):
    i5 = _row(draft, "I5")
    data = _form(draft)
    data[f"i{i5.pk}-weight"] = "๒๐"
    response = client_for("province").post(
        reverse("round_edit_indicator", args=[draft.pk, "I5"]), data
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#ind-{i5.pk}")
    assert _row(draft, "I5").weight == 20


def test_an_open_round_asks_for_the_reason_at_its_field(round_, client_for):
    t1 = _row(round_, "T1")
    data = _form(round_)
    data[f"i{t1.pk}-title"] = "ชื่อใหม่"
    client = client_for("province")
    response = client.post(reverse("round_edit_indicator", args=[round_.pk, "T1"]), data)
    page = response.content.decode()
    assert response.status_code == 422
    assert re.search(rf'id="i{t1.pk}-reason"[^>]*class="invalid"', page)
    assert "ชื่อใหม่</textarea>" in page
    data[f"i{t1.pk}-reason"] = "แก้ชื่อตามหนังสือสั่งการ"
    response = client.post(reverse("round_edit_indicator", args=[round_.pk, "T1"]), data)
    assert response.status_code == 302
    assert HistoryEvent.objects.get(field="title").reason == "แก้ชื่อตามหนังสือสั่งการ"


def test_add_and_remove_from_the_page(draft, client_for):
    client = client_for("province")
    districts = [d.code for d in draft.province.districts.all()]
    bad = {"new-code": "I9", "new-group": "individual", "new-title": "ใหม่", "new-weight": "500"}
    response = client.post(reverse("round_edit_add", args=[draft.pk]), bad)
    assert response.status_code == 422 and 'value="500"' in response.content.decode()
    good = {**bad, "new-weight": "5", "new-work_group": "strategy", "new-districts": districts}
    response = client.post(reverse("round_edit_add", args=[draft.pk]), good)
    assert response.status_code == 302
    assert _row(draft, "I9").districts.count() == len(districts)
    response = client.post(reverse("round_edit_remove", args=[draft.pk, "I9"]))
    assert response.status_code == 302
    assert not Indicator.objects.filter(round=draft, code="I9").exists()


def test_forged_input_is_refused_at_its_field_never_a_500(draft, client_for):
    t1 = _row(draft, "T1")
    data = _form(draft)
    data.update(
        {
            f"i{t1.pk}-work_group": "x\x00y",
            f"i{t1.pk}-districts": ["20\x0001"],
            f"i{t1.pk}-code": "T\x001",
            f"i{t1.pk}-title": "\x00",
        }
    )
    client = client_for("province")
    response = client.post(reverse("round_edit_indicator", args=[draft.pk, "T1"]), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "กรุณาเลือกกลุ่มงานเจ้าของแหล่งข้อมูล" in page and "ต้องระบุชื่อตัวชี้วัด" in page
    assert client.post(reverse("round_edit_check", args=[draft.pk]), data).status_code == 200


def test_a_closed_round_is_shown_but_not_saved(round_, client_for):
    round_.status = "closed"
    round_.save()
    client = client_for("province")
    page = client.get(reverse("round_edit", args=[round_.pk])).content.decode()
    assert "<fieldset disabled>" in page and "รอบนี้ปิดแล้ว แก้ไขตัวชี้วัดไม่ได้" in page
    t1 = _row(round_, "T1")
    data = {**_form(round_), f"i{t1.pk}-title": "x", f"i{t1.pk}-reason": "y"}
    response = client.post(reverse("round_edit_indicator", args=[round_.pk, "T1"]), data)
    assert response.status_code == 422
    assert "รอบการประเมินปิดแล้ว แก้ไขตัวชี้วัดไม่ได้" in response.content.decode()
    assert _row(round_, "T1").title != "x"
