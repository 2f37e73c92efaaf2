"""The dashboard's heatmap: every verified level coloured, tooltips in the interface's language."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from pramoen.reports.dashboard import Cell


def test_a_level_between_two_whole_levels_is_coloured_as_the_lower():
    assert Cell("I5", Decimal("3.50"), "verified").band == 3
    assert Cell("I5", Decimal("5.00"), "verified").band == 5
    assert Cell("I5", None, "submitted").band is None


def test_the_tooltip_says_the_status_in_the_interfaces_language():
    with translation.override("th"):
        assert Cell("I5", Decimal("3.50"), "verified").label == "ตรวจสอบแล้ว"
        assert Cell("I5", None, "n/a").label == "ไม่ใช้กับอำเภอนี้"
    with translation.override("en"):
        assert Cell("I5", Decimal("3.50"), "verified").label == "Verified"
