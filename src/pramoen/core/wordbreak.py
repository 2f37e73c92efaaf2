"""Thai word boundaries, for line breaks that fall between words.

Browsers break Thai with ICU's dictionary, which splits many compounds an officer reads as one
word ("ส่ง|เสริมฯ", "งบ|ประมาณ", "ขั้น|บันได"). The words here come from libthai, the
dictionary Pango (and so WeasyPrint, our PDFs) breaks Thai with, and which every machine that
makes our PDFs has; a few compounds of the evaluation's own vocabulary are joined on top. Where
libthai cannot be loaded, the text stays one piece and the browser breaks it as before.

Pure Python and ctypes: no Django (``pramoen.core``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from functools import lru_cache

# compounds libthai splits that the evaluation's pages print often (it keeps งบประมาณ,
# เป้าหมาย, ส่งเสริม and most others whole already)
COMPOUNDS = frozenset(
    {
        "ตัวชี้วัด",
        "ชี้วัด",
        "ใช้จ่าย",
        "กลุ่มงาน",
        "ขั้นบันได",
        "โทเค็น",
        "ดำเนินงาน",
        "ปฏิบัติงาน",
        "ผลสัมฤทธิ์",
        "รายบุคคล",
        "รายทีม",
        "นำเข้า",
        "ส่งออก",
        "ส่งกลับ",
        "ตรวจสอบ",
        "พัฒนาการ",
        "ประเมินผล",
        "ค่าเริ่มต้น",
        "ค่าเป้าหมาย",
        "ตัวเลข",
        "หน่วยงาน",
        "รอตรวจสอบ",
        "สารสนเทศ",
        "ยุทธศาสตร์",
    }
)
_LONGEST = max(len(word) for word in COMPOUNDS)
_lock = threading.Lock()  # a libthai breaker is not to be shared by threads at once


def _is_thai(char: str) -> bool:
    return "\u0e00" <= char <= "\u0e7f"


@lru_cache(maxsize=1)
def _breaker() -> tuple[ctypes.CDLL, int] | None:
    name = ctypes.util.find_library("thai") or "libthai.so.0"
    try:
        lib = ctypes.CDLL(name)
        lib.th_brk_new.restype = ctypes.c_void_p
        lib.th_brk_new.argtypes = [ctypes.c_char_p]
        lib.th_brk_wc_find_breaks.restype = ctypes.c_int
        lib.th_brk_wc_find_breaks.argtypes = [
            ctypes.c_void_p,
            ctypes.c_wchar_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.c_size_t,
        ]
        handle = lib.th_brk_new(None)  # libthai's own dictionary
    except (OSError, AttributeError):
        return None
    return (lib, handle) if handle else None


def available() -> bool:
    """Whether Thai text is segmented here (libthai could be loaded)."""
    return _breaker() is not None


def _libthai_cuts(text: str) -> list[int]:
    breaker = _breaker()
    if breaker is None:
        return []
    lib, handle = breaker
    size = len(text) + 1
    positions = (ctypes.c_int * size)()
    with _lock:
        found = lib.th_brk_wc_find_breaks(handle, text, positions, size)
    return [p for p in positions[: max(found, 0)] if 0 < p < len(text)]


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """``text`` cut where a line may break: between Thai words and after spaces. Joined, the
    pieces are ``text`` again."""
    if not any(_is_thai(c) for c in text):
        return (text,) if text else ()
    cuts = set(_libthai_cuts(text))
    cuts.update(i + 1 for i, c in enumerate(text[:-1]) if c.isspace())
    ordered = sorted(cuts)
    pieces = [text[a:b] for a, b in zip([0, *ordered], [*ordered, len(text)], strict=True)]
    return tuple(_join_compounds(pieces))


def _join_compounds(pieces: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(pieces):
        j, joined = i + 1, pieces[i]
        # the longest run of pieces from i that spells a compound, if any
        run = pieces[i]
        for k in range(i + 1, len(pieces)):
            run += pieces[k]
            if len(run.rstrip()) > _LONGEST:
                break
            if run.rstrip() in COMPOUNDS:
                j, joined = k + 1, run
        out.append(joined)
        i = j
    return out
