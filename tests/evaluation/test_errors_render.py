"""A refusal keeps its msgid and values apart and renders itself in any language: a page shows
it in the reader's language, the API asks it for Thai and for English."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy

from pramoen.evaluation.errors import InvalidInput, WorkflowError
from pramoen.exchange.services import ImportFailed


def test_a_refusal_renders_its_msgid_with_the_same_values_in_each_language():
    with translation.override("th"):
        refusal = WorkflowError(
            translation.gettext("ไม่มีตัวชี้วัดรายอำเภอรหัส %(codes)s ในรอบนี้"), params={"codes": "T9"}
        )
    assert refusal.render("th") == "ไม่มีตัวชี้วัดรายอำเภอรหัส T9 ในรอบนี้"
    assert refusal.render("en") == "This round has no per-district indicator T9"
    with translation.override("en"):
        assert refusal.message == "This round has no per-district indicator T9"


def test_a_lazy_msgid_and_lazy_values_follow_the_language_asked():
    refusal = InvalidInput(
        gettext_lazy("%(label)s ต้องเป็นตัวเลข"),
        params={"label": gettext_lazy("น้ำหนักผลสัมฤทธิ์")},
        field="weight_achievement",
    )
    thai, english = refusal.render("th"), refusal.render("en")
    assert thai == "น้ำหนักผลสัมฤทธิ์ ต้องเป็นตัวเลข"
    assert english.endswith("must be a number") and "น้ำหนัก" not in english
    assert refusal.field == "weight_achievement"


def test_a_refusal_inside_another_is_rendered_in_the_same_language():
    with translation.override("th"):
        inner = WorkflowError(
            translation.gettext("ไม่มีตัวชี้วัดรายอำเภอรหัส %(codes)s ในรอบนี้"), params={"codes": "T9"}
        )
        outer = ImportFailed(
            translation.gettext("แถว %(row)s: %(message)s"), params={"row": 7, "message": inner}
        )
    assert outer.render("th") == "แถว 7: ไม่มีตัวชี้วัดรายอำเภอรหัส T9 ในรอบนี้"
    assert outer.render("en") == "Row 7: This round has no per-district indicator T9"
