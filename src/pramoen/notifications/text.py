"""A notification as a sentence, in the reader's language (made when shown, from the stored
event): one function for the inbox, the mail's subject and its body."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from pramoen.evaluation.templatetags.pramoen import thaidate

from .models import Notification

SENTENCES = {
    "submitted": _("อำเภอ%(district)sส่งผลการประเมินรอบ %(round)s แล้ว รอกลุ่มงานตรวจสอบ"),
    "result_returned": _("ตัวชี้วัด %(indicator)s ของอำเภอ%(district)s ถูกส่งกลับแก้ไข: %(reason)s"),
    "all_verified": _("ตัวชี้วัดทุกตัวของอำเภอ%(district)s รอบ %(round)s ตรวจสอบแล้ว รออนุมัติ"),
    "approved": _("ผลการประเมินของอำเภอ%(district)s รอบ %(round)s ได้รับอนุมัติแล้ว"),
    "reopened": _("ผลการประเมินของอำเภอ%(district)s รอบ %(round)s ถูกเปิดแก้ไขใหม่: %(reason)s"),
    "evaluation_returned": _(
        "ผลการประเมินของอำเภอ%(district)s รอบ %(round)s ถูกส่งกลับแก้ไข: %(reason)s"
    ),
    "submission_due": _("อำเภอ%(district)s ยังไม่ได้ส่งผลรอบ %(round)s กำหนดส่งวันที่ %(due)s"),
    "submission_overdue": _("อำเภอ%(district)s ส่งผลรอบ %(round)s เลยกำหนดแล้ว (กำหนดส่งวันที่ %(due)s)"),
    "submission_overdue_province": _(
        "รอบ %(round)s: %(count)s อำเภอยังไม่ได้ส่งผล เลยกำหนดส่งวันที่ %(due)s แล้ว"
    ),
    "verification_due": _("มีผลรอตรวจสอบในรอบ %(round)s กำหนดตรวจสอบเสร็จวันที่ %(due)s"),
    "verification_overdue": _("มีผลรอตรวจสอบในรอบ %(round)s เลยกำหนดตรวจสอบวันที่ %(due)s แล้ว"),
}
KINDS = tuple(SENTENCES)


def sentence(n: Notification) -> str:
    template = SENTENCES.get(n.kind)
    if template is None:
        return n.kind
    data: dict[str, Any] = {"district": "", "round": "", "indicator": "", "reason": "", "count": 0}
    data.update(n.data or {})
    due = data.get("due")
    if isinstance(due, str):
        data["due"] = thaidate(date.fromisoformat(due))
    return str(template) % data
