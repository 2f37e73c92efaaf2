"""District lists (Chonburi built in, others from CSV) and the province's work groups."""

from __future__ import annotations

import csv
import io
import re
from importlib import resources
from pathlib import Path

from .errors import DistrictListError
from .model import District, WorkGroup
from .thai import normalize_space, to_arabic_digits

_COLUMNS = ("code", "name_th", "name_en")


def parse_district_csv(text: str, *, source: str = "CSV") -> tuple[District, ...]:
    """Read ``code,name_th,name_en`` rows. Raises DistrictListError naming the file and row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if reader.fieldnames is None or any(c not in reader.fieldnames for c in _COLUMNS):
        raise DistrictListError(
            f"{source}: ต้องมีคอลัมน์ {', '.join(_COLUMNS)} (พบ {reader.fieldnames or 'ไม่มีหัวตาราง'})"
        )
    districts: list[District] = []
    seen: set[str] = set()
    for row_no, row in enumerate(reader, start=2):
        code = to_arabic_digits((row.get("code") or "").strip())
        name_th = normalize_space(row.get("name_th") or "")
        if not code or not name_th:
            raise DistrictListError(f"{source} แถว {row_no}: code และ name_th ต้องไม่ว่าง")
        if code in seen:
            raise DistrictListError(f"{source} แถว {row_no}: รหัสอำเภอ {code} ซ้ำ")
        seen.add(code)
        districts.append(District(code, name_th, normalize_space(row.get("name_en") or "")))
    if not districts:
        raise DistrictListError(f"{source}: ไม่มีรายชื่ออำเภอ")
    return tuple(districts)


def load_district_csv(path: str | Path) -> tuple[District, ...]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DistrictListError(f"{path}: อ่านไฟล์ไม่ได้ ({exc})") from exc
    return parse_district_csv(text, source=str(path))


# The province the package ships the districts of: code, Thai name, English name.
CHONBURI = ("20", "ชลบุรี", "Chon Buri")


def chonburi() -> tuple[District, ...]:
    """The 11 districts of Chonburi, shipped with the package."""
    text = (
        resources.files("pramoen.core").joinpath("data/chonburi-districts.csv").read_text("utf-8")
    )
    return parse_district_csv(text, source="chonburi-districts.csv")


# The four provincial work groups. The document abbreviates them inconsistently
# ("กลุ่มงาน ประสานฯ", "กลุ่มงานประสานฯ", "สารสนเทศ", "สารสนเทศฯ"): they are matched by stem.
WORK_GROUPS: tuple[tuple[str, WorkGroup], ...] = (
    ("ประสาน", WorkGroup("coordination", "กลุ่มงานประสานฯ", "Coordination group")),
    ("ยุทธศาสตร์", WorkGroup("strategy", "กลุ่มงานยุทธศาสตร์", "Strategy group")),
    ("ส่งเสริม", WorkGroup("promotion", "กลุ่มงานส่งเสริมฯ", "Promotion group")),
    ("สารสนเทศ", WorkGroup("information", "กลุ่มงานสารสนเทศฯ", "Information group")),
)


def work_group(source: str) -> WorkGroup | None:
    """Canonical work group for a data-source cell; unknown groups keep their written name."""
    name = normalize_space(source)
    if not name:
        return None
    stem = re.sub(r"\s+", "", name).removeprefix("กลุ่มงาน").rstrip("ฯ")
    for key, group in WORK_GROUPS:
        if stem.startswith(key):
            return group
    return WorkGroup(code=stem, name_th=name, name_en="")
