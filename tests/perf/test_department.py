"""The synthetic department (``pramoen synth``) and the department-wide overview: exact
scores, every state present, deterministic, and the same queries at 11 and ~900 districts."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from pramoen.accounts.services import user_create
from pramoen.evaluation.models import Evaluation, HistoryEvent, Result, Round
from pramoen.evaluation.selectors import overview_rows
from pramoen.evaluation.services import ResultInput, compute_level
from pramoen.reports.data import round_reports
from pramoen.web.synth import SynthError, round_periods, synth

pytestmark = pytest.mark.django_db

DOC = Path(__file__).parent.parent / "fixtures" / "kpi-2568-1.txt"


def _digest() -> str:
    rows = Result.objects.order_by(
        "indicator__round__province__code",
        "indicator__round_id",
        "indicator__position",
        "district__code",
    ).values_list(
        "indicator__round__province__code",
        "indicator__round__fiscal_year",
        "indicator__round__number",
        "indicator__code",
        "district__code",
        "value",
        "values",
        "met",
        "self_level",
        "status",
        "verified_level",
    )
    states = Evaluation.objects.order_by(
        "round__province__code", "round_id", "district__code"
    ).values_list("status")
    return hashlib.sha256(repr((list(rows), list(states))).encode()).hexdigest()


def test_synth_is_deterministic_for_a_seed_and_differs_between_seeds():
    digests = []
    for seed in (5, 5, 6):
        with transaction.atomic():
            synth(document=DOC, provinces=3, districts_per_province=4, rounds=2, seed=seed)
            digests.append(_digest())
            transaction.set_rollback(True)
    assert digests[0] == digests[1]
    assert digests[0] != digests[2]


def test_synth_fills_a_department_with_every_state_and_the_cores_levels():
    summary = synth(document=DOC, provinces=6, districts_per_province=5, rounds=3, seed=2)
    assert (summary.provinces, summary.districts, summary.rounds) == (6, 30, 3)
    assert Round.objects.count() == 18
    assert Evaluation.objects.count() == summary.evaluations == 90
    assert Result.objects.count() == summary.results
    assert HistoryEvent.objects.count() == summary.history
    # 18 users per… 2 + 4 work groups + 5 districts = 11 per province
    assert summary.users == 66
    latest = Round.objects.filter(status="open")
    assert {r.code for r in latest} == {"2568-2"}
    states = set(Evaluation.objects.filter(round__status="open").values_list("status", flat=True))
    assert states == {"draft", "submitted", "returned", "approved"}
    assert set(Result.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "verified",
        "returned",
    }
    # an approved evaluation has every result verified
    for ev in Evaluation.objects.filter(status="approved")[:10]:
        assert (
            not Result.objects.filter(indicator__round_id=ev.round_id, district_id=ev.district_id)
            .exclude(status="verified")
            .exists()
        )
    # every stored level is what the core gives the stored entries
    checked = 0
    for r in Result.objects.select_related("indicator").prefetch_related(
        "indicator__levels", "indicator__districts"
    )[:300]:
        entry = ResultInput(
            value=r.value,
            values={k: Decimal(v) for k, v in r.values.items()},
            met=frozenset(r.met),
        )
        assert compute_level(r.indicator, entry, interpolate=False) == r.self_level
        checked += 1
    assert checked == 300
    with pytest.raises(SynthError, match="already"):
        synth(document=DOC, provinces=1, districts_per_province=1, rounds=1)


def test_synthetic_rounds_are_the_half_years_up_to_fy2568_round_2():
    assert round_periods(3) == [
        (2567, 2, date(2024, 4, 1), date(2024, 9, 30)),
        (2568, 1, date(2024, 10, 1), date(2025, 3, 31)),
        (2568, 2, date(2025, 4, 1), date(2025, 9, 30)),
    ]
    synth(document=DOC, provinces=1, districts_per_province=2, rounds=3, seed=1)
    stored = Round.objects.order_by("fiscal_year", "number").values_list(
        "fiscal_year", "number", "period_start", "period_end", "status"
    )
    *closed, latest = round_periods(3)
    assert list(stored) == [(*p, "closed") for p in closed] + [(*latest, "open")]


def test_overview_scores_equal_the_full_reports_for_every_district():
    """The overview scores from stored levels without building criteria; the reports build
    the whole scorecard. Both must give the same Decimal for every district."""
    synth(document=DOC, provinces=4, districts_per_province=6, rounds=2, seed=3)
    rounds = list(Round.objects.all())
    rows = {
        (row.evaluation.round_id, row.evaluation.district.code): row
        for row in overview_rows(rounds)
    }
    assert len(rows) == 48
    compared = 0
    for round_ in rounds:
        for report in round_reports(round_):
            row = rows[(round_.pk, report.district.code)]
            assert row.scores.official == report.scores.official
            assert row.scores.reported == report.scores.reported
            assert row.scores.official.achievement == report.achievement
            compared += 1
    assert compared == 48
    some = [row for row in rows.values() if row.scores.official.achievement > 0]
    assert some, "the synthetic department has verified results"


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response, len(queries)


def test_department_overview_queries_are_the_same_at_11_and_912_districts(round_, users, client):
    user, _ = user_create(username="dept", role="department", password="x")
    client.force_login(user)
    small, queries_11 = _get(client, "/department/?round=2568-1")
    assert small.context["overview"].ranked.__len__() == 11
    synth(document=DOC, provinces=76, districts_per_province=12, rounds=1, seed=1)
    large, queries_912 = _get(client, "/department/?round=2568-2")
    overview = large.context["overview"]
    assert len(overview.ranked) == 912 and len(overview.provinces) == 76
    assert queries_11 == queries_912
    # the province page's overview too: the same queries for Chonburi and a synthetic province
    province_client = client.__class__()
    province_client.force_login(users["province"])
    _, province_11 = _get(province_client, f"/rounds/{round_.pk}/")
    from django.contrib.auth import get_user_model

    synthetic = get_user_model().objects.get(username="ps01")
    province_client.force_login(synthetic)
    other = Round.objects.get(province__code="S01")
    _, province_12 = _get(province_client, f"/rounds/{other.pk}/")
    assert province_11 == province_12


def test_department_page_shows_provinces_and_ranks_districts(round_, client):
    synth(document=DOC, provinces=3, districts_per_province=4, rounds=2, seed=4)
    user, _ = user_create(username="dept", role="department", password="x")
    client.force_login(user)
    response = client.get("/department/")  # the newest round by default
    assert response.status_code == 200
    overview = response.context["overview"]
    assert (overview.fiscal_year, overview.number) == (2568, 2)
    page = response.content.decode()
    assert "ภาพรวมทั้งกรม" in page and "จำลอง ๒" in page
    # the ranking is by official achievement, highest first, over every district that has
    # submitted; those that have not come after, with no rank or rating (issue 12, item 9)
    assert len(overview.ranked) == 12
    flags = [row.ranked for row in overview.ranked]
    assert flags == sorted(flags, reverse=True)
    achievements = [row.scores.official.achievement for row in overview.ranked if row.ranked]
    assert achievements == sorted(achievements, reverse=True) and achievements
    # a province's mean is the mean of its submitted districts' achievements
    for summary in overview.provinces:
        values = [row.scores.official.achievement for row in summary.rows if row.ranked]
        assert summary.mean == (sum(values, Decimal(0)) / len(values) if values else None)
        assert sum(summary.statuses.values()) == len(summary.rows) == 4
    assert not all(flags), "the synthetic round has districts that have not submitted"
    for row in overview.ranked:
        if not row.ranked:
            cells = page.split(f'data-district="{row.evaluation.district.code}"')[1]
            assert "ยังไม่ส่ง" in cells.split("</tr>")[0]
    # one province's districts
    response = client.get("/department/?round=2568-2&province=S02")
    assert {row.evaluation.district.code for row in response.context["page"]} == {
        "S0201",
        "S0202",
        "S0203",
        "S0204",
    }
    # Chonburi's open round is there too, on its own round code
    response = client.get("/department/?round=2568-1")
    assert [p.round.province.code for p in response.context["overview"].provinces] == [
        "20",
        "S01",
        "S02",
        "S03",
    ]
    # an unknown round falls back to the newest
    response = client.get("/department/?round=2400-9")
    assert response.context["chosen"] == (2568, 2)


def test_a_department_user_sees_no_province_pages(round_, client):
    user, _ = user_create(username="dept", role="department", password="x")
    client.force_login(user)
    assert client.get("/").url == "/department/"
    for url in (
        f"/rounds/{round_.pk}/",
        f"/rounds/{round_.pk}/d/2001/",
        "/rounds/",
        f"/rounds/{round_.pk}/dashboard/",
        "/api/tokens/",
        f"/rounds/{round_.pk}/exchange/",
    ):
        assert client.get(url).status_code == 403, url


def test_draft_rounds_are_not_in_the_department_view(round_, client):
    round_.status = "draft"
    round_.save(update_fields=["status"])
    user, _ = user_create(username="dept", role="department", password="x")
    client.force_login(user)
    response = client.get("/department/")
    assert response.status_code == 200
    assert response.context["chosen"] is None
    assert "ยังไม่มีจังหวัดใดเปิดรอบการประเมิน" in response.content.decode()


def test_a_round_without_indicators_scores_its_districts_zero_instead_of_failing(round_, client):
    """A restored export may carry a round with evaluations and no indicators: the overview
    (and so the department page) must still answer."""
    round_.indicators.all().delete()
    rows = overview_rows([round_])
    assert len(rows) == 11
    assert {row.scores.official.achievement for row in rows} == {Decimal(0)}
    assert {row.applicable for row in rows} == {0}
    user, _ = user_create(username="dept", role="department", password="x")
    client.force_login(user)
    assert client.get("/department/?round=2568-1").status_code == 200


def test_healthz_answers_get_and_head_without_a_login(client):
    assert client.get("/healthz/").content == b"ok"
    assert client.head("/healthz/").status_code == 200
