from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RoundDeadline

# An <input type=date> reads and writes ISO dates whatever the page's language; the BE date
# is shown beside it.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DeadlineForm(forms.Form):
    submission_due = forms.DateField(label=_("กำหนดอำเภอส่งผล"), required=False, widget=DATE)
    verification_due = forms.DateField(
        label=_("กำหนดกลุ่มงานตรวจสอบเสร็จ"),
        required=False,
        widget=DATE,
    )
    approval_due = forms.DateField(label=_("กำหนดจังหวัดอนุมัติ"), required=False, widget=DATE)
    remind_days = forms.IntegerField(
        label=_("แจ้งเตือนล่วงหน้า (วัน)"), min_value=0, max_value=60, initial=3
    )

    def __init__(self, *args: Any, instance_values: RoundDeadline, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "submission_due": instance_values.submission_due,
                "verification_due": instance_values.verification_due,
                "approval_due": instance_values.approval_due,
                "remind_days": instance_values.remind_days,
            },
        )
        super().__init__(*args, **kwargs)
