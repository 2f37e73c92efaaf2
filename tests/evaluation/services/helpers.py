"""A district's results submitted and waiting for its work groups, as the queue shows them."""

from __future__ import annotations

from pramoen.evaluation import services
from pramoen.evaluation.models import Evaluation, Result, Round
from pramoen.testing import factories


def submitted(round_: Round, users, district: str = "2001") -> Evaluation:
    """Every indicator of ``district`` entered by its officer and submitted (I5, reported at
    level 5, belongs to wg-coordination; I1, I2a and I6 to wg-promotion)."""
    ev = factories.results_entered(round_=round_, user=users[f"d{district}"])
    return services.evaluation_submit(evaluation=ev, user=users[f"d{district}"], version=ev.version)


def result(code: str, district: str = "2001") -> Result:
    return Result.objects.select_related("indicator__round", "district").get(
        indicator__code=code, district__code=district
    )


def everything_verified(round_: Round, users, district: str = "2001") -> Evaluation:
    """Submitted, the province-wide results entered, every result verified: ready to approve."""
    submitted(round_, users, district)
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_verified(round_=round_, users=users, district=district)
    return Evaluation.objects.get(round=round_, district__code=district)
