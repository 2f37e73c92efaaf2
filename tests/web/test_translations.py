"""The English catalogue: complete, compiled, in step with the Thai interface strings, and used.

The interface is written in Thai; src/pramoen/locale/en/LC_MESSAGES/django.po carries the English
for every Thai msgid. `make messages` re-extracts and compiles it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "pramoen"
TEMPLATES = PACKAGE / "templates"
CATALOGUE = PACKAGE / "locale" / "en" / "LC_MESSAGES"
PO = CATALOGUE / "django.po"
MO = CATALOGUE / "django.mo"

# {% translate "…" %} / {% trans '…' %}, with any options (context, noop, as var) after the string
TRANSLATE_TAG = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')"""
)
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}
THAI = re.compile(r"[\u0e00-\u0e7f]")


@pytest.fixture(autouse=True)
def _site_language_afterwards():
    """A request leaves its language active in the test's thread; later tests expect Thai."""
    yield
    translation.deactivate()


def _po() -> polib.POFile:
    return polib.pofile(str(PO))


def _live(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def _template_strings() -> dict[str, list[str]]:
    """Each {% translate %} string in the templates -> where it appears (file:line)."""
    found: dict[str, list[str]] = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in TRANSLATE_TAG.finditer(text):
            msgid = match.group(1) if match.group(1) is not None else match.group(2)
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault(msgid, []).append(f"{path.relative_to(PACKAGE)}:{line}")
    return found


def _python_strings() -> dict[str, list[str]]:
    """Each literal passed to _() / gettext*() in the package outside core -> file:line."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "core":  # core's messages are Thai-only data by design
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name not in GETTEXT_NAMES:
                continue
            arg = node.args[-1] if name.startswith("pgettext") else node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, []).append(f"{relative}:{node.lineno}")
    return found


def test_the_catalogue_declares_english_and_utf8():
    po = _po()
    assert po.metadata["Language"] == "en"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert not po.metadata_is_fuzzy


def test_every_interface_string_has_an_english_translation():
    po = _po()
    assert len(_live(po)) > 100
    untranslated = [e.msgid for e in po.untranslated_entries()]
    assert untranslated == [], f"msgids without English: {untranslated}"


def test_no_translation_is_left_fuzzy():
    fuzzy = [e.msgid for e in _po().fuzzy_entries()]
    assert fuzzy == [], f"fuzzy entries (review, then remove the flag): {fuzzy}"


def test_no_english_translation_is_still_in_thai():
    still_thai = [(e.msgid, e.msgstr) for e in _live(_po()) if e.msgstr and THAI.search(e.msgstr)]
    assert still_thai == []


def test_the_compiled_catalogue_matches_the_po_file():
    po = {
        (e.msgctxt, e.msgid): e.msgstr for e in _live(_po()) if e.msgstr and "fuzzy" not in e.flags
    }
    mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(MO)) if e.msgid}
    assert mo == po, "django.mo is stale: run `make messages` (or compilemessages)"


def test_every_template_string_is_in_the_catalogue():
    strings = _template_strings()
    assert len(strings) > 100  # the pattern really finds the templates' strings
    msgids = {e.msgid for e in _live(_po())}
    missing = {s: where for s, where in strings.items() if s not in msgids}
    assert missing == {}, f"not in django.po, run `make messages`: {missing}"


def test_every_marked_python_string_is_in_the_catalogue():
    strings = _python_strings()
    assert "ส่งกลับแก้ไข" in strings  # the scan really finds the models' choice labels
    msgids = {e.msgid for e in _live(_po())}
    missing = {s: where for s, where in strings.items() if s not in msgids}
    assert missing == {}, f"not in django.po, run `make messages`: {missing}"


def test_core_messages_stay_out_of_the_catalogue():
    references = [f for e in _live(_po()) for f, _line in e.occurrences]
    assert references
    assert not [f for f in references if f.startswith("core/")]


@pytest.mark.parametrize(
    ("thai", "english"),
    [
        ("รอบการประเมิน", "Evaluation rounds"),
        ("ส่งผลการประเมิน", "Submit evaluation"),
        ("ส่งกลับแก้ไข", "Returned for changes"),
        ("สัดส่วนรายทีม (ร้อยละ เว้นว่าง = ค่าเริ่มต้น ๕๐)", "Team share (percent; blank = default 50)"),
    ],
)
def test_english_speakers_get_english_and_thai_speakers_get_thai(thai, english):
    with translation.override("en"):
        assert translation.gettext(thai) == english
    with translation.override("th"):
        assert translation.gettext(thai) == thai


def test_model_choice_labels_follow_the_active_language():
    from pramoen.evaluation.models import ResultStatus

    with translation.override("en"):
        assert str(ResultStatus.VERIFIED.label) == "Verified"
    with translation.override("th"):
        assert str(ResultStatus.VERIFIED.label) == "ตรวจสอบแล้ว"


@pytest.mark.django_db
def test_the_login_page_is_in_english_once_english_is_chosen():
    english = Client()
    english.cookies["django_language"] = "en"  # the language switch's cookie
    english = english.get(reverse("login")).content.decode()
    assert "Sign in to the evaluation system" in english
    assert "เข้าสู่ระบบประเมินผล" not in english
    thai = Client(HTTP_ACCEPT_LANGUAGE="th").get(reverse("login")).content.decode()
    assert "เข้าสู่ระบบประเมินผล" in thai
