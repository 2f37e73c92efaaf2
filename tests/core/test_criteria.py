from decimal import Decimal

import pytest

from pramoen.core.criteria import assign_measures, extract
from pramoen.core.model import Op


def ops(text):
    return [(c.op, c.value, c.unit) for c in extract(text)]


@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("ไม่น้อยกว่าร้อยละ ๗๐", Op.GE),
        ("ไม่ต่ำกว่า ๑๐ ครัวเรือน", Op.GE),
        ("อย่างน้อย ๑ ครั้ง", Op.GE),
        ("มากกว่าหรือเท่ากับร้อยละ ๒๐", Op.GE),
        ("มากกว่า ๒ โครงการ/กิจกรรม", Op.GT),
        ("ต่ำกว่าร้อยละ ๑๕", Op.LT),
        ("น้อยกว่า ๔ โปรแกรม", Op.LT),
        ("ไม่เกิน ๕ ราย", Op.LE),
    ],
)
def test_each_comparison_phrase_reads_as_its_operator(text, op):
    assert [c.op for c in extract(text)] == [op]


def test_longer_phrases_are_not_read_as_their_tails():
    # "ไม่น้อยกว่า" contains "น้อยกว่า", "ไม่ต่ำกว่า" contains "ต่ำกว่า"
    assert ops("หนี้ไม่น้อยกว่าร้อยละ ๕") == [(Op.GE, Decimal(5), "%")]
    assert ops("ไม่ต่ำกว่า ๓ ตำบล") == [(Op.GE, Decimal(3), "ตำบล")]


def test_a_bare_count_reads_as_at_least():
    assert ops("ผลิตสื่อ จำนวน ๒ ชิ้น") == [(Op.GE, Decimal(2), "ชิ้น")]
    assert ops("มีโปรแกรม ๔ โปรแกรม") == [(Op.GE, Decimal(4), "โปรแกรม")]
    assert ops("จำนวน ๓ ตำบล ๑๕ ตัวชี้วัด") == [
        (Op.GE, Decimal(3), "ตำบล"),
        (Op.GE, Decimal(15), "ตัวชี้วัด"),
    ]


def test_dates_years_numbering_and_names_are_not_criteria():
    assert extract("ภายในวันที่ ๓๑ พฤษภาคม ๒๕๖๘") == []
    assert extract("มีฐานข้อมูลครัวเรือนยากจนเป้าหมาย ปี ๒๕๖๕ – ๒๕๖๗") == []
    assert extract("ด้วยปฏิบัติการ ๔ท (ทัศนคติ ทักษะ ทรัพยากร ทางออก)") == []
    assert extract("ได้แก่ ๑) แหล่งท่องเที่ยว ๒) ผลิตภัณฑ์ชุมชน") == []
    assert extract("(เทียบรายได้ ๖ เดือนแรกปี ๒๕๖๗)") == []


def test_arabic_digits_and_decimals_work_like_thai_ones():
    assert ops("ไม่น้อยกว่าร้อยละ 87.5") == [(Op.GE, Decimal("87.5"), "%")]


def test_a_reworded_lead_in_is_still_the_same_measure():
    levels = assign_measures(
        "โปรแกรมท่องเที่ยว",
        [
            (1, "มีกิจกรรมส่งเสริม ๒ ครั้ง และ ประชาสัมพันธ์อย่างน้อย ๑ ครั้ง"),
            (2, "ชุมชนมีกิจกรรมส่งเสริม ๓ ครั้ง และ ประชาสัมพันธ์อย่างน้อย ๒ ครั้ง"),
        ],
    )
    first, second = (lv.criteria for lv in levels)
    assert [c.measure for c in first] == [c.measure for c in second]
    assert first[0].measure != first[1].measure


def test_different_measures_with_the_same_unit_stay_apart():
    levels = assign_measures(
        "OTOP",
        [
            (1, "ส่งผลิตภัณฑ์เข้าร่วม ไม่น้อยกว่าร้อยละ ๕๐"),
            (2, "มีแผนติดตาม"),
            (3, "รายได้เพิ่มขึ้นไม่น้อยกว่า ร้อยละ ๔"),
        ],
    )
    assert levels[0].criteria[0].measure != levels[2].criteria[0].measure
