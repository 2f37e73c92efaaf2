"""A work group's queue: verify, return or withdraw one result (a page POST or its htmx
fragment), a batch of the selected rows, and the province-wide results it enters.

Every row is one form's fields named by the result (``level-12``, ``comment-12``…), so the
whole queue is one form that works without JavaScript: a row's buttons post to that row's URL,
the batch buttons to the queue's. A refused entry comes back with what was typed and the
service's message beside its field; nothing is restated here, the services decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pramoen.accounts.http import AuthenticatedHttpRequest
from pramoen.core.model import first_unit
from pramoen.core.thai import decimal_text
from pramoen.evaluation import permissions as rules

from .. import limits, services
from ..access import get_indicator, get_round_for_user, get_verifiable_result_for_user, member
from ..errors import BatchRefused, InvalidInput, ServiceError
from ..forms import initial_form, parse_result_form
from ..models import Result, ResultStatus, Round
from ..selectors import (
    core_indicator,
    queue_results,
    round_snapshot,
    work_group_queue,
    work_group_withdrawable,
)

ROW_FIELDS = ("level", "comment", "reason")


@dataclass
class Row:
    """One queue row as shown: the result, what is typed in it, and what was said about it."""

    result: Result
    level: str = ""
    comment: str = ""
    reason: str = ""
    selected: bool = False
    errors: dict[str, str] = field(default_factory=dict)  # field ("" for the row) -> message
    message: str = ""

    @property
    def pk(self) -> int:
        return self.result.pk

    @property
    def unit(self) -> str:
        indicator = self.result.indicator
        return first_unit(round_snapshot(indicator.round).levels.get(indicator.pk, ()))

    @property
    def verified(self) -> bool:
        return self.result.status == ResultStatus.VERIFIED

    @property
    def returned(self) -> bool:
        return self.result.status == ResultStatus.RETURNED

    def refuse(self, exc: ServiceError) -> None:
        name = exc.field if isinstance(exc, InvalidInput) else ""
        self.errors[name if name in ROW_FIELDS else ""] = exc.message


def _fresh(row_or_result: Row | Result) -> Row:
    result = row_or_result.result if isinstance(row_or_result, Row) else row_or_result
    default = decimal_text(result.self_level) if result.self_level is not None else ""
    return Row(result=result, level=default)


def _typed(result: Result, post: QueryDict) -> Row:
    """A row with what was typed in it; a bare ``level``/``comment``/``reason`` (a form of one
    row, a script) counts as this row's."""

    def value(name: str) -> str:
        return str(post.get(f"{name}-{result.pk}", post.get(name, "")))

    return Row(
        result=result,
        level=value("level"),
        comment=value("comment"),
        reason=value("reason"),
        selected=str(result.pk) in post.getlist("selected"),
    )


def _version(result: Result, post: QueryDict) -> int:
    return limits.parse_version(post.get(f"version-{result.pk}", post.get("version", "0")))


def _require_work_group(request: AuthenticatedHttpRequest, round_: Round) -> Any:
    m = member(request)
    if not rules.can_view_queue(m, round_):
        raise PermissionDenied
    return m


def _shared_cards(round_: Round, m: Any, *, override: tuple[str, Any] | None = None) -> list:
    cards = []
    results = {
        r.indicator_id: r
        for r in Result.objects.filter(
            indicator__round=round_,
            indicator__work_group_id=m.work_group_id,
            district__isnull=True,
        )
    }
    # only this group's province-wide indicators are read (not the round's every indicator)
    own_shared = (
        round_.indicators.filter(shared=True, work_group_id=m.work_group_id).select_related(
            "work_group"
        )  # levels and districts: the round's snapshot (core_indicator)
    )
    for indicator in own_shared:
        ci = core_indicator(indicator)
        result = results.get(indicator.pk)
        form = initial_form(ci, result)
        if override and override[0] == indicator.code:
            form = override[1]
        # The page asks the save's own rule whether the card takes input now (round open,
        # no district approved): once locked it is shown, with why, and not offered.
        locked = services.shared_result_save_problems(indicator=indicator, user=m.user)
        cards.append(
            {
                "indicator": indicator,
                "core": ci,
                "result": result,
                "form": form,
                "is_ladder": ci.kind.value == "ladder",
                "locked": locked[0].message if locked else "",
            }
        )
    return cards


def _queue_context(
    round_: Round, m: Any, *, rows: dict[int, Row] | None = None, **extra: Any
) -> dict[str, Any]:
    rows = rows or {}
    awaiting = [rows.get(r.pk) or _fresh(r) for r in work_group_queue(round_, m)]
    verified = [rows.get(r.pk) or _fresh(r) for r in work_group_withdrawable(round_, m)]
    # A refused row stays on the page with what was typed, even when it no longer belongs in
    # a list (approved meanwhile, returned by someone else): the refusal says why.
    shown = {row.pk for row in (*awaiting, *verified)}
    for row in rows.values():
        if row.pk not in shown and row.errors:
            (verified if row.verified else awaiting).append(row)
    return {
        "round": round_,
        "awaiting": awaiting,
        "verified": verified,
        "work_group": m.work_group,
        **extra,
    }


def _page(request: AuthenticatedHttpRequest, round_: Round, m: Any, **kwargs: Any) -> Any:
    context = _queue_context(round_, m, **kwargs)
    context.setdefault("shared", _shared_cards(round_, m))
    return render(request, "evaluation/queue.html", context, status=422)


@require_GET
@login_required
def queue(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for_user(request, round_id)
    m = _require_work_group(request, round_)
    context = _queue_context(round_, m, shared=_shared_cards(round_, m))
    return render(request, "evaluation/queue.html", context)


def _one(request: AuthenticatedHttpRequest, result_id: int, act: Any, done: str) -> HttpResponse:
    """One row's action: ``act(result, row, version)`` calls the service; ``done`` is the
    message (formatted with the indicator and district). htmx gets the row back (200, so it is
    swapped in, refused or not); a page a redirect, or the queue again with the row as typed."""
    result = get_verifiable_result_for_user(request, result_id)
    round_ = result.indicator.round
    row = _typed(result, request.POST)
    try:
        act(result, row, _version(result, request.POST))
    except ServiceError as exc:
        row.refuse(exc)
        if not request.htmx:
            # the page opens at the top: say there which row, beside the field what
            messages.error(request, f"{result.indicator.code} {result.district}: {exc.message}")
            return _page(request, round_, member(request), rows={row.pk: row})
    else:
        row = _fresh(
            Result.objects.select_related("indicator__round", "district", "verified_by").get(
                pk=result.pk
            )
        )
        row.message = done % {"code": result.indicator.code, "district": result.district}
        if not request.htmx:
            messages.success(request, row.message)
            return redirect(reverse("queue", args=[round_.pk]) + f"#item-{result.pk}")
    m = member(request)
    return render(
        request,
        "evaluation/_queue_item.html",
        {
            "row": row,
            "round": round_,
            "oob": True,
            "awaiting_count": work_group_queue(round_, m).count(),
            "verified_count": work_group_withdrawable(round_, m).count(),
        },
    )


def _verify(request: AuthenticatedHttpRequest, result_id: int) -> HttpResponse:
    def act(result: Result, row: Row, version: int) -> None:
        services.result_verify(
            result=result,
            user=request.user,
            level=limits.parse_level(row.level, whole=False),
            comment=row.comment,
            version=version,
        )

    return _one(request, result_id, act, _("ตรวจสอบ %(code)s ของอำเภอ%(district)s แล้ว"))


def _return(request: AuthenticatedHttpRequest, result_id: int) -> HttpResponse:
    def act(result: Result, row: Row, version: int) -> None:
        services.result_return(result=result, user=request.user, reason=row.reason, version=version)

    return _one(request, result_id, act, _("ส่ง %(code)s กลับให้อำเภอ%(district)sแก้ไขแล้ว"))


def _withdraw(request: AuthenticatedHttpRequest, result_id: int) -> HttpResponse:
    def act(result: Result, row: Row, version: int) -> None:
        services.result_withdraw(
            result=result, user=request.user, reason=row.reason, version=version
        )

    return _one(
        request, result_id, act, _("ถอนการยืนยัน %(code)s ของอำเภอ%(district)s แล้ว รอตรวจสอบใหม่")
    )


ROW_ACTIONS = {"verify": _verify, "return": _return, "withdraw": _withdraw}


@require_POST
@login_required
def result_verify(request: AuthenticatedHttpRequest, result_id: int) -> HttpResponse:
    return _verify(request, result_id)


@require_POST
@login_required
def result_return(request: AuthenticatedHttpRequest, result_id: int) -> HttpResponse:
    return _return(request, result_id)


@require_POST
@login_required
def result_withdraw(request: AuthenticatedHttpRequest, result_id: int) -> HttpResponse:
    return _withdraw(request, result_id)


def _batch_items(
    request: AuthenticatedHttpRequest, results: list[Result], rows: dict[int, Row]
) -> tuple[list[services.VerifyItem], list[tuple[Result, int]], dict[int, ServiceError]]:
    """The selected rows as the batch services take them (to verify, to return), and the
    rows whose level or version is not even a number (the services report them with theirs)."""
    verify: list[services.VerifyItem] = []
    back: list[tuple[Result, int]] = []
    refused: dict[int, ServiceError] = {}
    verifying = request.POST.get("do") == "verify-selected"
    for result in results:
        row = rows[result.pk]
        try:
            version = _version(result, request.POST)
            if verifying:
                level = limits.parse_level(row.level, whole=False)
                verify.append(services.VerifyItem(result, version, level, row.comment))
            else:
                back.append((result, version))
        except InvalidInput as exc:
            refused[result.pk] = exc
    return verify, back, refused


@require_POST
@login_required
def queue_decide(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    """The batch: the selected rows verified each at its typed level, or returned with one
    reason; all or none. Without JavaScript a row's own button posts here too (``do`` is
    ``verify:<id>``, ``return:<id>`` or ``withdraw:<id>``) and is sent on to that row's view."""
    round_ = get_round_for_user(request, round_id)
    m = _require_work_group(request, round_)
    do = str(request.POST.get("do", ""))
    action, _sep, target = do.partition(":")
    if action in ROW_ACTIONS and target.isdigit() and len(target) < 10:
        return ROW_ACTIONS[action](request, int(target))
    ids = [int(i) for i in request.POST.getlist("selected") if i.isdigit() and len(i) < 10]
    results = queue_results(round_, m, ids)
    rows = {r.pk: _typed(r, request.POST) for r in results}
    bulk_reason = str(request.POST.get("bulk_reason", ""))
    error = ""
    try:
        if do not in ("verify-selected", "return-selected"):
            raise InvalidInput(_("ข้อมูลฟอร์มไม่ถูกต้อง กรุณาโหลดหน้าใหม่"))
        verify, back, refused = _batch_items(request, results, rows)
        if do == "verify-selected":
            services.results_verify(items=verify, user=request.user, refused=refused)
            done = _("ยืนยันผลแล้ว %(count)s รายการ")
        else:
            services.results_return(
                items=back, user=request.user, reason=bulk_reason, refused=refused
            )
            done = _("ส่งกลับให้อำเภอแก้ไขแล้ว %(count)s รายการ")
    except BatchRefused as exc:
        error = exc.message
        # the rows' objects took the undone changes in memory: show them as stored
        for fresh in queue_results(round_, m, rows):
            rows[fresh.pk].result = fresh
        for pk, refusal in exc.refused.items():
            rows[pk].refuse(refusal)
    except ServiceError as exc:
        error = exc.message
    else:
        if not request.htmx:
            messages.success(request, done % {"count": len(results)})
            return redirect("queue", round_id=round_.pk)
        context = _queue_context(round_, m, bulk_message=done % {"count": len(results)})
        return render(request, "evaluation/_queue.html", context)
    context = _queue_context(round_, m, rows=rows, bulk_error=error, bulk_reason=bulk_reason)
    if request.htmx:
        return render(request, "evaluation/_queue.html", context)
    context["shared"] = _shared_cards(round_, m)
    return render(request, "evaluation/queue.html", context, status=422)


@require_POST
@login_required
def shared_result_save(request: AuthenticatedHttpRequest, round_id: int, code: str) -> HttpResponse:
    round_ = get_round_for_user(request, round_id)
    indicator = get_indicator(round_, code)
    m = member(request)
    if not rules.can_verify(m, indicator):
        raise PermissionDenied(rules.refusal("verify"))
    form = parse_result_form(core_indicator(indicator), request.POST)
    if form.data is None or form.errors:
        messages.error(request, _("%(code)s: ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อผิดพลาด") % {"code": code})
    else:
        try:
            services.shared_result_save(
                indicator=indicator, user=request.user, data=form.data, version=form.version
            )
            messages.success(
                request, _("บันทึกผลระดับจังหวัดของ %(code)s แล้ว ใช้กับทุกอำเภอ") % {"code": code}
            )
            return redirect("queue", round_id=round_id)
        except ServiceError as exc:
            messages.error(request, f"{code}: {exc.message}")
    return _page(request, round_, m, shared=_shared_cards(round_, m, override=(code, form)))
