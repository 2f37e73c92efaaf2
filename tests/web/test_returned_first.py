"""Returned work first, and a question before each decision that is hard to take back."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pramoen.evaluation import services
from pramoen.evaluation.models import Result
from pramoen.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(round_, users):
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    for code, reason in (("I2a", "ไม่มีรายชื่อโปรแกรมท่องเที่ยว"), ("I4", "แผนไม่มีลายมือชื่อ")):
        result = Result.objects.get(indicator__round=round_, indicator__code=code)
        services.result_return(
            result=result,
            user=factories.owner(result.indicator, users),
            reason=reason,
            version=result.version,
        )
    return factories.evaluation_of(round_, "2001")


def test_a_returned_district_sees_the_indicators_sent_back_at_the_top(returned, client_for):
    page = client_for("d2001").get(reverse("evaluation", args=[returned.round_id, "2001"]))
    html = page.content.decode()
    box = html[html.index('id="returned"') : html.index("</section>", html.index('id="returned"'))]
    assert re.findall(r'data-returned="(\w+)"', box) == ["I2a", "I4"]
    assert 'href="#card-I2a"' in box and 'href="#card-I4"' in box
    assert "ไม่มีรายชื่อโปรแกรมท่องเที่ยว" in box and "แผนไม่มีลายมือชื่อ" in box
    # at the top: before the scores and before the first card
    assert html.index('id="returned"') < html.index('id="scores"') < html.index('id="card-')
    assert 'id="card-I2a"' in html and 'id="card-I4"' in html  # the links land


def test_nothing_returned_means_no_returned_box(round_, client_for):
    page = client_for("d2001").get(reverse("evaluation", args=[round_.pk, "2001"]))
    assert 'id="returned"' not in page.content.decode()


def test_each_hard_decision_asks_first(returned, users, client_for):
    district = client_for("d2001").get(reverse("evaluation", args=[returned.round_id, "2001"]))
    html = district.content.decode()
    assert "pramoen/confirm.js" in html
    assert re.search(r'id="submit-evaluation" data-confirm="[^"]+"', html)
    factories.evaluation_submitted(round_=returned.round, user=users["d2001"])
    province = client_for("province")
    html = province.get(reverse("evaluation", args=[returned.round_id, "2001"])).content.decode()
    assert re.search(r'id="approve" data-confirm="[^"]+"', html)
    assert re.search(r'id="return" data-confirm="[^"]+"', html)
    html = province.get(reverse("round_detail", args=[returned.round_id])).content.decode()
    assert re.search(r'id="close-round" data-confirm="[^"]+"', html)
    assert "pramoen/confirm.js" in html
