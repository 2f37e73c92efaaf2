"""An approved district's form is rendered once, when the province approves, and served from
storage from then on; a reopen removes it (pramoen.reports.stored)."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook
from pypdf import PdfReader

from pramoen.accounts.models import Membership
from pramoen.evaluation import services
from pramoen.evaluation.models import EvaluationStatus
from pramoen.reports import render, stored
from pramoen.reports.excel import DRAFT_MARK
from pramoen.reports.models import StoredForm
from pramoen.reports.stored import stored_forms_render, variants
from pramoen.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified(round_, users):
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_verified(round_=round_, users=users, district="2001")
    return factories.evaluation_of(round_, "2001")


def approve(evaluation, users):
    return services.evaluation_approve(
        evaluation=evaluation, user=users["province"], version=evaluation.version
    )


@pytest.fixture
def approved(verified, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the task runs (ImmediateBackend)
        return approve(verified, users)


@pytest.fixture
def renders(monkeypatch):
    """Every district form rendered, as (fmt, thai digits)."""
    calls = []
    real = render.district_file

    def counted(report, *, fmt, thai_digits=False):
        calls.append((fmt, thai_digits))
        return real(report, fmt=fmt, thai_digits=thai_digits)

    monkeypatch.setattr(render, "district_file", counted)
    return calls


@pytest.fixture
def no_rendering(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("rendered, though a stored form was there")

    monkeypatch.setattr(render, "district_file", refuse)


def url(evaluation, fmt, **query):
    path = reverse("district_report_file", args=[evaluation.round_id, "2001", fmt])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def body(response) -> bytes:
    # the test client closes a streamed response once its content is read to the end
    return b"".join(response.streaming_content) if response.streaming else response.content


def stored_bytes(form: StoredForm) -> bytes:
    with default_storage.open(form.file.name, "rb") as f:
        return f.read()


def form_of(evaluation, kind, language="th", thai_digits=False) -> StoredForm:
    return StoredForm.objects.get(
        evaluation=evaluation, kind=kind, language=language, thai_digits=thai_digits
    )


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_approval_stores_every_variant_of_the_form_once(
    verified, users, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ev = approve(verified, users)
    forms = list(StoredForm.objects.filter(evaluation=ev))
    assert sorted((f.kind, f.language, f.thai_digits) for f in forms) == sorted(variants())
    assert {(f.kind, f.language) for f in forms} >= {("pdf", "th"), ("xlsx", "th"), ("pdf", "en")}
    assert all(f.version == ev.version and f.approved_at == ev.approved_at for f in forms)
    assert all(default_storage.exists(f.file.name) for f in forms)
    assert sorted(renders) == sorted((kind, thai) for kind, _lang, thai in variants())
    # the stored PDF is the approved form: its state and date, no draft mark, the figures
    text = pdf_text(stored_bytes(form_of(ev, "pdf")))
    assert "อนุมัติแล้ว" in text and "85.50" in text
    assert "ฉบับร่าง" not in text
    # a second run for the same approval stores nothing more and renders nothing
    assert stored_forms_render(evaluation_id=ev.pk, version=ev.version) == 0
    assert len(renders) == len(variants())


def test_a_download_serves_the_stored_bytes_without_rendering(approved, client_for, no_rendering):
    for name in ("d2001", "province", "viewer"):
        client = client_for(name)
        for fmt, query, thai in (
            ("pdf", {}, False),
            ("pdf", {"digits": "thai"}, True),
            ("xlsx", {}, False),
        ):
            response = client.get(url(approved, fmt, **query))
            assert response.status_code == 200
            assert response["Content-Disposition"] == (
                f'attachment; filename="pramoen-2568-1-district-2001.{fmt}"'
            )
            assert response["Content-Type"] == render.CONTENT_TYPES[fmt]
            assert body(response) == stored_bytes(form_of(approved, fmt, thai_digits=thai))


def test_a_reader_in_english_gets_the_english_stored_form(
    approved, users, client_for, no_rendering
):
    Membership.objects.filter(user=users["d2001"]).update(language="en")
    response = client_for("d2001").get(url(approved, "xlsx"))
    assert body(response) == stored_bytes(form_of(approved, "xlsx", language="en"))
    sheet = load_workbook(io.BytesIO(stored_bytes(form_of(approved, "xlsx", language="en")))).active
    assert "Approved" in sheet["A2"].value


def test_a_reopen_removes_the_stored_forms_and_the_form_is_rendered_again(
    approved, users, client_for, renders, django_capture_on_commit_callbacks
):
    names = list(StoredForm.objects.filter(evaluation=approved).values_list("file", flat=True))
    stored = stored_bytes(form_of(approved, "xlsx"))
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluation_reopen(
            evaluation=approved,
            user=users["province"],
            reason="แก้คะแนน I4",
            version=approved.version,
        )
    assert not StoredForm.objects.filter(evaluation=approved).exists()
    assert names and not any(default_storage.exists(n) for n in names)
    data = body(client_for("d2001").get(url(approved, "xlsx")))
    assert renders == [("xlsx", False)]
    assert data != stored
    sheet = load_workbook(io.BytesIO(data)).active
    assert "ส่งกลับแก้ไข" in sheet["A2"].value  # the state it is in now, not the approved one


def test_a_task_for_an_approval_reopened_meanwhile_stores_nothing(
    verified, users, renders, monkeypatch, django_capture_on_commit_callbacks
):
    runs = []
    real = stored.stored_forms_render

    def spied(**kwargs):
        runs.append(real(**kwargs))
        return runs[-1]

    monkeypatch.setattr(stored, "stored_forms_render", spied)
    with django_capture_on_commit_callbacks() as callbacks:  # the task waits in the queue
        ev = approve(verified, users)
    services.evaluation_reopen(
        evaluation=ev, user=users["province"], reason="ผิดอำเภอ", version=ev.version
    )
    for callback in callbacks:
        callback()  # the worker gets to it after the reopen
    assert runs == [0]  # the task ran, and stored nothing
    assert factories.evaluation_of(ev.round, "2001").status == EvaluationStatus.RETURNED
    assert not StoredForm.objects.exists()
    assert renders == []  # seen before rendering: the version moved
    assert not default_storage.exists("forms") or default_storage.listdir("forms") == ([], [])


def test_the_files_are_kept_only_if_the_approval_still_stands_after_rendering(
    verified, users, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        ev = approve(verified, users)
    real = render.district_file
    rendered = []

    def reopened_while_rendering(report, *, fmt, thai_digits=False):
        rendered.append(fmt)
        if len(rendered) == 1:  # the province reopens while the worker renders
            services.evaluation_reopen(
                evaluation=factories.evaluation_of(ev.round, "2001"),
                user=users["province"],
                reason="ผิดอำเภอ",
                version=ev.version,
            )
        return real(report, fmt=fmt, thai_digits=thai_digits)

    monkeypatch.setattr(render, "district_file", reopened_while_rendering)
    assert stored_forms_render(evaluation_id=ev.pk, version=ev.version) == 0
    assert len(rendered) == len(variants())
    assert not StoredForm.objects.exists()
    assert default_storage.listdir("forms") == ([], [])  # the files saved meanwhile are gone


def test_someone_who_may_not_see_the_district_gets_the_same_refusal(
    verified, users, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    before = {
        name: client_for(name).get(url(verified, "pdf")).status_code for name in ("d2002", None)
    }
    with django_capture_on_commit_callbacks(execute=True):
        ev = approve(verified, users)
    assert StoredForm.objects.filter(evaluation=ev).count() == len(variants())

    def never(*args, **kwargs):
        raise AssertionError("a stored form was opened for someone refused")

    monkeypatch.setattr(StoredForm.file.field.storage, "open", never)  # the default storage
    for fmt, query in (("pdf", {}), ("pdf", {"digits": "thai"}), ("xlsx", {})):
        outsider = client_for("d2002").get(url(ev, fmt, **query))
        assert outsider.status_code == before["d2002"] == 404
        assert not outsider.streaming
        anonymous = client_for(None).get(url(ev, fmt, **query))
        assert anonymous.status_code == before[None] == 302
        assert anonymous["Location"].startswith(reverse("login"))


def test_a_stored_form_download_takes_a_few_fixed_queries(
    approved, users, client_for, no_rendering, django_assert_num_queries
):
    client = client_for("d2001")
    # session, the user with their membership; the evaluation (access check); the stored form
    for fmt, query in (("pdf", {}), ("pdf", {"digits": "thai"}), ("xlsx", {})):
        with django_assert_num_queries(4):
            response = client.get(url(approved, fmt, **query))
        assert body(response) == stored_bytes(form_of(approved, fmt, thai_digits=bool(query)))


def test_a_stored_file_storage_has_lost_is_rendered_instead(approved, client_for, renders):
    form = form_of(approved, "xlsx")
    default_storage.delete(form.file.name)
    response = client_for("d2001").get(url(approved, "xlsx"))
    assert response.status_code == 200
    assert renders == [("xlsx", False)]
    sheet = load_workbook(io.BytesIO(body(response))).active
    assert "อนุมัติแล้ว" in sheet["A2"].value and sheet["A3"].value != DRAFT_MARK


def test_until_the_queued_task_has_run_the_form_is_rendered_then_it_is_stored(
    verified, users, client_for, renders, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # the real queue
    with django_capture_on_commit_callbacks(execute=True):
        ev = approve(verified, users)
    queued = DBTaskResult.objects.get(task_path="pramoen.reports.stored.stored_forms_task")
    assert queued.args_kwargs == {"args": [ev.pk, ev.version], "kwargs": {}}
    client = client_for("d2001")
    sheet = load_workbook(io.BytesIO(body(client.get(url(ev, "xlsx"))))).active
    assert renders == [("xlsx", False)]  # nothing stored yet: rendered, approved
    assert "อนุมัติแล้ว" in sheet["A2"].value
    # what the worker calls, from the queued row (db_worker itself closes the connection,
    # which a test's transaction does not outlive; tests/reliability runs the real worker)
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    assert StoredForm.objects.filter(evaluation=ev).count() == len(variants())
    served = body(client.get(url(ev, "xlsx")))
    assert served == stored_bytes(form_of(ev, "xlsx"))
    assert len(renders) == 1 + len(variants())  # the worker's, and no more


def test_the_stored_form_is_the_record_a_name_changed_after_approval_stays_as_signed(
    approved, users, client_for
):
    approved_name = Membership.objects.get(user=users["d2001"]).name
    officer = users["d2001"]
    officer.first_name, officer.last_name = "สมหญิง", "ใจงาม"
    officer.save()
    live, _name = render.render(approved.round, fmt="xlsx", district="2001")
    served = body(client_for("d2001").get(url(approved, "xlsx")))
    assert served == stored_bytes(form_of(approved, "xlsx"))

    def signatures(data):
        rows = load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)
        return [r[1] for r in rows if r[1] and "ผู้รับการประเมิน" in str(r[1])]

    assert signatures(served) == [
        f"ลงชื่อ .............................. ผู้รับการประเมิน ({approved_name})"
    ]
    assert "สมหญิง ใจงาม" in signatures(live)[0]  # what a form rendered today would say
