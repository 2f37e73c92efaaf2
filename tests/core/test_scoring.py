"""Scores worked by hand against the FY2568 summary, boundaries, ladders and options."""

from decimal import Decimal

import pytest

from pramoen.core import (
    Band,
    IndicatorResult,
    ScoringError,
    display,
    indicator_level,
    make_shares,
    rate,
    score,
)
from pramoen.core.scoring import validate_bands


def lv(n):
    return IndicatorResult(level=n)


def val(x):
    return IndicatorResult(value=Decimal(str(x)))


def district(report, code):
    return next(d for d in report.districts if d.district.code == code)


@pytest.mark.parametrize(
    ("value", "level"),
    [(69.99, 0), (70, 1), (84.99, 3), (85, 4), (89.99, 4), (90, 5), (100, 5)],
)
def test_t1_takes_the_highest_level_whose_threshold_holds(fy2568, value, level):
    assert indicator_level(fy2568.indicator("T1"), val(value)) == level


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (25, 1),
        (20, 1),
        (19.99, 2),
        (15, 2),
        (14.99, 3),
        (12, 3),
        (11.5, 4),
        (10, 4),
        (9.99, 5),
        (0, 5),
    ],
)
def test_overdue_debt_is_scored_lower_is_better(fy2568, value, level):
    assert indicator_level(fy2568.indicator("I5"), val(value)) == level


def test_ladder_takes_the_highest_unbroken_run_of_levels(fy2568):
    i6 = fy2568.indicator("I6")
    assert indicator_level(i6, IndicatorResult(met=frozenset({1, 2, 3}))) == 3
    assert indicator_level(i6, IndicatorResult(met=frozenset({1, 3, 4, 5}))) == 1
    assert indicator_level(i6, IndicatorResult(met=frozenset({2, 3, 4, 5}))) == 0
    assert indicator_level(i6, IndicatorResult(met=frozenset(range(1, 6)))) == 5


def test_ladder_levels_with_numbers_are_decided_by_the_numbers_when_given(fy2568):
    i3a = fy2568.indicator("I3a")
    people = i3a.level(3).criteria[0].measure
    ticked = frozenset({1, 2, 3, 4, 5})
    assert indicator_level(i3a, IndicatorResult(met=ticked, values={people: Decimal(29)})) == 4
    assert indicator_level(i3a, IndicatorResult(met=ticked, values={people: Decimal(27)})) == 2
    # without the number, the officer's tick stands
    assert indicator_level(i3a, IndicatorResult(met=ticked)) == 5


def test_a_given_level_wins_over_values(fy2568):
    result = IndicatorResult(level=2, value=Decimal(95))
    assert indicator_level(fy2568.indicator("T1"), result) == 2
    with pytest.raises(ScoringError):
        indicator_level(fy2568.indicator("T1"), IndicatorResult(level=6))


def test_mueang_chonburi_worked_by_hand(fy2568):
    results = {
        "2001": {
            "T1": val(87.5),  # ≥ 85 → 4
            "T2": val(91),  # ≥ 90 → 5
            "I1": lv(4),
            "I2a": val(6),  # 6 programmes → 3
            "I3a": lv(5),
            "I4": lv(3),
            "I5": val(9.5),  # overdue debt < 10 % → 5
            "I6": lv(5),
        }
    }
    d = district(score(fy2568, results), "2001")
    # team: (4×60 + 5×40) / 100 × 20 = 88
    assert d.team.score == 88
    assert [(i.id, i.level) for i in d.individual.indicators] == [
        ("I1", 4),
        ("I2a", 3),
        ("I3a", 5),
        ("I4", 3),
        ("I5", 5),
        ("I6", 5),
    ]
    # individual: (4×15 + 3×15 + 5×15 + 3×20 + 5×15 + 5×20) / 100 × 20 = 415 / 5 = 83
    assert d.individual.score == 83
    assert d.individual.weight_total == 100
    # achievement: 0.5 × 88 + 0.5 × 83 = 85.5 → ดีมาก
    assert d.achievement == Decimal("85.5")
    assert d.rating.label_th == "ดีมาก"


def test_phan_thong_with_weights_of_85_is_normalised_worked_by_hand(fy2568):
    results = {
        "2005": {
            "T1": lv(4),
            "T2": lv(5),
            "I1": lv(2),
            "I2b": lv(4),
            "I4": lv(3),
            "I5": val(22),  # ≥ 20 % overdue → level 1
            "I6": lv(4),
        }
    }
    d = district(score(fy2568, results), "2005")
    # individual: (2×15 + 4×15 + 3×20 + 1×15 + 4×20) / 85 × 20 = 245 / 85 × 20 = 57.647…
    assert d.individual.weight_total == 85
    assert display(d.individual.score) == Decimal("57.65")
    assert d.individual.score == Decimal(245) / Decimal(85) * 20
    # achievement: (88 + 57.647…) / 2 = 72.8235… → 72.82, ดี
    assert display(d.achievement) == Decimal("72.82")
    assert d.rating.label_th == "ดี"


def test_bo_thong_below_sixty_needs_improvement_worked_by_hand(fy2568):
    results = {
        "2010": {
            "T1": val(75),
            "T2": val(80),  # 2 and 3
            "I1": lv(1),
            "I2b": lv(1),
            "I3b": lv(1),
            "I4": lv(2),
            "I5": val(25),
            "I6": lv(2),
        }
    }
    d = district(score(fy2568, results), "2010")
    # team: (2×60 + 3×40) / 100 × 20 = 48
    assert d.team.score == 48
    # individual: (15 + 15 + 15 + 40 + 15 + 40) / 100 × 20 = 28
    assert d.individual.score == 28
    # achievement: 38 → ต้องปรับปรุง
    assert d.achievement == 38
    assert d.rating.label_th == "ต้องปรับปรุง"


def test_missing_results_score_zero_and_are_reported(fy2568):
    report = score(fy2568, {"2011": {"T1": lv(5), "T2": lv(5)}})
    ko_chan = district(report, "2011")
    assert ko_chan.team.score == 100
    assert ko_chan.individual.score == 0
    missing = {(f.district, f.indicator) for f in report.findings if f.code == "missing-result"}
    assert ("2011", "I4") in missing
    assert ("2011", "T1") not in missing
    # every applicable indicator of every district without a result: 11 × 7 − 2
    assert len(missing) == sum(len(fy2568.indicators_for(d.code)) for d in fy2568.districts) - 2


def test_shares_are_default_unless_given(fy2568):
    results = {"2001": {"T1": lv(5), "T2": lv(5)}}
    default = score(fy2568, results)
    assert default.shares.default is True
    assert district(default, "2001").achievement == 50
    weighted = score(fy2568, results, shares=make_shares("0.7"))
    assert weighted.shares.default is False
    assert weighted.shares.individual == Decimal("0.3")
    assert district(weighted, "2001").achievement == 70
    with pytest.raises(ScoringError):
        make_shares("1.5")


def test_interpolation_is_off_by_default_and_linear_when_on(fy2568):
    t1 = fy2568.indicator("T1")
    assert indicator_level(t1, val(87.5)) == 4
    assert indicator_level(t1, val(87.5), interpolate=True) == Decimal("4.5")
    assert indicator_level(t1, val(72), interpolate=True) == Decimal("1.4")
    assert indicator_level(t1, val(95), interpolate=True) == 5
    assert indicator_level(t1, val(60), interpolate=True) == 0
    # strict "below" thresholds are not interpolated
    assert indicator_level(fy2568.indicator("I5"), val(13.5), interpolate=True) == 3


@pytest.mark.parametrize(
    ("score_", "label"),
    [
        (100, "ดีเด่น"),
        (90, "ดีเด่น"),
        (89.99, "ดีมาก"),
        (80, "ดีมาก"),
        (70, "ดี"),
        (60, "พอใช้"),
        (59.99, "ต้องปรับปรุง"),
        (0, "ต้องปรับปรุง"),
    ],
)
def test_rating_bands(score_, label):
    assert rate(Decimal(str(score_))).label_th == label


def test_bands_are_configurable_and_validated(fy2568):
    bands = (Band(Decimal(75), "ผ่าน", "Pass"), Band(Decimal(0), "ไม่ผ่าน", "Fail"))
    report = score(fy2568, {"2001": {"T1": lv(4), "T2": lv(4)}}, bands=bands)
    assert district(report, "2001").rating.label_th == "ไม่ผ่าน"  # 0.5 × 80 + 0 = 40
    with pytest.raises(ScoringError):
        validate_bands(
            (Band(Decimal(60), "a", "a"), Band(Decimal(70), "b", "b"), Band(0, "c", "c"))
        )
    with pytest.raises(ScoringError):
        validate_bands((Band(Decimal(60), "a", "a"),))


def test_display_rounds_half_up_to_two_places():
    assert display(Decimal("72.825")) == Decimal("72.83")
    assert display(Decimal("72.824999")) == Decimal("72.82")
