"""Import and export pages. Who may do what:

* the round's exchange page: everyone of the province who may see the round;
* results template and import: district officers (their district), work groups (their
  indicators), the province (everything); viewers may not import;
* an import batch (its dry run, its file): the user who uploaded it, and the province office,
  which reads every import of its rounds; applying it: only the user who uploaded it;
* whole-round exports: those who may see every district (province, viewers, work groups).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from pramoen.accounts.http import AuthenticatedHttpRequest
from pramoen.evaluation import permissions as rules
from pramoen.evaluation.access import get_province_round_for_user, get_round_for_user, member
from pramoen.evaluation.models import Round

from . import services
from .access import get_batch_for_user
from .bounds import MAX_BYTES, read_limited
from .models import ImportBatch
from .sheets import COLUMNS, ImportRefused, scope_for

ACTIONS = {
    "entry": gettext_lazy("ผลที่อำเภอรายงาน"),
    "verify": gettext_lazy("ตรวจสอบ"),
    "shared": gettext_lazy("ผลระดับจังหวัด"),
}


def _get_import_round_for_user(request: AuthenticatedHttpRequest, round_id: int) -> Round:
    round_ = get_round_for_user(request, round_id)
    try:
        scope_for(request.user, round_)
    except ImportRefused:
        raise PermissionDenied from None
    return round_


def _get_export_round_for_user(request: AuthenticatedHttpRequest, round_id: int) -> Round:
    # a whole-round export holds every district's results
    return get_province_round_for_user(request, round_id)


def _download(download: services.Download) -> HttpResponse:
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _page(
    request: AuthenticatedHttpRequest, round_: Round, *, error: str = "", status: int = 200
) -> HttpResponse:
    m = member(request)
    batches = ImportBatch.objects.filter(round=round_).select_related("user")
    if not rules.can_manage_round(m, round_):
        batches = batches.filter(user=request.user)
    return render(
        request,
        "exchange/round.html",
        {
            "round": round_,
            "can_import": rules.can_import_results(m, round_),
            "can_export": rules.can_view_province_figures(m, round_),
            "role": m.role,
            "batches": batches[:20],
            "error": error,
            "max_mb": MAX_BYTES // (1024 * 1024),
        },
        status=status,
    )


@require_GET
@login_required
def round_page(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    return _page(request, get_round_for_user(request, round_id))


@require_GET
@login_required
def template_download(request: AuthenticatedHttpRequest, round_id: int, fmt: str) -> HttpResponse:
    round_ = _get_import_round_for_user(request, round_id)
    if fmt not in ("xlsx", "csv"):
        raise Http404
    return _download(services.results_template(round_=round_, user=request.user, fmt=fmt))


@require_POST
@login_required
def import_upload(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = _get_import_round_for_user(request, round_id)
    upload = request.FILES.get("file")
    if upload is None:
        return _page(request, round_, error=_("กรุณาเลือกไฟล์ Excel หรือ CSV"), status=422)
    try:
        batch = services.import_check(
            round_=round_,
            user=request.user,
            data=read_limited(upload),
            name=upload.name or "upload",
        )
    except services.ImportTooLarge as exc:
        return _page(request, round_, error=exc.message, status=413)
    return redirect("exchange:batch", batch_id=batch.pk)


def _error_rows(batch: ImportBatch) -> list[dict[str, Any]]:
    return [{**e, "label": str(COLUMNS.get(str(e["field"]), ""))} for e in batch.errors]


def _change_rows(batch: ImportBatch) -> list[dict[str, Any]]:
    return [{**c, "action_label": ACTIONS.get(str(c["action"]), "")} for c in batch.changes]


@require_GET
@login_required
def batch_page(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    batch = get_batch_for_user(request, batch_id)
    return render(
        request,
        "exchange/batch.html",
        {
            "batch": batch,
            "round": batch.round,
            "errors": _error_rows(batch),
            "changes": _change_rows(batch),
            "is_owner": batch.user_id == request.user.pk,
            "apply_error": batch.summary.get("apply_error", ""),
            "retention_days": settings.IMPORT_RETENTION_DAYS,
        },
    )


@require_POST
@login_required
def batch_apply(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    batch = get_batch_for_user(request, batch_id)
    if batch.user_id != request.user.pk:
        raise PermissionDenied
    try:
        batch = services.import_apply(batch=batch, user=request.user)
    except ImportRefused:
        raise PermissionDenied from None
    except services.ImportFailed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("นำเข้าแล้ว %(rows)s แถว บันทึกในประวัติแล้ว") % {"rows": len(batch.changes)}
        )
    return redirect("exchange:batch", batch_id=batch.pk)


@require_GET
@login_required
def batch_file(request: AuthenticatedHttpRequest, batch_id: int) -> FileResponse:
    batch = get_batch_for_user(request, batch_id)
    if batch.file_removed_at is not None or not batch.file:
        raise Http404  # never applied, and past the retention (the page says when it went)
    try:
        stream = batch.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=batch.original_name or f"import-{batch.pk}.{batch.format}",
        content_type=services.CONTENT_TYPES[batch.format],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def round_export(request: AuthenticatedHttpRequest, round_id: int, fmt: str) -> HttpResponse:
    round_ = _get_export_round_for_user(request, round_id)
    if fmt not in ("json", "csv", "xlsx"):
        raise Http404
    return _download(services.round_export(round_=round_, fmt=fmt))
