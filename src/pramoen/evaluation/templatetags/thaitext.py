"""``{{ text|words }}``: Thai text that breaks between words only (pramoen.core.wordbreak).

The pieces are joined by ``<wbr>`` inside a ``white-space: nowrap`` span (app.css ``.tw``), so
the browser breaks at our word boundaries and nowhere else; ``<wbr>`` adds no character, so
copying the text gives it back unchanged (a zero-width space would not). Not for the PDFs:
WeasyPrint renders ``<wbr>`` as a zero-width space in the text layer, and Pango already
breaks Thai with the same dictionary.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from pramoen.core.wordbreak import words as thai_words

register = template.Library()


@register.filter(is_safe=True)
def words(value: Any) -> SafeString:
    text = str(value)
    pieces = thai_words(text)
    if len(pieces) <= 1:
        return conditional_escape(text)
    joined = "<wbr>".join(str(conditional_escape(p)) for p in pieces)
    return mark_safe(f'<span class="tw">{joined}</span>')  # every piece is escaped
