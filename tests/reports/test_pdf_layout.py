"""How the PDFs are laid out for speed, without changing what they show."""

from __future__ import annotations

import gc
import threading

import pytest
from django.utils import translation
from weasyprint.formatting_structure.boxes import TableBox

from pramoen.reports import layout, pdf, pdf_workers, render
from pramoen.reports.data import round_reports
from pramoen.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def entered(round_, users):
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    return round_


def form_tables(document):
    return [
        box
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, TableBox) and "form" in box.element.get("class", "").split()
    ]


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_form_table_has_fixed_columns_the_same_as_automatic_layout_gave(entered, language):
    """The number columns' widths are given (fixed table layout), not found over every level
    text: the columns, and so every line and page, are those automatic layout made."""
    with translation.override(language):
        report = round_reports(entered, district_code="2001")[0]
        html = pdf._html({"title": "t", "reports": [report], "thai": False, "generated": "g"})
    assert 'class="form fixed"' in html
    fixed = pdf._layout(html)
    automatic = pdf._layout(html.replace('class="form fixed"', 'class="form"'))
    assert len(fixed.pages) == len(automatic.pages) > 1
    tables = form_tables(fixed)
    assert tables and all(t.style["table_layout"] == "fixed" for t in tables)
    for table, auto in zip(tables, form_tables(automatic), strict=True):
        assert auto.style["table_layout"] == "auto"
        assert table.column_widths == pytest.approx(auto.column_widths, abs=0.01)
        assert len(table.children) == len(auto.children)  # the same rows on each page


def test_a_district_laid_out_with_fixed_columns_crosses_from_a_worker(entered):
    report = round_reports(entered, district_code="2001")[0]
    html = pdf._html({"title": "t", "reports": [report], "thai": False, "generated": "g"})
    here = pdf._layout(html)
    pages = pdf_workers._PagesUnpickler(pdf_workers._layout_pickled(html), here.font_config).load()
    assert len(pages) == len(here.pages)
    assert here.copy(pages).write_pdf()[:5] == b"%PDF-"


def test_layout_holds_the_garbage_collector_off_until_done(entered, monkeypatch):
    seen = []
    layout = pdf._layout

    def spy(html):
        seen.append(gc.isenabled())
        return layout(html)

    monkeypatch.setattr(pdf, "_layout", spy)
    assert gc.isenabled()
    render.render(entered, fmt="pdf", district="2001")
    assert seen and not any(seen)
    assert gc.isenabled()


def test_the_collector_comes_back_after_the_last_holder_in_any_thread():
    assert gc.isenabled()
    inner_done = threading.Event()
    with layout.collector_held():

        def other():
            with layout.collector_held():
                pass
            inner_done.set()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        assert inner_done.is_set() and not gc.isenabled()  # still held here
    assert gc.isenabled()
    gc.disable()  # off before: stays off
    try:
        with layout.collector_held():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
