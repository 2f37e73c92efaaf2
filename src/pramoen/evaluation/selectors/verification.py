"""A work group's queue: what waits for its verification, what it verified and may still
withdraw, and the rows a batch names."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet

from pramoen.accounts.models import Membership

from ..models import Evaluation, EvaluationStatus, Result, ResultStatus, Round


def _own(round_: Round, membership: Membership) -> QuerySet[Result]:
    return (
        Result.objects.filter(
            indicator__round=round_,
            indicator__work_group_id=membership.work_group_id,
            district__isnull=False,
        )
        # the unit beside a value comes from the round's snapshot (``round_snapshot``)
        .select_related("indicator__round", "district", "updated_by", "verified_by")
        .order_by("indicator__position", "district__code")
    )


def work_group_withdrawable(round_: Round, membership: Membership) -> QuerySet[Result]:
    """Per-district results this work group verified whose evaluation the province has not
    approved yet: the ones it may still withdraw (the service decides, this only lists)."""
    approved = Evaluation.objects.filter(
        round_id=round_.pk, district_id=OuterRef("district_id"), status=EvaluationStatus.APPROVED
    )
    return _own(round_, membership).filter(status=ResultStatus.VERIFIED).exclude(Exists(approved))


def queue_results(round_: Round, membership: Membership, ids: Iterable[int]) -> list[Result]:
    """The rows a batch names that are this work group's in this round, in queue order; an id
    of anything else is left out (the caller tells the user)."""
    return list(_own(round_, membership).filter(pk__in=list(ids)))
