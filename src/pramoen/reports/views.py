"""Report pages and downloads. Province-wide reports are for those who may see every district
(province, viewers, work groups); a district's form for whoever may see its evaluation (an
approved district's from storage, as it was approved)."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST

from pramoen.accounts.http import AuthenticatedHttpRequest
from pramoen.evaluation.access import (
    get_evaluation_for_user,
    get_province_round_for_user,
    member,
)
from pramoen.evaluation.selectors import visible_rounds

from . import render as files
from .dashboard import dashboard
from .data import round_reports
from .jobs import job_start, jobs_reap_stale
from .models import JobStatus, ReportJob, StoredForm
from .stored import stored_form_of

log = logging.getLogger(__name__)

# province-wide figures include other districts
_get_province_round_for_user = get_province_round_for_user


def _get_job_for_user(request: AuthenticatedHttpRequest, job_id: int) -> ReportJob:
    jobs_reap_stale()  # a job whose worker died is shown failed, with why
    job = ReportJob.objects.select_related("round").filter(pk=job_id).first()
    if job is None:
        raise Http404
    _get_province_round_for_user(request, job.round_id)
    return job


def _stream(form: StoredForm, name: str, fmt: str) -> FileResponse | None:
    """The stored file, streamed from storage; None if storage cannot give it (then the form
    is rendered, as if nothing were stored)."""
    try:
        handle = form.file.open("rb")
    except OSError:
        log.warning("stored form %s: file not readable, rendering instead", form.pk, exc_info=True)
        return None
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=files.CONTENT_TYPES[fmt]
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def province_dashboard(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = _get_province_round_for_user(request, round_id)
    rounds = visible_rounds(member(request))
    return render(
        request,
        "reports/dashboard.html",
        {
            "d": dashboard(round_),
            "round": round_,
            "rounds": rounds,
            "jobs": ReportJob.objects.filter(round=round_, requested_by=request.user)[:5],
        },
    )


@require_GET
@login_required
def district_report(
    request: AuthenticatedHttpRequest, round_id: int, district: str
) -> HttpResponse:
    evaluation = get_evaluation_for_user(request, round_id, district)
    report = round_reports(evaluation.round, district_code=district)[0]
    thai = request.GET.get("digits") == "thai"
    return render(
        request,
        "reports/district.html",
        {"report": report, "round": evaluation.round, "thai": thai},
    )


@require_GET
@login_required
def district_report_file(
    request: AuthenticatedHttpRequest, round_id: int, district: str, fmt: str
) -> HttpResponseBase:
    evaluation = get_evaluation_for_user(request, round_id, district)  # first, always
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    thai = request.GET.get("digits") == "thai"
    # an approved district's form is the one stored at its approval (pramoen.reports.stored)
    form = stored_form_of(
        evaluation, kind=fmt, language=translation.get_language() or "", thai_digits=thai
    )
    if form is not None:
        name = files.filename(evaluation.round, fmt, district)
        if (response := _stream(form, name, fmt)) is not None:
            return response
    data, name = files.render(evaluation.round, fmt=fmt, district=district, thai_digits=thai)
    return files.download(data, name, fmt)


@require_GET
@login_required
def round_csv(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = _get_province_round_for_user(request, round_id)
    data, name = files.render(round_, fmt="csv")
    return files.download(data, name, "csv")


@require_POST
@login_required
def job_create(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = _get_province_round_for_user(request, round_id)
    fmt = request.POST.get("fmt")
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    job = job_start(
        round_=round_, fmt=fmt, user=request.user, thai_digits=request.POST.get("digits") == "thai"
    )
    return redirect("report_job", job_id=job.pk)


@require_GET
@login_required
def job_page(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    job = _get_job_for_user(request, job_id)
    template = "reports/_job.html" if request.htmx else "reports/job.html"
    return render(request, template, {"job": job, "round": job.round})


@require_GET
@login_required
def job_download(request: AuthenticatedHttpRequest, job_id: int) -> FileResponse:
    job = _get_job_for_user(request, job_id)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    try:
        stream = job.file.open("rb")  # through the storage: local disk or the bucket
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=job.filename,
        content_type=files.CONTENT_TYPES[job.fmt],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
