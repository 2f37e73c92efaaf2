from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from pramoen.evaluation.templatetags.pramoen import thaidate

register = template.Library()


@register.filter
def be_date(value: Any) -> str:
    """A date field's value (a date, or the ISO text typed) as a Buddhist-era date."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return ""
    return thaidate(value) if isinstance(value, date) else ""
