"""Building the evaluation page's context: indicators, results, forms, scores; and its history
(a fragment of its own, loaded when the reader reaches it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pramoen.accounts.models import Membership
from pramoen.core import model as core
from pramoen.evaluation import permissions as access

from .forms import ResultForm, initial_form
from .history_text import HistoryLine, history_lines
from .models import Evaluation, Evidence, HistoryEvent, Indicator, Result, ResultStatus
from .selectors import (
    core_indicator,
    district_scorecard,
    evaluation_results,
    score_evaluation,
)
from .selectors.evidence import lacking_evidence


@dataclass
class IndicatorCard:
    indicator: Indicator
    core: core.Indicator
    result: Result | None
    form: ResultForm
    evidence: list[Evidence]
    editable: bool
    message: str = ""
    error: str = ""

    @property
    def is_ladder(self) -> bool:
        return self.core.kind is core.Kind.LADDER

    @property
    def status(self) -> str:
        return self.result.status if self.result else "empty"


def card_editable(
    m: Membership | None, evaluation: Evaluation, indicator: Indicator, result: Result | None
) -> bool:
    if indicator.shared or not access.can_edit_evaluation(m, evaluation):
        return False
    return result is None or result.status in (ResultStatus.DRAFT, ResultStatus.RETURNED)


def build_card(
    m: Membership | None,
    evaluation: Evaluation,
    indicator: Indicator,
    result: Result | None,
    *,
    form: ResultForm | None = None,
) -> IndicatorCard:
    ci = core_indicator(indicator)
    evidence = (
        [e for e in result.evidence.all() if e.removed_at is None] if result is not None else []
    )
    return IndicatorCard(
        indicator=indicator,
        core=ci,
        result=result,
        form=form or initial_form(ci, result, interpolate=evaluation.round.interpolate),
        evidence=evidence,
        editable=card_editable(m, evaluation, indicator, result),
    )


def evaluation_context(
    m: Membership | None, evaluation: Evaluation, *, replace: IndicatorCard | None = None
) -> dict[str, Any]:
    """Everything the evaluation page shows; ``replace`` puts a card (say, one with the
    user's rejected input and its errors) in place of the saved one."""
    round_ = evaluation.round
    # One conversion to the core's form serves both the cards and the scores.
    indicators, scorecard = district_scorecard(round_, evaluation.district)
    results = evaluation_results(evaluation, indicators)
    evidence: dict[int, list[Evidence]] = {}
    for e in Evidence.objects.filter(
        result__in=[r.pk for r in results.values()], removed_at__isnull=True
    ):
        evidence.setdefault(e.result_id, []).append(e)
    cards = []
    for indicator in indicators:
        result = results.get(indicator.code)
        ci = scorecard.indicator(indicator.code)
        assert ci is not None
        cards.append(
            IndicatorCard(
                indicator=indicator,
                core=ci,
                result=result,
                form=initial_form(ci, result, interpolate=round_.interpolate),
                evidence=evidence.get(result.pk, []) if result else [],
                editable=card_editable(m, evaluation, indicator, result),
            )
        )
    if replace is not None:
        cards = [replace if c.indicator.pk == replace.indicator.pk else c for c in cards]
    scores = score_evaluation(scorecard, round_, evaluation.district, results.values())
    can_edit = access.can_edit_evaluation(m, evaluation)
    return {
        "evaluation": evaluation,
        "round": round_,
        "cards": cards,
        "team_cards": [c for c in cards if c.indicator.group == "team"],
        "individual_cards": [c for c in cards if c.indicator.group == "individual"],
        "scores": scores,
        # what was sent back, first on the page (each links to its card)
        "returned_cards": [c for c in cards if c.status == ResultStatus.RETURNED],
        # from the cards, which hold their evidence already (no more queries)
        "without_evidence": (
            lacking_evidence(indicators, {c.indicator.pk for c in cards if c.evidence})
            if can_edit
            else []
        ),
        "can_edit": can_edit,
        "can_decide": access.can_decide(m, evaluation),
        "can_view_appraisal": access.can_view_appraisal(m, evaluation),
    }


def evaluation_history(
    evaluation: Evaluation, *, limit: int | None = None, appraisal: bool = True
) -> list[HistoryLine]:
    """The evaluation's history in sentences, newest first (``limit``: the newest so many);
    without the appraisal's steps unless ``appraisal`` (``permissions.can_view_appraisal``)."""
    events = (
        HistoryEvent.objects.filter(evaluation=evaluation)
        .select_related("actor")
        .order_by("-at", "-id")
    )
    if not appraisal:
        events = events.exclude(action__startswith="appraisal_")
    return history_lines(events[:limit] if limit is not None else events)
