"""Long report work off the request: a thread per job, progress written to the job row.

Good for a province on one server (the booklet of 11 districts takes seconds). A job left
running by a server restart is marked failed when the next one starts, so nobody waits forever.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import close_old_connections
from django.utils import timezone

from pramoen.evaluation.models import Round

from . import excel, pdf
from .data import round_reports
from .models import JobStatus, ReportJob
from .render import filename

log = logging.getLogger(__name__)


def job_start(*, round_: Round, fmt: str, user: Any, thai_digits: bool = False) -> ReportJob:
    ReportJob.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).filter(
        created_at__lt=timezone.now() - timezone.timedelta(hours=1)
    ).update(status=JobStatus.FAILED, message="หยุดทำงานก่อนเสร็จ (เซิร์ฟเวอร์เริ่มใหม่)")
    job = ReportJob.objects.create(
        round=round_, fmt=fmt, requested_by=user, thai_digits=thai_digits
    )
    if getattr(settings, "PRAMOEN_REPORT_JOBS_INLINE", False):
        job_run(job.pk)
    else:
        threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
    return job


def _run_in_thread(job_id: int) -> None:
    try:
        job_run(job_id)
    finally:
        close_old_connections()


def job_run(job_id: int) -> None:
    job = ReportJob.objects.select_related("round", "round__province").get(pk=job_id)
    round_ = job.round
    try:
        ReportJob.objects.filter(pk=job_id).update(status=JobStatus.RUNNING)
        reports = round_reports(round_)
        total = len(reports) + 1
        ReportJob.objects.filter(pk=job_id).update(total=total, done=1)

        def progress(done: int) -> None:
            ReportJob.objects.filter(pk=job_id).update(done=1 + done)

        if job.fmt == "pdf":
            data = pdf.booklet_pdf(round_, reports, thai_digits=job.thai_digits, progress=progress)
        else:
            data = excel.round_workbook(round_, reports, progress=progress)
        job.file.save("report", ContentFile(data), save=False)
        job.filename = filename(round_, job.fmt)
        job.status = JobStatus.DONE
        job.done = job.total = total
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "filename", "status", "done", "total", "finished_at"])
    except Exception as exc:  # the job must end in a state the user can see
        log.exception("report job %s failed", job_id)
        ReportJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, message=str(exc)[:500], finished_at=timezone.now()
        )
