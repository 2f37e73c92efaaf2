"""core.scoring.explain: the level indicator_level gives, with the reasons the card shows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pramoen.core import IndicatorResult, explain, indicator_level
from pramoen.core.scoring import Source


def _result(**kw):
    return IndicatorResult(**kw)


def test_a_threshold_explanation_checks_every_level_against_the_value(fy2568):
    t1 = fy2568.indicator("T1")
    why = explain(t1, _result(value=Decimal("82")))
    assert why.level == 3
    assert [(c.level, c.holds) for c in why.checks] == [
        (1, True),
        (2, True),
        (3, True),
        (4, False),
        (5, False),
    ]
    assert why.checks[3].criteria[0].criterion.value == 85


def test_a_ladder_ticked_above_a_gap_names_the_gap_and_the_level_left_uncounted(fy2568):
    i6 = fy2568.indicator("I6")
    why = explain(i6, _result(met=frozenset({3})))
    assert why.level == 0 and why.has_gap
    assert why.missing == (1, 2) and why.not_counted == (3,)


def test_numbers_decide_a_ladder_level_before_its_tick(fy2568):
    i4 = fy2568.indicator("I4")
    measure = i4.level(3).criteria[0].measure
    # level 3 ticked, but its number (5 households) is below the criterion (10)
    why = explain(i4, _result(met=frozenset({1, 2, 3}), values={measure: Decimal(5)}))
    assert why.level == 2
    check = why.checks[2]
    assert check.source is Source.NUMBERS and check.ticked and not check.holds
    assert check.tick_ignored


@pytest.mark.parametrize(
    "result",
    [
        None,
        IndicatorResult(value=Decimal("14.5")),
        IndicatorResult(met=frozenset({1, 2, 4})),
        IndicatorResult(level=Decimal(3)),
    ],
)
@pytest.mark.parametrize("code", ["T1", "I1", "I4", "I5", "I6"])
def test_the_explained_level_is_the_scored_level(fy2568, code, result):
    indicator = fy2568.indicator(code)
    assert explain(indicator, result).level == indicator_level(indicator, result)
