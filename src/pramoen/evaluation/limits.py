"""Input limits: what a value, a measure, a text, a reason, a band or a version may be.

The one home of these rules. The services apply them to what they are given (the last word
for every door), and the web form, the API's payload check and the import's dry run call the
same functions to point at the offending field before anything is saved. The bounds are the
columns': nothing reaches the database that it cannot hold, on SQLite or on PostgreSQL.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from pramoen.core.errors import ScoringError
from pramoen.core.scoring import Band, validate_bands
from pramoen.core.thai import decimal_text, parse_number

from .errors import InvalidInput

# Result.value: DecimalField(max_digits=14, decimal_places=4), so under 10^10 with 4 places.
# Measures of ladders are stored as text in JSON but scored and shown as the same numbers.
VALUE_PLACES = Decimal("0.0001")
MAX_VALUE = Decimal("9999999999.9999")
MAX_PERCENT = Decimal(100)
MAX_LEVEL = Decimal(5)
MAX_NOTE = 5000  # notes, verification comments
MAX_REASON = 2000  # return, reopen and accept-errors reasons
MAX_URL = 1000  # Evidence.url
MAX_NAME = 255  # file names, source names
MAX_VERSION = 2**31 - 1  # PositiveIntegerField on both engines
MAX_ID = 2**63 - 1  # a primary or foreign key (BigAutoField) on both engines
MAX_MEASURES = 20
MAX_COMPETENCY_CODE = 20  # an appraisal competency's code
MAX_COMPETENCIES = 20  # an appraisal setup's competency set

# A district's or an indicator's code as it may appear in a URL (District.code holds 8,
# Indicator.code 10): letters and digits only, so no NUL or other byte a database refuses
# reaches a query from a path.
CODE_PATTERN = r"[A-Za-z0-9]{1,10}"


class CodeConverter:
    regex = CODE_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


# Zero-width and other invisible characters: a "reason" made of them says nothing. Besides
# these, every format character (Unicode category Cf, e.g. the tag characters) is invisible.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0100-\U000e01ef]"
)


def clean_text(text: Any, *, field: str, max_length: int = MAX_NOTE) -> str:
    """User text as stored: control characters (NUL, which PostgreSQL cannot hold, and the
    rest of C0/C1 but tab and newline) dropped, line ends made ``\\n``, at most ``max_length``."""
    text = "" if text is None else str(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    # Lone surrogates cannot be encoded as UTF-8 by either database.
    text = text.encode("utf-8", "replace").decode("utf-8")
    if len(text) > max_length:
        raise InvalidInput(_("ยาวเกิน %(max)s ตัวอักษร"), field=field, params={"max": max_length})
    return text


def is_blank(text: str) -> bool:
    """Nothing but white space and invisible characters."""
    return all(
        ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc") for ch in _INVISIBLE.sub("", text)
    )


def clean_reason(text: Any, *, field: str = "reason", message: str) -> str:
    """A reason that must say something: ``message`` when it is empty or invisible."""
    text = clean_text(text, field=field, max_length=MAX_REASON).strip()
    if is_blank(text):
        raise InvalidInput(message, field=field)
    return text


def clean_value(value: Decimal, *, field: str, unit: str = "") -> Decimal:
    """A measured value (a threshold's result, a ladder's measure) as stored: finite, not
    negative, under 10^10, four decimal places; a percentage at most 100."""
    if not value.is_finite():
        raise InvalidInput(_("ต้องเป็นตัวเลข"), field=field)
    if value < 0:
        raise InvalidInput(_("ต้องไม่ติดลบ"), field=field, code="value-negative")
    if unit == "%" and value > MAX_PERCENT:
        raise InvalidInput(_("ร้อยละต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"), field=field, code="percent-out-of-range")
    if value > MAX_VALUE:
        raise InvalidInput(
            _("มากเกินไป ต้องไม่เกิน %(max)s"),
            field=field,
            code="value-too-large",
            params={"max": "9,999,999,999.9999"},
        )
    return value.quantize(VALUE_PLACES, rounding=ROUND_HALF_UP).normalize()


def parse_value(text: str, *, field: str, unit: str = "") -> Decimal | None:
    """A typed number (Thai or Arabic digits, thousands commas) checked by ``clean_value``;
    None when empty."""
    text = str(text).strip()
    if not text:
        return None
    try:
        value = parse_number(text)
    except ValueError:
        raise InvalidInput(_("ต้องเป็นตัวเลข"), field=field) from None
    return clean_value(value, field=field, unit=unit)


def clean_level(level: Decimal, *, field: str = "level", whole: bool) -> Decimal:
    """A level 0–5; a whole number unless the round interpolates."""
    if not level.is_finite() or not Decimal(0) <= level <= MAX_LEVEL:
        raise InvalidInput(_("ระดับต้องอยู่ระหว่าง ๐ ถึง ๕"), field=field)
    if whole and level != level.to_integral_value():
        raise InvalidInput(_("ระดับต้องเป็นจำนวนเต็ม ๐ ถึง ๕ (รอบนี้ไม่ใช้การเทียบสัดส่วน)"), field=field)
    return level.quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)


def parse_level(text: Any, *, field: str = "level", whole: bool) -> Decimal:
    try:
        level = Decimal(str(text).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("ระดับต้องเป็นตัวเลข ๐ ถึง ๕"), field=field) from None
    return clean_level(level, field=field, whole=whole)


def parse_version(raw: Any, *, field: str = "version") -> int:
    """The version a write was based on; anything else means a broken or forged form."""
    try:
        version = int(str(raw).strip())
    except (TypeError, ValueError):
        raise InvalidInput(_("ข้อมูลฟอร์มไม่ถูกต้อง กรุณาโหลดหน้าใหม่"), field=field) from None
    if not 0 <= version <= MAX_VERSION:
        raise InvalidInput(_("ข้อมูลฟอร์มไม่ถูกต้อง กรุณาโหลดหน้าใหม่"), field=field)
    return version


def clean_url(url: Any, *, field: str = "url") -> str:
    """An evidence link: an http(s) URL that fits the column, without spaces."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    url = clean_text(url, field=field, max_length=MAX_URL).strip()
    if any(ch.isspace() for ch in url):
        raise InvalidInput(_("ลิงก์ต้องไม่มีช่องว่าง"), field=field)
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise InvalidInput(_("ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://"), field=field) from None
    return url


def clean_share(share: Decimal, *, field: str = "team_share") -> Decimal:
    """The team share 0–1 (RoundSettings.team_share: four decimal places)."""
    if not share.is_finite() or not Decimal(0) <= share <= 1:
        raise InvalidInput(_("สัดส่วนรายทีมต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"), field=field)
    return share.quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)


def parse_share_percent(text: str, *, field: str = "team_share") -> Decimal | None:
    """The team share typed as a percentage 0–100; empty is the 50/50 default (None)."""
    text = str(text).strip()
    if not text:
        return None
    message = _("สัดส่วนรายทีมต้องเป็นตัวเลข ๐ ถึง ๑๐๐ (เว้นว่าง = ค่าเริ่มต้น ๕๐)")
    try:
        value = parse_number(text) if len(text) <= 20 else None
    except ValueError:
        value = None
    if value is None or not Decimal(0) <= value <= 100:
        raise InvalidInput(message, field=field)
    return clean_share(value / 100, field=field)


def clean_band_minimums(
    minimums: list[Any], labels: tuple[Band, ...], *, field: str = "band_min"
) -> list[list[str]]:
    """Rating bands as stored ([minimum, label_th, label_en], highest first) from typed
    minimums, one per band: each finite and 0–100, strictly descending, the last 0 (the core's
    rule, ``scoring.validate_bands``, applied to what a user typed)."""
    if len(minimums) != len(labels):
        raise InvalidInput(_("เกณฑ์ระดับผลต้องมีครบทุกระดับ"), field=field)
    bands = []
    for raw, band in zip(minimums, labels, strict=True):
        try:
            value = Decimal(str(raw).strip())
        except (InvalidOperation, ValueError):
            raise InvalidInput(_("เกณฑ์ระดับผลต้องเป็นตัวเลข"), field=field) from None
        if not value.is_finite() or not Decimal(0) <= value <= 100:
            raise InvalidInput(_("คะแนนขั้นต่ำของระดับผลต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"), field=field)
        bands.append(Band(value.quantize(Decimal("0.01")), band.label_th, band.label_en))
    try:
        validate_bands(bands)
    except ScoringError:
        raise InvalidInput(_("เกณฑ์ระดับผลต้องเรียงจากสูงไปต่ำ และขั้นสุดท้ายเป็น ๐"), field=field) from None
    return [[decimal_text(b.minimum), b.label_th, b.label_en] for b in bands]


def clean_bands(bands: list[list[Any]], *, field: str = "bands") -> list[list[str]]:
    """Stored-shape bands checked again (what a service is given by any door)."""
    labels = tuple(Band(Decimal(0), str(b[1]), str(b[2] if len(b) > 2 else b[1])) for b in bands)
    return clean_band_minimums([b[0] for b in bands], labels, field=field)


# An indicator as the round editor writes it: Indicator.code CharField(10) (letters and digits,
# as it appears in URLs), Indicator.weight DecimalField(6, 2) and one indicator's weight at
# most the 100 its group adds up to; titles and level texts are TextFields, bounded here so a
# pasted document cannot grow one row without limit.
MAX_TITLE = 2000
MAX_LEVEL_TEXT = 2000
MAX_WEIGHT = Decimal(100)
WEIGHT_PLACES = Decimal("0.01")
_CODE = re.compile(CODE_PATTERN)


def clean_indicator_code(code: Any, *, field: str = "code") -> str:
    code = clean_text(code, field=field, max_length=40).strip()
    if not _CODE.fullmatch(code):
        raise InvalidInput(
            _("รหัสตัวชี้วัดต้องเป็นตัวอักษรอังกฤษหรือตัวเลข ๑–๑๐ ตัว เช่น T1 หรือ I2a"), field=field
        )
    return code


def clean_title(title: Any, *, field: str = "title") -> str:
    title = clean_text(title, field=field, max_length=MAX_TITLE).strip()
    if is_blank(title):
        raise InvalidInput(_("ต้องระบุชื่อตัวชี้วัด"), field=field)
    return title


def clean_level_text(text: Any, *, field: str) -> str:
    """A level's text; empty is allowed (the checker reports the missing level)."""
    return clean_text(text, field=field, max_length=MAX_LEVEL_TEXT).strip()


def clean_weight(weight: Decimal, *, field: str = "weight") -> Decimal:
    """An indicator's weight: 0–100 with at most two decimal places (the column's)."""
    if not weight.is_finite() or not Decimal(0) <= weight <= MAX_WEIGHT:
        raise InvalidInput(_("น้ำหนักต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"), field=field, code="weight-range")
    if weight != weight.quantize(WEIGHT_PLACES):
        raise InvalidInput(_("น้ำหนักมีทศนิยมได้ไม่เกิน ๒ ตำแหน่ง"), field=field, code="weight-places")
    return weight.quantize(WEIGHT_PLACES)


def parse_weight(text: Any, *, field: str = "weight") -> Decimal:
    """A typed weight (Thai or Arabic digits) checked by ``clean_weight``."""
    text = str(text if text is not None else "").strip()
    if not text:
        raise InvalidInput(_("ต้องระบุน้ำหนัก"), field=field)
    try:
        value = parse_number(text) if len(text) <= 20 else None
    except ValueError:
        value = None
    if value is None:
        raise InvalidInput(_("น้ำหนักต้องเป็นตัวเลข"), field=field)
    return clean_weight(value, field=field)
