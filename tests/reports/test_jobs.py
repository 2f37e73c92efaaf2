"""Report jobs: one live job per round, format and person, queued as a task
(pramoen.reports.jobs), a dead worker's job failed with why, and one cap on the PDF worker
processes of all the booklets a process makes (pramoen.reports.pdf). A real worker runs them in
tests/reliability/test_worker.py."""

from __future__ import annotations

import io
import os
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from pramoen.reports import jobs, pdf, pdf_workers
from pramoen.reports.data import round_reports
from pramoen.reports.jobs import job_start
from pramoen.reports.models import ReportJob


@pytest.fixture
def launched(monkeypatch):
    """The jobs started, not run: they stay queued, as while a booklet is being made."""
    started: list[int] = []
    monkeypatch.setattr(jobs, "_launch", started.append)
    return started


def _ask(client, round_, fmt="pdf"):
    response = client.post(reverse("report_job_create", args=[round_.pk]), {"fmt": fmt})
    assert response.status_code == 302
    return response["Location"]


@pytest.mark.django_db
def test_eight_requests_from_one_viewer_make_one_job(round_, client_for, launched):
    viewer = client_for("viewer")
    pages = {_ask(viewer, round_) for _ in range(8)}
    job = ReportJob.objects.get()
    assert pages == {reverse("report_job", args=[job.pk])}  # each shown the one job's progress
    assert launched == [job.pk]
    page = viewer.get(reverse("report_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page


@pytest.mark.django_db
def test_two_people_get_a_job_each_and_formats_are_apart(round_, client_for, launched):
    _ask(client_for("viewer"), round_)
    _ask(client_for("province"), round_)
    _ask(client_for("province"), round_, "xlsx")
    _ask(client_for("province"), round_, "xlsx")
    assert ReportJob.objects.count() == len(launched) == 3
    assert sorted(ReportJob.objects.values_list("requested_by__username", "fmt")) == [
        ("province", "pdf"),
        ("province", "xlsx"),
        ("viewer", "pdf"),
    ]


@pytest.mark.django_db
def test_a_finished_job_does_not_stop_the_next(round_, users, launched):
    first = job_start(round_=round_, fmt="xlsx", user=users["viewer"])
    ReportJob.objects.filter(pk=first.pk).update(status="done")
    second = job_start(round_=round_, fmt="xlsx", user=users["viewer"])
    assert second.pk != first.pk and launched == [first.pk, second.pk]


@pytest.mark.django_db
def test_a_job_that_stopped_writing_died_and_does_not_block(round_, users, launched):
    dead = job_start(round_=round_, fmt="pdf", user=users["viewer"])
    ReportJob.objects.filter(pk=dead.pk).update(
        status="running", beat_at=timezone.now() - jobs.stale_after() - timedelta(seconds=1)
    )
    alive = job_start(round_=round_, fmt="pdf", user=users["viewer"])
    assert alive.pk != dead.pk
    dead.refresh_from_db()
    assert dead.status == "failed" and dead.finished_at is not None
    assert "pramoen worker" in dead.message  # the reason the page shows


@pytest.mark.django_db
def test_the_page_of_a_job_whose_worker_died_says_it_failed_and_why(round_, client_for, launched):
    viewer = client_for("viewer")
    page = _ask(viewer, round_)
    ReportJob.objects.update(
        status="running", beat_at=timezone.now() - jobs.stale_after() - timedelta(seconds=1)
    )
    shown = viewer.get(page).content.decode()
    assert "ไม่สำเร็จ" in shown and "pramoen worker" in shown
    assert ReportJob.objects.get().status == "failed"


@pytest.mark.django_db
def test_a_queued_job_waits_for_a_worker_however_long(round_, users, launched):
    waiting = job_start(round_=round_, fmt="pdf", user=users["viewer"])
    ReportJob.objects.update(beat_at=timezone.now() - 10 * jobs.stale_after())
    assert job_start(round_=round_, fmt="pdf", user=users["viewer"]).pk == waiting.pk
    waiting.refresh_from_db()
    assert waiting.status == "queued"


@pytest.mark.django_db
def test_a_job_marked_dead_is_not_run_or_brought_back(round_, users, launched):
    job = job_start(round_=round_, fmt="xlsx", user=users["viewer"])
    ReportJob.objects.update(status="failed", message="dead")
    jobs.job_run(job.pk)  # its task, delivered late
    job.refresh_from_db()
    assert (job.status, job.message, job.file.name) == ("failed", "dead", "")


@pytest.mark.django_db
def test_the_request_queues_the_job_in_the_database_and_does_not_run_it(
    round_, client_for, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _ask(client_for("viewer"), round_)
    job = ReportJob.objects.get()
    task = DBTaskResult.objects.get()
    assert job.status == "queued" and job.done == 0
    assert task.status == "READY" and task.task_path == "pramoen.reports.jobs.report_job_task"
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}


@pytest.mark.django_db
def test_a_job_queued_through_the_immediate_backend_is_done(round_, client_for):
    page = _ask(client_for("viewer"), round_, "xlsx")
    job = ReportJob.objects.get()
    assert job.status == "done" and job.done == job.total > 1 and job.file
    assert "ดาวน์โหลด" in client_for("viewer").get(page).content.decode()


@pytest.mark.django_db
def test_a_running_job_that_writes_is_not_taken_for_dead(round_, users, settings):
    settings.PRAMOEN_REPORT_JOBS_INLINE = True
    job = job_start(round_=round_, fmt="xlsx", user=users["viewer"])
    job.refresh_from_db()
    assert job.status == "done" and job.beat_at >= job.created_at


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"),
    reason="the SQLite test database is in memory with a shared cache, where concurrent writers"
    " get 'table is locked' at once (no busy timeout); the real server's SQLite file waits."
    " make test-pg runs this against PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_requests_at_the_same_moment_still_make_one_job(round_, users, launched):
    barrier = threading.Barrier(8)
    made: list[int] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            barrier.wait()
            made.append(job_start(round_=round_, fmt="pdf", user=users["viewer"]).pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert len(set(made)) == 1 and len(made) == 8
    assert ReportJob.objects.count() == 1 and len(launched) == 1


@pytest.mark.django_db
def test_two_booklets_at_once_share_the_worker_cap(round_, settings, monkeypatch):
    settings.PRAMOEN_PDF_WORKERS = 1
    lock = threading.Lock()
    alive = {"now": 0, "most": 0, "pools": 0}

    class CountedPool(pdf_workers._Pool):
        def __init__(self, htmls, workers):  # type: ignore[no-untyped-def]
            super().__init__(htmls, workers)
            with lock:
                alive["now"] += len(self.processes)
                alive["most"] = max(alive["most"], alive["now"])
                alive["pools"] += 1

        def close(self):  # type: ignore[no-untyped-def]
            super().close()  # the processes are gone when this returns
            with lock:
                alive["now"] -= len(self.processes)

    monkeypatch.setattr(pdf_workers, "_Pool", CountedPool)
    reports = round_reports(round_)
    start = threading.Barrier(2)
    booklets: list[bytes] = []

    def make() -> None:
        start.wait()
        booklets.append(pdf.booklet_pdf(round_, reports))

    threads = [threading.Thread(target=make) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert len(booklets) == 2
    assert alive["most"] == 1 and alive["pools"] >= 1  # a worker ran, never two at once
    assert pdf_workers._SLOTS.busy == 0  # every slot given back
    for booklet in booklets:  # each whole: the summary and every district's form
        assert len(PdfReader(io.BytesIO(booklet)).pages) > len(reports)


def test_the_cap_defaults_to_one_worker_per_other_core(settings, monkeypatch):
    settings.PRAMOEN_PDF_WORKERS = None
    monkeypatch.setattr(pdf_workers.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert pdf_workers._cap() == 3
    monkeypatch.setattr(pdf_workers.os, "sched_getaffinity", lambda pid: {0})
    assert pdf_workers._cap() == 0  # one core: laying out here alone is the fastest
