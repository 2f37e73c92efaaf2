"""A booklet's districts laid out in worker processes as well as here (``district_pages``).

Laying the Thai out is nearly all of a booklet's time, so each free core takes the next
district. The workers of all the booklets a process makes at once are capped together
(``_cap``): many booklets asked for at once take turns rather than start a process per core
each. The workers only turn HTML into pages: Django renders the HTML in the caller, and the
pages come back pickled, to be joined and written there. A district a worker fails is laid
out here, so the booklet never depends on them.

The workers are plain ``python -c`` processes, not multiprocessing's: spawn would re-run the
caller's main script in each, and the caller may be a thread of a server process (no fork).
They import this module without Django set up: no Django import here.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from weasyprint.text.fonts import FontConfiguration

from .layout import _layout, collector_held

if TYPE_CHECKING:
    from weasyprint.document import Document, Page

log = logging.getLogger(__name__)


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


_WORKER = "from pramoen.reports.pdf_workers import _serve; _serve()"


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


def district_pages(
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
