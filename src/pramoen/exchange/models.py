"""An import of results from a spreadsheet: the file as uploaded, what its dry run found, and
whether it was applied. Kept for the record, like the history it points to; the file of an
import that was never applied is removed after a while (``services.import_files_purge``)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pramoen.evaluation.models import Round


class ImportFormat(models.TextChoices):
    XLSX = "xlsx", "Excel"
    CSV = "csv", "CSV"


class ImportStatus(models.TextChoices):
    DRY_RUN = "dry_run", _("ตรวจแล้ว รอยืนยัน")
    APPLIED = "applied", _("นำเข้าแล้ว")
    REJECTED = "rejected", _("ไม่ผ่าน ไม่ได้นำเข้า")


def _import_name(instance: ImportBatch, filename: str) -> str:
    # A random name on disk: the uploaded name is data, kept in the database only.
    return f"imports/{uuid.uuid4().hex}"


class ImportBatch(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="import_batches")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to=_import_name)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(max_length=4, choices=ImportFormat.choices)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.DRY_RUN
    )
    # {"rows": n, "changes": [...], "errors": [...], "apply_error": "..."}
    summary = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    # When the file was removed (never applied, past the retention); the row stays as history.
    file_removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.round.code} {self.original_name} ({self.status})"

    @property
    def changes(self) -> list[dict[str, object]]:
        return list(self.summary.get("changes", []))

    @property
    def errors(self) -> list[dict[str, object]]:
        return list(self.summary.get("errors", []))

    @property
    def can_apply(self) -> bool:
        return (
            self.status == ImportStatus.DRY_RUN
            and bool(self.changes)
            and not self.errors
            and self.file_removed_at is None
        )
