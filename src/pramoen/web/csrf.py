"""The page for a form refused by the CSRF check: ours (Thai first, in the site's frame),
not Django's plain English one. It happens to real people: a form left open past the session,
or a page kept from before logging in again."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    message = _(
        "ส่งแบบฟอร์มนี้ไม่ได้ เพราะหน้านี้เปิดค้างไว้นานหรือเปิดไว้ก่อนเข้าสู่ระบบครั้งล่าสุด "
        "(การตรวจสอบความปลอดภัยของแบบฟอร์มไม่ผ่าน) กรุณาโหลดหน้านี้ใหม่แล้วลองอีกครั้ง"
    )
    return render(request, "403.html", {"exception": message, "csrf_failed": True}, status=403)
