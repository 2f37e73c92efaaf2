"""Round 2 from round 1: the scorecard copied into a new draft, nothing of the results."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from pramoen.evaluation.errors import NotAllowed, WorkflowError
from pramoen.evaluation.models import HistoryEvent, Result, Round, RoundStatus
from pramoen.evaluation.selectors import round_scorecard
from pramoen.evaluation.services.round_next import round_start_next
from pramoen.testing import factories

pytestmark = pytest.mark.django_db


def test_round_two_copies_the_scorecard_into_a_draft(round_, users):
    round_.interpolate = True
    round_.save()
    factories.results_entered(round_=round_, user=users["d2001"])
    new = round_start_next(round_=round_, user=users["province"])
    assert (new.code, new.status) == ("2568-2", RoundStatus.DRAFT)
    assert (new.period_start, new.period_end) == (date(2025, 4, 1), date(2025, 9, 30))
    assert new.interpolate and new.team_share == round_.team_share
    old, copy = round_scorecard(round_), round_scorecard(new)
    assert copy.indicators == old.indicators  # ids, titles, weights, levels, criteria, sources
    assert copy.districts == old.districts
    assert new.evaluations.count() == round_.evaluations.count() == 11
    assert not Result.objects.filter(indicator__round=new).exists()
    assert Result.objects.filter(indicator__round=round_).exists()  # the old one untouched
    assert HistoryEvent.objects.filter(round=new, action="round_started_from").exists()


def test_only_the_province_and_once(round_, users):
    with pytest.raises(NotAllowed):
        round_start_next(round_=round_, user=users["d2001"])
    round_start_next(round_=round_, user=users["province"])
    with pytest.raises(WorkflowError, match="2568-2 มีอยู่แล้ว"):
        round_start_next(round_=round_, user=users["province"])
    assert Round.objects.filter(fiscal_year=2568, number=2).count() == 1


def test_after_round_two_comes_round_one_of_the_next_year(round_, users):
    second = round_start_next(round_=round_, user=users["province"])
    with pytest.raises(WorkflowError):  # a draft is edited first, then opened
        round_start_next(round_=second, user=users["province"])
    second.status = RoundStatus.OPEN
    second.save()
    third = round_start_next(round_=second, user=users["province"])
    assert (third.code, third.period_start) == ("2569-1", date(2025, 10, 1))


def test_the_round_page_starts_it(round_, client_for):
    response = client_for("province").post(reverse("round_next", args=[round_.pk]))
    new = Round.objects.get(fiscal_year=2568, number=2)
    assert response.status_code == 302 and response["Location"] == reverse(
        "round_detail", args=[new.pk]
    )
    assert client_for("d2001").post(reverse("round_next", args=[round_.pk])).status_code in (
        403,
        404,
    )
