"""The FY2568 Chonburi summary, end to end, and the format's variations and failures."""

from datetime import date
from decimal import Decimal

import pytest

from pramoen.core import DocumentError, Group, Kind, Op, officialdoc, parse_district_csv

ALL = [f"20{n:02d}" for n in range(1, 12)]

# id: (group, number, weight, work group code, applies_to, kind)
EXPECTED = {
    "T1": (Group.TEAM, 1, 60, "coordination", ALL, Kind.THRESHOLD),
    "T2": (Group.TEAM, 2, 40, "strategy", ALL, Kind.THRESHOLD),
    "I1": (Group.INDIVIDUAL, 1, 15, "promotion", ALL, Kind.LADDER),
    "I2a": (Group.INDIVIDUAL, 2, 15, "promotion", ["2001"], Kind.THRESHOLD),
    "I2b": (Group.INDIVIDUAL, 2, 15, "promotion", [c for c in ALL if c != "2001"], Kind.LADDER),
    "I3a": (Group.INDIVIDUAL, 3, 15, "information", ["2001", "2004", "2006", "2009"], Kind.LADDER),
    "I3b": (
        Group.INDIVIDUAL,
        3,
        15,
        "information",
        ["2002", "2003", "2008", "2010", "2011"],
        Kind.LADDER,
    ),
    "I4": (Group.INDIVIDUAL, 4, 20, "information", ALL, Kind.LADDER),
    "I5": (Group.INDIVIDUAL, 5, 15, "coordination", ALL, Kind.THRESHOLD),
    "I6": (
        Group.INDIVIDUAL,
        6,
        20,
        "promotion",
        [c for c in ALL if c not in ("2008", "2011")],
        Kind.LADDER,
    ),
    "I7": (Group.INDIVIDUAL, 7, 20, "promotion", ["2008", "2011"], Kind.LADDER),
}


def criteria(scorecard, indicator_id):
    ind = scorecard.indicator(indicator_id)
    return [(lv.level, c.op, c.value, c.unit) for lv in ind.levels for c in lv.criteria]


def test_it_reads_the_header(fy2568):
    assert fy2568.fiscal_year == 2568
    assert fy2568.round == 1
    assert (fy2568.period_start, fy2568.period_end) == (date(2024, 10, 1), date(2025, 3, 31))
    # the OCR slip "กีบ" is read as "กับ"
    assert fy2568.position == "พัฒนาการจังหวัด กับ พัฒนาการอำเภอ"


def test_it_finds_every_indicator_in_document_order(fy2568):
    assert [i.id for i in fy2568.indicators] == list(EXPECTED)


@pytest.mark.parametrize("indicator_id", list(EXPECTED))
def test_each_indicator_has_its_weight_source_applicability_and_levels(fy2568, indicator_id):
    group, number, weight, source, applies_to, kind = EXPECTED[indicator_id]
    ind = fy2568.indicator(indicator_id)
    assert ind.group is group
    assert ind.number == number
    assert ind.weight == Decimal(weight)
    assert ind.source.code == source
    assert list(fy2568.applies_to(ind)) == applies_to
    assert ind.kind is kind
    assert [lv.level for lv in ind.levels] == [1, 2, 3, 4, 5]
    assert all(lv.text and "<" not in lv.text for lv in ind.levels)


def test_titles_are_clean_of_markup_and_numbering(fy2568):
    assert fy2568.indicator("T1").title == "ร้อยละของการใช้จ่ายงบประมาณ"
    assert fy2568.indicator("I3b").title.startswith("ระดับความสำเร็จการเสริมสร้าง")


def test_work_group_spellings_are_one_group(fy2568):
    names = {i.source.name_th for i in fy2568.indicators}
    assert names == {"กลุ่มงานประสานฯ", "กลุ่มงานยุทธศาสตร์", "กลุ่มงานส่งเสริมฯ", "กลุ่มงานสารสนเทศฯ"}


def test_the_level_continued_on_the_next_page_belongs_to_its_indicator(fy2568):
    level5 = fy2568.indicator("I2b").level(5)
    assert "ประเพณีจำนวนเพิ่มขึ้น" in level5.text
    assert "ตัวชี้วัดที่ ๓" not in level5.text


def test_threshold_criteria_are_read(fy2568):
    assert criteria(fy2568, "T1") == [
        (n, Op.GE, Decimal(v), "%") for n, v in zip(range(1, 6), (70, 75, 80, 85, 90), strict=True)
    ]
    assert criteria(fy2568, "T2") == criteria(fy2568, "T1")
    assert criteria(fy2568, "I5") == [
        (1, Op.GE, Decimal(20), "%"),
        (2, Op.LT, Decimal(20), "%"),
        (3, Op.LT, Decimal(15), "%"),
        (4, Op.LT, Decimal(12), "%"),
        (5, Op.LT, Decimal(10), "%"),
    ]
    assert criteria(fy2568, "I2a") == [
        (1, Op.LT, Decimal(4), "โปรแกรม"),
        (2, Op.GE, Decimal(4), "โปรแกรม"),
        (3, Op.GE, Decimal(6), "โปรแกรม"),
        (4, Op.GE, Decimal(8), "โปรแกรม"),
        (5, Op.GE, Decimal(10), "โปรแกรม"),
    ]
    assert len(fy2568.indicator("I2a").measures) == 1


def test_ladder_criteria_are_read_and_milestones_have_none(fy2568):
    assert criteria(fy2568, "I1") == [
        (1, Op.GE, Decimal(50), "%"),
        (2, Op.GE, Decimal(1), "ผลิตภัณฑ์"),
        (4, Op.GE, Decimal(1), "ครั้ง"),
        (5, Op.GE, Decimal(4), "%"),
    ]
    assert criteria(fy2568, "I3a") == [(n, Op.GE, Decimal(n + 25), "คน") for n in (3, 4, 5)]
    assert criteria(fy2568, "I3b") == [
        (2, Op.GE, Decimal(3), "ตำบล"),
        (2, Op.GE, Decimal(15), "ตัวชี้วัด"),
        (5, Op.GE, Decimal(10), "ครัวเรือน"),
    ]
    # "ปี ๒๕๖๕ – ๒๕๖๗" and "๔ท" are not criteria
    assert criteria(fy2568, "I4") == [(n, Op.GE, Decimal(10), "ครัวเรือน") for n in (3, 4, 5)]
    assert criteria(fy2568, "I6") == []
    assert criteria(fy2568, "I7") == [
        (3, Op.GE, Decimal(1), "โครงการ/กิจกรรม"),
        (4, Op.GE, Decimal(1), "โครงการ/กิจกรรม"),
        (5, Op.GT, Decimal(2), "โครงการ/กิจกรรม"),
    ]


def test_i2b_reads_pieces_channels_and_pr_rounds_as_three_measures(fy2568):
    ind = fy2568.indicator("I2b")
    assert len(ind.measures) == 3
    by_unit = {}
    for lv in ind.levels:
        for c in lv.criteria:
            by_unit.setdefault(c.unit, []).append((lv.level, c.value))
    assert by_unit["ชิ้น"] == [(1, 1), (2, 1), (3, 2), (4, 2)]
    assert by_unit["ช่องทาง"] == [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3)]
    assert by_unit["ครั้ง"] == [(1, 1), (2, 2), (3, 4), (4, 6), (5, 5)]


def test_unknown_district_names_are_kept_for_the_checker(fy2568):
    a = fy2568.indicator("I3a").applicability
    assert a.mode == "only"
    assert a.unknown == ("บ้านนา",)


def test_arabic_digits_crlf_and_a_bom_read_the_same(fy2568_text, fy2568):
    from pramoen.core.thai import to_arabic_digits

    variant = "\ufeff" + to_arabic_digits(fy2568_text).replace("\n", "\r\n")
    other = officialdoc.parse(variant)
    assert [(i.id, i.weight, i.applicability) for i in other.indicators] == [
        (i.id, i.weight, i.applicability) for i in fy2568.indicators
    ]
    for a, b in zip(other.indicators, fy2568.indicators, strict=True):
        assert [
            [(to_arabic_digits(c.measure), c.op, c.value, c.unit) for c in lv.criteria]
            for lv in b.levels
        ] == [[(c.measure, c.op, c.value, c.unit) for c in lv.criteria] for lv in a.levels]
        assert [to_arabic_digits(lv.text) for lv in b.levels] == [lv.text for lv in a.levels]


def test_a_row_whose_tabs_were_lost_still_reads(fy2568_text):
    text = fy2568_text.replace("๙๐\t๖๐\tกลุ่มงาน ประสานฯ", "๙๐ ๖๐ กลุ่มงาน ประสานฯ")
    assert text != fy2568_text
    scorecard = officialdoc.parse(text)
    assert scorecard.indicator("T1").weight == 60
    assert scorecard.indicator("T1").source.code == "coordination"


def test_another_province_resolves_names_against_its_own_list(fy2568_text):
    nakhon_nayok = parse_district_csv(
        "code,name_th,name_en\n2601,เมืองนครนายก,Mueang Nakhon Nayok\n2604,บ้านนา,Ban Na\n"
    )
    scorecard = officialdoc.parse(fy2568_text, nakhon_nayok)
    a = scorecard.indicator("I3a").applicability
    assert a.districts == ("2604",)
    assert "เมืองชลบุรี" in a.unknown


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "ว่างเปล่า"),
        ("   \n\t\n", "ว่างเปล่า"),
        ("สวัสดีครับ\nไม่ใช่เอกสาร", "ไม่พบตัวชี้วัด"),
        ("a\x00b", "ไบนารี"),
    ],
)
def test_what_is_not_a_kpi_summary_is_refused_with_a_reason(text, message):
    with pytest.raises(DocumentError, match=message):
        officialdoc.parse(text)


def test_an_indicator_before_any_section_is_refused_with_its_line(fy2568_text):
    text = fy2568_text.replace("ตัวชี้วัดรายทีม\t\t\n", "", 1)
    with pytest.raises(DocumentError) as info:
        officialdoc.parse(text)
    assert info.value.line == 10
    assert "บรรทัด 10" in str(info.value)


def test_a_weight_that_is_not_a_number_is_refused_with_its_line(fy2568_text):
    text = fy2568_text.replace("\t๔๐\t", "\tสี่สิบ\t", 1)
    with pytest.raises(DocumentError, match=r"T2.*สี่สิบ") as info:
        officialdoc.parse(text)
    assert info.value.line == 12


def test_binary_and_non_utf8_files_are_refused(tmp_path):
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x01")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7\x00\x01")
    (tmp_path / "b.txt").write_bytes("ตัวชี้วัด".encode("cp874"))
    with pytest.raises(DocumentError, match="ไบนารี"):
        officialdoc.read_document(tmp_path / "a.png")
    with pytest.raises(DocumentError, match="ไฟล์ PDF เสียหรือเปิดไม่ได้"):
        officialdoc.read_document(tmp_path / "a.pdf")
    with pytest.raises(DocumentError, match="UTF-8"):
        officialdoc.read_document(tmp_path / "b.txt")
    with pytest.raises(DocumentError, match="เปิดไฟล์ไม่ได้"):
        officialdoc.read_document(tmp_path / "missing.txt")
