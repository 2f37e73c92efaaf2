"""Who may see an import batch: the web pages and the API ask here."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from pramoen.evaluation.access import get_round_for_user, member
from pramoen.evaluation.permissions import can_manage_round

from .models import ImportBatch


def get_batch_for_user(request: HttpRequest, batch_id: int) -> ImportBatch:
    """The uploader's own batches; the province office reads every batch of its rounds.
    Anything else is a 404, so a batch's existence does not leak."""
    batch = ImportBatch.objects.select_related("round", "user").filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    get_round_for_user(request, batch.round_id)
    if batch.user_id != request.user.pk and not can_manage_round(member(request), batch.round):
        raise Http404
    return batch
