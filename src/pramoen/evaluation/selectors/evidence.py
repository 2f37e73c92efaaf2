"""Evidence a district still owes before it submits: what the submit rule
(``services.decisions.evaluation_submit_problems``) and the evaluation page both read."""

from __future__ import annotations

from ..models import Evaluation, Evidence, Indicator


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
    return [i for i in own if i.pk not in with_evidence]
