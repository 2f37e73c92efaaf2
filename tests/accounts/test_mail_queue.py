"""Account mail goes through the task queue (pramoen.accounts.mail): the request only queues it,
a worker sends it, and a mail server that refuses is tried again later."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from pramoen.accounts.mail import RETRY_MINUTES
from pramoen.web.mailurl import mail_settings
from tests.accounts.test_password_reset import Inbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    """What ``pramoen worker`` does with what is due, in this process (its loop, less the
    connection recycling that would end the test's transaction)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    while (due := DBTaskResult.objects.ready().get_locked()) is not None:
        due.claim(worker.worker_id)
        worker.run_task(due)


def test_the_reset_request_queues_the_mail_and_the_worker_sends_it(queue, users):
    users["d2001"].email = "somchai@example.org"
    users["d2001"].save()
    response = Client().post(reverse("password_reset"), {"email": "somchai@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []  # not sent inside the request
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "pramoen.accounts.mail.password_mail_task"
    run_worker()
    [message] = mail.outbox
    assert message.to == ["somchai@example.org"] and "/accounts/reset/" in message.body
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.worker_ids == ["test-worker"]


def test_a_refusing_mail_server_is_tried_again_later(queue, users, settings, free_tcp_port):
    users["d2001"].email = "somchai@example.org"
    users["d2001"].save()
    for key, value in mail_settings(f"smtp://127.0.0.1:{free_tcp_port}").items():
        setattr(settings, key, value)  # nothing listens there yet: connection refused
    Client().post(reverse("password_reset"), {"email": "somchai@example.org"})
    run_worker()
    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == "SUCCESSFUL"  # its work was to try, and queue the next try
    assert retry.status == "READY" and retry.args_kwargs["kwargs"]["attempt"] == 1
    assert retry.run_after > timezone.now() + timedelta(minutes=RETRY_MINUTES[0]) / 2
    run_worker()  # not due yet: left alone
    retry.refresh_from_db()
    assert retry.status == "READY"

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_tcp_port)
    controller.start()
    try:
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # now due
        run_worker()
    finally:
        controller.stop()
    [(to, _message)] = inbox.messages
    assert to == ["somchai@example.org"]
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL"


def test_the_last_try_leaves_the_failure_in_the_queue(queue, users, settings, free_tcp_port):
    users["d2001"].email = "somchai@example.org"
    users["d2001"].save()
    for key, value in mail_settings(f"smtp://127.0.0.1:{free_tcp_port}").items():
        setattr(settings, key, value)
    Client().post(reverse("password_reset"), {"email": "somchai@example.org"})
    for _ in RETRY_MINUTES:
        run_worker()
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    tries = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert len(tries) == len(RETRY_MINUTES) + 1
    assert tries[-1].status == "FAILED" and "ConnectionRefusedError" in tries[-1].traceback
