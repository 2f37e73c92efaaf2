"""The import and export pages, through the browser's eyes (Django's test client)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from pramoen.evaluation.models import Result
from pramoen.exchange.models import ImportBatch

from .helpers import fill, state, template, xlsx_bytes

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "pramoen" / "templates" / "exchange"


def upload(client, round_, data, name="2001.xlsx"):
    return client.post(
        reverse("exchange:import", args=[round_.pk]), {"file": SimpleUploadedFile(name, data)}
    )


def test_a_district_officer_sees_the_template_and_import_but_no_whole_round_export(
    round_, client_for
):
    page = client_for("d2001").get(reverse("exchange:round", args=[round_.pk])).content.decode()
    assert "template.xlsx" in page and "template.csv" in page and 'name="file"' in page
    assert "export.json" not in page


def test_a_viewer_sees_the_exports_only(round_, client_for):
    page = client_for("viewer").get(reverse("exchange:round", args=[round_.pk])).content.decode()
    assert "export.json" in page and "export.xlsx" in page and "export.csv" in page
    assert 'name="file"' not in page


def test_the_template_downloads_as_an_attachment(round_, client_for):
    response = client_for("d2001").get(reverse("exchange:template", args=[round_.pk, "xlsx"]))
    assert response["Content-Disposition"] == (
        'attachment; filename="pramoen-template-2568-1-2001.xlsx"'
    )
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["คำอธิบาย", "2001 เมืองชลบุรี"]
    csv_response = client_for("d2001").get(reverse("exchange:template", args=[round_.pk, "csv"]))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert (
        client_for("d2001").get(reverse("exchange:template", args=[round_.pk, "pdf"])).status_code
        == 404
    )


def test_upload_shows_the_dry_run_then_confirm_applies_it(round_, users, client_for):
    client = client_for("d2001")
    wb = template(round_, users["d2001"])
    fill(wb["2001 เมืองชลบุรี"], "2001", "I5", value=9.5)
    fill(wb["2001 เมืองชลบุรี"], "2001", "I1", level=2)
    before = state()
    response = upload(client, round_, xlsx_bytes(wb))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "exchange:batch", args=[batch.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert 'data-change="I5-2001"' in page and 'data-change="I1-2001"' in page
    assert 'id="apply-import"' in page
    # the confirm form carries the batch (in its URL), not the file
    form = re.search(r'<form method="post" action="([^"]+)" class="card">(.*?)</form>', page, re.S)
    assert form and form.group(1) == reverse("exchange:apply", args=[batch.pk])
    assert 'type="file"' not in form.group(2) and "9.5" not in form.group(2)
    assert state() == before

    response = client.post(reverse("exchange:apply", args=[batch.pk]), follow=True)
    assert "นำเข้าแล้ว 2 แถว" in response.content.decode()
    assert Result.objects.get(indicator__code="I5", district__code="2001").self_level == 5
    assert 'data-status="applied"' in response.content.decode()
    assert 'id="apply-import"' not in response.content.decode()


def test_a_bad_upload_lists_its_problems_and_offers_no_confirm(round_, users, client_for):
    client = client_for("d2001")
    wb = template(round_, users["d2001"])
    fill(wb["2001 เมืองชลบุรี"], "2001", "I1", level=7)
    page = client.get(upload(client, round_, xlsx_bytes(wb))["Location"]).content.decode()
    row = re.search(r'<tr data-code="level-out-of-range">(.*?)</tr>', page, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    assert cells[:3] == ["2001 เมืองชลบุรี", "2", "J · ระดับ"]
    assert 'id="apply-import"' not in page
    assert not Result.objects.exists()


def test_uploading_nothing_is_a_form_error(round_, client_for):
    response = client_for("d2001").post(reverse("exchange:import", args=[round_.pk]))
    assert response.status_code == 422 and "กรุณาเลือกไฟล์" in response.content.decode()


def test_the_kept_file_downloads_for_its_uploader(round_, users, client_for):
    client = client_for("d2001")
    data = xlsx_bytes(template(round_, users["d2001"]))
    upload(client, round_, data, name="ของเดิม.xlsx")
    batch = ImportBatch.objects.get()
    response = client.get(reverse("exchange:batch_file", args=[batch.pk]))
    assert b"".join(response.streaming_content) == data
    assert "attachment" in response["Content-Disposition"]


def test_the_export_downloads_as_json(round_, client_for):
    response = client_for("viewer").get(reverse("exchange:export", args=[round_.pk, "json"]))
    data = json.loads(response.content)
    assert data["format"] == "pramoen.round-export" and len(data["indicators"]) == 11
    assert response["Content-Disposition"] == 'attachment; filename="pramoen-20-2568-1.json"'


def test_the_pages_are_in_english_for_english_readers(round_, users, client_for):
    client = client_for("d2001")
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("exchange:round", args=[round_.pk])).content.decode()
    assert "Import and export" in page and "นำเข้าและส่งออกข้อมูล" not in page


def test_the_templates_have_no_inline_scripts_or_styles():
    for path in TEMPLATES.glob("*.html"):
        text = path.read_text("utf-8")
        assert "<script" not in text and "style=" not in text, path
        assert not re.search(r"\son[a-z]+=", text), path
