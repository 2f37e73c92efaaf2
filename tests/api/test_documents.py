"""Checking a KPI summary through the API: the core's scorecard and findings, nothing stored."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pramoen.core.report import scorecard_dict
from pramoen.evaluation.models import HistoryEvent, Indicator, Round
from pramoen.evaluation.services import scorecard_preview
from tests.web.conftest import DOC

pytestmark = pytest.mark.django_db

# The six problems of the real FY2568 summary (tests/core/test_checks.py says why)
KNOWN = sorted(
    [
        ("error", "weights-not-100", None, "2005", "individual", None),
        ("error", "weights-not-100", None, "2007", "individual", None),
        ("error", "unknown-district", "I3a", None, "individual", None),
        ("warning", "non-monotonic", "I2b", None, "individual", 5),
        ("warning", "duplicate-level-text", "I7", None, "individual", 4),
        ("warning", "split-unspecified", None, None, None, None),
    ]
)


def summary(findings):
    return sorted(
        (f["severity"], f["code"], f["indicator"], f["district"], f["group"], f["level"])
        for f in findings
    )


def stored():
    return Round.objects.count(), Indicator.objects.count(), HistoryEvent.objects.count()


def test_the_fy2568_summary_gets_its_six_known_findings(round_, api_for):
    before = stored()
    response = api_for("d2002").post(
        "/api/check-document",
        {"text": DOC.read_text(encoding="utf-8")},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert summary(body["findings"]) == KNOWN
    assert body["has_errors"] is True
    assert (body["fiscal_year"], body["round"]) == (2568, 1)
    assert body["weights"]["2005"] == {"team": 100, "individual": 85}
    weights = next(f for f in body["findings"] if f["district"] == "2005")
    assert weights["message"] == "อำเภอพานทอง: น้ำหนักตัวชี้วัดรายบุคคลรวม ๘๕ ไม่ใช่ ๑๐๐"
    assert stored() == before  # nothing is stored


def test_the_answer_is_the_cores_json_report(province, users, api_for):
    text = DOC.read_text(encoding="utf-8")
    body = api_for("province").post(
        "/api/check-document", {"text": text}, content_type="application/json"
    )
    expected = json.loads(
        json.dumps(scorecard_dict(*scorecard_preview(province=province, text=text)))
    )
    assert body.json() == {**expected, "has_errors": True}


def test_a_file_upload_is_checked_the_same(province, api_for):
    client = api_for("viewer")
    upload = client.post(
        "/api/check-document/upload", {"document": SimpleUploadedFile("kpi.txt", DOC.read_bytes())}
    )
    text = client.post(
        "/api/check-document",
        {"text": DOC.read_text(encoding="utf-8")},
        content_type="application/json",
    )
    assert upload.status_code == 200
    assert upload.json() == text.json()


def test_text_that_is_no_kpi_summary_is_422_naming_the_field(province, api_for):
    response = api_for("viewer").post(
        "/api/check-document", {"text": "สวัสดีครับ"}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == ("document-unreadable", "text")
    assert body["message_th"].startswith("ไม่พบตัวชี้วัด")
    assert body["message_en"] == "The text cannot be read as a KPI summary"


def test_a_binary_upload_is_422_naming_the_field(province, api_for):
    response = api_for("viewer").post(
        "/api/check-document/upload",
        {"document": SimpleUploadedFile("kpi.png", b"\x89PNG\r\n\x1a\n\x00\x01\x02")},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "document"
    assert "ไบนารี" in response.json()["message_th"]


@pytest.mark.parametrize("name", ["kpi-2568-1.docx", "kpi-2568-1-libreoffice.pdf"])
def test_a_word_or_pdf_upload_is_checked_as_its_text_form(province, api_for, name):
    client = api_for("viewer")
    fixture = DOC.parent / name
    upload = client.post(
        "/api/check-document/upload", {"document": SimpleUploadedFile(name, fixture.read_bytes())}
    )
    text = client.post(
        "/api/check-document/upload", {"document": SimpleUploadedFile("kpi.txt", DOC.read_bytes())}
    )
    assert upload.status_code == 200
    assert upload.json()["findings"] == text.json()["findings"]
    assert upload.json()["weights"] == text.json()["weights"]


def test_a_scanned_pdf_upload_is_422_saying_what_it_is(province, api_for):
    scanned = DOC.parent / "bad" / "scanned.pdf"
    response = api_for("viewer").post(
        "/api/check-document/upload",
        {"document": SimpleUploadedFile("scan.pdf", scanned.read_bytes())},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "document"
    assert "เป็นภาพสแกน" in response.json()["message_th"]


def test_an_empty_text_is_a_validation_error(province, api_for):
    response = api_for("viewer").post(
        "/api/check-document", {"text": ""}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "text"
    assert response.json()["errors"][0]["type"] == "string_too_short"
