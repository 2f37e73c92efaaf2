"""The fiscal year: the province's two rounds side by side (every district), one district's
year (each indicator's level in each round), and the province's table as a file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pramoen.accounts.http import AuthenticatedHttpRequest
from pramoen.reports import year as year_files
from pramoen.reports.render import download

from ..access import get_year_evaluations_for_user, get_year_rounds_for_user
from ..selectors.year import district_year, province_year


@require_GET
@login_required
def year_page(request: AuthenticatedHttpRequest, fiscal_year: int) -> HttpResponse:
    # every district's figures: as a round's overview, not for district officers
    year = province_year(get_year_rounds_for_user(request, fiscal_year))
    return render(request, "evaluation/year.html", {"year": year})


@require_GET
@login_required
def year_district(
    request: AuthenticatedHttpRequest, fiscal_year: int, district: str
) -> HttpResponse:
    evaluations = get_year_evaluations_for_user(request, fiscal_year, district)
    detail = district_year([e.round for e in evaluations], evaluations[0].district)
    return render(request, "evaluation/year_district.html", {"detail": detail})


@require_GET
@login_required
def year_file(request: AuthenticatedHttpRequest, fiscal_year: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx", "pdf"):
        raise Http404
    year = province_year(get_year_rounds_for_user(request, fiscal_year))
    if fmt == "pdf":
        data = year_files.year_pdf(year, thai_digits=request.GET.get("digits") == "thai")
    elif fmt == "csv":
        data = year_files.year_csv(year)
    else:
        data = year_files.year_workbook(year)
    return download(data, year_files.filename(year, fmt), fmt)
