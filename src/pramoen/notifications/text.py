"""A notification as a sentence, in the reader's language (made when shown, from the stored
event): one function for the inbox, the mail's subject and its body."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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
}
KINDS = tuple(SENTENCES)


def sentence(n: Notification) -> str:
    template = SENTENCES.get(n.kind)
    if template is None:
        return n.kind
    data = {"district": "", "round": "", "indicator": "", "reason": "", **(n.data or {})}
    return str(template) % data
