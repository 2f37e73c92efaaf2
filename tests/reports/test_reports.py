"""Reports carry the core's numbers: PDF text and Excel cells checked against core scoring."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from pramoen.accounts.models import District
from pramoen.cli import main
from pramoen.core import IndicatorResult, display, score_district
from pramoen.evaluation import services
from pramoen.evaluation.models import Evaluation, Indicator, Result
from pramoen.evaluation.selectors import round_overview, round_scorecard
from pramoen.evaluation.services import ResultInput
from pramoen.reports import render
from pramoen.reports.dashboard import dashboard
from pramoen.reports.data import round_reports
from pramoen.reports.models import ReportJob
from pramoen.testing import factories

pytestmark = pytest.mark.django_db

# Mueang Chonburi, verified: T1 4, T2 5, I1 4, I2a 3, I3a 5, I4 3, I5 5, I6 5
LEVELS = {"T1": 4, "T2": 5, "I1": 4, "I2a": 3, "I3a": 5, "I4": 3, "I5": 5, "I6": 5}


@pytest.fixture
def verified(round_, users):
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_verified(round_=round_, users=users, district="2001")
    return round_


def core_expected(round_):
    scorecard = round_scorecard(round_)
    return score_district(
        scorecard,
        scorecard.district("2001"),
        {k: IndicatorResult(level=v) for k, v in LEVELS.items()},
    )


def test_the_district_pdf_shows_the_cores_numbers_with_sarabun_embedded(verified):
    expected = core_expected(verified)
    data, name = render.render(verified, fmt="pdf", district="2001")
    assert name == "pramoen-2568-1-district-2001.pdf"
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for value in (expected.team.score, expected.individual.score, expected.achievement):
        assert f"{display(value):.2f}" in text
    # by hand: team (4×60 + 5×40)/100×20 = 88; individual (60+45+75+60+75+100)/100×20 = 83
    assert "88.00" in text and "83.00" in text and "85.50" in text
    assert "240.00" in text  # T1: (ก) 4 × (ข) 60 = (ค) 240
    assert "ดีมาก" in text
    assert "ค่าเริ่มต้น" in text  # the shares are the default and the form says so
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
        for font in [font.get_object()]
    }
    assert any("Sarabun" in f for f in fonts), fonts
    assert all(page.mediabox.width == pytest.approx(595, abs=1) for page in reader.pages)  # A4
    assert re.search(r"หน้า\s*1\s*/\s*\d", text)


def test_thai_digits_throughout_when_asked(verified):
    data, _ = render.render(verified, fmt="pdf", district="2001", thai_digits=True)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "๘๘.๐๐" in text and "๘๕.๕๐" in text
    assert "85.50" not in text


def test_the_workbook_cells_hold_the_cores_numbers(verified):
    expected = core_expected(verified)
    data, _ = render.render(verified, fmt="xlsx")
    wb = load_workbook(io.BytesIO(data))
    summary = wb["สรุป"]
    rows = {r[1]: r for r in summary.iter_rows(min_row=5, values_only=True)}
    assert rows["2001"][4:7] == (88.0, 83.0, 85.5)
    assert rows["2001"][7] == "ดีมาก"
    assert rows["2001"][0] == 1  # ranked first
    sheet = wb["2001 เมืองชลบุรี"]
    values = list(sheet.iter_rows(values_only=True))
    t1 = next(r for r in values if r[0] == "T1")
    assert t1[3:6] == (4.0, 60.0, 240.0)
    achievement = next(r for r in values if r[1] and str(r[1]).startswith("ผลสัมฤทธิ์ของงาน"))
    assert achievement[5] == float(display(expected.achievement))
    assert "(ค่าเริ่มต้น)" in achievement[1]
    assert len(wb.sheetnames) == 12


def test_the_csv_has_every_applicable_result_row(verified):
    """One results CSV (the exchange's export): a row per district and applicable indicator of
    its own, and one per province-wide (shared) result, by district, the shared ones first."""
    data, _ = render.render(verified, fmt="csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    indicators = list(Indicator.objects.filter(round=verified).prefetch_related("districts"))
    own = sum(i.districts.count() for i in indicators if not i.shared)
    shared = [i.code for i in indicators if i.shared]
    assert len(rows) == len(shared) + own == 2 + 9 * 6 + 2 * 5
    assert [r["indicator"] for r in rows[: len(shared)]] == shared
    assert all(r["district"] == "" for r in rows[: len(shared)])
    districts = [r["district"] for r in rows[len(shared) :]]
    assert districts == sorted(districts)
    i5 = next(r for r in rows if (r["district"], r["indicator"]) == ("2001", "I5"))
    assert (i5["group"], i5["weight"], i5["value"], i5["reported_level"]) == (
        "individual",
        "15",
        "9.5",
        "5",
    )
    saved = Result.objects.get(
        indicator__round=verified, indicator__code="I5", district__code="2001"
    )
    assert saved.verified_by is not None and saved.verified_at is not None
    assert (i5["verified_level"], i5["verified_by"], i5["evaluation_status"]) == (
        "5",
        saved.verified_by.username,
        "submitted",
    )
    assert i5["verified_at"] == saved.verified_at.isoformat()


def test_the_overview_and_dashboard_do_not_query_more_with_more_districts(verified, province):
    def count(fn):
        with CaptureQueriesContext(connection) as ctx:
            fn(verified)
        return len(ctx.captured_queries)

    before = (count(round_overview), count(dashboard))
    for n in range(12, 40):
        d = District.objects.create(province=province, code=f"20{n}", name_th=f"อำเภอทดสอบ{n}")
        Evaluation.objects.create(round=verified, district=d)
        for indicator in Indicator.objects.filter(round=verified):
            indicator.districts.add(d)
    after = (count(round_overview), count(dashboard))
    assert before == after
    assert len(round_reports(verified)) == 39


def test_a_booklet_job_reports_progress_and_offers_the_file(verified, users, client_for, settings):
    settings.PRAMOEN_REPORT_JOBS_INLINE = True
    client = client_for("province")
    response = client.post(reverse("report_job_create", args=[verified.pk]), {"fmt": "pdf"})
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("report_job", args=[job.pk])
    assert (job.status, job.done, job.total, job.percent) == ("done", 12, 12, 100)
    page = client.get(reverse("report_job", args=[job.pk])).content.decode()
    assert 'id="job-download"' in page
    download = client.get(reverse("report_job_download", args=[job.pk]))
    pdf = b"".join(download.streaming_content)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 12
    assert "สรุปผลการประเมิน" in reader.pages[0].extract_text()
    # the district officer may not fetch the province's booklet
    assert client_for("d2001").get(reverse("report_job_download", args=[job.pk])).status_code == 403


def test_a_running_job_page_polls_until_done(verified, users, client_for):
    job = ReportJob.objects.create(round=verified, fmt="xlsx", status="running", done=3, total=12)
    page = client_for("province").get(reverse("report_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="25"' in page


def test_the_report_command_writes_each_format(verified, tmp_path, capsys):
    for fmt, district in (("pdf", "2001"), ("xlsx", None), ("csv", None)):
        out = tmp_path / f"r.{fmt}"
        argv = ["report", "--round", "2568-1", "--format", fmt, "-o", str(out)]
        if district:
            argv += ["--district", district]
        assert main(argv) == 0
        assert out.stat().st_size > 0
    assert main(["report", "--round", "2599-1", "--format", "pdf", "-o", str(tmp_path / "x")]) == 2
    assert "ไม่พบรอบการประเมิน" in capsys.readouterr().err
    assert (
        main(
            [
                "report",
                "--round",
                "2568-1",
                "--district",
                "9999",
                "--format",
                "pdf",
                "-o",
                str(tmp_path / "x"),
            ]
        )
        == 2
    )


def test_the_dashboard_compares_with_the_previous_round(verified, province, users, client_for):
    from tests.web.conftest import DOC

    text = DOC.read_text("utf-8").replace(
        "รอบการประเมินที่ ๑ (๑ ตุลาคม ๒๕๖๗ – ๓๑ มีนาคม ๒๕๖๘)",
        "รอบการประเมินที่ ๒ (๑ เมษายน ๒๕๖๘ – ๓๐ กันยายน ๒๕๖๘)",
    )
    second = services.scorecard_import(
        province=province, text=text, source_name="r2.txt", user=None, accept_errors_reason="ทดสอบ"
    )
    services.round_set_status(round_=second, user=users["province"], status="open")
    t1 = Indicator.objects.get(round=second, code="T1")
    services.shared_result_save(
        indicator=t1, user=users["wg-coordination"], data=ResultInput(value=Decimal(95)), version=0
    )
    # 2001 has submitted round 2 (a district that has not takes no rank and no change)
    factories.results_entered(round_=second, user=users["d2001"])
    factories.evaluation_submitted(round_=second, user=users["d2001"])
    page = client_for("viewer").get(reverse("dashboard", args=[second.pk])).content.decode()
    assert "เทียบกับรอบ 2568/1" in page
    row = page[page.index('data-district="2001"') :]
    row = row[: row.index("</tr>")]
    # round 2 so far: T1 level 5 only → team (5×60)/100×20 = 60, achievement 30; round 1: 85.50
    assert "30.00" in row and "85.50" in row and "-55.50" in row
    # 2002 submitted neither round: nothing to compare, not its unsubmitted score
    row = page[page.index('data-district="2002"') :]
    row = row[: row.index("</tr>")]
    assert re.search(r"data-previous>–<", row), row
    # the round filter links both rounds
    assert reverse("dashboard", args=[verified.pk]) in page


def _booklet_texts(round_, settings, workers):
    settings.PRAMOEN_PDF_WORKERS = workers
    done = []
    from pramoen.reports.pdf import booklet_pdf

    pdf = booklet_pdf(round_, round_reports(round_), progress=done.append)
    reader = PdfReader(io.BytesIO(pdf))
    # the footer's time of printing may change between the two renders
    texts = [re.sub(r"\d\d:\d\d", "hh:mm", page.extract_text()) for page in reader.pages]
    return texts, done, reader


def test_a_booklet_laid_out_by_worker_processes_equals_one_laid_out_here(verified, settings):
    """The booklet's districts are laid out in worker processes too; the pages must be the
    same as laid out in this process, in the same order, with progress told in order."""
    here, progress_here, _ = _booklet_texts(verified, settings, 0)
    workers, progress_workers, reader = _booklet_texts(verified, settings, 2)
    assert progress_here == progress_workers == list(range(1, 12))
    assert workers == here
    assert len(workers) > 12 and "เกาะจันทร์" in "".join(workers)
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Sarabun" in f for f in fonts)


def test_a_failing_worker_leaves_the_booklet_whole(verified, settings, monkeypatch):
    from pramoen.reports import pdf_workers

    here, _, _ = _booklet_texts(verified, settings, 0)
    monkeypatch.setattr(pdf_workers, "_WORKER", "import sys; sys.exit(3)")  # workers die at once
    broken, progress, _ = _booklet_texts(verified, settings, 2)
    assert broken == here and progress == list(range(1, 12))
