"""The signed agreement out: Word and PDF in the seed's layout, read back to the same
scorecard, the PDF's text layer saying ำ, the signature block for every officer."""

import io

import pypdfium2 as pdfium
import pytest
from docx import Document

from pramoen.core import check, officialdoc
from pramoen.core.agreement import agreement
from pramoen.core.report import scorecard_dict


def read_back(data: bytes) -> dict:
    scorecard = officialdoc.parse(officialdoc.decode_document(data, name="agreement"))
    return scorecard_dict(scorecard, check(scorecard))


@pytest.fixture(scope="module")
def pdf(fy2568) -> bytes:
    return agreement(fy2568, "pdf", province="ชลบุรี")


@pytest.fixture(scope="module")
def docx(fy2568) -> bytes:
    return agreement(fy2568, "docx", province="ชลบุรี")


def test_the_word_agreement_reads_back_to_the_same_scorecard(fy2568, docx):
    assert read_back(docx) == scorecard_dict(fy2568, check(fy2568))


def test_the_pdf_agreement_reads_back_to_the_same_scorecard(fy2568, pdf):
    assert read_back(pdf) == scorecard_dict(fy2568, check(fy2568))


def layer(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    return "".join(page.get_textpage().get_text_range() for page in document)


def test_the_pdf_text_layer_says_sara_am_itself(pdf):
    # what any reader of the PDF (pdftotext, search) gets, before our repair: ำ, not า
    text = layer(pdf)
    assert "ตำแหน่ง" in text and "น้ำหนัก" in text and "อำเภอ" in text
    assert "ตาแหน่ง" not in text


def test_the_layout_is_the_seeds_with_every_officer_to_sign(docx):
    doc = Document(io.BytesIO(docx))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[:3] == [
        "สรุปตัวชี้วัดและค่าเป้าหมายการประเมินผลการปฏิบัติราชการ ปีงบประมาณ พ.ศ. ๒๕๖๘",
        "ตำแหน่ง พัฒนาการจังหวัด กับ พัฒนาการอำเภอ",
        "รอบการประเมินที่ ๑ (๑ ตุลาคม ๒๕๖๗ – ๓๑ มีนาคม ๒๕๖๘)",
    ]
    summary, signatures = doc.tables
    assert [c.text for c in summary.rows[0].cells] == [
        "ตัวชี้วัดและค่าเป้าหมาย",
        "น้ำหนัก ร้อยละ",
        "แหล่งข้อมูล",
    ]
    first = summary.rows[2].cells[0]
    assert [p.text for p in first.paragraphs][:2] == [
        "ตัวชี้วัดที่ ๑ ร้อยละของการใช้จ่ายงบประมาณ",
        "ระดับ ๑ ไม่น้อยกว่าร้อยละ ๗๐",
    ]
    signed = " ".join(c.text for row in signatures.rows for c in row.cells)
    assert "พัฒนาการจังหวัดชลบุรี" in signed
    assert signed.count("ผู้รับการประเมิน") == 11 and "พัฒนาการอำเภอเกาะสีชัง" in signed


def test_one_copy_per_district_is_signed_by_that_district(fy2568):
    doc = Document(io.BytesIO(agreement(fy2568, "docx", province="ชลบุรี", copies="each")))
    between = [p.text for p in doc.paragraphs if p.text.startswith("ข้อตกลงระหว่าง")]
    assert len(between) == 11
    assert between[0] == "ข้อตกลงระหว่าง พัฒนาการจังหวัดชลบุรี กับ พัฒนาการอำเภอเมืองชลบุรี"
    assert len(doc.tables) == 22  # each copy: the summary and its two signatures
