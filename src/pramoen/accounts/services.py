"""Writes for the organisation: the province, its districts and work groups, people and their
one membership each.

Each service is one transaction and checks its own inputs, so the command line, the demo, the
benchmarks and the tests all get the same answer (an ``AccountError`` naming the field).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pramoen.core import model as core
from pramoen.core.districts import CHONBURI, WORK_GROUPS, chonburi

from .errors import AccountError
from .models import District, Membership, Province, Role, WorkGroup


def _max_length(model: Any, name: str) -> int:
    length: int = model._meta.get_field(name).max_length
    return length


def _check_text(value: str, *, model: Any, name: str, required: bool, message: str) -> None:
    """A text input fits its column (and is given, when required): a longer one would fail
    on PostgreSQL halfway through the transaction instead of being refused up front."""
    if (required and not value.strip()) or len(value) > _max_length(model, name):
        raise AccountError(message % {"max": _max_length(model, name)}, field=name)


# --- the organisation ------------------------------------------------------------------------


@transaction.atomic
def province_setup(
    *,
    code: str = CHONBURI[0],
    name_th: str = CHONBURI[1],
    name_en: str = CHONBURI[2],
    districts: Sequence[core.District] | None = None,
) -> Province:
    """Create or update the province, its districts (Chonburi's by default) and its four work
    groups. Running it again changes nothing."""
    _check_text(
        code,
        model=Province,
        name="code",
        required=True,
        message=_("รหัสจังหวัดต้องไม่ว่างและยาวไม่เกิน %(max)s ตัวอักษร"),
    )
    _check_text(
        name_th,
        model=Province,
        name="name_th",
        required=True,
        message=_("ชื่อจังหวัด (ภาษาไทย) ต้องไม่ว่างและยาวไม่เกิน %(max)s ตัวอักษร"),
    )
    _check_text(
        name_en,
        model=Province,
        name="name_en",
        required=False,
        message=_("ชื่อจังหวัด (ภาษาอังกฤษ) ยาวไม่เกิน %(max)s ตัวอักษร"),
    )
    province, _created = Province.objects.update_or_create(
        code=code, defaults={"name_th": name_th, "name_en": name_en}
    )
    districts_setup(province=province, districts=chonburi() if districts is None else districts)
    work_groups_setup(province=province)
    return province


def _check_district(district: core.District) -> None:
    code = district.code
    if not code.strip() or len(code) > _max_length(District, "code"):
        raise AccountError(
            _("รหัสอำเภอ %(code)s ต้องไม่ว่างและยาวไม่เกิน %(max)s ตัวอักษร")
            % {"code": code, "max": _max_length(District, "code")},
            field="districts",
        )
    limit = _max_length(District, "name_th")
    if not district.name_th.strip() or max(len(district.name_th), len(district.name_en)) > limit:
        raise AccountError(
            _("อำเภอรหัส %(code)s: ชื่ออำเภอต้องไม่ว่างและยาวไม่เกิน %(max)s ตัวอักษร")
            % {"code": code, "max": limit},
            field="districts",
        )


@transaction.atomic
def districts_setup(*, province: Province, districts: Sequence[core.District]) -> list[District]:
    """Create or update the province's districts. A district code is unique in the whole
    department: one that belongs to another province is refused, never moved over."""
    seen: set[str] = set()
    for d in districts:
        _check_district(d)
        if d.code in seen:
            raise AccountError(
                _("รหัสอำเภอ %(code)s ซ้ำในรายชื่อ") % {"code": d.code}, field="districts"
            )
        seen.add(d.code)
    # the same rule, and message, as restoring a round's export (exchange.restore)
    taken = District.objects.filter(code__in=seen).exclude(province=province).order_by("code")
    if (first := taken.first()) is not None:
        raise AccountError(
            _("รหัสอำเภอ %(code)s เป็นของจังหวัดอื่นในระบบนี้") % {"code": first.code},
            field="districts",
        )
    return [
        District.objects.update_or_create(
            code=d.code,
            defaults={"province": province, "name_th": d.name_th, "name_en": d.name_en},
        )[0]
        for d in districts
    ]


@transaction.atomic
def work_groups_setup(*, province: Province) -> list[WorkGroup]:
    """The four provincial work groups every province has (``core.districts.WORK_GROUPS``)."""
    return [
        WorkGroup.objects.update_or_create(
            province=province,
            code=wg.code,
            defaults={"name_th": wg.name_th, "name_en": wg.name_en},
        )[0]
        for wg in work_groups()
    ]


def work_groups() -> list[core.WorkGroup]:
    return [wg for _stem, wg in WORK_GROUPS]


# --- people ----------------------------------------------------------------------------------


def password_generate() -> str:
    """A fresh random password, shown once to whoever set the account up."""
    return secrets.token_urlsafe(12)


def membership_build(
    *,
    user: Any,
    role: str,
    province: Province | None,
    district: District | None = None,
    work_group: WorkGroup | None = None,
) -> Membership:
    """The (unsaved) membership of ``user`` in one role, its unit checked against the role and
    the province. A unit the role does not take is left out; the department has no province."""
    _check_role(role)
    if role == Role.DEPARTMENT:
        return Membership(user=user, role=role)
    if province is None:
        raise AccountError(_("ผู้ใช้บทบาทนี้ต้องสังกัดจังหวัด"), field="province")
    if role == Role.DISTRICT and district is None:
        raise AccountError(_("ผู้ใช้บทบาทอำเภอต้องระบุรหัสอำเภอ"), field="district")
    if role == Role.WORK_GROUP and work_group is None:
        raise AccountError(_("ผู้ใช้บทบาทกลุ่มงานต้องระบุรหัสกลุ่มงาน"), field="work_group")
    for unit, field in ((district, "district"), (work_group, "work_group")):
        if unit is not None and unit.province_id != province.pk:
            raise AccountError(
                _("%(unit)s (รหัส %(code)s) ไม่อยู่ในจังหวัด%(province)s")
                % {"unit": unit, "code": unit.code, "province": province},
                field=field,
            )
    return Membership(
        user=user,
        role=role,
        province=province,
        district=district if role == Role.DISTRICT else None,
        work_group=work_group if role == Role.WORK_GROUP else None,
    )


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise AccountError(
            _("บทบาทต้องเป็นอย่างใดอย่างหนึ่งใน %(roles)s") % {"roles": ", ".join(Role.values)},
            field="role",
        )


def _check_username(username: str) -> None:
    User = get_user_model()
    limit = _max_length(User, "username")
    try:
        if not username or len(username) > limit:
            raise ValidationError("length")
        User.username_validator(username)
    except ValidationError:
        raise AccountError(
            _("ชื่อผู้ใช้ต้องไม่ว่าง ยาวไม่เกิน %(max)s ตัวอักษร และมีเฉพาะตัวอักษร ตัวเลข และ @ . + - _")
            % {"max": limit},
            field="username",
        ) from None


def _unit(model: Any, code: str | None, province: Province | None, message: str) -> Any:
    if not code or province is None:
        return None
    found = model.objects.filter(code=code, province=province).first()
    if found is None:
        field = "district" if model is District else "work_group"
        raise AccountError(message % {"code": code, "province": province}, field=field)
    return found


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    province: Province | None = None,
    district: str | None = None,
    work_group: str | None = None,
    password: str | None = None,
    full_name: str = "",
    position: str = "",
) -> tuple[Any, str]:
    """Create (or reset) a user with one role in one unit (``district`` and ``work_group`` are
    codes in ``province``). Returns the user and the password set: ``password``, or a fresh
    random one when it is None. ``position`` is printed under the person's name on the forms
    (blank: the role's usual title, ``Membership.position``)."""
    _check_username(username)
    _check_role(role)
    if password is not None and not password.strip():
        raise AccountError(_("รหัสผ่านต้องไม่ว่าง"), field="password")
    User = get_user_model()
    if role == Role.DEPARTMENT:
        province = None  # the department has no province, nor a unit in one
    district_row = _unit(
        District, district, province, _("ไม่พบอำเภอรหัส %(code)s ในจังหวัด%(province)s")
    )
    group_row = _unit(
        WorkGroup, work_group, province, _("ไม่พบกลุ่มงานรหัส %(code)s ในจังหวัด%(province)s")
    )
    user, _created = User.objects.get_or_create(username=username)
    password = password_generate() if password is None else password
    user.set_password(password)
    user.save()
    # The user page's write too (people imports this module, hence here): one membership,
    # name and position checked and saved the same way, and the change recorded.
    from .people import person_save, record

    person_save(
        user=user,
        role=role,
        province=province,
        district=district_row,
        work_group=group_row,
        full_name=full_name,
        position=position,
    )
    record(actor=None, person=user, kind="person_created_cli", role=role)
    return user, password


def membership_language_set(*, membership: Membership, language: str) -> None:
    """Remember the interface language a person chose (one of settings.LANGUAGES)."""
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise AccountError(
            _("ภาษาต้องเป็นอย่างใดอย่างหนึ่งใน %(languages)s")
            % {"languages": ", ".join(dict(settings.LANGUAGES))},
            field="language",
        )
    membership.language = language
    membership.save(update_fields=["language"])
