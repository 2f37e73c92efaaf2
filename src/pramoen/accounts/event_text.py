"""A person event as a sentence for the user page's history (Thai, or English in English mode);
the stored event stays structured."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .models import PersonEvent, Role

FIELDS = {
    "role": lambda: _("บทบาท"),
    "district": lambda: _("อำเภอ"),
    "work_group": lambda: _("กลุ่มงาน"),
    "name": lambda: _("ชื่อ"),
    "position": lambda: _("ตำแหน่ง"),
    "email": lambda: _("อีเมล"),
}


def _who(user: Any) -> str:
    if user is None:
        return _("ผู้ดูแลระบบ (คำสั่ง pramoen)")
    return str(user.get_full_name() or user.get_username())


def _value(key: str, value: Any) -> str:
    if key == "role" and value in Role.values:
        return str(Role(value).label)
    return str(value) if value else "—"


def person_event_text(event: PersonEvent) -> str:
    actor, person = _who(event.actor), event.person.get_username()
    data = event.data or {}
    kind = event.kind
    if kind == "person_added":
        how = _("ส่งลิงก์ตั้งรหัสผ่านทางอีเมล") if data.get("invited") else _("ตั้งรหัสผ่านสุ่ม")
        return _("%(actor)s เพิ่มผู้ใช้ %(person)s บทบาท%(role)s (%(how)s)") % {
            "actor": actor,
            "person": person,
            "role": _value("role", data.get("role")),
            "how": how,
        }
    if kind == "person_changed":
        changes = "; ".join(
            _("%(field)s จาก %(old)s เป็น %(new)s")
            % {
                "field": FIELDS[k]() if k in FIELDS else k,
                "old": _value(k, old),
                "new": _value(k, new),
            }
            for k, (old, new) in (data.get("changed") or {}).items()
        )
        return _("%(actor)s แก้ไขผู้ใช้ %(person)s: %(changes)s") % {
            "actor": actor,
            "person": person,
            "changes": changes,
        }
    simple = {
        "person_deactivated": _("%(actor)s ปิดบัญชี %(person)s"),
        "person_reactivated": _("%(actor)s เปิดบัญชี %(person)s อีกครั้ง"),
        "person_unlocked": _("%(actor)s ปลดล็อก %(person)s"),
        "password_reset_sent": _("%(actor)s ส่งลิงก์ตั้งรหัสผ่านใหม่ให้ %(person)s"),
        "password_reset_requested": _("%(person)s ขอลิงก์ตั้งรหัสผ่านใหม่ (ลืมรหัสผ่าน)"),
        "password_set_by_link": _("%(person)s ตั้งรหัสผ่านด้วยลิงก์ทางอีเมล"),
        "password_changed": _("%(person)s เปลี่ยนรหัสผ่าน"),
        "person_created_cli": _("%(actor)s สร้างหรือตั้งผู้ใช้ %(person)s ใหม่"),
    }
    template = simple.get(kind)
    if template is None:
        return f"{kind}: {person}"
    return template % {"actor": actor, "person": person}


# Every kind the services record; tests check each has its sentence.
KINDS = (
    "person_added",
    "person_changed",
    "person_deactivated",
    "person_reactivated",
    "person_unlocked",
    "password_reset_sent",
    "password_reset_requested",
    "password_set_by_link",
    "password_changed",
    "person_created_cli",
)
