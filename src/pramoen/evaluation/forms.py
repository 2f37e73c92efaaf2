"""Reading what a user typed into an indicator's result form.

The form is built from the indicator's own levels, so it is parsed by hand rather than with a
Django Form class: a threshold indicator has one value, a ladder a tick per level and a number
per measure. Errors are per field, in the active language (Thai, or English from the catalogue),
and the raw input is kept to re-display it.

A card re-rendered for any reason (evidence attached, removed or refused, a validation error, a
conflict) is given the form as the user typed it (``typed_form``), marked ``unsaved``, so that
nothing typed is lost; a conflict carries the other person's version beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from pramoen.core.model import Indicator as CoreIndicator
from pramoen.core.model import Kind
from pramoen.core.thai import decimal_text

from . import limits
from .errors import InvalidInput
from .explanations import Why, describe
from .services import ResultInput, explain_level


@dataclass(frozen=True)
class Conflict:
    """Someone saved the result after the version the user's form was based on."""

    theirs: ResultForm | None  # None: the result is gone
    by: str
    at: Any


@dataclass
class ResultForm:
    indicator: CoreIndicator
    raw: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    data: ResultInput | None = None
    version: int = 0
    interpolate: bool = False  # the round's, for the level shown beside the form
    unsaved: bool = False  # differs from what is saved: shown as "not saved yet"
    conflict: Conflict | None = None

    @cached_property
    def why(self) -> Why:
        """The level these entries give, and why (the one core call the preview makes)."""
        return describe(explain_level(self.indicator, self.data, interpolate=self.interpolate))

    @property
    def measures(self) -> list[tuple[str, str, str]]:
        """(field name, measure label, unit) for each measure of a ladder."""
        units: dict[str, str] = {}
        for lv in self.indicator.levels:
            for c in lv.criteria:
                units.setdefault(c.measure, c.unit)
        return [(f"m{i}", m, units[m]) for i, m in enumerate(self.indicator.measures)]

    @property
    def unit(self) -> str:
        return self.indicator.unit


def _number(text: str, *, unit: str, name: str, errors: dict[str, str]) -> Decimal | None:
    try:
        return limits.parse_value(text, field=name, unit=unit)
    except InvalidInput as exc:
        errors[name] = exc.message
        return None


def parse_result_form(
    indicator: CoreIndicator, post: QueryDict, *, interpolate: bool = False
) -> ResultForm:
    form = ResultForm(indicator, interpolate=interpolate)
    errors = form.errors
    note = post.get("note", "")
    form.raw["note"] = note
    try:
        note = limits.clean_text(note, field="note")
    except InvalidInput as exc:
        errors["note"] = exc.message
    try:
        form.version = limits.parse_version(post.get("version", "0"))
    except InvalidInput as exc:
        errors["version"] = exc.message

    if indicator.kind is Kind.THRESHOLD:
        raw = post.get("value", "")
        form.raw["value"] = raw
        value = _number(raw, unit=form.unit, name="value", errors=errors)
        if not raw.strip():
            errors["value"] = _("กรุณากรอกผลการดำเนินงาน")
        if not errors:
            form.data = ResultInput(value=value, note=note)
        return form

    met: set[int] = set()
    for raw_level in post.getlist("met"):
        try:
            level = int(raw_level)
        except ValueError:
            errors["met"] = _("ระดับต้องเป็นตัวเลข ๑ ถึง ๕")
            continue
        if not 1 <= level <= 5:
            errors["met"] = _("ระดับต้องอยู่ระหว่าง ๑ ถึง ๕")
        met.add(level)
    form.raw["met"] = sorted(met)
    values: dict[str, Decimal] = {}
    for name, measure, unit in form.measures:
        raw = post.get(name, "")
        form.raw[name] = raw
        value = _number(raw, unit=unit, name=name, errors=errors)
        if value is not None:
            values[measure] = value
    if not errors:
        form.data = ResultInput(values=values, met=frozenset(met), note=note)
    return form


def saved_input(result: Any) -> ResultInput | None:
    """A saved result's entries, as the form would have sent them."""
    if result is None:
        return None
    return ResultInput(
        value=result.value,
        values={m: Decimal(str(v)) for m, v in (result.values or {}).items()},
        met=frozenset(result.met or ()),
        note=result.note,
    )


def initial_form(indicator: CoreIndicator, result: Any, *, interpolate: bool = False) -> ResultForm:
    """The form filled from a saved result (or empty)."""
    form = ResultForm(indicator, interpolate=interpolate)
    if result is None:
        form.raw = {
            "note": "",
            "value": "",
            "met": [],
            **{name: "" for name, _measure, _unit in form.measures},
        }
        return form
    form.version = result.version
    form.data = saved_input(result)
    form.raw = {
        "note": result.note,
        "value": "" if result.value is None else decimal_text(result.value),
        "met": list(result.met),
    }
    for name, measure, _unit in form.measures:
        saved = result.values.get(measure)
        form.raw[name] = "" if saved is None else decimal_text(Decimal(str(saved)))
    return form


def _comparable(form: ResultForm) -> tuple[Any, ...]:
    raw = form.raw
    names = ["value", *(name for name, _m, _u in form.measures)]
    return (
        raw.get("note", "").replace("\r\n", "\n").strip(),
        sorted(int(n) for n in raw.get("met", []) if str(n).isdigit()),
        *(
            str(raw.get(n) or "").strip()
            for n in names
            if form.indicator.kind is not Kind.THRESHOLD or n == "value"
        ),
    )


def typed_form(
    indicator: CoreIndicator, post: QueryDict, result: Any, *, interpolate: bool = False
) -> ResultForm | None:
    """What the user has typed on the card, when a request carries the card's fields beside
    its own (an evidence form includes them), marked unsaved when it differs from the saved
    result; None when the request carries none (the card then shows what is saved)."""
    if "version" not in post:
        return None
    form = parse_result_form(indicator, post, interpolate=interpolate)
    saved = initial_form(indicator, result, interpolate=interpolate)
    form.unsaved = bool(form.errors) or _comparable(form) != _comparable(saved)
    return form
