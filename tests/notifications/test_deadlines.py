"""A round's deadlines: the province sets them; what is overdue; reminders sent once each, to
whoever still has work open, and to the province once a due date has passed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from pramoen.evaluation.errors import InvalidInput, NotAllowed
from pramoen.evaluation.services import ResultInput
from pramoen.notifications import deadlines
from pramoen.notifications.models import Notification
from pramoen.notifications.text import sentence
from pramoen.testing import factories

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 20)
BAN_BUENG = {  # 2002's own indicators
    "I1": ResultInput(met=frozenset({1, 2, 3})),
    "I2b": ResultInput(met=frozenset({1, 2, 3})),
    "I3b": ResultInput(met=frozenset({1, 2})),
    "I4": ResultInput(met=frozenset({1, 2, 3})),
    "I5": ResultInput(value=Decimal(15)),
    "I6": ResultInput(met=frozenset({1, 2})),
}


def set_(round_, user, **due):
    return deadlines.deadline_set(
        round_=round_,
        user=user,
        submission_due=due.get("submission"),
        verification_due=due.get("verification"),
        approval_due=due.get("approval"),
        remind_days=due.get("days", 3),
    )


def kinds(name):
    return sorted(
        Notification.objects.filter(recipient__username=name).values_list("kind", flat=True)
    )


def test_only_the_province_sets_deadlines_in_order(round_, users):
    with pytest.raises(NotAllowed):
        set_(round_, users["d2001"], submission=TODAY)
    with pytest.raises(InvalidInput, match="เรียงตามลำดับ"):
        set_(round_, users["province"], submission=TODAY, verification=TODAY - timedelta(1))
    d = set_(round_, users["province"], submission=TODAY, verification=TODAY + timedelta(7))
    assert (d.submission_due, d.verification_due, d.approval_due) == (
        TODAY,
        TODAY + timedelta(7),
        None,
    )


def test_reminders_go_once_to_open_work_then_to_the_province_when_late(round_, users):
    set_(round_, users["province"], submission=TODAY, verification=TODAY + timedelta(10), days=3)
    factories.results_entered(round_=round_, user=users["d2002"], entries=BAN_BUENG)
    factories.evaluation_submitted(round_=round_, user=users["d2002"])  # done: not reminded
    Notification.objects.all().delete()

    assert deadlines.reminders_send(TODAY - timedelta(5)) == 0  # not yet within 3 days
    sent = deadlines.reminders_send(TODAY - timedelta(2))
    assert kinds("d2001") == ["submission_due"] and kinds("d2002") == []
    assert deadlines.reminders_send(TODAY - timedelta(1)) == 0  # once per due date
    n = Notification.objects.get(recipient__username="d2001")
    assert sentence(n) == "อำเภอเมืองชลบุรี ยังไม่ได้ส่งผลรอบ 2568-1 กำหนดส่งวันที่ 20 มีนาคม 2568"
    officers = [u for name, u in users.items() if name.startswith("d") and name != "d2002"]
    assert sent == len(officers) > 0  # each officer of a district that has not submitted

    deadlines.reminders_send(TODAY + timedelta(1))
    assert kinds("d2001") == ["submission_due", "submission_overdue"]
    assert kinds("province") == ["submission_overdue_province"]
    assert "10 อำเภอยังไม่ได้ส่งผล" in sentence(
        Notification.objects.get(recipient__username="province")
    )
    # the work group verifying 2002's submission is reminded of its own due date
    deadlines.reminders_send(TODAY + timedelta(8))
    assert "verification_due" in kinds("wg-coordination")


def test_the_overdue_list_names_districts_and_work_groups(round_, users):
    set_(round_, users["province"], submission=TODAY, verification=TODAY)
    factories.results_entered(round_=round_, user=users["d2002"], entries=BAN_BUENG)
    factories.evaluation_submitted(round_=round_, user=users["d2002"])
    assert not deadlines.overdue(round_, TODAY)  # due today is not late
    late = deadlines.overdue(round_, TODAY + timedelta(1))
    assert [d.code for d in late.districts][:2] == ["2001", "2003"]
    assert "2002" not in [d.code for d in late.districts]
    assert sum(late.work_groups.values()) > 0


def test_the_page_shows_buddhist_era_dates_and_keeps_a_refused_entry(round_, client_for):
    client = client_for("province")
    url = reverse("round_deadlines", args=[round_.pk])
    ok = client.post(url, {"submission_due": "2025-03-20", "remind_days": "3"})
    assert ok.status_code == 302
    page = client.get(url).content.decode()
    assert "20 มีนาคม 2568" in page
    # the date field shows the saved date in the form a date input reads (ISO), not blank
    assert 'name="submission_due" value="2025-03-20"' in page
    bad = client.post(
        url,
        {"submission_due": "2025-03-20", "verification_due": "2025-03-01", "remind_days": "3"},
    )
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "เรียงตามลำดับ" in body and 'value="2025-03-01"' in body
    assert client_for("d2001").get(url).status_code in (403, 404)


def test_the_round_page_and_dashboard_show_what_is_overdue(round_, users, client_for):
    set_(round_, users["province"], submission=date(2020, 1, 1))  # long past
    client = client_for("province")
    for name in ("round_detail", "dashboard"):
        page = client.get(reverse(name, args=[round_.pk])).content.decode()
        assert 'id="deadlines"' in page and "1 มกราคม 2563" in page, name
        assert "อำเภอเมืองชลบุรี ยังไม่ได้ส่งผล" in page, name
    round_.deadline.delete()
    page = client.get(reverse("round_detail", args=[round_.pk])).content.decode()
    assert 'id="deadlines"' not in page
