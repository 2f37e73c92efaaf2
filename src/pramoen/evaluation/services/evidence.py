"""Evidence attached to a result: files (checked by ``evaluation.evidence``) and links;
withdrawn, never deleted (the file stays for the history)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import limits, permissions
from ..errors import WorkflowError
from ..models import Evaluation, Evidence, Indicator, Result, ResultStatus
from . import history
from .history import require


def _clean_name(name: str) -> str:
    """The uploaded name as shown back to people: no control characters (a NUL would break
    PostgreSQL), no directories, at most 255 characters."""
    name = "".join(ch for ch in str(name) if ch.isprintable()).replace("/", "_").replace("\\", "_")
    return name.strip()[: limits.MAX_NAME] or "evidence"


def _evidence_result(evaluation: Evaluation, indicator: Indicator, user: Any) -> Result:
    require(permissions.can_enter_result(permissions.membership_of(user), evaluation), "enter")
    if not evaluation.is_editable:
        raise WorkflowError(_("การประเมินนี้ไม่อยู่ในสถานะที่แก้ไขได้"))
    result = Result.objects.filter(indicator=indicator, district_id=evaluation.district_id).first()
    if result is None:
        raise WorkflowError(_("บันทึกผลของตัวชี้วัดนี้ก่อน แล้วจึงแนบหลักฐาน"))
    if result.status in (ResultStatus.SUBMITTED, ResultStatus.VERIFIED):
        raise WorkflowError(_("ผลนี้ส่งแล้ว แนบหลักฐานเพิ่มได้เมื่อถูกส่งกลับเท่านั้น"))
    return result


@transaction.atomic
def evidence_add_file(
    *,
    evaluation: Evaluation,
    indicator: Indicator,
    user: Any,
    upload: Any,
    max_bytes: int | None = None,
) -> Evidence:
    """Attach a file; ``max_bytes`` defaults to ``settings.EVIDENCE_MAX_BYTES``, the one limit
    every door (page, fragment, API) reaches here."""
    from ..evidence import EvidenceTooLarge, sniff

    result = _evidence_result(evaluation, indicator, user)
    limit = settings.EVIDENCE_MAX_BYTES if max_bytes is None else max_bytes
    if upload.size is None or upload.size > limit:
        raise EvidenceTooLarge(limit)
    sniffed = sniff(upload.file)
    item = Evidence(
        result=result,
        original_name=_clean_name(upload.name),
        content_type=sniffed.content_type,
        size=upload.size,
        uploaded_by=user,
    )
    item.file.save("upload", upload, save=False)
    item.save()
    history.record(
        evaluation.round,
        user,
        "evidence_added",
        evaluation=evaluation,
        result=result,
        indicator_code=indicator.code,
        field_name="evidence",
        new={"id": item.pk, "name": item.original_name, "size": item.size},
    )
    return item


@transaction.atomic
def evidence_add_link(
    *, evaluation: Evaluation, indicator: Indicator, user: Any, url: str
) -> Evidence:
    result = _evidence_result(evaluation, indicator, user)
    url = limits.clean_url(url)
    item = Evidence.objects.create(result=result, url=url, uploaded_by=user)
    history.record(
        evaluation.round,
        user,
        "evidence_added",
        evaluation=evaluation,
        result=result,
        indicator_code=indicator.code,
        field_name="evidence",
        new={"id": item.pk, "url": url},
    )
    return item


@transaction.atomic
def evidence_remove(*, evaluation: Evaluation, evidence: Evidence, user: Any) -> None:
    """Evidence is withdrawn, not deleted: the file stays for the history."""
    result = _evidence_result(evaluation, evidence.result.indicator, user)
    if evidence.result_id != result.pk or evidence.removed_at is not None:
        raise WorkflowError(_("ไม่พบหลักฐานนี้"))
    evidence.removed_at = timezone.now()
    evidence.save(update_fields=["removed_at"])
    history.record(
        evaluation.round,
        user,
        "evidence_removed",
        evaluation=evaluation,
        result=result,
        indicator_code=evidence.result.indicator.code,
        field_name="evidence",
        old={"id": evidence.pk, "name": evidence.original_name or evidence.url},
    )
