"""The lowest layer of our PDFs, shared by the pages laid out here and in worker processes:
the fonts' folder, one document's layout, and the garbage collector held off around layout.

Imported by the PDF workers without Django set up: no Django import here."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from weasyprint import HTML

if TYPE_CHECKING:
    from weasyprint.document import Document

# Sarabun with SARA AM's glyphs of their own, so that the text layer reads back as printed
# ("อำเภอ", not "อาเภอ"): see pramoen.reports.fontfix.
FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "pramoen" / "fonts"


def _layout(html: str) -> Document:
    return HTML(string=html, base_url=str(FONT_DIR)).render()


_held = 0  # collector_held's holders, in every thread
_held_lock = threading.Lock()
_collector_was_on = False


@contextmanager
def collector_held() -> Iterator[None]:
    """Python's cyclic garbage collector held off while documents are laid out and drawn.

    Layout makes a great many objects, nearly all either kept (the pages) or freed as soon
    as they are let go; meanwhile the collector's full passes went over every object of the
    process, again and again as a booklet's pages piled up (a quarter of a booklet laid out
    in one process, a sixth of a worker's time). It is process-wide, so holders are counted:
    the collector is back (if it was on) once the last one, in whatever thread, is done, and
    the few cycles layout leaves are collected then."""
    global _held, _collector_was_on
    with _held_lock:
        if _held == 0:
            _collector_was_on = gc.isenabled()
            gc.disable()
        _held += 1
    try:
        yield
    finally:
        with _held_lock:
            _held -= 1
            if _held == 0 and _collector_was_on:
                gc.enable()
