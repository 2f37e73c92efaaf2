"""The year pages: the province's both rounds side by side, one district's year, the table as
CSV and Excel; who sees them (figures: tests/evaluation/selectors/test_year.py)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pramoen.evaluation.models import Evaluation
from pramoen.testing import factories
from tests.evaluation.year_world import two_rounds

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(round_, users):
    return two_rounds(round_, users)


def _row(html: str, code: str) -> str:
    match = re.search(rf'<tr data-district="{code}"[^>]*>.*?</tr>', html, re.S)
    assert match, code
    return match.group(0)


def _cell(row: str, attr: str) -> str:
    match = re.search(rf"<td[^>]*{attr}[^>]*>(.*?)</td>", row, re.S)
    assert match, attr
    return re.sub(r"<[^>]+>", " ", match.group(1)).split()[0]


def test_the_province_year_ranks_by_the_mean_and_says_so(year, client_for):
    response = client_for("province").get(reverse("year", args=[2568]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ผลประจำปี: ค่าเฉลี่ยของสองรอบ" in html
    mueang = _row(html, "2001")
    assert _cell(mueang, "data-rank") == "1"
    assert _cell(mueang, 'data-round="1"') == "85.50"
    assert _cell(mueang, 'data-round="2"') == "86.38"  # 86.375, half up
    assert _cell(mueang, "data-change") == "+0.88"
    assert _cell(mueang, "data-result") == "85.94"
    assert reverse("year_district", args=[2568, "2001"]) in mueang


def test_an_unsubmitted_round_shows_not_submitted_and_no_rank(year, client_for):
    html = client_for("viewer").get(reverse("year", args=[2568])).content.decode()
    ban_bueng = _row(html, "2002")
    assert 'class="not-submitted"' in ban_bueng
    assert _cell(ban_bueng, "data-rank") == "–"
    assert _cell(ban_bueng, 'data-round="1"') == "70.50"
    assert "ยังไม่ส่ง" in re.search(r'data-round="2".*?</td>', ban_bueng, re.S).group(0)
    assert (_cell(ban_bueng, "data-change"), _cell(ban_bueng, "data-result")) == ("–", "–")


def test_under_the_last_rule_round_two_alone_ranks(year, client_for, settings):
    settings.PRAMOEN_YEAR_RULE = "last"
    html = client_for("wg-strategy").get(reverse("year", args=[2568])).content.decode()
    assert "ผลประจำปี: รอบที่ 2" in html and "ค่าเฉลี่ยของสองรอบ" not in html
    assert _cell(_row(html, "2001"), "data-result") == "86.38"
    phan_thong = _row(html, "2005")
    assert (_cell(phan_thong, "data-rank"), _cell(phan_thong, "data-result")) == ("2", "55.08")


def test_a_districts_year_shows_each_indicator_in_both_rounds(year, client_for):
    response = client_for("d2001").get(reverse("year_district", args=[2568, "2001"]))
    assert response.status_code == 200
    html = response.content.decode()
    i1 = re.search(r'<tr data-indicator="I1">.*?</tr>', html, re.S).group(0)
    assert [_cell(i1, f'data-level="{n}"') for n in (1, 2)] == ["4", "3"]
    # I6 was taken out of round 2: a dash there
    i6 = re.search(r'<tr data-indicator="I6">.*?</tr>', html, re.S).group(0)
    assert [_cell(i6, f'data-level="{n}"') for n in (1, 2)] == ["5", "–"]
    assert 'data-achievement="1"' in html and "85.50" in html and "86.38" in html
    assert re.search(r"data-result>\s*85.94", html)
    # the district officer is not sent to the province's table
    assert f'href="{reverse("year", args=[2568])}"' not in html


def test_the_year_pages_in_english_name_the_bands_in_english(year, client_for, settings):
    client = client_for("province")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("year", args=[2568])).content.decode()
    mueang = _row(html, "2001")
    assert "Very good" in mueang and "ดีมาก" not in mueang
    html = client.get(reverse("year_district", args=[2568, "2001"])).content.decode()
    assert "Very good" in html and "ดีมาก" not in html


def test_an_indicators_title_is_written_in_the_pages_digits(year, client_for):
    html = client_for("province").get(reverse("year_district", args=[2568, "2001"])).content
    t2 = re.search(r'<tr data-indicator="T2">.*?</tr>', html.decode(), re.S).group(0)
    assert "พ.ศ." in t2 and re.search(r"[๐-๙]", t2) is None


def test_a_district_officer_sees_only_their_own_year(year, client_for):
    officer = client_for("d2002")
    assert officer.get(reverse("year_district", args=[2568, "2002"])).status_code == 200
    assert officer.get(reverse("year_district", args=[2568, "2001"])).status_code == 404
    assert officer.get(reverse("year", args=[2568])).status_code == 403
    assert officer.get(reverse("year_file", args=[2568, "csv"])).status_code == 403


def test_the_department_and_other_provinces_are_refused(year, client):
    users = factories.outsiders()
    client.force_login(users["department"])
    assert client.get(reverse("year", args=[2568])).status_code == 403
    assert client.get(reverse("year_district", args=[2568, "2001"])).status_code == 403
    client.force_login(users["other-province"])
    assert client.get(reverse("year", args=[2568])).status_code == 404
    assert client.get(reverse("year_district", args=[2568, "2001"])).status_code == 404


def test_a_year_without_rounds_is_not_found(year, client_for):
    assert client_for("province").get(reverse("year", args=[2567])).status_code == 404


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_pages_queries_do_not_grow_with_the_districts(year, client_for):
    client = client_for("province")
    urls = [reverse("year", args=[2568]), reverse("year_district", args=[2568, "2001"])]
    many = [_queries(client, url) for url in urls]
    Evaluation.objects.filter(round__in=year).exclude(
        district__code__in=["2001", "2002", "2005"]
    ).delete()
    assert [_queries(client, url) for url in urls] == many


def test_the_table_as_csv_and_excel(year, client_for):
    client = client_for("province")
    response = client.get(reverse("year_file", args=[2568, "csv"]))
    assert response.status_code == 200
    assert "pramoen-2568-year-province.csv" in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    head, first = table[0], table[1]
    assert head[:4] == ["อันดับ", "รหัส", "อำเภอ", "รอบที่ 1 สถานะ"]
    assert head[-2] == "ผลประจำปี (ค่าเฉลี่ยของสองรอบ)"
    assert first[:3] == ["1", "2001", "เมืองชลบุรี"]
    assert first[head.index("รอบที่ 2 ผลสัมฤทธิ์")] == "86.38"
    assert first[-3:] == ["0.88", "85.94", "ดีมาก"]
    ban_bueng = next(row for row in table if row[1] == "2002")
    assert ban_bueng[head.index("รอบที่ 2 ระดับผล")] == "ยังไม่ส่ง"

    response = client.get(reverse("year_file", args=[2568, "xlsx"]))
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value.endswith("ปีงบประมาณ พ.ศ. 2568")
    values = [c.value for c in ws[5]]
    assert values[:3] == [1, "2001", "เมืองชลบุรี"] and values[-2:] == [85.94, "ดีมาก"]
    assert client.get(reverse("year_file", args=[2568, "docx"])).status_code == 404


def test_the_round_page_and_the_dashboard_link_to_the_year(year, client_for):
    first, _second = year
    client = client_for("province")
    to_year = reverse("year", args=[2568])
    assert to_year in client.get(reverse("round_detail", args=[first.pk])).content.decode()
    assert to_year in client.get(reverse("dashboard", args=[first.pk])).content.decode()


def test_the_year_table_prints_on_a4_with_its_text_layer(year, client_for, round_):
    import io as _io

    from pypdf import PdfReader

    answer = client_for("province").get(reverse("year_file", args=[round_.fiscal_year, "pdf"]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = re.sub(
        r"\s+",
        " ",
        "\n".join(p.extract_text() for p in PdfReader(_io.BytesIO(answer.content)).pages),
    )
    assert "ผลการประเมินทั้งสองรอบ ปีงบประมาณ 2568" in text and "ค่าเฉลี่ยของสองรอบ" in text
    # Mueang Chonburi: 85.50 and 86.38, change 0.88, the year 85.94 ดีมาก (selector tests)
    assert re.search(r"1 เมืองชลบุรี 85\.50 \S+ 86\.38 \S+ 0\.88 85\.94 ดีมาก", text), text[:600]
    assert (
        client_for("d2001").get(reverse("year_file", args=[round_.fiscal_year, "pdf"])).status_code
        == 403
    )


def test_the_dashboard_of_either_round_shows_the_years_result(year, client_for, settings):
    first, second = year
    client = client_for("province")
    for round_ in (first, second):
        html = client.get(reverse("dashboard", args=[round_.pk])).content.decode()
        assert "ผลประจำปี: ค่าเฉลี่ยของสองรอบ" in html
        # the year page's figures: 2001's mean 85.94, 2002 has no round 2 (no result)
        assert _cell(_row(html, "2001"), "data-year-result") == "85.94"
        assert _cell(_row(html, "2002"), "data-year-result") == "–"
    settings.PRAMOEN_YEAR_RULE = "last"
    html = client.get(reverse("dashboard", args=[second.pk])).content.decode()
    assert "ผลประจำปี: รอบที่ 2" in html
    assert _cell(_row(html, "2005"), "data-year-result") == "55.08"


def test_a_year_of_one_round_has_no_years_result_on_the_dashboard(round_, users, client_for):
    html = client_for("province").get(reverse("dashboard", args=[round_.pk])).content.decode()
    assert "data-year-result" not in html and "ผลประจำปี" not in html


def test_the_year_table_in_thai_digits_has_one_digit_style(year, client_for, round_):
    import io as _io

    from pypdf import PdfReader

    url = reverse("year_file", args=[round_.fiscal_year, "pdf"]) + "?digits=thai"
    data = client_for("province").get(url).content
    text = "\n".join(p.extract_text() for p in PdfReader(_io.BytesIO(data)).pages)
    assert "๘๕.๙๔" in text
    assert not re.search("[0-9]", text), text[-200:]  # the printed-at line in the margin too
