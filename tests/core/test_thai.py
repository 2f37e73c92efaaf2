from datetime import date
from decimal import Decimal

import pytest

from pramoen.core import thai


def test_it_converts_digits_both_ways():
    assert thai.to_arabic_digits("๒๕๖๘") == "2568"
    assert thai.to_thai_digits("2568") == "๒๕๖๘"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๗๐", Decimal(70)),
        ("87.5", Decimal("87.5")),
        ("๘๗.๕", Decimal("87.5")),
        ("1,250", Decimal(1250)),
    ],
)
def test_it_parses_numbers_in_either_script(text, expected):
    assert thai.parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "๗๐%", "1,2", "--1"])
def test_it_rejects_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        thai.parse_number(text)


def test_fiscal_year_2568_runs_from_october_2024_to_september_2025():
    assert thai.fiscal_year_period(2568) == (date(2024, 10, 1), date(2025, 9, 30))
    assert thai.fiscal_year_of(date(2024, 10, 1)) == 2568
    assert thai.fiscal_year_of(date(2024, 9, 30)) == 2567


def test_round_periods_split_the_fiscal_year_at_april():
    assert thai.round_period(2568, 1) == (date(2024, 10, 1), date(2025, 3, 31))
    assert thai.round_period(2568, 2) == (date(2025, 4, 1), date(2025, 9, 30))
    with pytest.raises(ValueError):
        thai.round_period(2568, 3)


def test_it_reads_and_writes_buddhist_era_dates():
    assert thai.parse_thai_date("๑ ตุลาคม ๒๕๖๗") == date(2024, 10, 1)
    assert thai.parse_thai_date("31 มี.ค. 68") == date(2025, 3, 31)
    assert thai.format_thai_date(date(2025, 3, 31)) == "๓๑ มีนาคม ๒๕๖๘"
    assert thai.format_thai_date(date(2025, 3, 31), thai_digits=False, abbreviated=True) == (
        "31 มี.ค. 2568"
    )
    with pytest.raises(ValueError):
        thai.parse_thai_date("๓๐ กุมภาพันธ์ ๒๕๖๘")


def test_it_fixes_the_ocr_slips_only_as_whole_words():
    assert thai.fix_ocr_slips("พัฒนาการจังหวัด กีบ พัฒนาการอำเภอ") == ("พัฒนาการจังหวัด กับ พัฒนาการอำเภอ")
    assert thai.fix_ocr_slips("พัฒนาการจังหวัด กบ พัฒนาการอำเภอ") == ("พัฒนาการจังหวัด กับ พัฒนาการอำเภอ")
    assert thai.fix_ocr_slips("กบเหลา กีบเท้า") == "กบเหลา กีบเท้า"


def test_decimal_text_is_the_plain_form_parse_number_reads_back():
    from decimal import Decimal

    from pramoen.core.thai import decimal_text, parse_number

    for text, plain in (("87.50", "87.5"), ("1E+2", "100"), ("0.0001", "0.0001"), ("0", "0")):
        assert decimal_text(Decimal(text)) == plain
        assert parse_number(plain) == Decimal(text)
