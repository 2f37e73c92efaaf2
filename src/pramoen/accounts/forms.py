"""The person form of the province's user page: the fields, nothing else (the services check
every value; their AccountError is shown at the field it names)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import District, Province, Role, WorkGroup

ROLES = [(r.value, r.label) for r in Role if r != Role.DEPARTMENT]


class PersonForm(forms.Form):
    username = forms.CharField(label=_("ชื่อผู้ใช้"), max_length=150)
    full_name = forms.CharField(label=_("ชื่อ-นามสกุล"), max_length=301, required=False)
    position = forms.CharField(label=_("ตำแหน่ง"), max_length=200, required=False)
    email = forms.CharField(label=_("อีเมล"), max_length=254, required=False)
    role = forms.ChoiceField(label=_("บทบาท"), choices=ROLES)
    district = forms.ModelChoiceField(
        label=_("อำเภอ"), queryset=District.objects.none(), required=False
    )
    work_group = forms.ModelChoiceField(
        label=_("กลุ่มงาน"), queryset=WorkGroup.objects.none(), required=False
    )
    invite = forms.ChoiceField(
        label=_("รหัสผ่าน"),
        choices=[
            ("invite", _("ส่งลิงก์ตั้งรหัสผ่านทางอีเมล")),
            ("password", _("สร้างรหัสผ่านสุ่ม แสดงครั้งเดียว")),
        ],
        initial="invite",
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, province: Province, adding: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district_field = self.fields["district"]
        group_field = self.fields["work_group"]
        assert isinstance(district_field, forms.ModelChoiceField)
        assert isinstance(group_field, forms.ModelChoiceField)
        district_field.queryset = District.objects.filter(province=province)
        group_field.queryset = WorkGroup.objects.filter(province=province)
        if not adding:
            del self.fields["invite"]
            self.fields["username"].disabled = True
