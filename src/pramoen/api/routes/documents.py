"""Checking a KPI summary with the core's parser and checker; nothing is stored."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Router
from ninja.files import UploadedFile

from pramoen.core import DocumentError, decode_document, has_errors
from pramoen.core.report import scorecard_dict
from pramoen.evaluation.services import scorecard_preview

from ..access import member
from ..errors import ApiError, unreadable
from ..schemas import DocumentCheckOut, DocumentIn
from . import responses

router = Router(tags=["documents"])

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024  # as the web app's import page


def _check(request: HttpRequest, text: str, field: str) -> dict[str, Any]:
    # Checked against the caller's own province's districts, as the import preview does.
    province = member(request).province
    assert province is not None  # member() refuses a user without a province
    try:
        scorecard, findings = scorecard_preview(province=province, text=text)
    except DocumentError as exc:
        raise unreadable(exc, field) from exc
    return {**scorecard_dict(scorecard, findings), "has_errors": has_errors(findings)}


@router.post(
    "/check-document",
    response=responses(DocumentCheckOut, 400, 413),
    operation_id="document_check",
    url_name="document_check",
    summary="Check a KPI summary given as text: the core's scorecard and findings",
)
def document_check(request: HttpRequest, payload: DocumentIn) -> Any:
    return _check(request, payload.text, "text")


@router.post(
    "/check-document/upload",
    response=responses(DocumentCheckOut, 400, 413),
    operation_id="document_check_upload",
    url_name="document_check_upload",
    summary="Check a KPI summary given as a UTF-8 text file (multipart field `document`)",
)
def document_check_upload(request: HttpRequest, document: File[UploadedFile]) -> Any:
    if document.size is not None and document.size > MAX_DOCUMENT_BYTES:
        raise ApiError(
            "too-large",
            _("ไฟล์ใหญ่เกิน %(size)s MB"),
            params={"size": MAX_DOCUMENT_BYTES // (1024 * 1024)},
            field="document",
        )
    try:
        text = decode_document(document.read(), name=document.name or "document")
    except DocumentError as exc:
        raise unreadable(exc, "document") from exc
    return _check(request, text, "document")
