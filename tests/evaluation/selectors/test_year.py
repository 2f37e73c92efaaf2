"""The fiscal year's read model: both rounds side by side, the change, the year's result under
each rule, against hand calculations (tests/evaluation/year_world.py builds the year).

Hand calculation (score = Σ(level × weight) / Σ(weight) × 20, achievement = ½ team + ½
individual, the default shares):

Round 1, team (T1 4 × 60 + T2 5 × 40) / 100 × 20 = 88.
  2001 individual I1 4×15 + I2a 3×15 + I3a 5×15 + I4 3×20 + I5 5×15 + I6 5×20 = 415 → 83;
       achievement (88 + 83) / 2 = 85.5
  2002 individual I1 2×15 + I2b 3×15 + I3b 4×15 + I4 2×20 + I5 2×15 + I6 3×20 = 265 → 53;
       achievement (88 + 53) / 2 = 70.5
Round 2 (I6 taken out), team (T1 5 × 60 + T2 3 × 40) / 100 × 20 = 84.
  2001 individual I1 3×15 + I2a 5×15 + I3a 5×15 + I4 5×20 + I5 4×15 = 355 of weight 80
       → 88.75; achievement (84 + 88.75) / 2 = 86.375
  2005 individual I1 1×15 + I2b 1×15 + I4 2×20 + I5 1×15 = 85 of weight 65 → 26.1538…;
       achievement 55.0769…
2001: change 86.375 − 85.5 = 0.875; mean (85.5 + 86.375) / 2 = 85.9375; last 86.375.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from pramoen.core.appraisal import YearRule
from pramoen.core.scoring import display
from pramoen.evaluation.models import Evaluation, Round
from pramoen.evaluation.selectors.year import district_year, province_year, year_rule
from pramoen.testing import factories
from tests.evaluation.year_world import two_rounds

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(round_, users):
    return two_rounds(round_, users)


def _district(rounds, code):
    return Evaluation.objects.get(round=rounds[0], district__code=code).district


def _by_code(year):
    return {place.item.district.code: place for place in year.ranked}


def test_both_rounds_side_by_side_and_the_mean_of_them(year):
    result = province_year(list(year), YearRule.MEAN)
    assert [r.number for r in result.rounds] == [1, 2]
    mueang = _by_code(result)["2001"]
    assert mueang.rank == 1
    first, second = mueang.item.rounds
    assert (first.row.scores.official.team.score, first.row.scores.official.individual.score) == (
        Decimal(88),
        Decimal(83),
    )
    assert first.achievement == Decimal("85.5") and first.ranked
    assert second.row.scores.official.team.score == Decimal(84)
    assert second.row.scores.official.individual.score == Decimal("88.75")
    assert second.achievement == Decimal("86.375")
    assert mueang.item.change == Decimal("0.875")
    assert mueang.item.result == Decimal("85.9375")
    assert mueang.item.rating.label_th == "ดีมาก"
    # under the mean only 2001 has both rounds submitted: it alone takes a rank
    assert [p.rank for p in result.ranked].count(None) == 10


def test_the_last_rule_takes_round_two_only(year):
    result = province_year(list(year), YearRule.LAST)
    places = _by_code(result)
    assert places["2001"].item.result == Decimal("86.375")
    # Phan Thong never submitted round 1, but round 2 is all the rule reads
    assert display(places["2005"].item.result) == Decimal("55.08")
    assert places["2005"].item.change is None  # no round 1 figure to compare with
    assert [(p.item.district.code, p.rank) for p in result.ranked[:3]] == [
        ("2001", 1),
        ("2005", 2),
        ("2002", None),
    ]


def test_a_district_that_did_not_submit_round_two_has_no_change_and_no_result(year):
    for rule in YearRule:
        ban_bueng = _by_code(province_year(list(year), rule))["2002"]
        first, second = ban_bueng.item.rounds
        assert first.achievement == Decimal("70.5")
        assert not second.ranked and second.achievement is None
        assert second.row is not None  # it has an evaluation, not submitted
        assert (ban_bueng.item.change, ban_bueng.item.result, ban_bueng.rank) == (None, None, None)


def test_with_round_one_only_the_year_has_no_result_yet(round_, users):
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_verified(round_=round_, users=users)
    only_first = province_year([round_], YearRule.MEAN)
    mueang = _by_code(only_first)["2001"]
    assert mueang.item.rounds[0].achievement == Decimal("85.5")  # submitted, scored
    assert (mueang.item.result, mueang.item.change, mueang.rank) == (None, None, None)
    # the last rule reads round 2 only, not the latest round there is
    assert _by_code(province_year([round_], YearRule.LAST))["2001"].item.result is None


def test_the_rule_comes_from_the_setting(settings):
    assert year_rule() is YearRule.MEAN  # the default
    settings.PRAMOEN_YEAR_RULE = "last"
    assert year_rule() is YearRule.LAST
    settings.PRAMOEN_YEAR_RULE = "median"
    with pytest.raises(ImproperlyConfigured, match="median"):
        year_rule()


def test_one_district_each_indicator_in_each_round(year):
    detail = district_year(list(year), _district(year, "2001"), YearRule.MEAN)
    rows = {i.code: i for i in detail.indicators}
    assert [i.code for i in detail.indicators] == ["T1", "T2", "I1", "I2a", "I3a", "I4", "I5", "I6"]
    assert [c.level for c in rows["T1"].levels] == [4, 5] and rows["T1"].change == 1
    assert [c.level for c in rows["I1"].levels] == [4, 3] and rows["I1"].change == -1
    assert [c.level for c in rows["I4"].levels] == [3, 5]
    # I6 is in round 1 only: absent from round 2, no change
    assert [(c.present, c.level) for c in rows["I6"].levels] == [(True, 5), (False, None)]
    assert rows["I6"].weights == (Decimal(20), None) and rows["I6"].change is None
    assert detail.year.change == Decimal("0.875")
    assert detail.year.result == Decimal("85.9375")


def test_a_level_not_verified_is_not_shown_as_one(year):
    # Nong Yai (2003) entered nothing: only the province-wide results count for it
    detail = district_year(list(year), _district(year, "2003"), YearRule.MEAN)
    i4 = next(i for i in detail.indicators if i.code == "I4")
    assert [(c.present, c.level) for c in i4.levels] == [(True, None), (True, None)]
    team = next(i for i in detail.indicators if i.code == "T1")
    assert [c.level for c in team.levels] == [4, 5]  # the province-wide result counts for all


def _drop_untouched_districts(rounds: list[Round]) -> None:
    """Leave the districts that entered something (2001, 2002, 2005): the same year with
    three districts instead of eleven."""
    Evaluation.objects.filter(round__in=rounds).exclude(
        district__code__in=["2001", "2002", "2005"]
    ).delete()


def test_the_province_year_takes_four_queries_whatever_the_districts(
    year, django_assert_num_queries
):
    rounds = list(year)
    with django_assert_num_queries(4):
        many = province_year(rounds, YearRule.MEAN)
    _drop_untouched_districts(rounds)
    with django_assert_num_queries(4):
        few = province_year(rounds, YearRule.MEAN)
    assert (len(many.ranked), len(few.ranked)) == (11, 3)


def test_one_districts_year_takes_six_queries_whatever_the_districts(
    year, django_assert_num_queries
):
    rounds, district = list(year), _district(year, "2001")
    with django_assert_num_queries(6):
        many = district_year(rounds, district, YearRule.MEAN)
    _drop_untouched_districts(rounds)
    with django_assert_num_queries(6):
        few = district_year(rounds, district, YearRule.MEAN)
    assert many.indicators == few.indicators and len(many.indicators) == 8
