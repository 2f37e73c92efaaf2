"""PDF with WeasyPrint: A4, Sarabun embedded (Pango shapes and breaks the Thai).

Laying the Thai out is nearly all the time (the form's table no longer sizes its columns
over every line-break opportunity of the level texts: ``_form_columns``; the garbage
collector waits: ``collector_held``), so a booklet lays its districts out on several cores:
here and in worker processes, each taking the next district when free. The workers of all
the booklets a process makes at once are capped together (``_cap``): many booklets asked for
at once take turns rather than start a process per core each. The workers only turn
HTML into pages: Django renders the HTML here, and the pages come back pickled, to be joined
and written here as before. A district a worker fails is laid out here, so the booklet never
depends on them.

The workers are plain ``python -c`` processes, not multiprocessing's: spawn would re-run the
caller's main script in each, and the caller may be a thread of a server process (no fork).
They import this module without Django set up, so the Django and model imports stay inside
the functions that need them.
"""

from __future__ import annotations

import gc
import io
import logging
import os
import pickle
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

if TYPE_CHECKING:
    from weasyprint.document import Document, Page

    from pramoen.evaluation.models import Round

    from .data import DistrictReport

# Sarabun with SARA AM's glyphs of their own, so that the text layer reads back as printed
# ("อำเภอ", not "อาเภอ"): see pramoen.reports.fontfix.
FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "pramoen" / "fonts"

log = logging.getLogger(__name__)


# markup, character references ("&#x27;") and the text of <style> and <script>: their digits
# are not the document's text
_NOT_TEXT = re.compile(r"(<style\b.*?</style>|<script\b.*?</script>|<[^>]*>|&#?\w+;)", re.S | re.I)

# a number, but not the digits of a code such as "T1" or "I2a", which stay as they are
_NUMBER = re.compile(r"(?<![A-Za-z0-9๐-๙])[0-9๐-๙]+")


def one_digit_style(html: str, *, thai: bool) -> str:
    """Every digit of the body's text in one style: Thai digits throughout, or none at all.

    The document's level texts, our own formulas ("๑๐๐ = Σ(ค) × ๒๐ ÷ Σ(ข)") and the numbers
    put in by the template would otherwise mix "พ.ศ. 2568" with "๒๐" on one page."""
    from pramoen.core.thai import to_arabic_digits, to_thai_digits

    convert = to_thai_digits if thai else to_arabic_digits

    def digits(text: str) -> str:
        return _NUMBER.sub(lambda m: convert(m.group()), text)

    head, tag, body = html.partition("<body")
    if not tag:  # a fragment: all of it is body
        head, body = "", html
    parts = _NOT_TEXT.split(body)
    # split() keeps the separators at the odd places: only the text between them changes
    body = "".join(part if i % 2 else digits(part) for i, part in enumerate(parts))
    return f"{head}{tag}{body}"


def _html(context: dict[str, object]) -> str:
    from django.template.loader import render_to_string

    from pramoen.core.thai import to_arabic_digits, to_thai_digits

    thai = bool(context.get("thai"))
    convert = to_thai_digits if thai else to_arabic_digits
    # the page-margin texts live in the stylesheet: put them in the document's digits here
    for key in ("title", "generated"):
        if isinstance(value := context.get(key), str):
            context = {**context, key: convert(value)}
    if context.get("reports"):
        context = {**context, "form_columns": _form_columns()}
    html = render_to_string(
        "reports/pdf.html", {**context, "font_dir": FONT_DIR.as_uri(), "pdf": True}
    )
    return one_digit_style(html, thai=thai)


# the form table's number columns in each language, as _form_columns measured them
_FORM_COLUMNS: dict[str, list[str]] = {}


def _form_columns() -> list[str]:
    """The widths (CSS px) of the form table's four number columns, in the active language.

    Automatic table layout gave each its heading's width (headings do not wrap, and every
    figure under them is narrower) and the indicator column the rest; but to find that, it
    measured every line-break opportunity of every level text, on every page, which was a
    third of a district's layout. The form is laid out with these widths instead (fixed
    table layout: the indicator column still takes the rest), the same columns for less:
    they are measured once per language by laying out the heading row alone, as narrow as
    it goes."""
    from django.template.loader import render_to_string
    from django.utils.translation import get_language
    from weasyprint.formatting_structure.boxes import TableBox

    language = get_language() or ""
    if (widths := _FORM_COLUMNS.get(language)) is None:
        html = render_to_string(
            "reports/pdf.html", {"measure": True, "font_dir": FONT_DIR.as_uri(), "pdf": True}
        )
        page = _layout(html).pages[0]
        table = next(b for b in page._page_box.descendants() if isinstance(b, TableBox))
        widths = _FORM_COLUMNS[language] = [repr(float(w)) for w in table.column_widths[1:]]
    return widths


def _generated() -> str:
    from django.utils import timezone

    from pramoen.evaluation.templatetags.pramoen import thaidate

    return f"Pramoen · {thaidate(timezone.now())}"


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


def district_pdf(report: DistrictReport, *, thai_digits: bool = False) -> bytes:
    title = f"แบบสรุปผลการประเมิน {report.round.code} อำเภอ{report.district.name_th}"
    html = _html(
        {"title": title, "reports": [report], "thai": thai_digits, "generated": _generated()}
    )
    with collector_held():
        pdf: bytes = _layout(html).write_pdf()
    return pdf


# Pages cross from a worker as a pickle. After layout a page holds no Pango pointers (the
# text layouts are deactivated, and drawing sets them up again from the text's style); the
# one thing that cannot cross is the styles' FontConfiguration, which becomes this process's
# (the summary's, whose stylesheet loaded the same Sarabun @font-face fonts). Only pickles
# from our own workers are ever loaded.
_FONT_CONFIG = "font_config"


class _PagesPickler(pickle.Pickler):
    def persistent_id(self, obj: object) -> str | None:
        return _FONT_CONFIG if isinstance(obj, FontConfiguration) else None


class _PagesUnpickler(pickle.Unpickler):
    def __init__(self, data: bytes, font_config: FontConfiguration) -> None:
        super().__init__(io.BytesIO(data))
        self.font_config = font_config

    def persistent_load(self, pid: Any) -> FontConfiguration:
        if pid != _FONT_CONFIG:
            raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")
        return self.font_config


def _layout_pickled(html: str) -> bytes:
    """The document's pages, pickled for another process."""
    buffer = io.BytesIO()
    _PagesPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(_layout(html).pages)
    return buffer.getvalue()


def _serve() -> None:
    """A worker process: HTML documents in on stdin, each one's pages out on stdout."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write to the results
    while True:
        try:
            html = pickle.load(sys.stdin.buffer)
        except EOFError:  # no more documents
            return
        with collector_held():
            pages = _layout_pickled(html)
        pickle.dump(pages, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()


_WORKER = "from pramoen.reports.pdf import _serve; _serve()"


def _cap() -> int:
    """How many worker processes this process may run at once, for all its booklets: one per
    other usable core (none on one core: a worker could only take turns with this process).

    The setting ``PRAMOEN_PDF_WORKERS`` overrides it (0: all here).
    """
    from django.conf import settings

    wanted = getattr(settings, "PRAMOEN_PDF_WORKERS", None)
    if wanted is None:
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            cores = os.cpu_count() or 1
        wanted = cores - 1
    return max(0, int(wanted))


class _Slots:
    """The worker processes running in this process, against ``_cap()``. A booklet takes
    what is free and never waits: one that gets none lays its districts out here, so eight
    booklets at once start no more workers than one (they take turns in this process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.busy = 0

    def take(self, wanted: int) -> int:
        with self._lock:
            got = max(0, min(wanted, _cap() - self.busy))
            self.busy += got
            return got

    def give_back(self, n: int) -> None:
        with self._lock:
            self.busy -= n


_SLOTS = _Slots()


def _workers(documents: int) -> int:
    """How many worker processes a booklet of ``documents`` would like: two documents each
    at least (a worker takes about a second to start), within the cap."""
    return min(_cap(), documents // 2)


class _Pool:
    """Worker processes laying ``htmls`` out: whoever is free ``claim``s the next document,
    the workers (a thread each, here, feeding its process one document at a time) and the
    caller alike. A worker's pages arrive pickled in ``results``; a worker that fails hands
    its document back as the exception in ``results`` and stops.
    """

    def __init__(self, htmls: list[str], workers: int) -> None:
        self.htmls = htmls
        self.results: list[Future[bytes]] = [Future() for _ in htmls]
        self._claimed = 0
        self._lock = threading.Lock()
        self.processes: list[subprocess.Popen[bytes]] = []
        self.threads: list[threading.Thread] = []
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        try:
            for _ in range(workers):
                process = subprocess.Popen(
                    # -P: the working directory is not put on the worker's sys.path
                    [sys.executable, "-P", "-c", _WORKER],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    env=env,
                )
                self.processes.append(process)
                thread = threading.Thread(
                    target=self._exchange,
                    args=(process,),
                    name=f"pdf-worker-{process.pid}",
                    daemon=True,
                )
                thread.start()
                self.threads.append(thread)
        except BaseException:
            self.close()
            raise

    def claim(self) -> int | None:
        """The next document nobody has taken, now the caller's; None when all are taken."""
        with self._lock:
            if self._claimed >= len(self.htmls):
                return None
            self._claimed += 1
            return self._claimed - 1

    def _exchange(self, process: subprocess.Popen[bytes]) -> None:
        stdin, stdout = process.stdin, process.stdout
        assert stdin is not None and stdout is not None
        i = None
        try:
            with stdin:
                while (i := self.claim()) is not None:
                    pickle.dump(self.htmls[i], stdin, protocol=pickle.HIGHEST_PROTOCOL)
                    stdin.flush()
                    data = pickle.load(stdout)
                    if not isinstance(data, bytes):
                        raise pickle.UnpicklingError(f"a worker sent {type(data).__name__}")
                    self.results[i].set_result(data)
        except BaseException as exc:  # handed to whoever waits for document i
            if i is not None:
                self.results[i].set_exception(exc)

    def close(self) -> None:
        with self._lock:
            self._claimed = len(self.htmls)
        for process in self.processes:
            if process.poll() is None:
                process.kill()
        for process in self.processes:
            process.wait()
            if process.stdout is not None:
                process.stdout.close()
        for thread in self.threads:
            thread.join()


def _district_pages(
    htmls: list[str], first: Callable[[], Document], progress: Callable[[int], None] | None
) -> tuple[Document, list[list[Page]]]:
    """``first()`` laid out here, then each district's pages in order, progress after each."""
    workers = _SLOTS.take(_workers(len(htmls)))
    log.debug("laying out %d districts here and in %d worker processes", len(htmls), workers)
    pool = None
    try:
        if workers:
            try:
                pool = _Pool(htmls, workers)
            except Exception:
                log.warning("PDF workers did not start; laying out here", exc_info=True)
        document = first()  # while the workers start
        laid_out: dict[int, list[Page]] = {}
        pages: list[list[Page]] = []
        for i, html in enumerate(htmls):
            if pool is not None:
                # until district i is back, lay out here what nobody has taken
                while i not in laid_out and not pool.results[i].done():
                    if (j := pool.claim()) is None:
                        break
                    laid_out[j] = _layout(htmls[j]).pages
                if i not in laid_out:
                    try:
                        data = pool.results[i].result()
                        laid_out[i] = _PagesUnpickler(data, document.font_config).load()
                    except Exception:
                        log.warning("PDF worker failed; laying out here", exc_info=True)
            if i not in laid_out:
                laid_out[i] = _layout(html).pages
            pages.append(laid_out.pop(i))
            if progress is not None:
                progress(i + 1)
        return document, pages
    finally:
        if pool is not None:
            pool.close()
        _SLOTS.give_back(workers)


def booklet_pdf(
    round_: Round,
    reports: list[DistrictReport],
    *,
    thai_digits: bool = False,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The summary page, a contents page, then each district's form, numbered across the
    whole book (pramoen.reports.booklet).

    Each district is a document of its own, and their pages are joined; ``progress`` is
    told each district done, in order.
    """
    from .booklet import Entry, contents, number
    from .charts import achievement_chart
    from .data import report_ranking

    ranked = report_ranking(reports)  # districts not submitted yet: no rank, not in the chart
    title = f"สรุปผลการประเมิน จังหวัด{round_.province.name_th} {round_.code}"
    generated = _generated()
    common = {"title": title, "thai": thai_digits, "generated": generated, "booklet": True}
    htmls = [_html({**common, "reports": [report]}) for report in reports]
    summary = _html(
        {
            **common,
            "reports": [],
            "summary": True,
            "round": round_,
            "ranked": ranked,
            "chart": achievement_chart([p.item for p in ranked if p.rank is not None]),
        }
    )
    with collector_held():
        document, districts = _district_pages(htmls, lambda: _layout(summary), progress)

        def contents_layout(entries: list[Entry]) -> Document:
            return _layout(_html({**common, "reports": [], "contents": entries}))

        listing = contents(
            summary_pages=len(document.pages),
            parts=[(r.district.name_th, len(p)) for r, p in zip(reports, districts, strict=True)],
            layout=contents_layout,
        )
        book = [*document.pages, *listing, *(page for pages in districts for page in pages)]
        number(book, _layout(_html({**common, "reports": [], "footers": range(len(book))})))
        pdf: bytes = document.copy(book).write_pdf()
    return pdf
