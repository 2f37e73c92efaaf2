"""The stored forms of approved districts: rendered once, off the request, and served from
storage from then on.

Once the province approves a district's evaluation its figures cannot move (every service
that would move them waits for a reopen: ``evaluation.services.history.approved_lock``), so
``evaluation_approve`` asks, once its transaction commits, for every variant of the form (the
PDF in each language with either digits, the workbook in each language) to be rendered from
one read of the district and saved through the default storage. The files are the record: a
name, a position or an indicator's title changed after the approval does not change what was
approved and signed. Only a form rendered for the evaluation's current ``version`` while it
is approved is served; ``evaluation_reopen`` removes the rows in its transaction and their
files once it commits, so a reopened district's form is rendered live again (with its state).

This module is imported by the decisions service: the rendering (WeasyPrint) is imported only
where the task runs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django_tasks import task

from pramoen.evaluation.models import Evaluation, EvaluationStatus

from .models import FormKind, StoredForm

log = logging.getLogger(__name__)


def variants() -> list[tuple[str, str, bool]]:
    """Each stored file as (kind, language, thai digits): the workbook has no digits option."""
    languages = [code for code, _name in settings.LANGUAGES]
    return [
        *((FormKind.PDF.value, lang, thai) for lang in languages for thai in (False, True)),
        *((FormKind.XLSX.value, lang, False) for lang in languages),
    ]


def stored_form_of(
    evaluation: Evaluation, *, kind: str, language: str, thai_digits: bool
) -> StoredForm | None:
    """The stored form to serve for the evaluation as it is now, if there is one. No query
    unless the evaluation is approved (a draft, a submitted or a reopened one renders live)."""
    if evaluation.status != EvaluationStatus.APPROVED:
        return None
    return (
        StoredForm.objects.filter(
            evaluation=evaluation,
            version=evaluation.version,
            kind=kind,
            language=language,
            thai_digits=thai_digits and kind == FormKind.PDF,
        )
        .only("pk", "file")
        .first()
    )


def stored_forms_enqueue(evaluation: Evaluation) -> None:
    """Ask for the approved evaluation's forms, once the caller's transaction commits (the
    worker then reads what was approved)."""
    evaluation_id, version = evaluation.pk, evaluation.version
    # robust: the approval is committed whatever the queue says; without the stored forms
    # the form is rendered at each download, as before
    transaction.on_commit(lambda: stored_forms_task.enqueue(evaluation_id, version), robust=True)


def stored_forms_discard(evaluation: Evaluation) -> None:
    """In the caller's transaction: the evaluation's stored forms go now (none is served
    again), their files once it commits (a rollback keeps both)."""
    forms = StoredForm.objects.filter(evaluation=evaluation)
    names = list(forms.values_list("file", flat=True))
    if names:
        forms.delete()
        _delete_on_commit(names)


def _delete(names: Iterable[str]) -> None:
    for name in names:
        try:
            StoredForm(file=name).file.delete(save=False)  # through the field's storage
        except Exception:  # a file left behind is served by no row; the next ones still go
            log.warning("stored form %s: file not deleted", name, exc_info=True)


def _delete_on_commit(names: list[str]) -> None:
    transaction.on_commit(lambda: _delete(names), robust=True)


def _current(evaluation: Evaluation, version: int) -> bool:
    return evaluation.status == EvaluationStatus.APPROVED and evaluation.version == version


@task()
def stored_forms_task(evaluation_id: int, version: int) -> None:
    stored_forms_render(evaluation_id=evaluation_id, version=version)


def stored_forms_render(*, evaluation_id: int, version: int) -> int:
    """Render and store every variant of the evaluation's form, if it is still approved at
    ``version`` and nothing is stored for that version yet; how many files were stored.

    Rendering runs outside any transaction; the rows are written under the evaluation's row
    lock, after checking again that it is still approved at ``version`` (a reopen in the
    meantime bumped it, and the files just saved are deleted again)."""
    from .data import round_reports
    from .render import district_file

    found = Evaluation.objects.select_related("district", "round").filter(pk=evaluation_id).first()
    done = StoredForm.objects.filter(evaluation_id=evaluation_id, version=version)
    if found is None or not _current(found, version) or done.exists():
        log.info("evaluation %s at version %s: no forms to store", evaluation_id, version)
        return 0
    # one read: every variant shows the same figures, names and positions
    reports = round_reports(found.round, district_code=found.district.code)
    report = reports[0]
    if not _current(report.evaluation, version):
        return 0
    approved_at = report.evaluation.approved_at
    assert approved_at is not None  # approved
    forms: list[StoredForm] = []
    try:
        for kind, language, thai in variants():
            with translation.override(language):
                data = district_file(report, fmt=kind, thai_digits=thai)
            form = StoredForm(
                evaluation_id=evaluation_id,
                kind=kind,
                language=language,
                thai_digits=thai,
                version=version,
                approved_at=approved_at,
            )
            form.file.save(kind, ContentFile(data), save=False)
            forms.append(form)
        with transaction.atomic():
            still = Evaluation.objects.select_for_update().filter(
                pk=evaluation_id, version=version, status=EvaluationStatus.APPROVED
            )
            if list(still.values_list("pk", flat=True)) and not done.exists():
                # a form of another version cannot outlive its reopen; none is expected
                older = StoredForm.objects.filter(evaluation_id=evaluation_id)
                stale = list(older.values_list("file", flat=True))
                if stale:
                    older.delete()
                    _delete_on_commit(stale)
                StoredForm.objects.bulk_create(forms)
                return len(forms)
    except BaseException:
        _delete(f.file.name for f in forms if f.file.name)
        raise
    # reopened meanwhile, or another run stored this version first: nothing of ours is kept
    _delete(f.file.name for f in forms if f.file.name)
    return 0
