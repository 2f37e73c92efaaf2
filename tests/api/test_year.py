"""The fiscal year through the API: the same figures as the year pages (hand-checked in
tests/evaluation/selectors/test_year.py), the same visibility."""

from __future__ import annotations

import pytest

from tests.evaluation.year_world import two_rounds

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(round_, users):
    return two_rounds(round_, users)


def test_the_province_year_in_json(year, round_, api_for):
    got = api_for("province").get(f"/api/years/{round_.fiscal_year}").json()
    assert got["rule"] == "mean"
    rows = {d["code"]: d for d in got["districts"]}
    # 2001: round 1 85.5, round 2 86.375: change 0.875, mean 85.9375 (shown to 2 places)
    mueang = rows["2001"]
    assert [r["achievement"] for r in mueang["rounds"]] == [85.5, 86.38]
    assert mueang["change"] == 0.88 and mueang["result"] == 85.94 and mueang["rank"] == 1
    assert mueang["rating_th"] == "ดีมาก"
    # 2002 did not submit round 2: no change, no year, no rank
    assert rows["2002"]["result"] is None and rows["2002"]["rank"] is None


def test_a_districts_year_in_json(year, round_, api_for):
    got = api_for("d2001").get(f"/api/years/{round_.fiscal_year}/districts/2001").json()
    levels = {i["code"]: i["levels"] for i in got["indicators"]}
    assert levels["I6"][1] is None  # I6 is not in round 2
    assert got["district"]["result"] == 85.94


def test_the_same_visibility_as_the_pages(year, round_, api_for):
    assert api_for("d2001").get(f"/api/years/{round_.fiscal_year}").status_code == 403
    other = api_for("d2002").get(f"/api/years/{round_.fiscal_year}/districts/2001")
    assert other.status_code == 404
