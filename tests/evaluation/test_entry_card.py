"""The district's result card keeps what was typed whatever re-renders it, says why a level is
what it is, and shows both versions of a conflict."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pramoen.evaluation.models import Evidence, Result

pytestmark = pytest.mark.django_db


def url(name, round_, code=None, **extra):
    kwargs = {"round_id": round_.pk, "district": "2001", **extra}
    if code:
        kwargs["code"] = code
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def officer(client_for):
    return client_for("d2001")


def htmx(client, path, data):
    return client.post(path, data, HTTP_HX_REQUEST="true").content.decode()


def saved(officer, round_, code="I5", **data):
    htmx(officer, url("result_save", round_, code), {"version": "0", **data})
    return Result.objects.get(indicator__code=code, district__code="2001")


def typed(result, **fields):
    """The card's fields as the evidence forms include them."""
    return {"version": str(result.version), "note": "", **fields}


def test_a_rejected_file_keeps_the_value_and_note_typed_on_the_card(round_, officer, settings):
    result = saved(officer, round_, value="12", note="ฉบับแรก")
    settings.EVIDENCE_MAX_BYTES = 100
    page = htmx(
        officer,
        url("evidence_upload", round_, "I5"),
        {
            "file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 200),
            **typed(result, value="14.5", note="พิมพ์ใหม่ยังไม่บันทึก"),
        },
    )
    assert 'role="alert"' in page  # the refusal is shown
    assert 'value="14.5"' in page and "พิมพ์ใหม่ยังไม่บันทึก</textarea>" in page
    assert 'data-unsaved="true"' in page
    assert 'value="12"' not in page
    result.refresh_from_db()
    assert result.value == 12 and result.note == "ฉบับแรก"  # nothing saved behind the user's back


def test_an_attached_file_and_a_removed_one_keep_the_ticks_typed_on_a_ladder(round_, officer):
    result = saved(officer, round_, "I6", met=["1"])
    page = htmx(
        officer,
        url("evidence_upload", round_, "I6"),
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), **typed(result, met=["1", "2", "3"])},
    )
    assert "แนบหลักฐานแล้ว" in page
    for level in ("1", "2", "3"):
        assert f'name="met" value="{level}" checked' in page
    item = Evidence.objects.get()
    page = htmx(
        officer,
        url("evidence_remove", round_, evidence_id=item.pk),
        typed(result, met=["2"], note="เปลี่ยนใจ"),
    )
    assert "นำหลักฐานออกแล้ว" in page
    assert 'name="met" value="2" checked' in page and 'name="met" value="1" checked' not in page
    assert "เปลี่ยนใจ</textarea>" in page and 'data-unsaved="true"' in page


def test_a_card_without_typed_fields_shows_what_is_saved_as_saved(round_, officer):
    saved(officer, round_, value="12")
    page = htmx(officer, url("evidence_upload", round_, "I5"), {"url": "https://example.go.th/x"})
    assert 'value="12"' in page and 'data-unsaved="true"' not in page


def test_a_stale_save_shows_both_versions_and_the_retry_keeps_mine_on_top(
    round_, officer, client_for
):
    saved(officer, round_, value="12", note="ของฉัน")  # both tabs loaded version 1
    other = client_for("d2001")
    htmx(
        other, url("result_save", round_, "I5"), {"value": "9", "note": "ของอีกแท็บ", "version": "1"}
    )
    page = htmx(
        officer,
        url("result_save", round_, "I5"),
        {"value": "14.5", "note": "ฉบับใหม่ของฉัน", "version": "1"},
    )
    assert 'data-theirs="value">9<' in page and "ของอีกแท็บ" in page  # theirs, with who/when
    assert 'value="14.5"' in page and "ฉบับใหม่ของฉัน</textarea>" in page  # mine, kept
    assert 'name="version" value="2"' in page  # the form now stands on their version
    assert Result.objects.get().value == 9  # not overwritten silently
    page = htmx(
        officer,
        url("result_save", round_, "I5"),
        {"value": "14.5", "note": "ฉบับใหม่ของฉัน", "version": "2"},
    )
    assert "บันทึกร่างแล้ว" in page
    result = Result.objects.get()
    assert result.value == 14.5 and result.version == 3


def test_the_preview_says_why_for_a_threshold(round_, officer):
    page = htmx(officer, url("result_preview", round_, "I5"), {"value": "14.5", "version": "0"})
    assert 'data-preview-level="I5">3<' in page
    assert "ต่ำกว่าร้อยละ 15 ✓, 12 ✗ → ระดับ 3" in page


def test_the_preview_shows_a_ladder_gap_before_saving(round_, officer):
    page = htmx(officer, url("result_preview", round_, "I6"), {"met": ["3"], "version": "0"})
    assert 'data-preview-level="I6">0<' in page
    assert "ระดับ 3 ยังไม่นับ เพราะระดับ 1–2 ยังไม่ผ่าน" in page
    assert not Result.objects.exists()


def test_the_preview_says_when_a_number_overrides_a_tick(round_, officer):
    page = htmx(
        officer,
        url("result_preview", round_, "I4"),
        {"met": ["1", "2", "3"], "m0": "5", "version": "0"},
    )
    assert 'data-preview-level="I4">2<' in page
    assert "ระดับ 3: ติ๊กไว้ แต่ตัวเลขที่กรอกยังไม่ถึงเกณฑ์ ระบบตัดสินจากตัวเลข" in page
    assert "3 ✗ (ไม่น้อยกว่า 10 ครัวเรือน ✗)" in page


def test_a_saved_ladder_with_a_gap_says_so_on_the_card(round_, officer):
    page = htmx(officer, url("result_save", round_, "I6"), {"met": ["3"], "version": "0"})
    assert "บันทึกร่างแล้ว" in page and "ยังไม่นับ" in page
    assert "ระดับนับต่อเนื่องจากระดับ 1 ขึ้นไป" in page  # the rule, on the card


def test_the_preview_target_keeps_its_id_after_an_answer(round_, officer):
    page = officer.get(url("evaluation", round_)).content.decode()
    trigger = page[page.index('hx-post="' + url("result_preview", round_, "I5")) :]
    trigger = trigger[: trigger.index(">")]
    assert 'hx-swap="innerHTML"' in trigger and 'hx-target="#preview-I5"' in trigger


def test_the_evidence_forms_carry_the_cards_fields(round_, officer):
    saved(officer, round_, value="12")
    htmx(officer, url("evidence_upload", round_, "I5"), {"url": "https://example.go.th/x"})
    page = officer.get(url("evaluation", round_)).content.decode()
    card = page[page.index('id="card-I5"') :]
    card = card[: card.index("</section>")]
    assert card.count('hx-include="#entry-I5"') == 2  # attach and remove
    assert 'id="entry-I5"' in card


def test_the_entry_page_makes_a_fixed_number_of_queries(round_, officer):
    saved(officer, round_, "I5", value="12")
    officer.get(url("evaluation", round_))
    with CaptureQueriesContext(connection) as before:
        officer.get(url("evaluation", round_))
    for code, data in (("I6", {"met": ["1", "2"]}), ("I4", {"met": ["1"], "m0": "12"})):
        saved(officer, round_, code, **data)
    for n in range(3):
        htmx(officer, url("evidence_upload", round_, "I5"), {"url": f"https://example.go.th/{n}"})
    with CaptureQueriesContext(connection) as after:
        officer.get(url("evaluation", round_))
    # session, user, membership with its unit, evaluation, indicators, results, evidence, the
    # header's unread count: eight, whatever the page holds (the history comes when reached)
    assert len(after) == len(before) <= 8
    assert not any("evaluation_historyevent" in q["sql"] for q in after.captured_queries)
