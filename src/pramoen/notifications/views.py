"""The inbox: one's own notifications, newest first, opened (read) or marked read at once,
and how one wants mail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pramoen.accounts.http import AuthenticatedHttpRequest
from pramoen.evaluation.access import get_managed_round_for_user
from pramoen.evaluation.errors import InvalidInput

from . import deadlines, services
from .forms import DeadlineForm
from .models import MailMode, Notification
from .text import sentence


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = services.inbox(request.user)
    return render(
        request,
        "notifications/inbox.html",
        {
            "rows": [(n, sentence(n)) for n in rows],
            "mode": services.mode_of(request.user),
            "modes": MailMode.choices,
        },
    )


@login_required
@require_POST
def notification_open(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    n = Notification.objects.filter(pk=notification_id, recipient=request.user).first()
    if n is None:
        raise Http404
    if n.read_at is None:
        n.read_at = timezone.now()
        n.save(update_fields=["read_at"])
    if not url_has_allowed_host_and_scheme(n.path, allowed_hosts=None):
        return redirect("inbox")
    return redirect(n.path)


@login_required
@require_POST
def inbox_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.mark_read(request.user)
    return redirect("inbox")


@login_required
@require_POST
def inbox_preference(request: AuthenticatedHttpRequest) -> HttpResponse:
    mode = request.POST.get("mail", "")
    if mode not in MailMode.values:
        messages.error(request, _("เลือกวิธีรับการแจ้งเตือนอย่างใดอย่างหนึ่ง"))
    else:
        services.preference_set(request.user, mode)
        messages.success(request, _("บันทึกวิธีรับการแจ้งเตือนแล้ว"))
    return redirect("inbox")


@login_required
@require_http_methods(["GET", "POST"])
def round_deadlines(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    """The province sets the round's due dates; what is overdue today is listed beside them."""
    round_ = get_managed_round_for_user(request, round_id)
    deadline = deadlines.deadline_of(round_)
    form = DeadlineForm(request.POST or None, instance_values=deadline)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                deadlines.deadline_set(
                    round_=round_,
                    user=request.user,
                    submission_due=data["submission_due"],
                    verification_due=data["verification_due"],
                    approval_due=data["approval_due"],
                    remind_days=data["remind_days"],
                )
            except InvalidInput as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("บันทึกกำหนดการของรอบแล้ว"))
                return redirect("round_deadlines", round_id=round_.pk)
        status = 422
    return render(
        request,
        "notifications/deadlines.html",
        {
            "round": round_,
            "form": form,
            "overdue": deadlines.overdue(round_, timezone.localdate()),
        },
        status=status,
    )
