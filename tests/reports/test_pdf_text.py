"""The PDFs' text layer reads back as the printed Thai, in one digit style, naming people."""

from __future__ import annotations

import io
import re
from pathlib import Path

import fontpkg_sarabun
import pytest
from pypdf import PdfReader

from pramoen.accounts.services import user_create
from pramoen.reports import render
from pramoen.reports.fontfix import sara_am_font
from pramoen.reports.pdf import FONT_DIR, one_digit_style
from pramoen.testing import factories

pytestmark = pytest.mark.django_db

SARA_AM_WORDS = ("อำเภอเมืองชลบุรี", "น้ำหนัก", "ความสำเร็จ", "ดำเนินงาน", "ประจำปีงบประมาณ")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def entered(round_, users):
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    return round_


def test_the_text_layer_keeps_sara_am_as_printed(entered):
    data, _ = render.render(entered, fmt="pdf", district="2001")
    text = pdf_text(data)
    for word in SARA_AM_WORDS:
        assert word in text, word
    # the plain SARA AA still reads as itself, not as ำ
    assert "อาเภอ" not in text and "นาหนัก" not in text and "ความสาเร็จ" not in text
    assert "ร้อยละ" in text and "ระดับที่รายงาน" in text


def test_the_booklet_text_layer_keeps_sara_am_in_every_district(entered):
    data, _ = render.render(entered, fmt="pdf")
    text = pdf_text(data)
    assert text.count("อำเภอบ้านบึง") >= 1 and text.count("น้ำหนัก") >= 11
    assert "อาเภอ" not in text


def test_the_embedded_fonts_are_the_pinned_sarabun_with_the_sara_am_glyphs(tmp_path):
    source = Path(fontpkg_sarabun.ROOT) / "files"
    for weight in ("Regular", "Bold"):
        made = tmp_path / f"{weight}.ttf"
        sara_am_font(source / f"Sarabun-{weight}.ttf").save(made)
        assert made.read_bytes() == (FONT_DIR / f"Sarabun-{weight}.ttf").read_bytes(), weight


def test_a_pdf_has_one_digit_style(entered):
    arabic, _ = render.render(entered, fmt="pdf", district="2001")
    text = pdf_text(arabic)
    assert not re.search("[๐-๙]", text), re.findall(".{12}[๐-๙].{12}", text)[:3]
    assert "พ.ศ. 2568" in text and "คะแนนเต็ม 100 = Σ(ค) × 20 ÷ Σ(ข)" in text
    thai, _ = render.render(entered, fmt="pdf", district="2001", thai_digits=True)
    # codes keep their digits: "T1", not "T๑" (indicators; here the unnamed users too)
    assert "T1 " in pdf_text(thai) and "I2a " in pdf_text(thai)
    text = re.sub(r"\b[A-Za-z]+[0-9]+[a-z]?\b", "", pdf_text(thai))
    assert not re.search("[0-9]", text), re.findall(".{12}[0-9].{12}", text)[:3]
    assert "พ.ศ. ๒๕๖๘" in text and "คะแนนเต็ม ๑๐๐ = Σ(ค) × ๒๐ ÷ Σ(ข)" in text


def test_one_digit_style_leaves_markup_styles_and_references_alone():
    html = '<style>a{width:12mm}</style><body><p class="c2" title="3">ข้อ 1 &#x27;๒&#39;</p>'
    assert one_digit_style(html, thai=True) == (
        '<style>a{width:12mm}</style><body><p class="c2" title="3">ข้อ ๑ &#x27;๒&#39;</p>'
    )
    assert one_digit_style(html, thai=False).endswith("ข้อ 1 &#x27;2&#39;</p>")
    assert one_digit_style("<body>T1 I12a 2568-1", thai=True) == "<body>T1 I12a ๒๕๖๘-๑"


def test_the_form_names_the_evaluatee_and_the_evaluator_with_their_positions(entered, province):
    user_create(
        username="d2001",
        role="district",
        province=province,
        district="2001",
        full_name="อนุชา บุญมา",
        password="x",
    )
    user_create(
        username="province",
        role="province",
        province=province,
        full_name="สมชาย ใจดี",
        position="พัฒนาการจังหวัดชลบุรี",
        password="x",
    )
    data, _ = render.render(entered, fmt="pdf", district="2001")
    text = pdf_text(data)
    assert "(d2001)" not in text and "(province)" not in text
    assert "อนุชา บุญมา" in text and "สมชาย ใจดี" in text
    assert "ตำแหน่ง พัฒนาการอำเภอเมืองชลบุรี" in text
    assert "ตำแหน่ง พัฒนาการจังหวัดชลบุรี" in text
    assert "(สมชาย ใจดี)" in text  # under the signature line, on one line


def test_the_booklet_has_a_contents_page_and_numbers_its_pages_across_the_book(entered):
    data, _ = render.render(entered, fmt="pdf")
    reader = PdfReader(io.BytesIO(data))
    texts = [page.extract_text() for page in reader.pages]
    total = len(texts)
    for i, text in enumerate(texts, start=1):
        assert re.search(rf"หน้า\s*{i}\s*/\s*{total}\b", text), (i, text[-80:])
        assert len(re.findall(r"หน้า\s*\d+\s*/", text)) == 1, i  # one number a page
    contents = next(i for i, t in enumerate(texts) if "สารบัญ" in t)
    assert contents == 1  # after the summary page
    listed = dict(re.findall(r"อำเภอ(\S+)\s+(\d+)", texts[contents]))
    assert len(listed) == 11
    for name, start in listed.items():
        page = texts[int(start) - 1]
        assert "แบบสรุปผลการประเมินผลสัมฤทธิ์ของงาน" in page and f"อำเภอ{name}" in page, name
        previous = texts[int(start) - 2]
        assert f"อำเภอ{name}" not in previous.split("\n")[-1]
