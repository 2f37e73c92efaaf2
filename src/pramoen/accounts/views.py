"""The province's user page ("Users" in the navigation), and everyone's own password: change
it, or reset it by mail from the login page. Thin doors: who may and what is valid are the
services' answer."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from pramoen.web.clientip import client_ip

from . import people, permissions
from .errors import AccountError, AccountNotAllowed
from .forms import PersonForm
from .http import AuthenticatedHttpRequest
from .mail import password_link_send
from .models import Membership, PasswordResetRequest, Province, Role, membership_of


def _province_for(request: AuthenticatedHttpRequest) -> Province:
    """The province whose people the page shows: one's own, or (the department, read-only)
    the one chosen with ?province=CODE (the first one otherwise)."""
    m = membership_of(request.user)
    if m is not None and m.role == Role.DEPARTMENT:
        code = request.GET.get("province", "")
        province = Province.objects.filter(code=code).first() if code else None
        province = province or Province.objects.order_by("code").first()
    else:
        province = m.province if m is not None else None
    if province is None or not permissions.can_view_people(m, province):
        raise Http404
    return province


def _person_for(request: AuthenticatedHttpRequest, user_id: int) -> Any:
    person = get_user_model().objects.select_related("membership").filter(pk=user_id).first()
    if person is None or not permissions.can_manage_person(membership_of(request.user), person):
        raise Http404
    return person


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@login_required
def people_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    province = _province_for(request)
    members = people.people_of(by=request.user, province=province)
    locked = people.locked_usernames([m.user.username for m in members])
    m = membership_of(request.user)
    return render(
        request,
        "accounts/people.html",
        {
            "province": province,
            "members": members,
            "locked": locked,
            "events": people.events_of(by=request.user, province=province),
            "can_manage": permissions.can_manage_people(m, province),
            "provinces": Province.objects.order_by("code")
            if m and m.role == Role.DEPARTMENT
            else [],
        },
    )


def _apply_error(form: PersonForm, exc: AccountError) -> None:
    field = {"full_name": "full_name", "active": None}.get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    province = _province_for(request)
    if not permissions.can_manage_people(membership_of(request.user), province):
        raise Http404
    form = PersonForm(request.POST or None, province=province, adding=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = people.person_add(
                by=request.user,
                province=province,
                username=data["username"],
                role=data["role"],
                district=data["district"],
                work_group=data["work_group"],
                full_name=data["full_name"],
                position=data["position"],
                email=data["email"],
                invite=data.get("invite", "invite") != "password",
                base_url=_base_url(request),
            )
        except AccountNotAllowed:
            raise Http404 from None
        except AccountError as exc:
            _apply_error(form, exc)
        else:
            if added.password is None:
                messages.success(
                    request,
                    _("เพิ่ม %(username)s แล้ว ส่งลิงก์ตั้งรหัสผ่านไปที่ %(email)s")
                    % {"username": added.user.username, "email": added.user.email},
                )
                return redirect("people")
            return render(
                request,
                "accounts/person_added.html",
                {"person": added.user, "password": added.password},
            )
    status = 422 if request.method == "POST" else 200
    return render(
        request, "accounts/person_form.html", {"form": form, "adding": True}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    person = _person_for(request, user_id)
    m: Membership = person.membership
    assert m.province is not None
    initial = {
        "username": person.username,
        "full_name": person.get_full_name(),
        "position": m.position_th,
        "email": person.email,
        "role": m.role,
        "district": m.district_id,
        "work_group": m.work_group_id,
    }
    form = PersonForm(request.POST or None, initial=initial, province=m.province, adding=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            people.person_change(
                by=request.user,
                person=person,
                role=data["role"],
                district=data["district"],
                work_group=data["work_group"],
                full_name=data["full_name"],
                position=data["position"],
                email=data["email"],
            )
        except AccountError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("บันทึกข้อมูลของ %(username)s แล้ว") % {"username": person})
            return redirect("people")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "accounts/person_form.html",
        {"form": form, "adding": False, "person": person},
        status=status,
    )


ACTIONS = {
    "deactivate": gettext_lazy("ปิดบัญชี %(username)s แล้ว ผู้ใช้นี้เข้าสู่ระบบไม่ได้อีก ชื่อยังอยู่ในประวัติ"),
    "reactivate": gettext_lazy("เปิดบัญชี %(username)s อีกครั้งแล้ว"),
    "unlock": gettext_lazy("ปลดล็อก %(username)s แล้ว เข้าสู่ระบบได้ทันที"),
    "reset": gettext_lazy("ส่งลิงก์ตั้งรหัสผ่านใหม่ให้ %(username)s ทางอีเมลแล้ว"),
}


@login_required
@require_POST
def person_action(request: AuthenticatedHttpRequest, user_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    person = _person_for(request, user_id)
    try:
        if action in ("deactivate", "reactivate"):
            people.person_set_active(by=request.user, person=person, active=action == "reactivate")
        elif action == "unlock":
            people.person_unlock(by=request.user, person=person)
        else:
            people.person_reset_send(by=request.user, person=person, base_url=_base_url(request))
    except AccountError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ACTIONS[action] % {"username": person.username})
    return redirect("people")


# --- one's own password --------------------------------------------------------------------


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        people.record(actor=self.request.user, person=self.request.user, kind="password_changed")
        return response


def _digest(text: str) -> str:
    return hashlib.sha256(text.strip().casefold().encode()).hexdigest()


class PasswordReset(auth_views.PasswordResetView):
    """ "Forgot password": the same answer whether or not the address is known (no account
    enumeration), at most PASSWORD_RESET_LIMIT requests an hour per client and per address,
    and the link mailed by the same code as the province's "send a reset"."""

    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        client = client_ip(request) or "-"
        email = request.POST.get("email", "")
        since = timezone.now() - timedelta(hours=1)
        recent = PasswordResetRequest.objects.filter(at__gte=since)
        limit = settings.PASSWORD_RESET_LIMIT
        if (
            recent.filter(client=client).count() >= limit
            or recent.filter(email_hash=_digest(email)).count() >= limit
        ):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("ขอตั้งรหัสผ่านใหม่บ่อยเกินไป ลองอีกครั้งในอีกหนึ่งชั่วโมง"))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        PasswordResetRequest.objects.create(client=client[:64], email_hash=_digest(email))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        # Invited people who never set a password may ask too (Django's own form skips
        # accounts without a usable password).
        for user in get_user_model().objects.filter(email__iexact=email, is_active=True):
            password_link_send(user, base_url=_base_url(self.request), kind="reset")
            people.record(actor=None, person=user, kind="password_reset_requested")
        return redirect(self.get_success_url())


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        people.record(actor=form.user, person=form.user, kind="password_set_by_link")
        return response
