"""The appraisal as printed: the A4 PDF's text layer reads as printed (names, positions, the
figures, ำ intact, one digit style), the workbook holds numbers, a form not final says so."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from pramoen.appraisal import services

pytestmark = pytest.mark.django_db

GOOD = {"ACH": 3, "SERV": 4, "EXP": 2, "ING": 1, "TW": 3}


@pytest.fixture
def final(approved, users):
    officer = users["d2001"]
    officer.first_name, officer.last_name = "กนกวรรณ", "ศรีประเสริฐ"
    officer.save()
    boss = users["province"]
    boss.first_name, boss.last_name = "สมชาย", "ใจดี"
    boss.save()
    services.appraisal_rate(
        evaluation=approved,
        user=boss,
        ratings=GOOD,
        comment="ทำงานดี",
        plan=[{"what": "การเขียนรายงาน", "how": "อบรม", "when": "ไตรมาส 2"}],
        version=0,
    )
    services.appraisal_acknowledge(evaluation=approved, user=officer, version=1)
    services.appraisal_supervisor(
        evaluation=approved,
        user=boss,
        name="นายสมศักดิ์ ผู้ว่า",
        position="ผู้ว่าราชการจังหวัดชลบุรี",
        comment="เห็นด้วย",
        version=2,
    )
    return approved


def _text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _get(client, ev, fmt, query=""):
    url = reverse("appraisal_file", args=[ev.round_id, "2001", fmt])
    return client.get(url + query)


def test_the_pdf_reads_as_printed(final, client_for):
    answer = _get(client_for("d2001"), final, "pdf")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = re.sub(r"\s+", " ", _text(answer.content))
    assert "แบบสรุปการประเมินผลการปฏิบัติราชการ" in text
    assert "กนกวรรณ ศรีประเสริฐ" in text and "พัฒนาการอำเภอเมืองชลบุรี" in text  # ำ intact
    assert "สมชาย ใจดี" in text and "นายสมศักดิ์ ผู้ว่า" in text
    # 85.50 × 70 % = 59.85; 80 × 30 % = 24; total 83.85
    for figure in ("85.50", "59.85", "80.00", "24.00", "83.85"):
        assert figure in text
    assert "ส่วนที่ 1" in text and not re.search("[๐-๙]", text)  # one digit style
    assert "ฉบับร่าง" not in text


def test_thai_digits_on_request(final, client_for):
    text = _text(_get(client_for("province"), final, "pdf", "?digits=thai").content)
    assert "๘๓.๘๕" in text and "83.85" not in text
    assert not re.search("[0-9]", text)  # the page-margin texts too: one digit style


def test_a_form_not_final_is_marked_draft(approved, client_for):
    text = _text(_get(client_for("province"), approved, "pdf").content)
    assert "ฉบับร่าง" in text


def test_the_workbook_holds_the_figures_as_numbers(final, client_for):
    answer = _get(client_for("viewer"), final, "xlsx")
    ws = load_workbook(io.BytesIO(answer.content)).active
    rows = {r[0]: r[1:] for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert rows["ผลสัมฤทธิ์ของงาน"][:3] == (85.5, 70.0, 59.85)
    assert rows["รวม"][2] == 83.85
    assert rows["ระดับผลการประเมิน"][0] == "ดีมาก"
    assert rows["ผู้รับการประเมิน"][:1] == ("กนกวรรณ ศรีประเสริฐ",)


def test_another_district_and_a_bad_format_get_nothing(final, client_for):
    assert _get(client_for("d2002"), final, "pdf").status_code == 404
    assert _get(client_for("d2001"), final, "docx").status_code == 404


def test_a_typed_formula_stays_text_in_the_workbook(approved, users, client_for):
    services.appraisal_rate(
        evaluation=approved,
        user=users["province"],
        ratings=GOOD,
        comment='=HYPERLINK("http://x","click")',
        plan=[],
        version=0,
    )
    ws = load_workbook(io.BytesIO(_get(client_for("province"), approved, "xlsx").content)).active
    cell = next(
        c for row in ws.iter_rows() for c in row if c.value and str(c.value).startswith("=")
    )
    assert cell.data_type == "s"


def test_the_pdf_and_workbook_in_english_by_the_switch(final, users, client_for):
    from pramoen.accounts.models import Membership

    Membership.objects.filter(user=users["d2001"]).update(language="en")
    client = client_for("d2001")
    text = re.sub(r"\s+", " ", _text(_get(client, final, "pdf").content))
    assert "Appraisal summary form" in text and "Part 2 Behaviour" in text
    assert "Very good" in text and "Achievement motivation" in text  # band and competency
    assert "กนกวรรณ ศรีประเสริฐ" in text  # names stay as typed
    assert "83.85" in text and "ส่วนที่" not in text
    ws = load_workbook(io.BytesIO(_get(client, final, "xlsx").content)).active
    rows = {r[0]: r[1:] for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert rows["Total"][2] == 83.85 and rows["Evaluation rating"][0] == "Very good"
