"""A province's people, managed by its office: add (an invitation by email, or a random password
shown once), change role, unit, name, position or email, deactivate (never delete: the history
names them), reactivate, unlock after the failed-login lock-out, send a password reset.

Every service checks who may (``permissions``) and its inputs itself, is one transaction and
leaves a ``PersonEvent``; the command line's ``createuser`` goes through ``person_save`` too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .errors import AccountError, AccountNotAllowed
from .mail import password_link_send
from .models import District, Membership, PersonEvent, Province, Role, WorkGroup, membership_of
from .services import _check_role, _check_username, _max_length, membership_build, password_generate


@dataclass(frozen=True)
class Added:
    user: Any
    password: str | None  # shown once; None when an invitation was mailed instead


def record(*, actor: Any, person: Any, kind: str, **data: Any) -> PersonEvent:
    m = getattr(person, "membership", None)
    return PersonEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        person=person,
        province_id=m.province_id if m is not None else None,
        kind=kind,
        data=data,
    )


def _require(by: Any, person: Any) -> None:
    if not permissions.can_manage_person(membership_of(by), person):
        raise AccountNotAllowed(_("คุณจัดการผู้ใช้คนนี้ไม่ได้ เฉพาะสำนักงานจังหวัดของผู้ใช้เท่านั้น"))


def _clean_email(email: str, *, person: Any = None) -> str:
    email = email.strip()
    if not email:
        return ""
    if len(email) > _max_length(get_user_model(), "email"):
        raise AccountError(_("อีเมลยาวเกินไป"), field="email")
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError(
            _("อีเมล '%(email)s' ไม่ถูกต้อง") % {"email": email}, field="email"
        ) from None
    taken = get_user_model().objects.filter(email__iexact=email)
    if person is not None:
        taken = taken.exclude(pk=person.pk)
    if taken.exists():
        raise AccountError(
            _("อีเมล %(email)s ใช้กับผู้ใช้อื่นแล้ว ใช้อีเมลอื่น") % {"email": email}, field="email"
        )
    return email


def _clean_name(full_name: str, position: str) -> tuple[str, str, str]:
    first, _sep, last = " ".join(full_name.split()).partition(" ")
    limit = _max_length(get_user_model(), "first_name")
    if max(len(first), len(last)) > limit:
        raise AccountError(
            _("ชื่อและนามสกุลยาวได้ส่วนละไม่เกิน %(max)s ตัวอักษร") % {"max": limit}, field="full_name"
        )
    position = " ".join(position.split())
    limit = _max_length(Membership, "position_th")
    if len(position) > limit:
        raise AccountError(_("ตำแหน่งยาวไม่เกิน %(max)s ตัวอักษร") % {"max": limit}, field="position")
    return first, last, position


@transaction.atomic
def person_save(
    *,
    user: Any,
    role: str,
    province: Province | None,
    district: District | None = None,
    work_group: WorkGroup | None = None,
    full_name: str | None = None,
    position: str | None = None,
    email: str | None = None,
) -> Membership:
    """Set a (saved) user's one membership and, where given, name, position and email: the
    one write behind the page's add and change and the command line's createuser."""
    membership = membership_build(
        user=user, role=role, province=province, district=district, work_group=work_group
    )
    first, last, position_text = _clean_name(full_name or "", position or "")
    if full_name is not None:
        user.first_name, user.last_name = first, last
    if email is not None:
        user.email = _clean_email(email, person=user)
    user.save()
    defaults: dict[str, Any] = {
        "role": membership.role,
        "province": membership.province,
        "district": membership.district,
        "work_group": membership.work_group,
    }
    if position is not None:
        defaults["position_th"] = position_text
    saved, _created = Membership.objects.update_or_create(user=user, defaults=defaults)
    user.membership = saved
    return saved


def _unit_of(province: Province, district: Any, work_group: Any) -> tuple[Any, Any]:
    """Districts and work groups given by object or pk, always of this province."""
    if district is not None and not isinstance(district, District):
        district = District.objects.filter(pk=district, province=province).first()
    if work_group is not None and not isinstance(work_group, WorkGroup):
        work_group = WorkGroup.objects.filter(pk=work_group, province=province).first()
    return district, work_group


@transaction.atomic
def person_add(
    *,
    by: Any,
    province: Province,
    username: str,
    role: str,
    district: Any = None,
    work_group: Any = None,
    full_name: str = "",
    position: str = "",
    email: str = "",
    invite: bool = True,
    base_url: str = "",
) -> Added:
    """A new person of ``province``. ``invite``: mail a set-password link to ``email``
    (required then); otherwise a random password, returned to be shown once."""
    if not permissions.can_manage_people(membership_of(by), province):
        raise AccountNotAllowed(_("เฉพาะสำนักงานจังหวัดเท่านั้นที่เพิ่มผู้ใช้ของจังหวัดได้"))
    username = username.strip()
    _check_username(username)
    _check_role(role)
    if role == Role.DEPARTMENT:
        raise AccountError(_("จังหวัดเพิ่มผู้ใช้ระดับกรมไม่ได้"), field="role")
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(
            _("ชื่อผู้ใช้ %(username)s มีอยู่แล้ว ใช้ชื่ออื่น") % {"username": username}, field="username"
        )
    if invite and not email.strip():
        raise AccountError(_("การเชิญทางอีเมลต้องระบุอีเมล"), field="email")
    district, work_group = _unit_of(province, district, work_group)
    user = User(username=username)
    password = None if invite else password_generate()
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    person_save(
        user=user,
        role=role,
        province=province,
        district=district,
        work_group=work_group,
        full_name=full_name,
        position=position,
        email=email,
    )
    record(actor=by, person=user, kind="person_added", role=role, invited=invite)
    if invite:
        transaction.on_commit(lambda: password_link_send(user, base_url=base_url, kind="invite"))
    return Added(user, password)


@transaction.atomic
def person_change(
    *,
    by: Any,
    person: Any,
    role: str,
    district: Any = None,
    work_group: Any = None,
    full_name: str = "",
    position: str = "",
    email: str = "",
) -> Membership:
    _require(by, person)
    before = _snapshot(person)
    province = person.membership.province
    if role == Role.DEPARTMENT:
        raise AccountError(_("จังหวัดเพิ่มผู้ใช้ระดับกรมไม่ได้"), field="role")
    if person.pk == getattr(by, "pk", None) and role != Role.PROVINCE:
        raise AccountError(_("เปลี่ยนบทบาทของตนเองไม่ได้ ให้เจ้าหน้าที่จังหวัดคนอื่นเปลี่ยนให้"), field="role")
    district, work_group = _unit_of(province, district, work_group)
    saved = person_save(
        user=person,
        role=role,
        province=province,
        district=district,
        work_group=work_group,
        full_name=full_name,
        position=position,
        email=email,
    )
    after = _snapshot(person)
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changed:
        record(actor=by, person=person, kind="person_changed", changed=changed)
    return saved


def _snapshot(person: Any) -> dict[str, Any]:
    m = person.membership
    return {
        "role": m.role,
        "district": m.district.code if m.district else "",
        "work_group": m.work_group.code if m.work_group else "",
        "name": person.get_full_name(),
        "position": m.position_th,
        "email": person.email,
    }


@transaction.atomic
def person_set_active(*, by: Any, person: Any, active: bool) -> None:
    """Deactivate (the person can no longer sign in; their name stays in every history) or
    reactivate."""
    _require(by, person)
    if person.pk == getattr(by, "pk", None):
        raise AccountError(_("ปิดบัญชีของตนเองไม่ได้"), field="active")
    if person.is_active == active:
        return
    person.is_active = active
    person.save(update_fields=["is_active"])
    record(actor=by, person=person, kind="person_reactivated" if active else "person_deactivated")


def is_locked(username: str) -> bool:
    """Whether failed logins have locked ``username`` out now (from any address)."""
    return username in locked_usernames([username])


def locked_usernames(usernames: list[str]) -> set[str]:
    """Those of ``usernames`` that failed logins have locked out now (one query)."""
    from axes.models import AccessAttempt

    since = timezone.now() - timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    return set(
        AccessAttempt.objects.filter(
            username__in=usernames,
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


@transaction.atomic
def person_unlock(*, by: Any, person: Any) -> None:
    from axes.utils import reset

    _require(by, person)
    reset(username=person.get_username())
    record(actor=by, person=person, kind="person_unlocked")


@transaction.atomic
def person_reset_send(*, by: Any, person: Any, base_url: str = "") -> None:
    """Mail the person a link to set a new password (their address must be set)."""
    _require(by, person)
    if not person.email:
        raise AccountError(_("ผู้ใช้นี้ยังไม่มีอีเมล ใส่อีเมลก่อนจึงส่งลิงก์ได้"), field="email")
    record(actor=by, person=person, kind="password_reset_sent")
    transaction.on_commit(lambda: password_link_send(person, base_url=base_url, kind="reset"))


def people_of(*, by: Any, province: Province) -> list[Membership]:
    """The province's people with their units, for the list page."""
    if not permissions.can_view_people(membership_of(by), province):
        raise AccountNotAllowed(_("คุณดูรายชื่อผู้ใช้ของจังหวัดนี้ไม่ได้"))
    return list(
        Membership.objects.filter(province=province)
        .select_related("user", "district", "work_group", "province")
        .order_by("role", "district__code", "work_group__id", "user__username")
    )


def events_of(*, by: Any, province: Province, limit: int = 50) -> list[PersonEvent]:
    if not permissions.can_view_people(membership_of(by), province):
        raise AccountNotAllowed(_("คุณดูรายชื่อผู้ใช้ของจังหวัดนี้ไม่ได้"))
    return list(
        PersonEvent.objects.filter(province=province).select_related("actor", "person")[:limit]
    )
