"""Who is told what as a round moves, in the inbox and by mail as each person chose."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from pramoen.evaluation import services
from pramoen.evaluation.models import Evaluation, Result
from pramoen.notifications import services as notifications
from pramoen.notifications.models import Notification
from pramoen.notifications.text import KINDS, sentence
from pramoen.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailed(users):
    for name, user in users.items():
        user.email = f"{name}@example.org"
        user.save()
    return users


def to(name):
    return sorted(
        Notification.objects.filter(recipient__username=name).values_list("kind", flat=True)
    )


def submitted(round_, users, captured):
    with captured(execute=True):
        factories.results_entered(round_=round_, user=users["d2001"])
        return factories.evaluation_submitted(round_=round_, user=users["d2001"])


def test_a_submission_tells_each_work_group_that_verifies_it(
    round_, mailed, django_capture_on_commit_callbacks
):
    submitted(round_, mailed, django_capture_on_commit_callbacks)
    owners = set(
        round_.indicators.filter(districts__code="2001").values_list("work_group__code", flat=True)
    )
    for name in mailed:
        expected = ["submitted"] if name.startswith("wg-") and name[3:] in owners else []
        assert to(name) == expected, name
    n = Notification.objects.filter(recipient__username="wg-coordination").get()
    assert n.path == reverse("queue", args=[round_.pk])
    assert sentence(n) == "อำเภอเมืองชลบุรีส่งผลการประเมินรอบ 2568-1 แล้ว รอกลุ่มงานตรวจสอบ"
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(f"wg-{code}@example.org" for code in owners)


def test_a_returned_result_tells_the_district_why_and_where(
    round_, mailed, django_capture_on_commit_callbacks
):
    submitted(round_, mailed, django_capture_on_commit_callbacks)
    result = Result.objects.get(
        indicator__round=round_, indicator__code="I5", district__code="2001"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.result_return(
            result=result,
            user=mailed["wg-coordination"],
            reason="แนบหลักฐานไม่ครบ",
            version=result.version,
        )
    n = Notification.objects.get(recipient__username="d2001")
    assert n.kind == "result_returned" and n.path.endswith("/d/2001/#card-I5")
    assert "I5" in sentence(n) and "แนบหลักฐานไม่ครบ" in sentence(n)
    assert any("แนบหลักฐานไม่ครบ" in m.body and m.to == ["d2001@example.org"] for m in mail.outbox)


def test_the_province_hears_once_when_the_last_indicator_is_verified_then_the_district(
    round_, mailed, django_capture_on_commit_callbacks
):
    factories.shared_results_entered(round_=round_, users=mailed)
    ev = submitted(round_, mailed, django_capture_on_commit_callbacks)
    factories.results_verified(round_=round_, users=mailed, district="2001")
    assert to("province") == ["all_verified"]
    ev = Evaluation.objects.get(pk=ev.pk)
    services.evaluation_approve(evaluation=ev, user=mailed["province"], version=ev.version)
    assert to("d2001") == ["approved"]
    ev.refresh_from_db()
    services.evaluation_reopen(
        evaluation=ev, user=mailed["province"], reason="แก้ค่า I5", version=ev.version
    )
    assert to("d2001") == ["approved", "reopened"]


def test_each_person_chooses_immediate_digest_or_inbox_only(
    round_, mailed, django_capture_on_commit_callbacks
):
    notifications.preference_set(mailed["wg-coordination"], "inbox")
    notifications.preference_set(mailed["wg-strategy"], "digest")
    submitted(round_, mailed, django_capture_on_commit_callbacks)
    sent_to = {m.to[0] for m in mail.outbox}
    assert "wg-coordination@example.org" not in sent_to  # inbox only, never mailed
    assert "wg-strategy@example.org" not in sent_to  # not yet: the digest
    assert Notification.objects.get(recipient__username="wg-coordination").mail_skipped
    assert notifications.digest_send() == 1
    assert mail.outbox[-1].to == ["wg-strategy@example.org"]
    assert notifications.digest_send() == 0  # sent once


def test_a_failed_mail_stays_in_the_inbox_and_is_sent_later(
    round_, mailed, monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection closed")

    monkeypatch.setattr("pramoen.notifications.services.send_mail", down)
    submitted(round_, mailed, django_capture_on_commit_callbacks)  # no error for the district
    n = Notification.objects.get(recipient__username="wg-coordination")
    assert n.mailed_at is None and not n.mail_skipped
    monkeypatch.undo()
    notifications.mail_pending()
    n.refresh_from_db()
    assert n.mailed_at is not None
    assert "wg-coordination@example.org" in {m.to[0] for m in mail.outbox}


def test_the_inbox_counts_opens_and_marks_read_only_ones_own(
    round_, users, client_for, django_capture_on_commit_callbacks
):
    submitted(round_, users, django_capture_on_commit_callbacks)
    client = client_for("wg-coordination")
    page = client.get(reverse("inbox")).content.decode()
    assert 'class="count"' in page and "อำเภอเมืองชลบุรีส่งผลการประเมิน" in page
    n = Notification.objects.get(recipient__username="wg-coordination")
    opened = client.post(reverse("notification_open", args=[n.pk]))
    assert opened.status_code == 302 and opened["Location"] == n.path
    n.refresh_from_db()
    assert n.read_at is not None
    assert 'class="count"' not in client.get(reverse("inbox")).content.decode()
    other = Notification.objects.get(recipient__username="wg-strategy")
    assert client.post(reverse("notification_open", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_every_kind_has_its_sentence_in_both_languages(users):
    from django.utils import translation

    for kind in KINDS:
        n = Notification(
            recipient=users["d2001"],
            kind=kind,
            data={
                "district": "บางละมุง",
                "round": "2568-1",
                "indicator": "I5",
                "reason": "x",
                "due": "2025-03-20",
                "count": 3,
            },
        )
        assert sentence(n) != kind
        with translation.override("en"):
            assert not any("\u0e00" <= c <= "\u0e7f" for c in sentence(n).replace("บางละมุง", ""))


def test_pramoen_mail_sends_the_digest(round_, mailed, django_capture_on_commit_callbacks, capsys):
    from pramoen.cli import main

    notifications.preference_set(mailed["wg-strategy"], "digest")
    submitted(round_, mailed, django_capture_on_commit_callbacks)
    before = len(mail.outbox)
    assert main(["mail", "--digest"]) == 0
    assert "ส่งสรุปรายวัน 1 ฉบับ" in capsys.readouterr().out
    assert [m.to for m in mail.outbox[before:]] == [["wg-strategy@example.org"]]


def test_notification_mail_is_queued_not_sent_in_the_request(
    round_, mailed, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from tests.accounts.test_mail_queue import run_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    submitted(round_, mailed, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient__username="wg-coordination").exists()
    assert mail.outbox == []  # the inbox has it at once; the mail waits for the worker
    [task] = DBTaskResult.objects.filter(task_path__endswith="deliver_task")
    run_worker()
    assert "wg-coordination@example.org" in {m.to[0] for m in mail.outbox}
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
