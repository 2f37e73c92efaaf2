"""Every form of the FY2568 summary (Word, PDF from WeasyPrint and from LibreOffice) reads to
the scorecard and findings of its text form; bad files are refused with the file and place.

The fixtures are made from the seed by scripts/make-doc-fixtures.py (committed with them)."""

import re
from pathlib import Path

import pytest

from pramoen.core import DocumentError, check, officialdoc
from pramoen.core.report import scorecard_dict
from pramoen.core.thai import to_thai_digits

FIXTURES = Path(__file__).parent.parent / "fixtures"


def card(data: bytes, name: str = "x") -> dict:
    scorecard = officialdoc.parse(officialdoc.decode_document(data, name=name))
    return scorecard_dict(scorecard, check(scorecard))


@pytest.fixture(scope="module")
def text_form() -> dict:
    return card((FIXTURES / "kpi-2568-1.txt").read_bytes())


def thai_digits(value):
    if isinstance(value, str):
        return to_thai_digits(value)
    if isinstance(value, list):
        return [thai_digits(v) for v in value]
    if isinstance(value, dict):
        return {k: thai_digits(v) for k, v in value.items()}
    return value


def without_wrap_spaces(value):
    """A PDF drops the space a line wraps at; between two Thai letters no reader can tell it
    was there (Thai writes no space between words). Only those spaces are set aside."""
    if isinstance(value, str):
        return re.sub(r"(?<=[\u0e01-\u0e4f]) (?=[\u0e01-\u0e4f])", "", value)
    if isinstance(value, list):
        return [without_wrap_spaces(v) for v in value]
    if isinstance(value, dict):
        return {k: without_wrap_spaces(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    "name", ["kpi-2568-1.docx", "kpi-2568-1-inline.docx", "kpi-2568-1-pages.docx"]
)
def test_each_word_layout_reads_to_the_text_forms_scorecard_and_findings(name, text_form):
    # levels as paragraphs of their own / inline; the seed's pages as tables with the header
    # repeated, the indicator carried over a page in a row of its own
    assert card((FIXTURES / name).read_bytes()) == text_form


def test_a_word_file_in_arabic_digits_reads_to_the_same_numbers(text_form):
    got = card((FIXTURES / "kpi-2568-1-arabic.docx").read_bytes())
    assert got["indicators"][0]["levels"][0]["text"] == "ไม่น้อยกว่าร้อยละ 70"
    assert thai_digits(got) == thai_digits(text_form)


@pytest.mark.parametrize("name", ["kpi-2568-1-weasyprint.pdf", "kpi-2568-1-libreoffice.pdf"])
def test_each_pdf_reads_to_the_text_forms_scorecard_and_findings(name, text_form):
    got = card((FIXTURES / name).read_bytes())
    # ids, weights, sources, periods, criteria and findings exactly; texts but for the space
    # at a line wrap between Thai words
    assert [i["id"] for i in got["indicators"]] == [i["id"] for i in text_form["indicators"]]
    assert got["weights"] == text_form["weights"]
    assert [f["code"] for f in got["findings"]] == [f["code"] for f in text_form["findings"]]
    assert without_wrap_spaces(got) == without_wrap_spaces(text_form)


def test_the_pdf_text_layers_damage_is_repaired():
    text = officialdoc.decode_document((FIXTURES / "kpi-2568-1-weasyprint.pdf").read_bytes())
    # WeasyPrint's layer loses SARA AM ("ต\u02f8าแหน่ง"); the marks sit with their letters
    assert "ตำแหน่ง พัฒนาการจังหวัด กับ พัฒนาการอำเภอ" in text
    assert "ตัวชี้วัดที่ ๕ ระดับความสำเร็จในการบริหารจัดการหนี้เกินกำหนดชำระ" in text
    assert "\ufffd" not in text and "ชวี้" not in text


def test_an_indicator_carried_to_the_next_page_is_one_indicator(text_form):
    got = card((FIXTURES / "kpi-2568-1-weasyprint.pdf").read_bytes())
    i2b = next(i for i in got["indicators"] if i["id"] == "I2b")
    assert [lv["level"] for lv in i2b["levels"]] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("bad/encrypted.pdf", "เข้ารหัสผ่าน"),
        ("bad/scanned.pdf", "ไม่มีข้อความในไฟล์ PDF นี้ — เป็นภาพสแกน"),
        ("bad/old-word.doc", "Word รุ่นเก่า (.doc)"),
        ("bad/no-table.docx", "ไม่มีตาราง"),
        ("bad/two-columns.docx", "ตารางที่ ๑ มี ๒ คอลัมน์"),
    ],
)
def test_a_file_that_is_no_summary_is_refused_naming_the_file(name, says):
    with pytest.raises(DocumentError) as caught:
        officialdoc.read_document(FIXTURES / name)
    assert says in str(caught.value)
    assert str(FIXTURES / name) in str(caught.value)


def test_the_scanned_pdf_says_what_to_do():
    with pytest.raises(DocumentError, match="ไฟล์ Word ต้นฉบับ"):
        officialdoc.read_document(FIXTURES / "bad" / "scanned.pdf")


def test_a_row_that_cannot_be_read_is_named_by_its_table_and_row(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("สรุปตัวชี้วัด ปีงบประมาณ พ.ศ. ๒๕๖๘")
    doc.add_paragraph("รอบการประเมินที่ ๑")
    table = doc.add_table(rows=4, cols=3)
    header = ["ตัวชี้วัด", "น้ำหนัก", "แหล่งข้อมูล"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "ตัวชี้วัดรายทีม"
    table.rows[2].cells[0].text = "ตัวชี้วัดที่ ๑ ร้อยละของการใช้จ่าย ระดับ ๑ ร้อยละ ๗๐"
    table.rows[2].cells[1].text = "หกสิบ"
    table.rows[3].cells[0].text = "หมายเหตุ"
    table.rows[3].cells[1].text = "๕"
    path = tmp_path / "summary.docx"
    doc.save(path)
    with pytest.raises(DocumentError) as caught:
        officialdoc.read_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ตารางที่ ๑ แถวที่ ")
    assert "บรรทัด" not in message  # the place is the file's, not the text form's


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 not really a zip", b"%PDF-1.7\n garbage", b"PK\x03\x04" + b"\x00" * 50],
)
def test_a_broken_word_or_pdf_file_is_a_document_error_not_a_crash(data):
    with pytest.raises(DocumentError):
        officialdoc.decode_document(data, name="broken")


def test_the_form_is_told_by_the_content_not_the_name(tmp_path):
    path = tmp_path / "summary.txt"  # a Word file under a text file's name
    path.write_bytes((FIXTURES / "kpi-2568-1.docx").read_bytes())
    assert "ตัวชี้วัดที่ ๑" in officialdoc.read_document(path)


def test_a_text_layer_in_a_legacy_fonts_pua_reads_to_the_same_scorecard(text_form):
    # kpi-2568-1-pua.txt: the seed as TH SarabunPSK's shaping leaves it without a ToUnicode
    # map (441 shifted marks at U+F700–U+F71A)
    data = (FIXTURES / "kpi-2568-1-pua.txt").read_bytes()
    assert any("\uf700" <= c <= "\uf71a" for c in data.decode())
    assert card(data) == text_form


def test_another_provinces_layout_reads_by_its_header(tmp_path):
    """The title in a layout table, the columns named by the header row (levels in a column of
    their own), the weight as "ร้อยละ ๖๐", the group row with a note."""
    from docx import Document

    doc = Document()
    title = doc.add_table(rows=2, cols=1)
    title.rows[0].cells[0].text = "สรุปตัวชี้วัด ปีงบประมาณ พ.ศ. ๒๕๖๙"
    title.rows[1].cells[0].text = "รอบการประเมินที่ ๒"
    table = doc.add_table(rows=3, cols=4)
    header = ["ตัวชี้วัด", "เกณฑ์การให้คะแนน", "น้ำหนัก (ร้อยละ)", "ผู้รับผิดชอบ"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    group = table.rows[1].cells[0].merge(table.rows[1].cells[3])
    group.text = "ตัวชี้วัดรายทีม (ร้อยละ ๕๐)"
    row = table.rows[2].cells
    row[0].text = "ตัวชี้วัดที่ ๑ ร้อยละของการใช้จ่ายงบประมาณ"
    row[1].text = "ระดับ ๑ ร้อยละ ๗๐\nระดับ ๒ ร้อยละ ๗๕"
    row[2].text = "ร้อยละ ๖๐"
    row[3].text = "กลุ่มงานประสานฯ"
    path = tmp_path / "other.docx"
    doc.save(path)
    scorecard = officialdoc.parse(officialdoc.read_document(path))
    assert (scorecard.fiscal_year, scorecard.round) == (2569, 2)
    (t1,) = scorecard.indicators
    assert (t1.id, t1.title, str(t1.weight), t1.source.code) == (
        "T1",
        "ร้อยละของการใช้จ่ายงบประมาณ",
        "60",
        "coordination",
    )
    assert [lv.text for lv in t1.levels] == ["ร้อยละ ๗๐", "ร้อยละ ๗๕"]
