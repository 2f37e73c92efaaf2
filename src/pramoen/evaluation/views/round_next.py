"""The round page's "start the next round from this one"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pramoen.accounts.http import AuthenticatedHttpRequest

from ..access import get_managed_round_for_user
from ..errors import WorkflowError
from ..services.round_next import round_start_next


@login_required
@require_POST
def round_next(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = get_managed_round_for_user(request, round_id)
    try:
        new = round_start_next(round_=round_, user=request.user)
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return redirect("round_detail", round_id=round_.pk)
    messages.success(
        request,
        _("เริ่มรอบ %(new)s จากรอบ %(old)s แล้ว เป็นร่าง แก้ไขได้ก่อนเปิดใช้")
        % {"new": new.code, "old": round_.code},
    )
    return redirect("round_detail", round_id=new.pk)
