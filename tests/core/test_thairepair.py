"""What PDF text layers do to Thai, put back; what cannot be settled, left and found."""

import pytest

from pramoen.core import check, officialdoc
from pramoen.core.thairepair import LOST, damage, repair


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("ตำาแหน่ง", "ตำแหน่ง"),  # SARA AM as both its glyphs (LibreOffice)
        ("ตําแหน่ง", "ตำแหน่ง"),  # NIKHAHIT + SARA AA
        ("นำ้า", "น้ำ"),  # and the tone between them
        ("นํ้าหนัก", "น้ำหนัก"),
        ("ไมน่ ้อย", "ไม่น้อย"),  # a tone moved to the next letter, a space before the mark
        ("ตัวชวี้ ัด", "ตัวชี้วัด"),  # two vowels stacked on one letter
        ("ท่ี", "ที่"),  # the tone before its vowel
        ("\uf70aไม", "่ไม"),  # a PUA glyph is its character, wherever it stands
        ("ส\uf710ญญา", "สัญญา"),
        ("ความส  าเร็จ", "ความสำเร็จ"),  # NIKHAHIT lost, a gap left: the word settles it
        ("น  าหนัก", "น้ำหนัก"),  # with its tone
        (f"ต{LOST}าแหน่ง", "ตำแหน่ง"),  # a glyph with no character (WeasyPrint)
        ("ตาแหน่ง", "ตำแหน่ง"),  # lost altogether, in a word whose damaged form is no word
        ("กล่มุ งาน", "กลุ่มงาน"),  # a vowel moved past the next letter, and the gap
    ],
)
def test_certain_damage_is_repaired(damaged, repaired):
    assert repair(damaged) == repaired


@pytest.mark.parametrize(
    "text",
    ["ทาสี ตา นา", "กลุ่มงาน ประสานฯ", "ร้อยละ ๗๐\tกลุ่มงาน", "Quadrant D และ KBO", "น้ำหนัก"],
)
def test_sound_text_is_left_as_it_is(text):
    assert repair(text) == text


def test_the_seed_is_untouched(fy2568_text):
    assert repair(fy2568_text) == fy2568_text


def test_what_the_repair_cannot_settle_is_found_with_its_word():
    # "ข าว" could be ขาว or ขำว…: no word of the lexicon settles it
    text = repair("ผลิตข าวหอม และ ค่้า")
    assert text == "ผลิตข าวหอม และ ค่้า"
    assert damage(text) == ["ผลิตข าวหอม", "ค่้า"]


def test_damage_left_in_a_summary_is_a_finding_at_its_indicator_and_level(fy2568_text):
    text = fy2568_text.replace(
        "ผลการดำเนินงานกิจกรรม/โครงการ ไม่น้อยกว่าร้อยละ ๗๕", "ผลการด าเนินงานข าว ไม่น้อยกว่าร้อยละ ๗๕", 1
    )
    findings = [f for f in check(officialdoc.parse(text)) if f.code == "damaged-text"]
    assert [(f.indicator, f.level) for f in findings] == [("T2", 2)]
    assert "ข าว" in findings[0].message
    # the word the lexicon settles is repaired, not reported
    assert "ด าเนิน" not in findings[0].message
