"""Invariants checked on many generated inputs."""

import contextlib
import random
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pramoen.core import DocumentError, IndicatorResult, indicator_level, officialdoc, score
from pramoen.core.scoring import make_shares

COMMON = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@COMMON
@given(st.text())
def test_parsing_arbitrary_text_raises_only_document_error(text):
    with contextlib.suppress(DocumentError):
        officialdoc.parse(text)


@COMMON
@given(data=st.data())
def test_parsing_a_damaged_summary_raises_only_document_error(fy2568_text, data):
    lines = fy2568_text.split("\n")
    edits = data.draw(
        st.lists(st.tuples(st.integers(0, len(lines) - 1), st.text(max_size=40)), max_size=6)
    )
    for index, replacement in edits:
        position = data.draw(st.integers(0, len(lines[index])))
        lines[index] = (
            lines[index][:position] + replacement + lines[index][position + len(replacement) :]
        )
    if data.draw(st.booleans()):
        random.Random(data.draw(st.integers())).shuffle(lines)
    try:
        scorecard = officialdoc.parse("\n".join(lines))
    except DocumentError:
        return
    assert all(ind.id[0] in "TI" for ind in scorecard.indicators)


def _levels(fy2568, draw_level):
    return {
        d.code: {i.id: IndicatorResult(level=draw_level()) for i in fy2568.indicators_for(d.code)}
        for d in fy2568.districts
    }


@COMMON
@given(data=st.data(), share=st.decimals(0, 1, places=2))
def test_scores_stay_within_0_and_100(fy2568, data, share):
    results = _levels(fy2568, lambda: data.draw(st.integers(0, 5)))
    report = score(fy2568, results, shares=make_shares(share))
    for d in report.districts:
        for value in (d.team.score, d.individual.score, d.achievement):
            assert Decimal(0) <= value <= Decimal(100)


@COMMON
@given(data=st.data(), share=st.decimals(0, 1, places=2))
def test_raising_one_level_never_lowers_a_score(fy2568, data, share):
    results = _levels(fy2568, lambda: data.draw(st.integers(0, 4)))
    code = data.draw(st.sampled_from([d.code for d in fy2568.districts]))
    indicator = data.draw(st.sampled_from(sorted(results[code])))
    shares = make_shares(share)
    before = next(
        d for d in score(fy2568, results, shares=shares).districts if d.district.code == code
    )
    raised = dict(results)
    raised[code] = {
        **results[code],
        indicator: IndicatorResult(level=results[code][indicator].level + 1),
    }
    after = next(
        d for d in score(fy2568, raised, shares=shares).districts if d.district.code == code
    )
    assert after.team.score >= before.team.score
    assert after.individual.score >= before.individual.score
    assert after.achievement >= before.achievement


@COMMON
@given(a=st.decimals(0, 100, places=2), b=st.decimals(0, 100, places=2), interpolate=st.booleans())
def test_a_better_value_never_gets_a_lower_level(fy2568, a, b, interpolate):
    low, high = sorted((a, b))
    t1, i5 = fy2568.indicator("T1"), fy2568.indicator("I5")
    assert indicator_level(
        t1, IndicatorResult(value=high), interpolate=interpolate
    ) >= indicator_level(t1, IndicatorResult(value=low), interpolate=interpolate)
    # overdue debt: lower is better
    assert indicator_level(i5, IndicatorResult(value=low)) >= indicator_level(
        i5, IndicatorResult(value=high)
    )
