"""Messages made in Python (field errors, refusals from the services, flash messages) follow the
user's language: Thai by default, English from the catalogue for a user who chose English.

The text is translated when the message is made (eager gettext), so it must be made while the
request's language is active; these tests go through the real views to check that it is.
"""

from __future__ import annotations

import ast
import io
import re
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pramoen.evaluation import services
from pramoen.evaluation.errors import ImportBlocked, WorkflowError
from pramoen.evaluation.evidence import EvidenceRejected, sniff
from pramoen.evaluation.models import Evaluation, Indicator, Result, ResultStatus
from pramoen.evaluation.services import ResultInput
from pramoen.web import bootstrap

from .conftest import DOC

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "pramoen"
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
# The modules whose user-facing messages are made in Python.
MESSAGE_MODULES = (
    [
        PACKAGE / "evaluation" / name
        for name in (
            "services/rounds.py",
            "services/results.py",
            "services/verification.py",
            "services/decisions.py",
            "services/evidence.py",
            "services/history.py",
            "services/round_edit.py",
            "limits.py",
            "permissions.py",
            "forms.py",
            "evidence.py",
            "access.py",
            "views/rounds.py",
            "views/evaluations.py",
            "views/results.py",
            "views/evidence.py",
            "views/department.py",
            "views/round_edit.py",
            "selectors/round_edit.py",
        )
    ]
    + [
        PACKAGE / "accounts" / name
        for name in ("services.py", "people.py", "views.py", "event_text.py", "forms.py")
    ]
    + [
        PACKAGE / "notifications" / name
        for name in ("services.py", "text.py", "views.py", "models.py", "deadlines.py", "forms.py")
    ]
    + [
        PACKAGE / "appraisal" / name
        for name in (
            "services/common.py",
            "services/setup.py",
            "services/steps.py",
            "views.py",
            "models.py",
            "sentences.py",
        )
    ]
)
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext"}
THAI = re.compile(r"[\u0e00-\u0e7f]")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.fixture(autouse=True)
def _site_language_afterwards():
    """LocaleMiddleware leaves the request's language active in the test's thread: reset it, so
    an English request here does not make later tests (which call services directly) English."""
    yield
    translation.deactivate()


def english(client: Client) -> Client:
    """The user picks English with the language switch (a cookie, as Django's set_language)."""
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


def url(name, round_, code=None, district="2001"):
    kwargs = {"round_id": round_.pk, "district": district}
    if code:
        kwargs["code"] = code
    return reverse(name, kwargs=kwargs)


def flash(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- the district's result form ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_field_error_is_in_english_for_an_english_user(round_, client_for):
    officer = english(client_for("d2001"))
    response = officer.post(url("result_save", round_, "I5"), {"value": "abc", "version": "0"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Must be a number" in page
    assert "Not saved yet. Please correct the fields with errors." in page
    assert "ต้องเป็นตัวเลข" not in page
    assert "ยังบันทึกไม่ได้" not in page
    assert not Result.objects.exists()


@pytest.mark.django_db
def test_the_same_field_error_stays_thai_for_a_thai_user(round_, client_for):
    response = client_for("d2001").post(
        url("result_save", round_, "I5"), {"value": "abc", "version": "0"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "ต้องเป็นตัวเลข" in page
    assert "ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อผิดพลาด" in page
    assert "Must be a number" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "thai", "english_text"),
    [
        ("150", "ร้อยละต้องอยู่ระหว่าง ๐ ถึง ๑๐๐", "A percentage must be between 0 and 100"),
        ("-3", "ต้องไม่ติดลบ", "Must not be negative"),
    ],
)
def test_range_errors_follow_the_language_chosen(round_, users, value, thai, english_text):
    def post(language: str) -> str:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the switch's cookie
        client.force_login(users["d2001"])
        response = client.post(
            url("result_save", round_, "I5"),
            {"value": value, "version": "0"},
            HTTP_HX_REQUEST="true",
        )
        return response.content.decode()

    english_page, thai_page = post("en"), post("th")
    assert english_text in english_page and thai not in english_page
    assert thai in thai_page and english_text not in thai_page


@pytest.mark.django_db
def test_a_saved_draft_is_confirmed_in_english(round_, client_for):
    officer = english(client_for("d2001"))
    response = officer.post(
        url("result_save", round_, "I5"), {"value": "11", "version": "0"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "Draft saved" in page and "บันทึกร่างแล้ว" not in page
    assert Result.objects.count() == 1


@pytest.mark.django_db
def test_a_long_note_names_the_limit_in_english(round_, client_for):
    officer = english(client_for("d2001"))
    response = officer.post(
        url("result_save", round_, "I5"),
        {"value": "11", "note": "ก" * 5001, "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert "Longer than 5000 characters" in response.content.decode()


# --- refusals from the services ---------------------------------------------------------------


@pytest.mark.django_db
def test_submitting_with_missing_indicators_is_refused_in_english(round_, client_for):
    officer = english(client_for("d2001"))
    response = officer.post(url("evaluation_submit", round_), {"version": "0"}, follow=True)
    [message] = flash(response)
    assert message.startswith("No result has been saved yet for indicator ")
    assert "I5" in message and "I1" in message  # the placeholder was filled
    assert "ยังไม่ได้บันทึกผลตัวชี้วัด" not in response.content.decode()
    assert Evaluation.objects.get(round=round_, district__code="2001").status == "draft"


@pytest.mark.django_db
def test_submitting_with_missing_indicators_is_refused_in_thai(round_, client_for):
    response = client_for("d2001").post(
        url("evaluation_submit", round_), {"version": "0"}, follow=True
    )
    [message] = flash(response)
    assert message.startswith("ยังไม่ได้บันทึกผลตัวชี้วัด ")
    assert "I5" in message


@pytest.mark.django_db
def test_a_conflicting_save_is_refused_in_english(round_, client_for):
    officer = english(client_for("d2001"))
    officer.post(url("result_save", round_, "I5"), {"value": "11", "version": "0"})
    response = officer.post(  # the same stale copy again
        url("result_save", round_, "I5"),
        {"value": "12", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert "Someone else has already saved a result for this indicator" in page
    assert "มีผู้อื่นบันทึก" not in page


@pytest.mark.django_db
def test_rejected_evidence_is_explained_in_english(round_, client_for):
    officer = english(client_for("d2001"))
    officer.post(url("result_save", round_, "I5"), {"value": "11", "version": "0"})
    response = officer.post(
        url("evidence_upload", round_, "I5"),
        {"file": SimpleUploadedFile("report.pdf", b"MZ\x90\x00 this is an exe")},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert "Only PDF files, images (PNG, JPEG, GIF, WebP) and Office files are accepted" in page
    assert "รับเฉพาะ" not in page


@pytest.mark.django_db
def test_evidence_over_the_size_limit_names_the_limit_in_english(round_, client_for, settings):
    settings.EVIDENCE_MAX_BYTES = 3 * 1024 * 1024
    officer = english(client_for("d2001"))
    officer.post(url("result_save", round_, "I5"), {"value": "11", "version": "0"})
    response = officer.post(
        url("evidence_upload", round_, "I5"),
        {"file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * (3 * 1024 * 1024))},
        HTTP_HX_REQUEST="true",
    )
    assert "The file is larger than 3 MB" in response.content.decode()


@pytest.mark.django_db
def test_the_province_gets_english_errors_and_confirmations(round_, client_for):
    province = english(client_for("province"))
    response = province.post(
        reverse("round_settings", kwargs={"round_id": round_.pk}),
        {"team_share": "abc"},
        follow=True,
    )
    assert flash(response) == ["The team share must be a number from 0 to 100 (blank = default 50)"]
    response = province.post(
        reverse("indicator_entry", kwargs={"round_id": round_.pk, "code": "I5"}),
        {"shared": "1"},
        follow=True,
    )
    assert flash(response) == [
        "How results are entered can be changed only before the evaluation round opens"
    ]
    response = province.post(
        reverse("round_settings", kwargs={"round_id": round_.pk}), {"team_share": "60"}, follow=True
    )
    assert flash(response) == ["Settings saved"]


@pytest.mark.django_db
def test_the_work_group_gets_english_messages_with_the_code_and_district(round_, users, client_for):
    evaluation = Evaluation.objects.select_related("round", "district").get(
        round=round_, district__code="2001"
    )
    for indicator in Indicator.objects.filter(
        round=round_, shared=False, districts=evaluation.district
    ):
        data = ResultInput(met=frozenset({1}))
        if indicator.kind == "threshold":
            data = ResultInput(value=Decimal(11))
        services.result_save(
            evaluation=evaluation, indicator=indicator, user=users["d2001"], data=data, version=0
        )
    services.evaluation_submit(evaluation=evaluation, user=users["d2001"], version=0)
    result = Result.objects.get(
        indicator__round=round_, indicator__code="I5", district__code="2001"
    )
    assert result.status == ResultStatus.SUBMITTED
    district = str(result.district)

    work_group = english(client_for("wg-coordination"))
    verify = reverse("result_verify", kwargs={"result_id": result.pk})
    response = work_group.post(verify, {"level": "high", "version": result.version}, follow=True)
    assert flash(response) == [f"I5 {district}: The level must be a number from 0 to 5"]
    response = work_group.post(verify, {"level": "9", "version": result.version}, follow=True)
    assert flash(response) == [f"I5 {district}: The level must be between 0 and 5"]
    response = work_group.post(
        verify, {"level": str(result.self_level), "version": result.version}, follow=True
    )
    assert flash(response) == [f"Verified I5 for {district} District"]


# --- the services themselves, outside a request -----------------------------------------------


@pytest.mark.django_db
def test_a_refusal_is_made_in_the_language_active_when_it_is_raised(round_, users):
    evaluation = Evaluation.objects.select_related("round", "district").get(
        round=round_, district__code="2001"
    )
    with translation.override("en"), pytest.raises(WorkflowError) as english_error:
        services.evaluation_submit(evaluation=evaluation, user=users["d2001"], version=0)
    with translation.override("th"), pytest.raises(WorkflowError) as thai_error:
        services.evaluation_submit(evaluation=evaluation, user=users["d2001"], version=0)
    assert english_error.value.message.startswith("No result has been saved yet for indicator ")
    assert thai_error.value.message.startswith("ยังไม่ได้บันทึกผลตัวชี้วัด ")
    # the same codes in both
    assert english_error.value.message.split()[-1] == thai_error.value.message.split()[-1]


@pytest.mark.django_db
def test_reimporting_an_open_round_is_refused_in_english(round_, users):
    with translation.override("en"), pytest.raises(ImportBlocked) as blocked:
        services.scorecard_import(
            province=round_.province,
            text=DOC.read_text(encoding="utf-8"),
            source_name="again.txt",
            user=users["province"],
            accept_errors_reason="test",
        )
    assert blocked.value.message.startswith(f"Round {round_.code} is already in use")


@pytest.mark.django_db
def test_the_command_line_and_bootstrap_keep_thai_messages(province):
    """Outside a request the site language (Thai) is active, as the CLI expects."""
    bootstrap.import_document(
        province=province, path=DOC, accept_errors_reason="ทดสอบ", open_round=True
    )
    with pytest.raises(ImportBlocked, match="เปิดใช้แล้ว"):
        bootstrap.import_document(province=province, path=DOC, accept_errors_reason="ทดสอบ")


def test_evidence_sniffing_speaks_the_active_language():
    with translation.override("en"), pytest.raises(EvidenceRejected) as english_error:
        sniff(io.BytesIO(b"PK\x03\x04 not really a zip"))
    with translation.override("th"), pytest.raises(EvidenceRejected) as thai_error:
        sniff(io.BytesIO(b"PK\x03\x04 not really a zip"))
    assert (
        english_error.value.message == "The Office file is damaged or is not really an Office file"
    )
    assert "เสียหาย" in thai_error.value.message


# --- the source and the catalogue ---------------------------------------------------------------


def _gettext_calls(tree: ast.AST) -> list[ast.Call]:
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in GETTEXT_NAMES:
                calls.append(node)
    return calls


@pytest.mark.parametrize("path", MESSAGE_MODULES, ids=lambda p: p.name)
def test_every_thai_message_in_python_is_marked_for_translation(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    marked = {id(arg) for call in _gettext_calls(tree) for arg in call.args}
    unmarked = [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and THAI.search(node.value)
        and id(node) not in marked
    ]
    # f-strings with Thai are JoinedStr: their Thai pieces are Constants, caught above
    assert unmarked == [], "wrap these in _() and run `make messages`"


@pytest.mark.parametrize("path", MESSAGE_MODULES, ids=lambda p: p.name)
def test_translated_messages_are_literals_with_named_placeholders(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for call in _gettext_calls(tree):
        arg = call.args[0] if call.args else None
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            bad.append(f"{path.name}:{call.lineno}: not a literal")  # f-string, variable, …
        elif re.search(r"%(?!\(\w+\)s)", arg.value):
            bad.append(f"{path.name}:{call.lineno}: positional or unnamed placeholder")
    assert bad == []


def test_english_translations_keep_the_placeholders_of_the_thai():
    po = polib.pofile(str(PO))
    wrong = [
        (e.msgid, e.msgstr)
        for e in po
        if not e.obsolete
        and e.msgstr
        and sorted(PLACEHOLDER.findall(e.msgid)) != sorted(PLACEHOLDER.findall(e.msgstr))
    ]
    assert wrong == []


def test_thai_digits_become_arabic_digits_in_english():
    with translation.override("en"):
        assert translation.gettext("ระดับต้องอยู่ระหว่าง ๐ ถึง ๕") == "The level must be between 0 and 5"
        assert (
            translation.gettext("ร้อยละต้องอยู่ระหว่าง ๐ ถึง ๑๐๐")
            == "A percentage must be between 0 and 100"
        )
