"""What every command shares: exit codes, the error line, Django set up on demand, the
province an option names."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import PramoenError

if TYPE_CHECKING:  # the core commands run without Django: models are imported where used
    from ..accounts.models import Province

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def fail(message: str) -> int:
    print(f"pramoen: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def read_text(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise PramoenError(f"{path}: เปิดไฟล์ไม่ได้ ({exc.strerror or exc})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PramoenError(f"{path}: ไม่ใช่ข้อความ UTF-8 (ไบต์ที่ {exc.start})") from exc


def server() -> None:
    from ..web import bootstrap

    bootstrap.setup()


def province_named(code: str | None) -> Province:
    from ..accounts.models import Province

    provinces = Province.objects.all()
    if code:
        provinces = provinces.filter(code=code)
    found = list(provinces[:2])
    if len(found) != 1:
        raise PramoenError("ระบุจังหวัดด้วย --province CODE (หรือรัน pramoen setup-province ก่อน)")
    return found[0]
