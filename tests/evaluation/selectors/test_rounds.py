"""A round's levels are read once per process (they are a snapshot), and a re-imported draft
round is read anew, never served from the old import."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pramoen.evaluation import services
from pramoen.evaluation.models import Evaluation, Round
from pramoen.evaluation.selectors import district_scorecard
from tests.web.conftest import DOC

pytestmark = pytest.mark.django_db


def _i5_top(round_: Round) -> Decimal:
    ev = Evaluation.objects.select_related("round", "district").get(
        round=round_, district__code="2001"
    )
    _, scorecard = district_scorecard(ev.round, ev.district)
    indicator = scorecard.indicator("I5")
    assert indicator is not None
    return indicator.levels[-1].criteria[0].value


def test_reimporting_a_draft_round_shows_its_new_levels(province, django_assert_num_queries):
    text = DOC.read_text(encoding="utf-8")
    first = services.scorecard_import(
        province=province, text=text, source_name="a.txt", user=None, accept_errors_reason="x"
    )
    assert _i5_top(first) == Decimal(10)
    ev = Evaluation.objects.select_related("round", "district").get(
        round=first, district__code="2001"
    )
    with django_assert_num_queries(1):  # the levels come from the process's copy
        district_scorecard(ev.round, ev.district)

    changed = text.replace(
        "ระดับ ๕ หนี้เกินกำหนดชำระต่ำกว่าร้อยละ ๑๐", "ระดับ ๕ หนี้เกินกำหนดชำระต่ำกว่าร้อยละ ๘"
    )
    assert changed != text
    second = services.scorecard_import(
        province=province, text=changed, source_name="b.txt", user=None, accept_errors_reason="x"
    )
    assert not Round.objects.filter(pk=first.pk, imported_at=first.imported_at).exists()
    assert _i5_top(second) == Decimal(8)
