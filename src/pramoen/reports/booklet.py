"""The province booklet as one book: a contents page, and page numbers across the whole book.

The booklet's parts are laid out as documents of their own (the summary here, the districts
in worker processes too: pramoen.reports.pdf_workers), so CSS page counters would restart in
each. Instead the parts carry no page number, and once every part is laid out and the book's pages
are known, a document of as many empty pages with only the numbered footer is laid out and
each of its footers is put on the book's page of the same place. The contents page (after
the summary) lists where each district starts; its own length is known by laying it out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from weasyprint.formatting_structure.boxes import MarginBox

if TYPE_CHECKING:
    from weasyprint.document import Document, Page


@dataclass(frozen=True)
class Entry:
    label: str
    page: int


def contents(
    *,
    summary_pages: int,
    parts: Sequence[tuple[str, int]],
    layout: Callable[[list[Entry]], Document],
) -> list[Page]:
    """The contents pages: ``parts`` are each district's label and page count, in order;
    ``layout`` lays out the contents listing the entries it is given."""
    length = 1
    for _attempt in range(4):  # the contents' length settles at once in practice
        entries = [Entry("", 1)]  # the summary
        page = summary_pages + length + 1
        for label, count in parts:
            entries.append(Entry(label, page))
            page += count
        laid_out = layout(entries).pages
        if len(laid_out) == length:
            return laid_out
        length = len(laid_out)
    return laid_out


def number(pages: Sequence[Page], footers: Document) -> None:
    """Put each footer of ``footers`` (laid out with one page per page of the book) on the
    book's page of the same place."""
    if len(footers.pages) != len(pages):
        raise ValueError(f"{len(footers.pages)} footers for {len(pages)} pages")
    for page, footer in zip(pages, footers.pages, strict=True):
        margin = [box for box in footer._page_box.children if isinstance(box, MarginBox)]
        page._page_box.children = [*page._page_box.children, *margin]
