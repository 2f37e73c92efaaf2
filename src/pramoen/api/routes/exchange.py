"""Bulk exchange through the API: the results template, imports (dry run, then apply) and the
round export. The work is the exchange app's; this only exposes it with the API's rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from pramoen.exchange import services as exchange
from pramoen.exchange.access import get_batch_for_user
from pramoen.exchange.bounds import read_limited
from pramoen.exchange.models import ImportBatch
from pramoen.exchange.sheets import ImportRefused

from ..access import get_province_round_for_user, get_round_for_user
from . import Id, responses

router = Router(tags=["exchange"])

_FILES = {
    "application/json": {"schema": {"type": "object"}},
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}
    },
}


def _file_doc(description: str) -> dict[str, Any]:
    return {"responses": {200: {"description": description, "content": _FILES}}}


class FormatQuery(Schema):
    format: Literal["xlsx", "csv"] = "xlsx"


class ExportQuery(Schema):
    format: Literal["json", "xlsx", "csv"] = "json"


class ImportBatchOut(Schema):
    id: int
    round_id: int
    status: str  # dry_run (may be applied) | rejected (see errors) | applied
    original_name: str
    rows: int
    changes: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    created_at: datetime
    applied_at: datetime | None
    file_removed_at: datetime | None  # never applied, and past the retention: the file is gone


def _batch_out(batch: ImportBatch) -> dict[str, Any]:
    summary = batch.summary or {}
    return {
        "id": batch.pk,
        "round_id": batch.round_id,
        "status": batch.status,
        "original_name": batch.original_name,
        "rows": int(summary.get("rows", 0)),
        "changes": list(summary.get("changes", [])),
        "errors": list(summary.get("errors", [])),
        "created_at": batch.created_at,
        "applied_at": batch.applied_at,
        "file_removed_at": batch.file_removed_at,
    }


def _download(download: exchange.Download) -> HttpResponse:
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


@router.get(
    "/rounds/{round_id}/template",
    response=responses(None),
    operation_id="round_template",
    url_name="round_template",
    summary="The results template for what this user may enter (xlsx or csv)",
    openapi_extra=_file_doc("the template"),
)
def round_template(request: HttpRequest, round_id: Id, query: Query[FormatQuery]) -> Any:
    round_ = get_round_for_user(request, round_id)
    try:
        return _download(
            exchange.results_template(round_=round_, user=request.user, fmt=query.format)
        )
    except ImportRefused as exc:
        raise PermissionDenied(exc) from exc


@router.get(
    "/rounds/{round_id}/export",
    response=responses(None),
    operation_id="round_export",
    url_name="round_export",
    summary="The whole round (definitions and results) as json, xlsx or csv",
    openapi_extra=_file_doc("the export"),
)
def round_export(request: HttpRequest, round_id: Id, query: Query[ExportQuery]) -> Any:
    round_ = get_province_round_for_user(request, round_id)
    return _download(exchange.round_export(round_=round_, fmt=query.format))


@router.post(
    "/rounds/{round_id}/imports",
    response=responses(ImportBatchOut, 400, 409, 413, status=201),
    operation_id="import_check",
    url_name="import_check",
    summary="Upload a filled template or CSV: a dry run listing every change and problem",
)
def import_check(request: HttpRequest, round_id: Id, file: File[UploadedFile]) -> Any:
    round_ = get_round_for_user(request, round_id)
    try:
        batch = exchange.import_check(
            round_=round_, user=request.user, data=read_limited(file), name=file.name or "upload"
        )
    except ImportRefused as exc:
        raise PermissionDenied(exc) from exc
    return Status(201, _batch_out(batch))


@router.get(
    "/imports/{batch_id}",
    response=responses(ImportBatchOut),
    operation_id="import_get",
    url_name="import_get",
    summary="An import batch: its status, planned changes and problems",
)
def import_get(request: HttpRequest, batch_id: Id) -> Any:
    return _batch_out(get_batch_for_user(request, batch_id))


@router.post(
    "/imports/{batch_id}/apply",
    response=responses(ImportBatchOut, 409),
    operation_id="import_apply",
    url_name="import_apply",
    summary="Apply a dry-run batch: every change in one transaction, or none (409)",
)
def import_apply(request: HttpRequest, batch_id: Id) -> Any:
    batch = get_batch_for_user(request, batch_id)
    try:
        batch = exchange.import_apply(batch=batch, user=request.user)
    except ImportRefused as exc:
        raise PermissionDenied(exc) from exc
    return _batch_out(batch)
