"""The department-wide overview of one round across every province."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from pramoen.accounts.http import AuthenticatedHttpRequest
from pramoen.evaluation import permissions as rules

from ..models import EvaluationStatus, RoundStatus
from ..selectors import (
    department_overview,
    department_rounds,
)

PAGE_SIZE = 50


def _chosen(
    request: AuthenticatedHttpRequest, available: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The round asked for as ?round=2568-1 when some province has it, else the newest."""
    year, _, number = request.GET.get("round", "").partition("-")
    if year.isdigit() and number.isdigit() and (int(year), int(number)) in available:
        return int(year), int(number)
    return available[0] if available else None


@require_GET
@login_required
def department(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not rules.can_view_department(rules.membership_of(request.user)):
        raise PermissionDenied
    available = department_rounds()
    chosen = _chosen(request, available)
    context: dict[str, object] = {
        "available": available,
        "chosen": chosen,
        # labels looked up once, not through get_status_display on every row
        "status_labels": dict(EvaluationStatus.choices),
        "round_labels": dict(RoundStatus.choices),
        "english": get_language() == "en",
    }
    if chosen is not None:
        overview = department_overview(*chosen)
        province = request.GET.get("province", "")
        summaries = overview.provinces
        selected = next((p for p in summaries if p.round.province.code == province), None)
        districts = selected.rows if selected is not None else overview.ranked
        page = Paginator(districts, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            overview=overview,
            selected=selected,
            page=page,
            offset=page.start_index() - 1 if districts else 0,
            round_code=f"{chosen[0]}-{chosen[1]}",
        )
    return render(request, "evaluation/department.html", context)
