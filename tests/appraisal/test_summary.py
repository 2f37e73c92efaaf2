"""The province's summary of every appraisal for the screening committee: final appraisals
ranked by total, the bands counted, the others listed without a rank; fixed queries."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pramoen.appraisal import services
from pramoen.appraisal.selectors import round_appraisals
from pramoen.core.scoring import rate
from pramoen.evaluation import services as evaluation_services
from pramoen.testing import factories

pytestmark = pytest.mark.django_db

ALL_AT_3 = dict.fromkeys(("ACH", "SERV", "EXP", "ING", "TW"), 3)


def _approve(round_, users, code):
    officer = users[f"d{code}"]
    if code != "2001":
        factories.results_entered(
            round_=round_,
            user=officer,
            entries={
                i.code: factories.varied_entry(3, i)
                for i in round_.indicators.filter(districts__code=code, shared=False)
            },
        )
    else:
        factories.results_entered(round_=round_, user=officer)
    factories.evaluation_submitted(round_=round_, user=officer)
    factories.results_verified(round_=round_, users=users, district=code)
    ev = factories.evaluation_of(round_, code)
    evaluation_services.evaluation_approve(
        evaluation=ev, user=users["province"], version=ev.version
    )
    return factories.evaluation_of(round_, code)


def _final(ev, users, ratings):
    services.appraisal_rate(
        evaluation=ev, user=users["province"], ratings=ratings, comment="", plan=[], version=0
    )
    services.appraisal_acknowledge(evaluation=ev, user=users[f"d{ev.district.code}"], version=1)
    services.appraisal_supervisor(
        evaluation=ev, user=users["province"], name="ผู้ว่า", position="", comment="", version=2
    )


def test_final_appraisals_are_ranked_by_total_and_the_bands_counted(round_, users):
    factories.shared_results_entered(round_=round_, users=users)
    a = _approve(round_, users, "2001")
    b = _approve(round_, users, "2002")
    _final(a, users, {"ACH": 3, "SERV": 4, "EXP": 2, "ING": 1, "TW": 3})  # 12 of 15: 80 %
    _final(b, users, ALL_AT_3)  # 15 of 15: 100 %
    summary = round_appraisals(round_)
    rows = {r.evaluation.district.code: r for r in summary.rows}
    # 2001: 85.5 × 70 % + 80 × 30 % = 83.85; 2002: its achievement × 70 % + 100 × 30 %
    assert rows["2001"].score.total == Decimal("83.85")
    ach = rows["2002"].score.achievement
    assert rows["2002"].score.total == ach * Decimal("0.7") + 30
    order = sorted(("2001", "2002"), key=lambda d: -rows[d].score.total)
    assert [(r.evaluation.district.code, r.rank) for r in summary.rows[:2]] == [
        (order[0], 1),
        (order[1], 2),
    ]
    assert all(r.rank is None for r in summary.rows[2:])  # not appraised: listed, no rank
    expected = Counter(rate(rows[d].score.total).label_th for d in ("2001", "2002"))
    assert {k.label_th: n for k, n in summary.bands if n} == dict(expected)

    services.appraisal_reopen(evaluation=b, user=users["province"], reason="ทบทวน", version=3)
    summary = round_appraisals(round_)
    assert [r.evaluation.district.code for r in summary.rows if r.rank] == ["2001"]
    assert summary.final == 1


def test_the_summary_reads_in_fixed_queries(round_, users):
    factories.shared_results_entered(round_=round_, users=users)
    a = _approve(round_, users, "2001")
    round_appraisals(round_)
    with CaptureQueriesContext(connection) as one:
        round_appraisals(round_)
    _final(a, users, {"ACH": 3, "SERV": 4, "EXP": 2, "ING": 1, "TW": 3})
    _final(_approve(round_, users, "2002"), users, ALL_AT_3)
    with CaptureQueriesContext(connection) as two:
        round_appraisals(round_)
    assert len(one) == len(two)


def test_the_page_is_for_the_province_and_its_viewers(round_, users, client_for):
    url = reverse("appraisal_summary", args=[round_.pk])
    assert client_for("province").get(url).status_code == 200
    assert client_for("viewer").get(url).status_code == 200
    assert client_for("d2001").get(url).status_code == 403
    assert client_for("wg-coordination").get(url).status_code == 403


def test_the_round_page_links_the_summary_for_its_readers(round_, client_for):
    url = reverse("appraisal_summary", args=[round_.pk])
    for who, sees in (("province", True), ("viewer", True), ("wg-coordination", False)):
        page = client_for(who).get(reverse("round_detail", args=[round_.pk])).content.decode()
        assert (url in page) is sees, who
