"""The province-wide (T1/T2) cards on a work group's queue follow the save's own rule: once a
district is approved they are shown with why, and no form is offered (issue 12, item 13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pramoen.evaluation import services
from pramoen.evaluation.models import Evaluation
from pramoen.testing import factories

pytestmark = pytest.mark.django_db


def test_shared_cards_are_read_only_once_a_district_is_approved(round_, users, client_for):
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_verified(round_=round_, users=users, district="2001")
    client = client_for("wg-coordination")
    url = reverse("queue", args=[round_.pk])
    save = reverse("shared_result_save", args=[round_.pk, "T1"])
    assert f'action="{save}"' in client.get(url).content.decode()  # open: a form
    ev = Evaluation.objects.get(round=round_, district__code="2001")
    services.evaluation_approve(evaluation=ev, user=users["province"], version=ev.version)
    page = client.get(url).content.decode()
    assert f'action="{save}"' not in page
    assert "data-locked" in page and "อนุมัติ" in page
