"""The committee's summary on paper and in a workbook: the same ranking and band counts as the
page, the officers named, figures as numbers, a draft mark while a district is not final, Thai
digits on request, English by the switch; only the summary's readers get it."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from pramoen.accounts.models import Membership
from pramoen.appraisal.selectors import round_appraisals
from tests.appraisal.test_summary import ALL_AT_3, _approve, _final

pytestmark = pytest.mark.django_db

RATED_80 = {"ACH": 3, "SERV": 4, "EXP": 2, "ING": 1, "TW": 3}  # 12 of 15: 80 %


@pytest.fixture
def two_final(round_, users):
    officer = users["d2001"]
    officer.first_name, officer.last_name = "กนกวรรณ", "ศรีประเสริฐ"
    officer.save()
    factories_shared(round_, users)
    a, b = _approve(round_, users, "2001"), _approve(round_, users, "2002")
    _final(a, users, RATED_80)
    _final(b, users, ALL_AT_3)
    return round_


def factories_shared(round_, users):
    from pramoen.testing import factories

    factories.shared_results_entered(round_=round_, users=users)


def _url(round_, fmt, query=""):
    return reverse("appraisal_summary_file", args=[round_.pk, fmt]) + query


def _text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in pages))


def test_the_pdf_ranks_as_the_page_does(two_final, client_for):
    answer = client_for("viewer").get(_url(two_final, "pdf"))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == (
        f'attachment; filename="appraisals-{two_final.code}.pdf"'
    )
    text = _text(answer.content)
    assert "สรุปผลการประเมินผลการปฏิบัติราชการ" in text
    assert "คณะกรรมการกลั่นกรอง" in text
    assert "กนกวรรณ ศรีประเสริฐ" in text  # the officer named, ำ intact
    summary = round_appraisals(two_final)
    ranked = [r for r in summary.rows if r.rank]
    assert len(ranked) == 2
    # 2001: 85.50 × 70 % + 80 × 30 % = 83.85; the two totals in rank order in the text
    totals = [f"{r.score.total.quantize(Decimal('0.01'))}" for r in ranked]
    assert "83.85" in totals
    assert text.index(totals[0]) < text.index(totals[1]) or totals[0] == totals[1]
    first, second = (r.evaluation.district.name_th for r in ranked)
    assert text.index(f"1 {first}") < text.index(f"2 {second}")
    assert "ฉบับร่าง" in text  # the other districts are not final yet
    assert not re.search("[๐-๙]", text)


def test_thai_digits_on_request(two_final, client_for):
    text = _text(client_for("province").get(_url(two_final, "pdf", "?digits=thai")).content)
    assert "๘๓.๘๕" in text and "83.85" not in text
    # the page-margin texts too: one digit style (user names like d2002 are names, not figures)
    assert re.search(r"Pramoen · [๐-๙]+ ", text) and "หน้า ๑ / ๑" in text


def test_the_workbook_holds_the_ranking_as_numbers(two_final, client_for):
    answer = client_for("province").get(_url(two_final, "xlsx"))
    assert answer.status_code == 200
    ws = load_workbook(io.BytesIO(answer.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows.index(
        ("ลำดับ", "อำเภอ", "ผู้รับการประเมิน", "สถานะ", "ผลสัมฤทธิ์", "สมรรถนะ", "รวม", "ระดับ")
    )
    end = next(n for n in range(header + 1, len(rows)) if not any(rows[n]))
    body = rows[header + 1 : end]
    ranked = [r for r in body if r[0] is not None]
    assert [r[0] for r in ranked] == [1, 2]
    assert 83.85 in [r[6] for r in ranked] and ranked[0][6] >= ranked[1][6]
    mine = next(r for r in ranked if r[6] == 83.85)
    assert mine[2] == "กนกวรรณ ศรีประเสริฐ" and mine[4:6] == (85.5, 80.0)
    assert all(r[6] is None and r[7] is None for r in body if r[0] is None)  # listed, no rank
    bands = dict(
        r[:2]
        for r in rows[
            rows.index(("ระดับผลการประเมิน", "จำนวน (ราย)", None, None, None, None, None, None)) + 1 :
        ]
        if r[0]
    )
    summary = round_appraisals(two_final)
    assert bands == {b.label_th: n for b, n in summary.bands}


def test_in_english_by_the_switch(two_final, users, client_for):
    Membership.objects.filter(user=users["province"]).update(language="en")
    text = _text(client_for("province").get(_url(two_final, "pdf")).content)
    assert "Appraisals of the province" in text and "screening committee" in text
    assert "Rank" in text and "Chair of the screening committee" in text
    assert "Very good" in text  # the band of 83.85, in English
    assert "สรุปผลการประเมินผลการปฏิบัติราชการ" not in text
    ws = load_workbook(
        io.BytesIO(client_for("province").get(_url(two_final, "xlsx")).content)
    ).active
    assert "Rank" in [c.value for c in ws[4]]


def test_only_the_summary_readers_get_it_and_a_bad_format_nothing(two_final, client_for):
    for who in ("d2001", "wg-coordination"):
        assert client_for(who).get(_url(two_final, "pdf")).status_code == 403
    assert client_for("province").get(_url(two_final, "docx")).status_code == 404
    assert client_for("d2001").get(_url(two_final, "docx")).status_code == 403  # access first
