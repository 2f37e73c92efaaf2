"""A refusal keeps its msgid and values apart and renders itself in any language: a page shows
it in the reader's language, the API asks it for Thai and for English."""

from __future__ import annotations

import ast
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext_lazy

from pramoen.evaluation.errors import InvalidInput, Named, ServiceError, WorkflowError
from pramoen.exchange.services import ImportFailed

SRC = Path(__file__).resolve().parents[2] / "src" / "pramoen"


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


def test_a_name_the_data_holds_in_both_languages_is_shown_in_the_one_asked():
    names = Named.joined([Named("การมุ่งผลสัมฤทธิ์", "Achievement motivation"), Named("XX")])
    refusal = InvalidInput(
        gettext_lazy("สมรรถนะ %(names)s: ระดับไม่อยู่ในช่วง 1 ถึง 5"), params={"names": names}
    )
    assert refusal.render("th") == "สมรรถนะ การมุ่งผลสัมฤทธิ์, XX: ระดับไม่อยู่ในช่วง 1 ถึง 5"
    assert (
        refusal.render("en")
        == "Competency Achievement motivation, XX: the level is not from 1 to 5"
    )


def _refusal_classes() -> set[str]:
    import pramoen.evaluation.evidence
    import pramoen.exchange.restore
    import pramoen.exchange.sheets  # noqa: F401 - their refusals join the tree

    found, todo = set(), [ServiceError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo += cls.__subclasses__()
    return found


def test_no_refusal_is_formatted_before_it_is_raised():
    """``Refusal(_("… %(x)s") % {…})`` loses the msgid: the API could not say it in English."""
    names = _refusal_classes()
    eager = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            first = node.args[0]
            if name in names and isinstance(first, ast.BinOp) and isinstance(first.op, ast.Mod):
                eager.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert eager == [], "pass the values as params= instead"
