"""Rounds: the start page, the list, one round, importing a KPI summary, settings, opening
and closing, entry modes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pramoen.accounts.http import AuthenticatedHttpRequest
from pramoen.accounts.models import Role
from pramoen.core import DocumentError, decode_document, has_errors
from pramoen.evaluation import permissions as rules
from pramoen.notifications import deadlines

from .. import limits, services
from ..access import (
    get_indicator,
    get_managed_round_for_user,
    get_province_round_for_user,
    member,
)
from ..errors import ImportBlocked, ServiceError
from ..models import RoundStatus
from ..selectors import (
    bands_of,
    overview_ranking,
    round_overview,
    status_counts,
    visible_rounds,
    work_group_queue,
)
from ..selectors.findings import round_findings

_IMPORT_KEY = "pramoen_import"


MAX_DOCUMENT_BYTES = 2 * 1024 * 1024


@require_GET
@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    m = rules.membership_of(request.user)
    if m is None:
        return render(request, "evaluation/no_membership.html", status=403)
    if rules.can_view_department(m):
        return redirect("department")
    rounds = visible_rounds(m)
    current = rounds.filter(status=RoundStatus.OPEN).first() or rounds.first()
    if current is None:
        return redirect("round_list")
    if m.role == Role.DISTRICT and m.district is not None:
        return redirect("evaluation", round_id=current.pk, district=m.district.code)
    if m.role == Role.WORK_GROUP:
        return redirect("queue", round_id=current.pk)
    return redirect("round_detail", round_id=current.pk)


@require_GET
@login_required
def round_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    m = member(request)
    return render(
        request,
        "evaluation/round_list.html",
        {"rounds": visible_rounds(m), "can_import": rules.can_import_document(m)},
    )


@require_GET
@login_required
def round_detail(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    # The overview shows every district's scores: a district sees only its own page.
    round_ = get_province_round_for_user(request, round_id)
    m = member(request)
    rows = round_overview(round_)
    can_manage = rules.can_manage_round(m, round_)
    return render(
        request,
        "evaluation/round_detail.html",
        {
            "round": round_,
            "rows": rows,
            "ranked": overview_ranking(rows),
            "findings": round_findings(round_),
            "deadline": deadlines.deadline_of(round_),
            "overdue": deadlines.overdue(round_, timezone.localdate()),
            "counts": status_counts(round_),
            "can_manage": can_manage,
            "can_view_appraisals": rules.can_view_appraisals(m, round_),
            "bands": bands_of(round_),
            "queue_size": (
                work_group_queue(round_, m).count() if rules.can_view_queue(m, round_) else None
            ),
            "draft_indicators": (
                list(round_.indicators.select_related("work_group"))
                if round_.status == RoundStatus.DRAFT and can_manage
                else []
            ),
            "district_indicators": (
                list(round_.indicators.filter(shared=False))
                if can_manage and round_.status != RoundStatus.CLOSED
                else []
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def round_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    m = member(request)
    if not rules.can_import_document(m) or m.province is None:
        raise PermissionDenied(rules.refusal("manage"))
    province = m.province
    context: dict = {}
    upload = request.FILES.get("document")
    if request.method == "POST" and isinstance(upload, UploadedFile):
        try:
            if (upload.size or 0) > MAX_DOCUMENT_BYTES:
                raise DocumentError(
                    _("ไฟล์ใหญ่เกิน %(size)s MB") % {"size": MAX_DOCUMENT_BYTES // (1024 * 1024)}
                )
            text = decode_document(upload.read(), name=upload.name or "")
            scorecard, findings = services.scorecard_preview(province=province, text=text)
        except DocumentError as exc:
            context["error"] = str(exc)
        else:
            request.session[_IMPORT_KEY] = {"text": text, "name": upload.name}
            context.update(
                scorecard=scorecard,
                findings=findings,
                blocked=has_errors(findings),
                weights=scorecard.weights(),
                source_name=upload.name,
            )
    elif request.method == "POST" and request.POST.get("confirm"):
        pending = request.session.get(_IMPORT_KEY)
        if not pending:
            context["error"] = _("ไม่พบเอกสารที่รอนำเข้า กรุณาอัปโหลดใหม่")
        else:
            try:
                round_ = services.scorecard_import(
                    province=province,
                    text=pending["text"],
                    source_name=pending["name"],
                    user=request.user,
                )
            except ImportBlocked as exc:
                context["error"] = exc.message
            else:
                del request.session[_IMPORT_KEY]
                messages.success(
                    request,
                    _("นำเข้ารอบการประเมิน %(round)s แล้ว (ยังไม่เปิดรอบ)") % {"round": round_.code},
                )
                return redirect("round_detail", round_id=round_.pk)
    elif request.method == "POST":
        context["error"] = _("กรุณาเลือกไฟล์เอกสารสรุปตัวชี้วัด")
    return render(
        request,
        "evaluation/round_import.html",
        context,
        status=422 if context.get("error") else 200,
    )


@require_POST
@login_required
def round_settings(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = get_managed_round_for_user(request, round_id)
    try:
        minimums = request.POST.getlist("band_min")
        services.round_settings_update(
            round_=round_,
            user=request.user,
            team_share=limits.parse_share_percent(request.POST.get("team_share", "")),
            bands=limits.clean_band_minimums(minimums, bands_of(round_)) if minimums else None,
            interpolate=request.POST.get("interpolate") == "on",
        )
        messages.success(request, _("บันทึกการตั้งค่าแล้ว"))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("round_detail", round_id=round_id)


@require_POST
@login_required
def round_status(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = get_managed_round_for_user(request, round_id)
    try:
        services.round_set_status(
            round_=round_, user=request.user, status=request.POST.get("status", "")
        )
        messages.success(request, _("เปลี่ยนสถานะรอบการประเมินแล้ว"))
    except (ServiceError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", _("สถานะไม่ถูกต้อง")))
    return redirect("round_detail", round_id=round_id)


@require_POST
@login_required
def round_evidence(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = get_managed_round_for_user(request, round_id)
    try:
        services.round_evidence_update(
            round_=round_, user=request.user, required=set(request.POST.getlist("required"))
        )
        messages.success(request, _("บันทึกตัวชี้วัดที่ต้องแนบหลักฐานแล้ว"))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("round_detail", round_id=round_id)


@require_POST
@login_required
def indicator_entry(request: AuthenticatedHttpRequest, round_id: int, code: str) -> HttpResponse:
    round_ = get_managed_round_for_user(request, round_id)
    indicator = get_indicator(round_, code)
    try:
        services.indicator_set_shared(
            indicator=indicator, user=request.user, shared=request.POST.get("shared") == "1"
        )
        messages.success(request, _("เปลี่ยนวิธีบันทึกผลของ %(code)s แล้ว") % {"code": code})
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("round_detail", round_id=round_id)
