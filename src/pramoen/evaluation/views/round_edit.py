"""The round editor (the province): every field of each indicator of a round's scorecard, the
checker's findings beside the field each concerns as one types, and saving through
``services.round_edit``. Round-level settings keep their form on the round page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pramoen.accounts.http import AuthenticatedHttpRequest
from pramoen.accounts.models import WorkGroup

from ..access import get_indicator, get_managed_round_for_user
from ..errors import ServiceError
from ..models import Indicator, Round, RoundStatus
from ..selectors.round_edit import (
    LEVEL_NUMBERS,
    IndicatorInput,
    editor_checks,
    editor_scorecard,
)
from ..selectors.rounds import round_indicators
from ..services import round_edit as edit

NEW = "new"


def _prefix(indicator: Indicator) -> str:
    return f"i{indicator.pk}"


def input_from_post(post: QueryDict, prefix: str) -> IndicatorInput:
    """What one indicator's form holds, as typed (the service applies the limits)."""

    def value(name: str) -> str:
        return post.get(f"{prefix}-{name}", "")

    return IndicatorInput(
        code=value("code"),
        group=value("group"),
        title=value("title"),
        weight=value("weight"),
        work_group=value("work_group"),
        districts=tuple(post.getlist(f"{prefix}-districts")),
        shared=value("shared") == "1",
        levels=tuple(value(f"level{n}") for n in LEVEL_NUMBERS),
    )


def _typed(post: QueryDict, rows: list[Indicator]) -> dict[int, IndicatorInput]:
    return {r.pk: input_from_post(post, _prefix(r)) for r in rows if f"{_prefix(r)}-code" in post}


def _context(
    round_: Round,
    *,
    typed: dict[int, IndicatorInput] | None = None,
    errors: dict[int | str, dict[str, str]] | None = None,
    added: IndicatorInput | None = None,
    reasons: dict[int, str] | None = None,
) -> dict[str, Any]:
    rows = round_indicators(round_)
    typed = typed or {}
    errors = errors or {}
    checks = editor_checks(editor_scorecard(round_, rows, typed), [r.pk for r in rows])
    districts = list(round_.province.districts.order_by("code"))
    items = []
    for r in rows:
        data = typed.get(r.pk) or IndicatorInput.of(r)
        placed = checks.indicators[r.pk]
        levels = [
            (n, name, text, fs)
            for (n, name, fs), text in zip(placed.level_rows(), data.levels, strict=True)
        ]
        items.append(
            {
                "row": r,
                "prefix": _prefix(r),
                "data": data,
                "levels": levels,
                "errors": errors.get(r.pk, {}),
                "checks": placed,
                "reason": (reasons or {}).get(r.pk, ""),
            }
        )
    return {
        "round": round_,
        "items": items,
        "checks": checks,
        "districts": districts,
        "work_groups": list(WorkGroup.objects.filter(province=round_.province).order_by("code")),
        "levels": LEVEL_NUMBERS,
        "is_draft": round_.status == RoundStatus.DRAFT,
        "is_open": round_.status == RoundStatus.OPEN,
        "editable": round_.status != RoundStatus.CLOSED,
        "new": added
        or IndicatorInput(
            "", "individual", "", "", "", tuple(d.code for d in districts), False, ("",) * 5
        ),
        "new_errors": errors.get(NEW, {}),
    }


@require_GET
@login_required
def round_edit(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = get_managed_round_for_user(request, round_id)
    return render(request, "evaluation/round_edit.html", _context(round_))


@require_POST
@login_required
def round_edit_check(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    """The checker on what is typed, placed beside each field; nothing is written."""
    round_ = get_managed_round_for_user(request, round_id)
    rows = round_indicators(round_)
    typed = _typed(request.POST, rows)
    checks = editor_checks(editor_scorecard(round_, rows, typed), [r.pk for r in rows])
    items = [{"row": r, "prefix": _prefix(r), "checks": checks.indicators[r.pk]} for r in rows]
    return render(
        request,
        "evaluation/_edit_checks.html",
        {"round": round_, "items": items, "checks": checks, "oob": True},
    )


def _field_errors(problems: list[ServiceError]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for p in problems:
        errors.setdefault(getattr(p, "field", "") or "form", p.message)
    return errors


def _rejected(request: AuthenticatedHttpRequest, round_: Round, **context: Any) -> HttpResponse:
    messages.error(request, _("ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อผิดพลาด"))
    return render(request, "evaluation/round_edit.html", _context(round_, **context), status=422)


@require_POST
@login_required
def round_edit_indicator(
    request: AuthenticatedHttpRequest, round_id: int, code: str
) -> HttpResponse:
    round_ = get_managed_round_for_user(request, round_id)
    indicator = get_indicator(round_, code)
    data = input_from_post(request.POST, _prefix(indicator))
    reason = request.POST.get(f"{_prefix(indicator)}-reason", "")
    problems = edit.indicator_update_problems(
        indicator=indicator, user=request.user, data=data, reason=reason
    )
    if not problems:
        try:
            edit.indicator_update(indicator=indicator, user=request.user, data=data, reason=reason)
        except ServiceError as exc:
            problems = [exc]
    if problems:
        return _rejected(
            request,
            round_,
            typed={indicator.pk: data},
            errors={indicator.pk: _field_errors(problems)},
            reasons={indicator.pk: reason},
        )
    messages.success(request, _("บันทึกตัวชี้วัด %(code)s แล้ว") % {"code": data.code.strip()})
    return redirect(reverse("round_edit", args=[round_.pk]) + f"#ind-{indicator.pk}")


@require_POST
@login_required
def round_edit_add(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = get_managed_round_for_user(request, round_id)
    data = input_from_post(request.POST, NEW)
    problems = edit.indicator_add_problems(round_=round_, user=request.user, data=data)
    if not problems:
        try:
            added = edit.indicator_add(round_=round_, user=request.user, data=data)
        except ServiceError as exc:
            problems = [exc]
    if problems:
        return _rejected(request, round_, added=data, errors={NEW: _field_errors(problems)})
    messages.success(request, _("เพิ่มตัวชี้วัด %(code)s แล้ว") % {"code": added.code})
    return redirect(reverse("round_edit", args=[round_.pk]) + f"#ind-{added.pk}")


@require_POST
@login_required
def round_edit_remove(request: AuthenticatedHttpRequest, round_id: int, code: str) -> HttpResponse:
    round_ = get_managed_round_for_user(request, round_id)
    indicator = get_indicator(round_, code)
    try:
        edit.indicator_remove(indicator=indicator, user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("นำตัวชี้วัด %(code)s ออกแล้ว") % {"code": code})
    return redirect("round_edit", round_id=round_.pk)
