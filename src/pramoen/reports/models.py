"""Report files produced in the background (the booklet, a round's workbook) and the stored
forms of approved districts."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pramoen.evaluation.models import Evaluation, Round


def _report_name(instance: ReportJob, filename: str) -> str:
    return f"reports/{uuid.uuid4().hex}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("รอคิว")
    RUNNING = "running", _("กำลังสร้าง")
    DONE = "done", _("เสร็จแล้ว")
    FAILED = "failed", _("ไม่สำเร็จ")


LIVE = [JobStatus.QUEUED, JobStatus.RUNNING]


class ReportJob(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="report_jobs")
    fmt = models.CharField(max_length=8)  # pdf | xlsx
    thai_digits = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    file = models.FileField(upload_to=_report_name, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # each step of the work writes it: a live job that stops writing has died with its server
    beat_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # jobs.job_start's rule, held by the database against two requests at once
            models.UniqueConstraint(
                fields=["round", "fmt", "requested_by"],
                condition=models.Q(status__in=LIVE),
                name="one_live_report_job_per_round_format_user",
            )
        ]

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


def _form_name(instance: StoredForm, filename: str) -> str:
    return f"forms/{uuid.uuid4().hex}"


class FormKind(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel"


class StoredForm(models.Model):
    """An approved district's official form, rendered once when the province approved it and
    served from storage from then on (pramoen.reports.stored): the approved document is the
    record. Only the evaluation's ``version`` it was rendered for is served; a reopen
    removes the rows and their files."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="stored_forms"
    )
    kind = models.CharField(max_length=8, choices=FormKind.choices)
    # the form's words follow the reader's language; the PDF's digits are asked for
    language = models.CharField(max_length=10)
    thai_digits = models.BooleanField(default=False)  # always False for a workbook
    version = models.PositiveIntegerField()  # the evaluation's, as it was approved
    approved_at = models.DateTimeField()
    file = models.FileField(upload_to=_form_name)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "kind", "language", "thai_digits"],
                name="one_stored_form_per_variant",
            )
        ]
