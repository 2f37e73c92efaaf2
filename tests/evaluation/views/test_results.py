"""The district entry page: typing, saving, errors, conflicts and evidence."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pramoen.evaluation.models import Evidence, HistoryEvent, Result

pytestmark = pytest.mark.django_db


def url(name, round_, code=None, district="2001"):
    kwargs = {"round_id": round_.pk, "district": district}
    if code:
        kwargs["code"] = code
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def officer(client_for, users):
    return client_for("d2001")


def test_the_page_shows_only_the_districts_indicators_with_their_levels(round_, officer):
    page = officer.get(url("evaluation", round_)).content.decode()
    for code in ("T1", "T2", "I1", "I2a", "I3a", "I4", "I5", "I6"):
        assert f'data-indicator="{code}"' in page
    for code in ("I2b", "I3b", "I7"):  # not for Mueang Chonburi
        assert f'data-indicator="{code}"' not in page
    assert "ไม่น้อยกว่าร้อยละ ๘๕" in page  # T1 level 4 as written
    assert "1 ตุลาคม 2567 – 31 มีนาคม 2568" in page  # Buddhist-era dates


def test_an_unsaved_ladder_form_has_empty_number_fields(round_, officer):
    page = officer.get(url("evaluation", round_)).content.decode()
    assert 'id="m0-I1" type="text" inputmode="decimal" name="m0" value=""' in page
    assert 'value="None"' not in page


def test_a_value_that_is_not_a_number_keeps_what_was_typed_with_a_thai_error(round_, officer):
    response = officer.post(
        url("result_save", round_, "I5"), {"value": "สิบสอง", "note": "ยอดหนี้", "version": "0"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "ต้องเป็นตัวเลข" in page
    assert 'value="สิบสอง"' in page and "ยอดหนี้</textarea>" in page
    assert not Result.objects.exists()


@pytest.mark.parametrize(("value", "message"), [("150", "ร้อยละต้องอยู่ระหว่าง"), ("-3", "ต้องไม่ติดลบ")])
def test_out_of_range_percentages_are_field_errors(round_, officer, value, message):
    response = officer.post(
        url("result_save", round_, "I5"), {"value": value, "version": "0"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert message in page and f'value="{value}"' in page
    assert 'aria-invalid="true"' in page
    assert not Result.objects.exists()


def test_a_level_outside_one_to_five_is_refused(round_, officer):
    response = officer.post(
        url("result_save", round_, "I4"),
        {"met": ["1", "7"], "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert "ระดับต้องอยู่ระหว่าง" in response.content.decode()
    assert not Result.objects.exists()


def test_thai_digits_are_accepted_and_the_level_is_computed(round_, officer):
    response = officer.post(
        url("result_save", round_, "I5"), {"value": "๑๔.๕", "version": "0"}, HTTP_HX_REQUEST="true"
    )
    assert "บันทึกร่างแล้ว" in response.content.decode()
    result = Result.objects.get()
    assert (str(result.value.normalize()), result.self_level) == ("14.5", 3)  # below 15 → level 3
    history = HistoryEvent.objects.filter(action="result_saved", field="value").get()
    assert (history.old, history.new, history.actor.username) == (None, "14.5", "d2001")


def test_the_preview_shows_the_level_and_score_without_saving(round_, officer):
    response = officer.post(
        url("result_preview", round_, "I2a"), {"value": "8", "version": "0"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert 'data-preview-level="I2a">4<' in page
    assert "รายบุคคล 12.00" in page  # 4 × 15 / 100 × 20
    assert not Result.objects.exists()


def test_a_second_save_of_the_same_copy_is_refused_with_a_message(round_, officer, client_for):
    officer.post(url("result_save", round_, "I5"), {"value": "11", "version": "0"})
    officer.post(url("result_save", round_, "I5"), {"value": "9", "version": "1"})
    stale = officer.post(
        url("result_save", round_, "I5"), {"value": "30", "version": "1"}, HTTP_HX_REQUEST="true"
    )
    page = stale.content.decode()
    assert "มีผู้อื่นบันทึก" in page
    assert 'value="30"' in page  # what was typed is still there
    assert Result.objects.get().value == 9


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("report.pdf", b"%PDF-1.7\n...", True),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", True),
        ("plan.docx", _docx(), True),
        ("report.pdf", b"MZ\x90\x00 this is an exe", False),  # named .pdf, is not
        ("page.html", b"<html><script>alert(1)</script>", False),
        ("fake.docx", b"PK\x03\x04 not really a zip", False),
    ],
)
def test_evidence_is_accepted_by_content_not_by_name(round_, officer, name, content, accepted):
    officer.post(url("result_save", round_, "I5"), {"value": "11", "version": "0"})
    response = officer.post(
        url("evidence_upload", round_, "I5"),
        {"file": SimpleUploadedFile(name, content)},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert Evidence.objects.exists() is accepted
    if accepted:
        item = Evidence.objects.get()
        assert item.original_name == name
        assert name not in item.file.name and item.file.name.startswith("evidence/")
    else:
        assert "รับเฉพาะ" in page or "ไม่ใช่ไฟล์ Office" in page or "เสียหาย" in page


def test_evidence_over_the_size_limit_is_refused(round_, officer, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    officer.post(url("result_save", round_, "I5"), {"value": "11", "version": "0"})
    response = officer.post(
        url("evidence_upload", round_, "I5"),
        {"file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 200)},
        HTTP_HX_REQUEST="true",
    )
    assert "ไฟล์ใหญ่เกิน" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_is_served_as_an_attachment_to_those_who_may_see_it(round_, officer, client_for):
    officer.post(url("result_save", round_, "I5"), {"value": "11", "version": "0"})
    officer.post(
        url("evidence_upload", round_, "I5"),
        {"file": SimpleUploadedFile("หลักฐาน.pdf", b"%PDF-1.4 data")},
    )
    item = Evidence.objects.get()
    response = client_for("wg-coordination").get(reverse("evidence_download", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 data"
    assert client_for("d2002").get(reverse("evidence_download", args=[item.pk])).status_code == 404


def test_links_must_be_http(round_, officer):
    officer.post(url("result_save", round_, "I5"), {"value": "11", "version": "0"})
    officer.post(url("evidence_upload", round_, "I5"), {"url": "javascript:alert(1)"})
    assert not Evidence.objects.exists()
    officer.post(url("evidence_upload", round_, "I5"), {"url": "https://drive.example.go.th/x"})
    assert Evidence.objects.get().url == "https://drive.example.go.th/x"


def test_a_submitted_evaluation_cannot_be_changed_by_the_district(round_, officer):
    officer.post(url("result_save", round_, "I5"), {"value": "11", "version": "0"})
    for code, data in {
        "I1": {"met": "1"},
        "I2a": {"value": "4"},
        "I3a": {"met": "1"},
        "I4": {"met": "1"},
        "I6": {"met": "1"},
    }.items():
        officer.post(url("result_save", round_, code), {**data, "version": "0"})
    officer.post(url("evaluation_submit", round_), {"version": "0"})
    response = officer.post(
        url("result_save", round_, "I5"), {"value": "1", "version": "2"}, HTTP_HX_REQUEST="true"
    )
    assert "ไม่อยู่ในสถานะที่แก้ไขได้" in response.content.decode()
    assert Result.objects.get(indicator__code="I5").value == 11


def test_an_office_file_that_unpacks_too_large_is_refused(round_, officer, monkeypatch):
    from pramoen.evaluation import evidence

    monkeypatch.setattr(evidence, "MAX_UNPACKED", 100_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "0" * 1_000_000)  # 1 MB that packs to ~1 KB
    assert len(buffer.getvalue()) < 10_000
    officer.post(url("result_save", round_, "I5"), {"value": "11", "version": "0"})
    response = officer.post(
        url("evidence_upload", round_, "I5"),
        {"file": SimpleUploadedFile("bomb.docx", buffer.getvalue())},
        HTTP_HX_REQUEST="true",
    )
    assert "ใหญ่เกินกำหนด" in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_uploaded_name_loses_control_characters_and_directories(round_, officer):
    officer.post(url("result_save", round_, "I5"), {"value": "11", "version": "0"})
    upload = SimpleUploadedFile("a\x00b\x1f/../รายงาน.pdf", b"%PDF-1.4 x")
    officer.post(url("evidence_upload", round_, "I5"), {"file": upload})
    name = Evidence.objects.get().original_name
    assert "\x00" not in name and "/" not in name and name.endswith("รายงาน.pdf")
