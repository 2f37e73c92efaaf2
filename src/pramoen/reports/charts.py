"""Charts as SVG, rendered on the server by pygal. Text stays text, so the browser and
WeasyPrint shape the Thai themselves. pygal's tooltip script would load from a CDN: it is off,
and so is the inline configuration script pygal writes for it, which our Content-Security-Policy
(scripts from our own files only) refuses with a console error on every page load."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pygal
from pygal.style import Style

from .data import DistrictReport

_STYLE = Style(
    font_family="Sarabun, 'Noto Sans Thai', sans-serif",
    background="white",
    plot_background="white",
    foreground="#1d2733",
    foreground_strong="#1d2733",
    foreground_subtle="#8a96a3",
    colors=("#0b5d7a",),
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    title_font_size=15,
)


def achievement_chart(reports: Sequence[DistrictReport]) -> str:
    """Horizontal bars of achievement by district, best first."""
    chart = pygal.HorizontalBar(
        style=_STYLE,
        js=[],  # no CDN script
        disable_xml_declaration=True,
        show_legend=False,
        range=(0, 100),
        # as wide as the dashboard's card, so that the chart fills it (the SVG scales down)
        width=1100,
        height=max(220, 34 * len(reports) + 80),
        print_values=True,
        value_formatter=lambda v: f"{v:.2f}",
        title="ผลสัมฤทธิ์ของงานรายอำเภอ",
    )
    ordered = list(reversed(reports))  # pygal draws the first bar at the bottom
    chart.x_labels = [r.district.name_th for r in ordered]
    chart.add("ผลสัมฤทธิ์", [float(r.achievement) for r in ordered])
    svg: str = chart.render(is_unicode=True)
    return _SCRIPT.sub("", svg)


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)
