"""The levels of a card, rendered once per distinct content (``levels_list``): what is ticked,
what is reached, the language and whether the boxes may be changed are all part of what is kept,
so a kept rendering is never shown for a different card state."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from pramoen.core import model as core
from pramoen.evaluation.forms import ResultForm
from pramoen.evaluation.templatetags.pramoen import levels_list

LEVELS = tuple(core.Level(n, f"ขั้นที่ {n}", ()) for n in range(1, 6))
LADDER = core.Indicator(
    id="I9",
    group=core.Group("team"),
    number=9,
    title="ตัวอย่าง",
    weight=Decimal(10),
    source=core.WorkGroup("wg", "กลุ่มงาน", "Group"),
    applicability=core.Applicability("only", ("2001",)),
    levels=LEVELS,
)


def _form(met: list[int]) -> ResultForm:
    form = ResultForm(indicator=LADDER)
    form.raw["met"] = met
    return form


def _checked(html: str) -> list[str]:
    return [
        part.split('value="')[1].split('"')[0]
        for part in html.split("<input")[1:]
        if " checked" in part.split(">")[0]
    ]


def test_ticks_follow_the_form_each_time():
    first = levels_list(LADDER, _form([1, 2]), editable=True, ladder_inputs=True, reached=None)
    again = levels_list(LADDER, _form([1]), editable=True, ladder_inputs=True, reached=None)
    assert _checked(first) == ["1", "2"]
    assert _checked(again) == ["1"]
    assert "disabled" not in first
    locked = levels_list(LADDER, _form([1]), editable=False, ladder_inputs=True, reached=None)
    assert locked.count("disabled") == 5


def test_reached_levels_are_marked_up_to_the_level():
    html = levels_list(LADDER, _form([]), editable=False, ladder_inputs="", reached=Decimal(3))
    assert html.count('class="reached"') == 3 and "<input" not in html
    none = levels_list(LADDER, _form([]), editable=False, ladder_inputs="", reached="")
    assert 'class="reached"' not in none


def test_the_language_is_part_of_what_is_kept():
    thai = levels_list(LADDER, _form([]), editable=False, ladder_inputs="", reached=None)
    with translation.override("en"):
        english = levels_list(LADDER, _form([]), editable=False, ladder_inputs="", reached=None)
    assert "ระดับ 1" in thai and "Level 1" in english
