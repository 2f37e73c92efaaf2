"""Thai text helpers: digits, Buddhist-era years, fiscal years and rounds, OCR-slip fixes."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

BE_OFFSET = 543

MONTHS_TH = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_TH_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

# Digits of either script: the document mixes them freely.
DIGIT = "0-9๐-๙"
NUMBER_RE = rf"[{DIGIT}]+(?:,[{DIGIT}]{{3}})*(?:\.[{DIGIT}]+)?"


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


def thai_number(value: Decimal | float | str) -> str:
    """A number as Thai readers see it in the document: Thai digits, no trailing zeros."""
    return to_thai_digits(decimal_text(value) if isinstance(value, Decimal) else str(value))


def parse_number(text: str) -> Decimal:
    """Read a number written with Thai or Arabic digits, optional thousands commas and decimals.

    Raises ``ValueError`` when ``text`` is not such a number.
    """
    stripped = to_arabic_digits(text.strip())
    if not re.fullmatch(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|[+-]?\.\d+", stripped):
        raise ValueError(f"not a number: {text!r}")
    cleaned = stripped.replace(",", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid literals
        raise ValueError(f"not a number: {text!r}") from exc


def decimal_text(value: Decimal) -> str:
    """A Decimal as plain text, no exponent and no trailing zeros (``87.50`` -> ``87.5``,
    ``1E+2`` -> ``100``): the one text form of numbers Pramoen stores and exports, which
    ``parse_number`` reads back."""
    return format(value.normalize(), "f")


def be_year(gregorian_year: int) -> int:
    return gregorian_year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def fiscal_year_period(fiscal_year_be: int) -> tuple[date, date]:
    """FY B.E. 2568 runs from 1 Oct 2024 to 30 Sep 2025."""
    end_year = ce_year(fiscal_year_be)
    return date(end_year - 1, 10, 1), date(end_year, 9, 30)


def round_period(fiscal_year_be: int, round_no: int) -> tuple[date, date]:
    """Round 1 is 1 Oct – 31 Mar, round 2 is 1 Apr – 30 Sep of the fiscal year."""
    end_year = ce_year(fiscal_year_be)
    if round_no == 1:
        return date(end_year - 1, 10, 1), date(end_year, 3, 31)
    if round_no == 2:
        return date(end_year, 4, 1), date(end_year, 9, 30)
    raise ValueError(f"round must be 1 or 2, not {round_no}")


def fiscal_year_of(day: date) -> int:
    """The B.E. fiscal year a Gregorian date falls in."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


_MONTH_ALT = "|".join([*MONTHS_TH, *(re.escape(m) for m in MONTHS_TH_ABBR)])
_DATE_RE = re.compile(
    rf"([{DIGIT}]{{1,2}})\s*({_MONTH_ALT})"
    rf"\s*(?:พ\.ศ\.\s*)?([{DIGIT}]{{2,4}})"
)


def parse_thai_date(text: str) -> date:
    """Parse ``๑ ตุลาคม ๒๕๖๗`` (or ``1 ต.ค. 2567``, or a two-digit year ``67``) into a date.

    Raises ``ValueError`` when no Thai date is found or it does not exist.
    """
    m = _DATE_RE.search(text)
    if not m:
        raise ValueError(f"no Thai date in {text!r}")
    day = int(to_arabic_digits(m.group(1)))
    month_name = m.group(2)
    month = (
        MONTHS_TH.index(month_name) + 1
        if month_name in MONTHS_TH
        else MONTHS_TH_ABBR.index(month_name) + 1
    )
    year = int(to_arabic_digits(m.group(3)))
    if year < 100:
        year += 2500
    return date(ce_year(year), month, day)


def format_thai_date(day: date, *, thai_digits: bool = True, abbreviated: bool = False) -> str:
    """``date(2024, 10, 1)`` -> ``๑ ตุลาคม ๒๕๖๗`` (Buddhist-era year)."""
    month = (MONTHS_TH_ABBR if abbreviated else MONTHS_TH)[day.month - 1]
    text = f"{day.day} {month} {be_year(day.year)}"
    return to_thai_digits(text) if thai_digits else text


# OCR slips seen in the official PDFs: "กับ" (with) read as "กีบ" (hoof) or "กบ" (frog).
# Only whole words between spaces are fixed, so real words containing them are untouched.
_OCR_WORD_FIXES = {"กีบ": "กับ", "กบ": "กับ"}
_OCR_RE = re.compile(r"(?<=\s)(" + "|".join(_OCR_WORD_FIXES) + r")(?=\s)")


def fix_ocr_slips(text: str) -> str:
    return _OCR_RE.sub(lambda m: _OCR_WORD_FIXES[m.group(1)], text)


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def normalize_space(text: str) -> str:
    """Collapse runs of white space (including no-break spaces) and drop zero-width characters."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").translate(_INVISIBLE)).strip()
