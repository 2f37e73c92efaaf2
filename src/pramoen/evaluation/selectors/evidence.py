"""Evidence a district still owes before it submits: what the submit rule
(``services.decisions.evaluation_submit_problems``) and the evaluation page both read."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from ..models import Evaluation, Evidence, Indicator


def lacking_evidence(
    indicators: Iterable[Indicator], has_evidence: Collection[int]
) -> list[Indicator]:
    """The rule, for indicators loaded already (a district's applicable ones, in order): its
    own indicators, not the province-wide ones, whose pk is not among ``has_evidence``."""
    return [i for i in indicators if not i.shared and i.pk not in has_evidence]


def indicators_without_evidence(evaluation: Evaluation) -> list[Indicator]:
    """The district's own indicators (not the province-wide ones, whose evidence is the work
    group's) that have no evidence attached, in the round's order; each says whether the
    province requires evidence there (``evidence_required``). Two queries."""
    own = list(
        Indicator.objects.filter(
            round_id=evaluation.round_id, shared=False, districts=evaluation.district_id
        ).order_by("position")
    )
    with_evidence = set(
        Evidence.objects.filter(
            result__indicator__in=own,
            result__district_id=evaluation.district_id,
            removed_at__isnull=True,
        ).values_list("result__indicator_id", flat=True)
    )
    return lacking_evidence(own, with_evidence)
