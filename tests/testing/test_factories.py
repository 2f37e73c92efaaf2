"""The factories build rounds through the services: a whole round verified has every
district submitted, every result verified as reported, and the history to show it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pramoen.evaluation.models import Evaluation, HistoryEvent, Result
from pramoen.evaluation.services import ResultInput
from pramoen.testing import factories
from tests.web.conftest import DOC

pytestmark = pytest.mark.django_db


def test_a_round_verified_has_every_district_submitted_and_every_result_verified(province):
    round_ = factories.round_opened(province=province, document=DOC)
    officers = {f"d{d.code}": ("district", {"district": d.code}) for d in province.districts.all()}
    users = factories.people(province=province, roles={**factories.PEOPLE, **officers})
    factories.round_verified(round_=round_, users=users)
    assert set(Evaluation.objects.filter(round=round_).values_list("status", flat=True)) == {
        "submitted"
    }
    results = Result.objects.filter(indicator__round=round_)
    # 2 province-wide results and one per district and applicable indicator of its own
    applicable = sum(i.districts.count() for i in round_.indicators.filter(shared=False))
    assert results.count() == 2 + applicable
    assert {(r.status, r.verified_level == r.self_level) for r in results} == {("verified", True)}
    verified = HistoryEvent.objects.filter(round=round_, action="result_verified")
    assert verified.count() == applicable
    # each by the work group owning the indicator
    assert all(
        e.actor.membership.work_group_id == e.result.indicator.work_group_id
        for e in verified.select_related("actor__membership", "result__indicator")
    )


def test_entering_twice_saves_over_what_is_there(round_, users):
    factories.results_entered(round_=round_, user=users["d2001"])
    again = {"I5": ResultInput(value=Decimal(11))}
    evaluation = factories.results_entered(round_=round_, user=users["d2001"], entries=again)
    i5 = Result.objects.get(indicator__round=round_, indicator__code="I5", district__code="2001")
    assert (i5.value, i5.version, evaluation.district.code) == (Decimal(11), 2, "2001")
    assert i5.self_level == 4  # 11 % overdue debt is one level below 9.5 %
