"""An honest overview: a district that has submitted nothing takes no rank and no rating
("ยังไม่ส่ง") on the round page, the dashboard, the booklet and the workbook, and its form is
marked as a draft; the document's checker findings accepted at import are shown, with who
accepted them and why."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from pramoen.reports import pdf, render
from pramoen.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_submitted(round_, users):
    """2001 submitted and verified; every other district has submitted nothing (the shared
    team results alone would score them 38.00, ต้องปรับปรุง)."""
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_verified(round_=round_, users=users)
    return round_


def _row(page: str, marker: str) -> str:
    start = page.index(marker)
    return page[start : page.index("</tr>", start)]


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


@pytest.mark.parametrize("page_name", ["round_detail", "dashboard"])
def test_an_unsubmitted_district_is_shown_as_not_submitted_without_rank_or_rating(
    one_submitted, client_for, page_name
):
    page = client_for("province").get(reverse(page_name, args=[one_submitted.pk])).content.decode()
    waiting = _row(page, 'data-district="2002"')
    assert "ยังไม่ส่ง" in waiting
    assert "ต้องปรับปรุง" not in waiting and "38.00" not in waiting
    assert re.search(r"data-rank>–<", waiting)
    ranked = _row(page, 'data-district="2001"')
    assert re.search(r"data-rank>1<", ranked) and "ยังไม่ส่ง" not in ranked
    # the ranked district comes first, whatever the others' scores
    assert page.index('data-district="2001"') < page.index('data-district="2002"')


def test_the_dashboard_chart_leaves_out_the_districts_that_have_not_submitted(
    one_submitted, client_for
):
    page = client_for("province").get(reverse("dashboard", args=[one_submitted.pk])).content
    chart = page.decode()[page.decode().index('class="card chart"') :]
    chart = chart[: chart.index("</svg>")]
    assert "เมืองชลบุรี" in chart and "บ้านบึง" not in chart


@pytest.fixture
def captured_html(monkeypatch):
    """The HTML each PDF is laid out from (the booklet's summary and forms)."""
    seen: list[str] = []
    original = pdf._html

    def keep(context):
        html = original(context)
        seen.append(html)
        return html

    monkeypatch.setattr(pdf, "_html", keep)
    return seen


def test_the_booklet_ranks_only_submitted_districts_and_marks_the_drafts(
    one_submitted, captured_html, settings
):
    settings.PRAMOEN_PDF_WORKERS = 0
    data, _name = render.render(one_submitted, fmt="pdf")
    assert data.startswith(b"%PDF")
    summary = next(h for h in captured_html if '<section class="summary-page">' in h)
    waiting = _text(_row(summary, 'data-rank-district="2002"'))
    assert "ยังไม่ส่ง" in waiting and "ต้องปรับปรุง" not in waiting and "38.00" not in waiting
    assert "ต้องปรับปรุง" not in _text(_row(summary, 'data-rank-district="2003"'))
    forms = {  # the districts' parts (not the summary, the contents or the page footers)
        found.group(1): h
        for h in captured_html
        if (found := re.search(r'class="form-report" data-district="(\d+)"', h))
    }
    assert "ฉบับร่าง" in forms["2002"] and "ฉบับร่าง" not in forms["2001"]


def test_a_district_form_pdf_of_an_unsubmitted_district_is_marked_draft_on_every_page(
    one_submitted, captured_html
):
    data, _name = render.render(one_submitted, fmt="pdf", district="2005")
    assert "ฉบับร่าง — อำเภอยังไม่ได้ส่งผล" in captured_html[-1]
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) > 1 and all("ฉบับร่าง" in page.extract_text() for page in pages)
    data, _name = render.render(one_submitted, fmt="pdf", district="2001")
    assert not any("ฉบับร่าง" in p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_the_workbook_ranks_only_submitted_districts_and_marks_the_drafts(one_submitted):
    data, _name = render.render(one_submitted, fmt="xlsx")
    wb = load_workbook(io.BytesIO(data))
    summary = wb["สรุป"]
    rows = {r[1]: r for r in summary.iter_rows(min_row=5, values_only=True) if r[1]}
    assert rows["2001"][0] == 1 and rows["2001"][7] != "ยังไม่ส่ง"
    assert rows["2002"][0] == "–" and rows["2002"][7] == "ยังไม่ส่ง" and rows["2002"][6] is None
    draft = next(ws for ws in wb.worksheets if ws.title.startswith("2002"))
    assert str(draft["A3"].value).startswith("ฉบับร่าง")
    submitted = next(ws for ws in wb.worksheets if ws.title.startswith("2001"))
    assert not str(submitted["A3"].value or "").startswith("ฉบับร่าง")


def test_the_page_form_of_an_unsubmitted_district_is_marked_draft(one_submitted, client_for):
    url = reverse("district_report", args=[one_submitted.pk, "2002"])
    assert "ฉบับร่าง" in client_for("province").get(url).content.decode()


@pytest.mark.parametrize("page_name", ["round_detail", "dashboard"])
def test_the_accepted_checker_findings_are_shown_with_who_and_why(round_, client_for, page_name):
    page = client_for("viewer").get(reverse(page_name, args=[round_.pk])).content.decode()
    findings = _text(page[page.index('id="findings"') :][:20000])
    assert "อำเภอพานทอง: น้ำหนักตัวชี้วัดรายบุคคลรวม ๘๕ ไม่ใช่ ๑๐๐" in findings
    assert "อำเภอศรีราชา: น้ำหนักตัวชี้วัดรายบุคคลรวม ๘๕ ไม่ใช่ ๑๐๐" in findings
    assert '"บ้านนา" ไม่ใช่อำเภอ' in findings
    # the demo and the tests import as the server's operator, with a reason
    assert "นำเข้าโดย ผู้ดูแลระบบ (คำสั่ง pramoen)" in findings
    assert factories.REASON in findings


def test_a_round_whose_document_was_clean_shows_no_findings_box(round_, client_for):
    round_.findings = []
    round_.save(update_fields=["findings"])
    page = client_for("province").get(reverse("round_detail", args=[round_.pk])).content.decode()
    assert 'id="findings"' not in page
