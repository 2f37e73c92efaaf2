"""Long report work off the request: a thread per job, progress written to the job row.

Good for a province on one server (the booklet of 11 districts takes seconds). Each person has
at most one live (queued or running) job per round and format: asking again while it runs is
answered with that job, whose page shows its progress, so repeated clicks cost nothing. Each
step of a job writes ``beat_at``; a live job that has not written for ``STALE_AFTER`` died with
its server (a restart ends the threads), and is marked failed when the next one is asked for,
so nobody waits on it forever.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from pramoen.evaluation.models import Round

from . import excel, pdf
from .data import round_reports
from .models import LIVE, JobStatus, ReportJob
from .render import filename

log = logging.getLogger(__name__)

# Far above the longest step: one district laid out, or the finished file written.
STALE_AFTER = timedelta(minutes=10)


def job_start(*, round_: Round, fmt: str, user: Any, thai_digits: bool = False) -> ReportJob:
    """A job making ``round_``'s report in ``fmt`` for ``user``: the one already live, if
    ``user`` has one (the digits asked for then are its), else a new one, started."""
    ReportJob.objects.filter(status__in=LIVE, beat_at__lt=timezone.now() - STALE_AFTER).update(
        status=JobStatus.FAILED,
        message="หยุดทำงานก่อนเสร็จ (เซิร์ฟเวอร์เริ่มใหม่)",
        finished_at=timezone.now(),
    )
    live = ReportJob.objects.filter(round=round_, fmt=fmt, requested_by=user, status__in=LIVE)
    job = live.first()
    if job is None:
        try:
            with transaction.atomic():
                job = ReportJob.objects.create(
                    round=round_, fmt=fmt, requested_by=user, thai_digits=thai_digits
                )
        except IntegrityError:
            # another request made it in between (the constraint holds the rule): that one
            job = live.first()
            if job is None:
                raise
        else:
            _launch(job.pk)
    return job


def _launch(job_id: int) -> None:
    if getattr(settings, "PRAMOEN_REPORT_JOBS_INLINE", False):
        job_run(job_id)
    else:
        threading.Thread(target=_run_in_thread, args=(job_id,), daemon=True).start()


def _run_in_thread(job_id: int) -> None:
    try:
        job_run(job_id)
    finally:
        close_old_connections()


def _write(job_id: int, **fields: Any) -> None:
    ReportJob.objects.filter(pk=job_id).update(beat_at=timezone.now(), **fields)


def job_run(job_id: int) -> None:
    job = ReportJob.objects.select_related("round", "round__province").get(pk=job_id)
    round_ = job.round
    try:
        _write(job_id, status=JobStatus.RUNNING)
        reports = round_reports(round_)
        total = len(reports) + 1
        _write(job_id, total=total, done=1)

        def progress(done: int) -> None:
            _write(job_id, done=1 + done)

        if job.fmt == "pdf":
            data = pdf.booklet_pdf(round_, reports, thai_digits=job.thai_digits, progress=progress)
        else:
            data = excel.round_workbook(round_, reports, progress=progress)
        job.file.save("report", ContentFile(data), save=False)
        job.filename = filename(round_, job.fmt)
        job.status = JobStatus.DONE
        job.done = job.total = total
        job.finished_at = job.beat_at = timezone.now()
        job.save(
            update_fields=["file", "filename", "status", "done", "total", "finished_at", "beat_at"]
        )
    except Exception as exc:  # the job must end in a state the user can see
        log.exception("report job %s failed", job_id)
        _write(job_id, status=JobStatus.FAILED, message=str(exc)[:500], finished_at=timezone.now())
