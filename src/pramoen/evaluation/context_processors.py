"""The status and role enums in every template, so that templates compare through them
(``round.status == RoundStatus.DRAFT``) rather than restating their stored strings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pramoen.accounts.models import Role
from pramoen.exchange.models import ImportStatus
from pramoen.reports.models import JobStatus

from .models import EvaluationStatus, ResultStatus, RoundStatus

_ENUMS = {
    "Role": Role,
    "RoundStatus": RoundStatus,
    "EvaluationStatus": EvaluationStatus,
    "ResultStatus": ResultStatus,
    "ImportStatus": ImportStatus,
    "JobStatus": JobStatus,
}


def statuses(request: HttpRequest) -> dict[str, Any]:
    return _ENUMS
