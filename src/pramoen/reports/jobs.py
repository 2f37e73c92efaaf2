"""Long report work off the request, through the task queue (django-tasks, database backend):
``job_start`` writes the job row and its task in one transaction, and a worker process
(``pramoen worker``) does the work, writing progress to the row that the job's page shows.

Each person has at most one live (queued or running) job per round and format: asking again
while it lives is answered with that job, so repeated clicks cost nothing (a database
constraint holds the rule for every web server and worker). A running job's worker writes
``beat_at`` every few seconds; a running job that has not written for the stale time died with
its worker (killed, out of memory, the machine restarted) and is marked failed, with the reason,
when anyone next looks at a job, so nobody waits on it forever. A queued job is only waiting
for a worker: the queue keeps it, whatever restarts, so it is never taken for dead.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from pramoen.evaluation.models import Round

from . import excel, pdf
from .data import round_reports
from .models import LIVE, JobStatus, ReportJob
from .render import filename

log = logging.getLogger(__name__)


def stale_after() -> timedelta:
    """How long a running job may go without writing before it is taken for dead."""
    return timedelta(seconds=settings.PRAMOEN_REPORT_JOB_STALE_SECONDS)


def jobs_reap_stale() -> int:
    """Mark failed every running job whose worker stopped writing; how many there were."""
    return ReportJob.objects.filter(
        status=JobStatus.RUNNING, beat_at__lt=timezone.now() - stale_after()
    ).update(
        status=JobStatus.FAILED,
        message=_(
            "งานหยุดกลางคันเพราะโปรแกรมทำงานเบื้องหลัง (pramoen worker) หยุดก่อนเสร็จ"
            " กรุณาสั่งสร้างรายงานใหม่อีกครั้ง"
        ),
        finished_at=timezone.now(),
    )


def job_start(*, round_: Round, fmt: str, user: Any, thai_digits: bool = False) -> ReportJob:
    """A job making ``round_``'s report in ``fmt`` for ``user``: the one already live, if
    ``user`` has one (the digits asked for then are its), else a new one, queued."""
    jobs_reap_stale()
    live = ReportJob.objects.filter(round=round_, fmt=fmt, requested_by=user, status__in=LIVE)
    job = live.first()
    if job is None:
        try:
            with transaction.atomic():
                job = ReportJob.objects.create(
                    round=round_, fmt=fmt, requested_by=user, thai_digits=thai_digits
                )
                # in the same transaction: the job and its task are both kept or neither
                _launch(job.pk)
        except IntegrityError:
            # another request made it in between (the constraint holds the rule): that one
            job = live.first()
            if job is None:
                raise
    if getattr(settings, "PRAMOEN_REPORT_JOBS_INLINE", False):
        job_run(job.pk)  # tests: the work done here, after the job's transaction
    return job


def _launch(job_id: int) -> None:
    if not getattr(settings, "PRAMOEN_REPORT_JOBS_INLINE", False):
        report_job_task.enqueue(job_id)


@task()
def report_job_task(job_id: int) -> None:
    job_run(job_id)


def _write(job_id: int, **fields: Any) -> int:
    # only while running: a job already marked dead (or done) is not brought back
    return ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        beat_at=timezone.now(), **fields
    )


class _Heartbeat(threading.Thread):
    """Writes the job's ``beat_at`` while its work runs, however long one step takes."""

    def __init__(self, job_id: int) -> None:
        super().__init__(daemon=True, name=f"report-job-{job_id}-heartbeat")
        self.job_id = job_id
        self.stopped = threading.Event()

    def run(self) -> None:
        every = max(stale_after().total_seconds() / 4, 0.5)
        try:
            while not self.stopped.wait(every):
                try:
                    _write(self.job_id)
                except Exception:  # a missed beat is not the job's failure; the next may pass
                    log.warning("report job %s: heartbeat not written", self.job_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join()


def job_run(job_id: int) -> None:
    """The work of a queued job; a job that is not queued (run, or marked dead) is left."""
    claimed = ReportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, beat_at=timezone.now()
    )
    if not claimed:
        log.warning("report job %s is not queued: not run", job_id)
        return
    job = ReportJob.objects.select_related("round", "round__province").get(pk=job_id)
    round_ = job.round
    heartbeat = _Heartbeat(job_id)
    heartbeat.start()
    try:
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
        finished = _write(
            job_id,
            file=job.file.name,
            filename=filename(round_, job.fmt),
            status=JobStatus.DONE,
            done=total,
            total=total,
            finished_at=timezone.now(),
        )
        if not finished:  # marked dead meanwhile: its failure stands, the file is not kept
            job.file.delete(save=False)
    except BaseException as exc:  # the job must end in a state the user can see
        log.exception("report job %s failed", job_id)
        if isinstance(exc, Exception):
            reason = str(exc)[:500] or type(exc).__name__
        else:  # the worker told to stop at once (a second Ctrl-C, SIGTERM twice)
            reason = _("งานถูกหยุดเพราะโปรแกรมทำงานเบื้องหลังถูกสั่งปิด กรุณาสั่งสร้างรายงานใหม่")
        _write(job_id, status=JobStatus.FAILED, message=reason, finished_at=timezone.now())
        if not isinstance(exc, Exception):
            raise
    finally:
        heartbeat.stop()
