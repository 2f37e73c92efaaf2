"""The exchange's public functions, for the web views and the API alike.

* ``results_template(round_=, user=, fmt=)``: the user's template, ``fmt`` "xlsx" or "csv".
* ``import_check(round_=, user=, data=, name=)``: keep the file, dry-run it, return the batch
  (status ``dry_run`` when it may be applied, ``rejected`` when it has problems; the problems
  and the planned changes are in ``batch.summary``). Writes no result.
* ``import_apply(batch=, user=)``: apply a checked batch, all or nothing.
* ``import_files_purge(now=)``: remove the files of imports never applied, past the retention
  (``settings.IMPORT_RETENTION_DAYS``); run on every new import and by ``pramoen purge-imports``.
* ``round_export(round_=, fmt=)``: the whole round as "json", "xlsx" or "csv".
* ``round_import_export(data=, user=)``: load a JSON or Excel export into an instance that
  does not have the round (see ``restore``).

Each returns or raises; refusals are ``ServiceError`` subclasses with a message for the user
(``ImportRefused``: this user may not import into this round at all; ``ImportTooLarge``: the
file is over a bound of ``bounds`` and was not kept; ``ImportFailed``: this batch cannot be
applied, nothing changed; ``RestoreError``: the export cannot be loaded).
The first three decide who may do what themselves; for ``round_export`` the caller checks that
the user may see every district (province, viewer, work group of the round's province), and
``round_import_export`` is for administrators.

A problem in ``batch.summary["errors"]`` is ``{"sheet", "row", "column", "field", "code",
"message"}``: ``sheet`` is "" for CSV, ``column`` the letter Excel shows, ``field`` the column
key, ``code`` a stable identifier (``level-out-of-range``, ``not-yours`` …) and ``message`` the
text in the language active at the check. A change in ``batch.summary["changes"]`` names its
``sheet``, ``row``, ``action`` (entry, verify, shared), ``indicator``, ``district``, old and new
level and value (decimal strings) and the note.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.evaluation.errors import ServiceError, TooLargeError
from pramoen.evaluation.models import HistoryEvent, Round

from . import export, importer, template
from .models import ImportBatch, ImportStatus
from .reader import FileTooLarge, UnreadableFile, read_upload
from .restore import RestoreError, round_import_export
from .sheets import ImportRefused, round_data, scope_for

__all__ = [
    "Download",
    "ImportFailed",
    "ImportRefused",
    "ImportTooLarge",
    "RestoreError",
    "import_apply",
    "import_check",
    "import_files_purge",
    "results_template",
    "round_export",
    "round_import_export",
]


logger = logging.getLogger(__name__)

# Files removed per new import at most: the upload stays quick however much is due.
PURGE_ON_IMPORT = 20


class ImportFailed(ServiceError):
    """Applying a checked batch failed; nothing was changed."""


class ImportTooLarge(ImportFailed, TooLargeError):
    """The file is over a bound of ``bounds`` (its size, or what it unpacks to); not kept.
    A ``TooLargeError``, so that the API answers 413 rather than ImportFailed's 409."""


@dataclass(frozen=True)
class Download:
    content: bytes
    filename: str
    content_type: str


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def results_template(*, round_: Round, user: Any, fmt: str) -> Download:
    scope = scope_for(user, round_)
    data = round_data(round_)
    if fmt == "xlsx":
        content = template.template_xlsx(data, scope)
    elif fmt == "csv":
        content = template.template_csv(data, scope)
    else:
        raise ValueError(fmt)
    return Download(content, template.template_name(data, scope, fmt), CONTENT_TYPES[fmt])


def round_export(*, round_: Round, fmt: str) -> Download:
    """Callers check that the user may see every district of the round."""
    builders = {"json": export.export_json, "csv": export.export_csv, "xlsx": export.export_xlsx}
    if fmt not in builders:
        raise ValueError(fmt)
    name = f"pramoen-{round_.province.code}-{round_.code}.{fmt}"
    return Download(builders[fmt](round_), name, CONTENT_TYPES[fmt])


def _summary(plan: importer.Plan) -> dict[str, Any]:
    return {
        "rows": plan.rows,
        "changes": plan.changes,
        "errors": [p.as_dict() for p in plan.problems],
    }


def import_check(*, round_: Round, user: Any, data: bytes, name: str) -> ImportBatch:
    """Keep the uploaded file and record its dry run: every change and every problem."""
    scope = scope_for(user, round_)
    try:
        fmt, sheets = read_upload(data, name)
    except FileTooLarge as exc:  # refused before it is stored
        raise ImportTooLarge(exc.problem.message) from exc
    except UnreadableFile as exc:
        fmt = "xlsx" if data[:2] == b"PK" else "csv"
        summary: dict[str, Any] = {"rows": 0, "changes": [], "errors": [exc.problem.as_dict()]}
    else:
        summary = _summary(importer.check(round_data(round_), scope, sheets))
    batch = ImportBatch(
        round=round_,
        user=user,
        original_name=name[:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        status=ImportStatus.REJECTED if summary["errors"] else ImportStatus.DRY_RUN,
        summary=summary,
    )
    batch.file.save("upload", ContentFile(data), save=False)
    batch.save()
    try:
        import_files_purge(limit=PURGE_ON_IMPORT)
    except Exception:  # housekeeping: the import is made, the purge runs again next time
        logger.exception("purging old import files failed")
    return batch


def import_apply(*, batch: ImportBatch, user: Any) -> ImportBatch:
    """Apply a dry-run batch in one transaction: every change, or none.

    The file is checked again against the data as it is now; if that gives anything but the
    changes shown at the dry run (somebody saved meanwhile), or a service refuses a row, nothing
    is written and the batch is marked rejected with the reason.
    """
    if batch.user_id != getattr(user, "pk", None):
        raise ImportRefused(_("นำเข้าได้เฉพาะผู้ที่อัปโหลดไฟล์นี้"))
    try:
        with transaction.atomic():
            # The lock makes a double click (or two tabs) apply the batch once.
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if locked.status != ImportStatus.DRY_RUN:
                raise ImportFailed(_("ไฟล์นี้นำเข้าแล้วหรือไม่ผ่านการตรวจ ไม่สามารถนำเข้าซ้ำได้"))
            if not locked.can_apply:
                raise ImportFailed(_("ไม่มีข้อมูลที่จะเปลี่ยน"))
            round_ = Round.objects.select_related("province").get(pk=locked.round_id)
            data = round_data(round_)
            try:
                with locked.file.open("rb") as f:
                    kept = f.read()
            except (OSError, ValueError):  # removed from the disk by hand, or no file at all
                raise ImportFailed(_("ไม่พบไฟล์ที่อัปโหลดไว้ กรุณาอัปโหลดใหม่")) from None
            _fmt, sheets = read_upload(kept, locked.original_name)
            plan = importer.check(data, scope_for(user, round_), sheets)
            if plan.problems or plan.changes != locked.changes:
                raise ImportFailed(_("ข้อมูลในระบบเปลี่ยนไปหลังการตรวจ กรุณาอัปโหลดและตรวจใหม่"))
            for change in plan.changes:
                try:
                    importer.execute(data, change, user)
                except ServiceError as exc:
                    where = (
                        f"{change['sheet']}!{change['row']}" if change["sheet"] else change["row"]
                    )
                    raise ImportFailed(
                        _("แถว %(row)s: %(message)s"), params={"row": where, "message": exc}
                    ) from exc
            HistoryEvent.objects.create(
                round=round_,
                actor=user,
                action="bulk_import",
                new={"batch": locked.pk, "rows": len(plan.changes), "file": locked.original_name},
            )
            locked.status = ImportStatus.APPLIED
            locked.applied_at = timezone.now()
            locked.save(update_fields=["status", "applied_at"])
    except (ImportFailed, UnreadableFile) as exc:
        failure = exc if isinstance(exc, ImportFailed) else ImportFailed(exc.problem.message)
        ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.DRY_RUN).update(
            status=ImportStatus.REJECTED, summary={**batch.summary, "apply_error": failure.message}
        )
        batch.refresh_from_db()
        raise ImportFailed(failure.msgid, params=failure.params) from exc
    batch.refresh_from_db()
    return batch


def import_files_purge(*, now: datetime | None = None, limit: int | None = None) -> int:
    """Remove the files of imports that were never applied (rejected, or a dry run nobody
    confirmed) once they are older than ``settings.IMPORT_RETENTION_DAYS``; return how many.

    The import row stays, as history, with ``file_removed_at``; a dry run whose file is gone
    can no longer be applied and becomes rejected, saying why. Applied imports keep their
    file: it is the record of what the import changed.
    """
    now = now or timezone.now()
    days = settings.IMPORT_RETENTION_DAYS
    never_applied = [ImportStatus.REJECTED, ImportStatus.DRY_RUN]
    due = ImportBatch.objects.filter(
        status__in=never_applied,
        created_at__lt=now - timedelta(days=days),
        file_removed_at__isnull=True,
    ).order_by("pk")
    removed = 0
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            # The lock keeps an apply of the same dry run (which holds it too) from reading a
            # file that is going; whichever comes second sees the other's outcome.
            batch = (
                ImportBatch.objects.select_for_update()
                .filter(pk=pk, status__in=never_applied, file_removed_at__isnull=True)
                .first()
            )
            if batch is None:
                continue
            if batch.file.name:
                batch.file.storage.delete(batch.file.name)
            batch.file = ""
            batch.file_removed_at = now
            if batch.status == ImportStatus.DRY_RUN:
                batch.status = ImportStatus.REJECTED
                batch.summary = {
                    **batch.summary,
                    "apply_error": _("ไม่ได้ยืนยันนำเข้าภายใน %(days)s วัน ไฟล์ถูกลบแล้ว กรุณาอัปโหลดใหม่")
                    % {"days": days},
                }
            batch.save(update_fields=["file", "file_removed_at", "status", "summary"])
        removed += 1
    return removed
