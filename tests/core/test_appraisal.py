"""The appraisal's arithmetic against hand calculations, for each competency method, the
weights rule and the year's result."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pramoen.core.appraisal import (
    DEFAULT_COMPETENCIES,
    Competency,
    Method,
    Weights,
    YearRule,
    appraise,
    competency_score,
    weights_problems,
    year_result,
)
from pramoen.core.errors import ScoringError
from pramoen.core.scoring import display

D = Decimal
CODES = [c.code for c in DEFAULT_COMPETENCIES]  # ACH SERV EXP ING TW, each expected at 3


def ratings(*levels: int) -> dict[str, int]:
    return dict(zip(CODES, levels, strict=True))


def test_gap_method_by_hand():
    # points 3 (3 = expected), 3 (4 above), 2 (one below), 1 (two below), 3: 12 of 15 = 80 %
    score = appraise(
        achievement=D("85.50"),
        method=Method.GAP,
        competencies=DEFAULT_COMPETENCIES,
        ratings=ratings(3, 4, 2, 1, 3),
    )
    assert [s.points for s in score.competencies] == [3, 3, 2, 1, 3]
    assert score.competency == D(80)
    # 85.50 × 70 % + 80 × 30 % = 59.85 + 24 = 83.85
    assert score.total == D("83.85") and score.band.label_th == "ดีมาก"


def test_gap_method_three_levels_below_scores_nothing():
    sets = (Competency("A", "ก", "A", expected=4), Competency("B", "ข", "B", expected=2))
    component, scores = competency_score(Method.GAP, sets, {"A": 1, "B": 1})
    assert [s.points for s in scores] == [0, 2]
    assert component == D(2) * 100 / 6  # exact: 33.333…, never rounded in the middle
    assert display(component) == D("33.33")


def test_scale_method_by_hand():
    # 5 + 4 + 4 + 3 + 5 = 21 of 25 = 84 %; 72 × 70 % + 84 × 30 % = 50.4 + 25.2 = 75.6
    score = appraise(
        achievement=D(72),
        method=Method.SCALE,
        competencies=DEFAULT_COMPETENCIES,
        ratings=ratings(5, 4, 4, 3, 5),
    )
    assert score.competency == D(84) and score.total == D("75.6")
    assert score.band.label_th == "ดี"


def test_other_weights_by_hand():
    score = appraise(
        achievement=D(90),
        method=Method.SCALE,
        competencies=DEFAULT_COMPETENCIES,
        ratings=ratings(5, 5, 5, 5, 5),
        weights=Weights(D(80), D(20)),
    )
    assert score.total == D(92) and score.band.label_th == "ดีเด่น"  # 72 + 20


@pytest.mark.parametrize(
    ("weights", "says"),
    [
        (Weights(D(70), D(20)), "ต้องรวมกันได้ 100"),
        (Weights(D(60), D(40)), "ไม่น้อยกว่าร้อยละ 70"),
        (Weights(D(110), D(-10)), "ไม่ติดลบ"),
    ],
)
def test_weights_that_break_the_rule_are_refused(weights, says):
    assert any(says in p for p in weights_problems(weights))
    with pytest.raises(ScoringError, match=says):
        appraise(
            achievement=D(80),
            method=Method.GAP,
            competencies=DEFAULT_COMPETENCIES,
            ratings=ratings(3, 3, 3, 3, 3),
            weights=weights,
        )


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({**ratings(3, 3, 3, 3, 3), "ACH": 6}, "ไม่อยู่ในช่วง 1 ถึง 5"),
        ({**ratings(3, 3, 3, 3, 3), "ACH": 0}, "ไม่อยู่ในช่วง 1 ถึง 5"),
        ({**ratings(3, 3, 3, 3, 3), "XYZ": 3}, "XYZ ไม่อยู่ในชุดสมรรถนะ"),
        (dict(list(ratings(3, 3, 3, 3, 3).items())[:4]), "ยังไม่ได้ประเมินสมรรถนะ: การทำงานเป็นทีม"),
    ],
)
def test_ratings_outside_the_set_are_refused(given, says):
    with pytest.raises(ScoringError, match=says):
        competency_score(Method.GAP, DEFAULT_COMPETENCIES, given)


def test_an_achievement_outside_0_to_100_is_refused():
    with pytest.raises(ScoringError, match="ไม่อยู่ในช่วง 0 ถึง 100"):
        appraise(
            achievement=D("100.01"),
            method=Method.GAP,
            competencies=DEFAULT_COMPETENCIES,
            ratings=ratings(3, 3, 3, 3, 3),
        )


def test_the_total_is_exact_and_rated_as_it_stands():
    # 89.99 × 70 % + 88 × 30 % = 62.993 + 26.4 = 89.393, shown 89.39: ดีมาก
    score = appraise(
        achievement=D("89.99"),
        method=Method.SCALE,
        competencies=DEFAULT_COMPETENCIES,
        ratings=ratings(5, 5, 5, 4, 3),  # 22 of 25 = 88 %
    )
    assert score.competency == D(88)
    assert score.total == D("89.393") and display(score.total) == D("89.39")
    assert score.band.label_th == "ดีมาก"


def test_the_year_is_the_mean_of_its_rounds_or_the_last():
    assert year_result([D("80.50"), D("91.00")], YearRule.MEAN) == D("85.75")
    assert year_result([D("80.50"), D("91.00")], YearRule.LAST) == D("91.00")
    assert year_result([D("80.50"), None], YearRule.MEAN) is None  # round 2 not approved yet
    assert year_result([D("80.50"), None], YearRule.LAST) is None
    assert year_result([], YearRule.MEAN) is None
