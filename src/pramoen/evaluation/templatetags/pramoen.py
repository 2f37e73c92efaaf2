"""Display helpers: Buddhist-era dates, scores to two places, levels, status labels."""

from __future__ import annotations

import functools
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from pramoen.core.scoring import display
from pramoen.core.thai import MONTHS_TH, MONTHS_TH_ABBR, be_year, decimal_text

register = template.Library()

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@register.filter
def thaidate(value: date | datetime | None, style: str = "long") -> str:
    """``1 ตุลาคม 2567`` (Buddhist era) in Thai; ``1 Oct 2567 BE`` in English."""
    if value is None:
        return ""
    with_time = isinstance(value, datetime)
    if with_time:
        value = timezone.localtime(value)  # type: ignore[arg-type]
    year = be_year(value.year)
    if english_active():
        text = f"{value.day} {_MONTHS_EN[value.month - 1]} {year} BE"
    else:
        months = MONTHS_TH if style == "long" else MONTHS_TH_ABBR
        text = f"{value.day} {months[value.month - 1]} {year}"
    if with_time:
        text += f" {value:%H:%M}"
    return text


@register.filter
def evaluation_status(value: str) -> str:
    """An evaluation status's label in the active language (the model's own choices)."""
    from pramoen.evaluation.models import EvaluationStatus

    return str(EvaluationStatus(value).label) if value in EvaluationStatus.values else value


@register.filter
def local(value: Any, field: str) -> str:
    """``value.<field>_en`` in English when it has one, else ``value.<field>_th``: the names a
    province typed in both languages (competencies) and the rating bands; "–" for none."""
    if value is None or value == "":
        return "–"
    english = getattr(value, f"{field}_en", "") if english_active() else ""
    return str(english or getattr(value, f"{field}_th", ""))


def english_active() -> bool:
    return (get_language() or "th").startswith("en")


@register.filter
def score(value: Decimal | None) -> str:
    return "–" if value is None else f"{display(value):,.2f}"


@register.filter
def level(value: Decimal | int | None) -> str:
    # Template lookups on a missing result give "" rather than None.
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return f"{display(value)}"


@register.filter
def get(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def number(value: Any) -> str:
    if isinstance(value, Decimal):
        return decimal_text(value)
    return str(value)


@register.filter
def percent(value: Decimal) -> str:
    return decimal_text(value * 100)


@register.filter
def applies_count(scorecard: Any, indicator: Any) -> int:
    return len(scorecard.applies_to(indicator))


@register.filter
def td(value: Any, thai: bool = False) -> str:
    """Thai digits when asked for (the official forms offer them throughout)."""
    from pramoen.core.thai import to_thai_digits

    text = str(value)
    return to_thai_digits(text) if thai else text


@register.filter
def arabic(value: Any) -> str:
    """Arabic digits throughout: the pages' one digit style (an indicator's title quotes the
    document, which writes "พ.ศ. ๒๕๖๘", beside scores and levels written 2568)."""
    from pramoen.core.thai import to_arabic_digits

    return to_arabic_digits(str(value))


@register.filter
def cssstr(value: Any) -> str:
    """Text for a CSS string literal (page-margin boxes): escape backslash, quote, newline."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")


@register.simple_tag
def levels_list(
    indicator: Any, form: Any, *, editable: Any, ladder_inputs: Any, reached: Any
) -> SafeString:
    """An indicator's levels (``evaluation/_levels.html``): the ladder's ticks when
    ``ladder_inputs``, the levels up to ``reached`` marked. Every card of every page shows
    them, so each rendering is kept, keyed by everything it shows (never stale, the same in
    every process)."""
    met = tuple(form.raw.get("met", ())) if ladder_inputs and form is not None else ()
    return _levels_html(
        indicator.levels,
        bool(editable),
        bool(ladder_inputs),
        None if reached in (None, "") else Decimal(reached),
        met,
        get_language(),
    )


@functools.lru_cache(maxsize=4096)
def _levels_html(
    levels: tuple[Any, ...],
    editable: bool,
    ladder_inputs: bool,
    reached: Decimal | None,
    met: tuple[int, ...],
    language: str,
) -> SafeString:
    # a template's output: escaped by the template, safe as it stands
    return SafeString(
        render_to_string(
            "evaluation/_levels.html",
            {
                "levels": levels,
                "editable": editable,
                "ladder_inputs": ladder_inputs,
                "reached": reached,
                "met": met,
            },
        )
    )
